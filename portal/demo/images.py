"""Pictures for the demo articles, drawn here with Pillow (no downloaded photos)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((163, 22, 26), (242, 183, 5)),
    ((11, 79, 138), (120, 190, 230)),
    ((34, 110, 60), (200, 225, 120)),
    ((120, 60, 20), (240, 200, 150)),
    ((80, 40, 120), (230, 170, 200)),
]


def demo_picture(seed: int, size: tuple[int, int] = (1200, 675)) -> bytes:
    """A JPEG landscape: a sky gradient, a sun, rolling fields; different for every seed."""
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_r = rng.randint(width // 5, 4 * width // 5), rng.randint(50, 110)
    draw.ellipse(
        [sun_x - sun_r, 120 - sun_r // 2, sun_x + sun_r, 120 + sun_r * 3 // 2],
        fill=(255, 226, 120),
    )
    for band in range(4):
        base = height * (0.55 + band * 0.12)
        shade = 60 + band * 35
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-30, 30)))
        points.append((width, height))
        draw.polygon(points, fill=(shade // 3, shade, shade // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
