"""Share cards: the pictures Facebook, Zalo and search engines show for an article.

For each article, four JPEGs: the Open Graph card (1200x630: its picture, darkened at the foot,
with the title and the site name drawn in a Vietnamese-capable font from Debian's
fonts-dejavu-core) and the 16:9, 4:3 and 1:1 crops of its picture that the JSON-LD lists. An
article without a picture gets the same shapes on the brand colour, with its title.

Each set is stored under a key derived from what it shows (title, picture, site name), so it is
made once, on its first request, and made again only when the title or the picture changes: the
URL changes with it, which also makes the social networks fetch the new one. Pure computation
gives the URL (`card_url`): pages never touch the storage.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

from portal.slugurls import cached_reverse

log = logging.getLogger(__name__)

ROOT = "sharecards"
BRAND = (165, 15, 21)
GOLD = (255, 212, 0)
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Shape:
    name: str
    width: int
    height: int
    with_title: bool


SHAPES = {
    "og": Shape("og", 1200, 630, True),
    "16x9": Shape("16x9", 1200, 675, False),
    "4x3": Shape("4x3", 1200, 900, False),
    "1x1": Shape("1x1", 1200, 1200, False),
}
CARD = SHAPES["og"]


def font(size: int) -> ImageFont.FreeTypeFont:
    """The card font (settings.SHARE_CARD_FONT, default Debian's DejaVu Sans Bold)."""
    path = getattr(settings, "SHARE_CARD_FONT", DEFAULT_FONT)
    return ImageFont.truetype(path, size)


def card_key(article) -> str:
    parts = [article.title, article.featured_image.name or "", settings.SITE_NAME, "v1"]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def card_url(article, shape: str = "og") -> str:
    return cached_reverse("articles:card", slug=article.slug, shape=shape, key=card_key(article))


def stored_name(article, shape: str) -> str:
    return f"{ROOT}/{article.pk}/{card_key(article)}-{shape}.jpg"


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines


def _background(article, shape: Shape) -> Image.Image | None:
    if not article.featured_image:
        return None
    try:
        with article.featured_image.storage.open(article.featured_image.name, "rb") as handle:
            picture = Image.open(handle)
            picture.load()
    except Exception:  # a missing or unreadable file: the brand card instead
        log.warning("Share card: picture %s unreadable", article.featured_image.name)
        return None
    return ImageOps.fit(picture.convert("RGB"), (shape.width, shape.height),
                        Image.Resampling.LANCZOS)  # fmt: skip


def render(article, shape: Shape) -> bytes:
    image = _background(article, shape)
    with_title = shape.with_title or image is None
    if image is None:
        image = Image.new("RGB", (shape.width, shape.height), BRAND)
    if with_title:
        # A dark band under the text, fading upwards, so white text reads on any picture.
        shade = Image.new("L", (1, shape.height))
        start = int(shape.height * 0.35)
        for y in range(shape.height):
            shade.putpixel(
                (0, y),
                0 if y < start else min(215, int(215 * (y - start) / (shape.height - start) * 1.6)),
            )
        overlay = Image.new("RGB", image.size, (20, 8, 8))
        image = Image.composite(overlay, image, shade.resize(image.size))
        draw = ImageDraw.Draw(image)
        margin = 64
        face, small = font(58), font(30)
        lines = _wrap(draw, article.title, face, shape.width - 2 * margin, 3)
        line_height = 72
        y = shape.height - margin - 44 - line_height * len(lines)
        for line in lines:
            draw.text((margin, y), line, font=face, fill=(255, 255, 255))
            y += line_height
        draw.rectangle([margin, shape.height - margin - 26, margin + 10, shape.height - margin + 4],
                       fill=GOLD)  # fmt: skip
        draw.text((margin + 24, shape.height - margin - 28), settings.SITE_NAME, font=small,
                  fill=GOLD)  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def stored_card(article, shape: str) -> str:
    """The stored card of `article` in `shape` as it is now: made once, when missing. Cards of
    an older title or picture are deleted when the new set is made."""
    name = stored_name(article, shape)
    if default_storage.exists(name):
        return name
    data = render(article, SHAPES[shape])
    default_storage.save(name, ContentFile(data))
    folder = f"{ROOT}/{article.pk}"
    prefix = f"{card_key(article)}-"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        files = []
    for old in files:
        if not old.startswith(prefix):
            default_storage.delete(f"{folder}/{old}")
    return name
