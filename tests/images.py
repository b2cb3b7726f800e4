"""Pictures for the tests, made here with Pillow (and by hand where Pillow would refuse): the good,
the odd and the hostile."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

PAYLOAD = b"<?php system($_GET['c']); ?><script>alert('xss')</script><html><body>hi</body></html>"
# The decimal degrees of the made-up position written into the test photos' GPS tags.
GPS_LATITUDE = (10.0, 17.0, 30.0)


def upload(data: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(size=(1200, 900), *, seed: int = 1, noise: int = 24, mode: str = "RGB") -> Image.Image:
    """Photo-like pixels: gradients plus detail at several scales (as leaves, faces and text
    give a real photograph), so that every rendition compresses like a photo's would."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    flipped = gradient.transpose(Image.Transpose.ROTATE_180)
    channels = []
    for index, base in enumerate((gradient, radial, flipped)):
        layer = base
        for octave, weight in ((64, 0.5), (16, 0.4), (4, 0.3), (1, 0.25)):
            small = (max(1, width // octave), max(1, height // octave))
            grain = Image.effect_noise(small, noise + 8 * index + seed).resize(
                size, Image.Resampling.BICUBIC
            )
            layer = Image.blend(layer, grain, weight)
        channels.append(layer)
    image = Image.merge("RGB", channels)
    return image.convert(mode) if mode != "RGB" else image


def jpeg_bytes(image: Image.Image | None = None, *, quality: int = 90, **save_options) -> bytes:
    image = image if image is not None else photo()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, **save_options)
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Phone maker"
    exif[ExifTags.Base.Model] = "Phone model 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 45.0, 10.0)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="10,17.5N"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(size=(2000, 1500), orientation: int = 1) -> bytes:
    """A JPEG as a phone makes it: EXIF with GPS position and orientation, XMP, a comment."""
    return jpeg_bytes(
        photo(size), exif=gps_exif(orientation).tobytes(), xmp=XMP, comment=b"Shot near home"
    )


def has_gps(data: bytes) -> bool:
    """True when the file carries a GPS position in EXIF or XMP (or any EXIF at all)."""
    if b"GPSLatitude" in data or b"Exif\x00\x00" in data:
        return True
    if data[:4] == b"RIFF" and b"EXIF" in data[:4096]:  # a WebP EXIF chunk
        return True
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or ExifTags.Base.GPSInfo in exif


def halves(size=(60, 40)) -> Image.Image:
    """Left half red, right half blue: shows which way a picture was turned."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def cmyk_jpeg(size=(300, 200)) -> bytes:
    return jpeg_bytes(Image.new("CMYK", size, (0, 255, 255, 0)))  # pure red in CMYK


def png_16bit(size=(320, 200)) -> bytes:
    image = Image.new("I;16", size)
    for x in range(size[0]):
        image.paste(x * 65535 // (size[0] - 1), (x, 0, x + 1, size[1]))
    return png_bytes(image)


def png_palette_transparent(size=(200, 100)) -> bytes:
    image = Image.new("P", size, 0)
    image.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    image.paste(1, (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


def png_grey_alpha(size=(120, 80)) -> bytes:
    return png_bytes(Image.new("LA", size, (128, 100)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares `width` x `height` (a decompression bomb): the pixels are never
    allocated here, and must not be by the portal either."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 1024)
    chunks = _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def png_60_megapixels() -> bytes:
    """A real 60-megapixel picture (10000 x 6000, one bit per pixel: a small file)."""
    return png_bytes(Image.new("1", (10000, 6000), 1))


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><circle cx="50" cy="50" r="40"/></svg>'
)


def files_under(root: Path) -> list[Path]:
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
