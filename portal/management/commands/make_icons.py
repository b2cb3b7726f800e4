"""Draw the site's icons into static/img: favicon (ICO and PNG), touch icons, and the square
picture of the podcast feed. Their files are committed; run this again after a change of the
brand colours or of SITE_NAME."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

from portal.sharecards import BRAND, GOLD, font

OUT = Path(settings.BASE_DIR) / "static" / "img"


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    import math

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=GOLD)


def icon(size: int, *, rounded: bool = False) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 6, fill=BRAND)
    else:
        draw.rectangle([0, 0, size, size], fill=BRAND)
    _star(draw, size / 2, size * 0.53, size * 0.4)
    return image


def podcast_cover(size: int = 1400) -> Image.Image:
    image = Image.new("RGB", (size, size), BRAND)
    draw = ImageDraw.Draw(image)
    _star(draw, size / 2, size * 0.36, size * 0.2)
    title, name = font(150), font(58)
    for text, face, y in (("PHÁT THANH", title, 0.66), (settings.SITE_NAME, name, 0.8)):
        width = draw.textlength(text, font=face)
        draw.text(((size - width) / 2, size * y), text, font=face, fill=(255, 255, 255))
    return image


class Command(BaseCommand):
    help = "Vẽ lại favicon, biểu tượng màn hình chính và ảnh kênh podcast vào static/img."

    def handle(self, *args, **options):
        OUT.mkdir(parents=True, exist_ok=True)
        icon(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
        icon(32).save(OUT / "favicon-32.png", optimize=True)
        icon(180).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
        icon(192, rounded=True).save(OUT / "icon-192.png", optimize=True)
        icon(512, rounded=True).save(OUT / "icon-512.png", optimize=True)
        podcast_cover().save(OUT / "phat-thanh-1400.png", optimize=True)
        self.stdout.write(self.style.SUCCESS(f"Đã vẽ các biểu tượng vào {OUT}."))
