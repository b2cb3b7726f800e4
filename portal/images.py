"""Pictures, in one place: every uploaded picture (featured images, editor uploads, galleries) is
checked, cleaned and stored here, and its responsive renditions are made here.

What an upload goes through (`process_upload`):

1. size: at most `IMAGE_MAX_BYTES` bytes (default 20 MB), read no further than that;
2. content, not name: Pillow must recognise it as JPEG, PNG or WebP (nothing else is tried:
   no SVG, no GIF, no TIFF, whatever the file is called);
3. pixels: at most `IMAGE_MAX_PIXELS` (default 50 megapixels), checked on the header, before
   the picture is decoded (a "decompression bomb" is refused without allocating it);
4. decoded in full: a truncated or damaged file is refused;
5. normalised: EXIF orientation applied; CMYK, 16-bit, palette and grey-with-alpha pictures
   converted; colours converted to sRGB through the embedded ICC profile, if any;
6. re-encoded from pixels: EXIF (GPS included), XMP, IPTC, ICC, comments and any bytes appended
   to the file (HTML, PHP, a second file) are not copied. What is stored is only the picture.

`store_image` saves a processed picture under a random, slug-based name and makes its renditions
(`RENDITION_WIDTHS` wide, WebP and JPEG) under deterministic names derived from the stored name
(`renditions/<stored name without extension>/<width>.<webp|jpg>`), so a page finds them without
any I/O: `renditions_for(name, width=..., height=...)`. `delete_image` removes a picture and all
its renditions.

This module imports nothing from the apps: any app may use it.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from portal.text import slugify_vi

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
RENDITION_WIDTHS = (320, 640, 1024, 1600)
RENDITION_ROOT = "renditions"
# Pillow format name -> stored extension. Nothing else is even tried when opening an upload.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))

ORIGINAL_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 90, "method": 4},
}
RENDITION_SAVE_OPTIONS = {
    "WEBP": {"quality": 75, "method": 4},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
}

_SRGB = ImageCms.createProfile("sRGB")


class ImageRejected(Exception):
    """An upload that is not stored; `message` (Vietnamese) is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImageStorageError(ImageRejected):
    """The picture was fine but could not be written (full disk, storage unreachable)."""

    def __init__(self):
        super().__init__(
            "Không lưu được ảnh: kho lưu trữ ảnh đang gặp sự cố (ổ đĩa đầy hoặc mất kết nối). "
            "Chưa có gì được lưu; hãy thử lại sau hoặc báo cho quản trị hệ thống."
        )


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:  # S3-compatible storage (django-storages) raises botocore's errors
        from botocore.exceptions import BotoCoreError, ClientError

        errors += (BotoCoreError, ClientError)
    except ImportError:  # pragma: no cover - botocore comes with django-storages[s3]
        pass
    return errors


# What a storage raises when it cannot write: callers turn it into ImageStorageError.
STORAGE_ERRORS = _storage_errors()


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str  # "webp" or "jpg"
    mime: str


# --- limits ------------------------------------------------------------------------------------
def max_bytes() -> int:
    return int(getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


# --- checking and cleaning ---------------------------------------------------------------------
def _read_limited(file) -> bytes:
    limit = max_bytes()
    too_big = ImageRejected(
        f"Tệp ảnh quá lớn: tối đa {_megabytes(limit)}. Hãy thu nhỏ ảnh rồi tải lên lại."
    )
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(file, "seek"):
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise ImageRejected("Tệp ảnh rỗng (0 byte). Hãy chọn lại ảnh cần tải lên.")
    return data


def _open(data: bytes) -> Image.Image:
    not_a_picture = ImageRejected(
        "Tệp tải lên không phải là ảnh JPEG, PNG hoặc WebP hợp lệ. "
        "Chỉ nhận ảnh chụp hoặc ảnh đồ họa ở ba định dạng này (không nhận SVG, GIF, PDF...)."
    )
    too_many = ImageRejected(
        f"Ảnh quá nhiều điểm ảnh: tối đa {max_pixels() / 1_000_000:g} megapixel. "
        "Hãy thu nhỏ ảnh rồi tải lên lại."
    )
    try:
        # Reads the header only. Pillow itself refuses more than twice Image.MAX_IMAGE_PIXELS.
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except Image.DecompressionBombError:
        raise too_many from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_picture from None
    width, height = image.size
    if width < 1 or height < 1:
        raise not_a_picture
    if width * height > max_pixels():
        raise too_many  # decided on the header: nothing has been decoded yet
    try:
        image.load()
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, EOFError...
        raise ImageRejected(
            "Tệp ảnh bị hỏng hoặc chưa tải lên hết (ảnh bị cắt cụt). Hãy tải lên lại ảnh gốc."
        ) from None
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Upright, 8-bit RGB or RGBA in sRGB, with no metadata left in `info`."""
    icc = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)  # no copy of a 24-megapixel picture
    mode = image.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit (or 32-bit) grey: scale to 8 bits instead of clipping everything above 255.
        top = 65535 if mode.startswith("I;16") or mode == "I" else 1.0
        image = image.convert("F").point(lambda v: v * 255.0 / top).convert("L")
        mode = "L"
    elif mode == "1":
        image = image.convert("L")
    elif mode == "P":
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    elif mode in ("LA", "La", "PA"):
        image = image.convert("RGBA")
    alpha = image.mode in ("RGBA", "RGBa")
    target = "RGBA" if alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            image = image.convert(target)  # a broken profile: assume sRGB
    if image.mode != target:
        image = image.convert(target)
    if alpha and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")  # an alpha channel that hides nothing
    # A plain copy: none of the file's EXIF, XMP, ICC, comments or PNG text chunks comes along.
    clean = image.copy()
    clean.info = {}
    return clean


def _encode(image: Image.Image, fmt: str, options: dict) -> bytes:
    if fmt == "JPEG" and image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A") if "A" in image.mode else None)
        image = background
    buffer = io.BytesIO()
    # No exif=, icc_profile=, xmp= or pnginfo=: the stored file carries the picture only.
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


class ProcessedImage(ContentFile):
    """The cleaned picture, ready for `storage.save` or a model's ImageField."""

    portal_processed = True

    def __init__(self, content: bytes, name: str, image: Image.Image):
        super().__init__(content, name=name)
        self.image = image  # decoded pixels, kept so renditions need not decode again
        self.image_width, self.image_height = image.size


def clean_image(file) -> tuple[Image.Image, str]:
    """Check `file` and return (upright sRGB pixels, Pillow format). Raises ImageRejected."""
    data = _read_limited(file)
    image = _open(data)
    fmt = image.format
    return _to_srgb(image), fmt


def process_upload(file, *, stem: str = "anh") -> ProcessedImage:
    """Check and clean an uploaded picture; return it re-encoded, named `<slug of stem>.<ext>`.

    Raises ImageRejected (with a Vietnamese message) for anything that is not a sound JPEG, PNG
    or WebP within the limits. JPEG stays JPEG, PNG stays PNG (a PNG with nothing transparent
    becomes a JPEG, as photographs saved as PNG are common and large), WebP stays WebP.
    """
    image, fmt = clean_image(file)
    if fmt == "PNG" and image.mode == "RGB":
        fmt = "JPEG"
    content = _encode(image, fmt, ORIGINAL_SAVE_OPTIONS[fmt])
    slug = slugify_vi(stem or "", max_length=60) or "anh"
    return ProcessedImage(content, name=f"{slug}.{ACCEPTED_FORMATS[fmt]}", image=image)


def validate_image(file) -> None:
    """A validator for forms and model fields: raises ValidationError with the Vietnamese reason."""
    try:
        clean_image(file)
    except ImageRejected as exc:
        raise ValidationError(exc.message, code="invalid_image") from None


class ImageFormField(forms.FileField):
    """A form field that hands the form a processed picture (or a Vietnamese error).

    Use it for any ImageField in a form (`formfield_overrides` or an explicit field): the model
    then stores the cleaned bytes under its `upload_to` name.
    """

    def to_python(self, data):
        if data in self.empty_values:
            return None
        try:
            return process_upload(data, stem=getattr(data, "name", "anh").rsplit(".", 1)[0])
        except ImageRejected as exc:
            raise ValidationError(exc.message, code="invalid_image") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return attrs


# --- names -------------------------------------------------------------------------------------
def random_name(prefix: str, stem: str, ext: str) -> str:
    """`prefix/YYYY/MM/<slug>-<random>.<ext>`: nothing of the uploaded file name but a known
    picture extension ever reaches the storage."""
    ext = ext.lower().lstrip(".")
    if ext not in {"jpg", "jpeg", "png", "webp"}:
        ext = "jpg"
    stem = slugify_vi(stem or "", max_length=60) or prefix.strip("/").split("/")[-1] or "anh"
    today = timezone.localdate()
    return f"{prefix.strip('/')}/{today:%Y/%m}/{stem}-{secrets.token_hex(6)}.{ext}"


def rendition_widths(width: int) -> list[int]:
    """The widths made for a picture `width` pixels wide (never enlarged)."""
    return sorted({min(w, width) for w in RENDITION_WIDTHS})


def rendition_name(name: str, width: int, ext: str) -> str:
    base = name.rsplit(".", 1)[0]
    return f"{RENDITION_ROOT}/{base}/{width}.{ext}"


def renditions_for(name: str, *, width: int, height: int) -> list[Rendition]:
    """Every rendition of the stored picture `name` (`width` x `height`), smallest first, WebP
    then JPEG for each width. Pure computation: no storage access."""
    if not name or not width or not height:
        return []
    found = []
    for ext, _fmt, mime in RENDITION_FORMATS:
        for w in rendition_widths(width):
            h = max(1, round(height * w / width))
            found.append(Rendition(rendition_name(name, w, ext), w, h, ext, mime))
    return found


# --- storing, renditions, deleting -------------------------------------------------------------
def _storage(storage: Storage | None) -> Storage:
    return storage if storage is not None else default_storage


def _save_exact(storage: Storage, name: str, content: bytes) -> None:
    """Save under exactly `name` (a rendition is overwritten, never renamed)."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - a storage that renames would break the lookup
        raise RuntimeError(f"storage saved {name!r} as {saved!r}")


def make_renditions(
    name: str, *, storage: Storage | None = None, image: Image.Image | None = None
) -> list[Rendition]:
    """(Re)make every rendition of the stored picture `name`; returns them.

    Pass `image` (the cleaned pixels) to skip reading the original back from the storage.
    """
    storage = _storage(storage)
    if image is None:
        with storage.open(name, "rb") as handle:
            image = _to_srgb(_open(handle.read()))
    width, height = image.size
    made = []
    # Largest first, each smaller one from the previous: faster than always from the original.
    source = image
    for w in sorted(rendition_widths(width), reverse=True):
        h = max(1, round(height * w / width))
        if (w, h) != source.size:
            source = source.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for ext, fmt, mime in RENDITION_FORMATS:
            rendition = Rendition(rendition_name(name, w, ext), w, h, ext, mime)
            _save_exact(storage, rendition.name, _encode(source, fmt, RENDITION_SAVE_OPTIONS[fmt]))
            made.append(rendition)
    return sorted(made, key=lambda r: (r.format != "webp", r.width))


def store_image(
    file, *, prefix: str, stem: str, storage: Storage | None = None
) -> tuple[str, ProcessedImage]:
    """Process `file`, save it under a random name below `prefix`, make its renditions.

    Returns (stored name, processed picture). Raises ImageRejected before anything is written.
    """
    processed = (
        file if getattr(file, "portal_processed", False) else process_upload(file, stem=stem)
    )
    storage = _storage(storage)
    ext = processed.name.rsplit(".", 1)[-1]
    name = ""
    try:
        name = storage.save(random_name(prefix, stem, ext), processed)
        make_renditions(name, storage=storage, image=processed.image)
    except STORAGE_ERRORS as exc:
        remove_quietly(name, storage)
        raise ImageStorageError() from exc
    except Exception:
        remove_quietly(name, storage)
        raise
    return name, processed


def remove_quietly(name: str, storage: Storage) -> None:
    """Best-effort removal of what a failed save left behind (the storage may be down)."""
    if not name:
        return
    try:
        delete_image(name, storage=storage)
    except STORAGE_ERRORS:
        pass


def stored_renditions(name: str, *, width: int | None = None) -> Iterable[str]:
    """Names a picture's renditions may have (every standard width, plus `width` if smaller)."""
    widths = set(RENDITION_WIDTHS)
    if width:
        widths.update(rendition_widths(width))
    for ext, _fmt, _mime in RENDITION_FORMATS:
        for w in sorted(widths):
            yield rendition_name(name, w, ext)


def stored_size(name: str, *, storage: Storage | None = None) -> tuple[int | None, int | None]:
    """(width, height) of a stored picture, from its header; (None, None) if it is unreadable."""
    try:
        with _storage(storage).open(name, "rb") as handle:
            return Image.open(handle, formats=list(ACCEPTED_FORMATS)).size
    except Exception:
        return None, None


def delete_image(name: str, *, storage: Storage | None = None) -> None:
    """Delete the stored picture `name` and every rendition of it (missing files are fine)."""
    if not name:
        return
    storage = _storage(storage)
    width, _height = stored_size(name, storage=storage)  # gone or unreadable: standard widths
    for rendition in stored_renditions(name, width=width):
        storage.delete(rendition)
    storage.delete(name)


def image_dimensions(field_file: File) -> tuple[int | None, int | None]:
    """Width and height of an ImageField's picture as recorded on its model, without opening the
    file: the `<field>_width`/`<field>_height` fields (as Article.featured_image_width), or the
    field's own width_field/height_field. (None, None) when none is recorded."""
    field = getattr(field_file, "field", None)
    instance = getattr(field_file, "instance", None)
    if field is None or instance is None:
        return None, None
    width_name = field.width_field or f"{field.name}_width"
    height_name = field.height_field or f"{field.name}_height"
    return getattr(instance, width_name, None), getattr(instance, height_name, None)


def size_fields(model, field) -> tuple[str, str] | None:
    """The names of the model fields recording `field`'s picture size, if it has them."""
    names = {f.name for f in model._meta.get_fields()}
    width_name = field.width_field or f"{field.name}_width"
    height_name = field.height_field or f"{field.name}_height"
    return (width_name, height_name) if {width_name, height_name} <= names else None
