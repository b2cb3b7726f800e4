"""portal.images on its own: what is refused, what is converted, what is stored, what is removed."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageFile

from portal import images
from tests import images as pics


def _process(data: bytes, **kwargs):
    return images.process_upload(io.BytesIO(data), **kwargs)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Day khong phai la anh, chi la chu.\n" * 20, "không phải là ảnh JPEG, PNG hoặc WebP"),
        (pics.SVG, "không phải là ảnh JPEG, PNG hoặc WebP"),
        (b"", "Tệp ảnh rỗng (0 byte)"),
        (pics.jpeg_bytes()[:20_000], "bị hỏng hoặc chưa tải lên hết"),
        (pics.png_header_only(100_000, 100_000), "quá nhiều điểm ảnh: tối đa 50 megapixel"),
        (pics.png_60_megapixels(), "quá nhiều điểm ảnh: tối đa 50 megapixel"),
    ],
    ids=["text", "svg", "empty", "truncated", "bomb", "60-megapixels"],
)
def test_bad_input_is_refused_with_a_vietnamese_reason(data, expected):
    with pytest.raises(images.ImageRejected) as excinfo:
        _process(data)
    assert expected in excinfo.value.message


def test_gif_and_other_formats_pillow_knows_are_still_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(images.ImageRejected):
        _process(buffer.getvalue())


def test_pixel_limit_is_decided_on_the_header_before_decoding(monkeypatch):
    """A bomb under Pillow's own threshold is still refused, and Image.load is never reached."""
    loaded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: loaded.append(self))
    with pytest.raises(images.ImageRejected, match="megapixel"):
        _process(pics.png_header_only(9000, 9000))  # 81 megapixels, a 1-kilobyte file
    assert loaded == []


def test_byte_limit_comes_from_settings(settings):
    settings.IMAGE_MAX_BYTES = 50_000
    data = pics.jpeg_bytes(pics.photo((800, 600)))
    assert len(data) > 50_000
    with pytest.raises(images.ImageRejected, match="quá lớn: tối đa 49 KB"):
        _process(data)


def test_pixel_limit_comes_from_settings(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    with pytest.raises(images.ImageRejected, match="tối đa 0.1 megapixel"):
        _process(pics.jpeg_bytes(pics.photo((400, 300))))


def test_exif_orientation_is_applied():
    data = pics.jpeg_bytes(pics.halves((60, 40)), exif=pics.gps_exif(orientation=6).tobytes())
    processed = _process(data)
    stored = Image.open(io.BytesIO(processed.read()))
    assert stored.size == (40, 60)  # turned upright
    red, blue = stored.getpixel((20, 5)), stored.getpixel((20, 55))
    assert red[0] > 180 and red[2] < 60
    assert blue[2] > 180 and blue[0] < 60
    assert not stored.getexif()  # no orientation tag left to turn it twice


def test_gps_exif_xmp_and_comments_are_dropped():
    data = pics.phone_photo()
    assert pics.has_gps(data) and b"Shot near home" in data
    stored = _process(data).read()
    assert not pics.has_gps(stored)
    assert b"Shot near home" not in stored and b"xmpmeta" not in stored
    assert not Image.open(io.BytesIO(stored)).info.get("icc_profile")


def test_appended_html_and_php_are_not_stored_the_picture_is_re_encoded():
    data = pics.jpeg_bytes() + pics.PAYLOAD
    stored = _process(data).read()
    assert b"<?php" not in stored and b"<script" not in stored and b"<html" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


def test_cmyk_jpeg_is_converted_to_srgb():
    processed = _process(pics.cmyk_jpeg())
    assert processed.image.mode == "RGB"
    red, green, blue = processed.image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60
    assert Image.open(io.BytesIO(processed.read())).mode == "RGB"


def test_16_bit_png_is_converted_not_refused():
    processed = _process(pics.png_16bit())
    left, right = processed.image.getpixel((0, 0)), processed.image.getpixel((319, 0))
    assert left == (0, 0, 0) and right == (255, 255, 255)  # scaled, not clipped to white
    mid = processed.image.getpixel((160, 0))[0]
    assert 100 < mid < 156


def test_palette_and_grey_alpha_pngs_keep_their_transparency():
    for data in (pics.png_palette_transparent(), pics.png_grey_alpha()):
        processed = _process(data)
        assert processed.name.endswith(".png")
        assert Image.open(io.BytesIO(processed.read())).mode == "RGBA"


def test_opaque_png_photograph_is_stored_as_jpeg_and_webp_stays_webp():
    assert _process(pics.png_bytes(pics.photo((300, 200)))).name.endswith(".jpg")
    buffer = io.BytesIO()
    pics.photo((300, 200)).save(buffer, "WEBP")
    assert _process(buffer.getvalue()).name.endswith(".webp")


def test_processed_name_is_a_slug_of_the_stem_only():
    assert _process(pics.jpeg_bytes(), stem="../../Ảnh Đà Nẵng <script>").name == (
        "anh-da-nang-script.jpg"
    )


def test_random_names_never_carry_user_paths():
    name = images.random_name("uploads/", "../../etc/passwd", "php")
    assert name.startswith("uploads/") and name.endswith(".jpg")
    assert ".." not in name and "/etc/" not in name


def test_renditions_are_listed_without_touching_the_storage(monkeypatch):
    monkeypatch.setattr(default_storage, "exists", lambda name: pytest.fail("storage read"))
    found = images.renditions_for("articles/2026/11/anh-abc.jpg", width=1200, height=900)
    assert [(r.format, r.width, r.height) for r in found] == [
        ("webp", 320, 240),
        ("webp", 640, 480),
        ("webp", 1024, 768),
        ("webp", 1200, 900),  # never enlarged: the widest is the picture itself
        ("jpg", 320, 240),
        ("jpg", 640, 480),
        ("jpg", 1024, 768),
        ("jpg", 1200, 900),
    ]
    assert found[0].name == "renditions/articles/2026/11/anh-abc/320.webp"


def test_store_image_makes_every_rendition_and_delete_image_removes_them(settings):
    name, processed = images.store_image(
        io.BytesIO(pics.phone_photo((2000, 1500))), prefix="uploads", stem="Hội nghị"
    )
    assert name.startswith("uploads/") and "hoi-nghi-" in name
    stored = pics.files_under(settings.MEDIA_ROOT)
    assert len(stored) == 1 + 8
    for path in stored:
        data = path.read_bytes()
        assert not pics.has_gps(data), path
        image = Image.open(io.BytesIO(data))
        assert image.format in ("JPEG", "WEBP")
    for rendition in images.renditions_for(name, width=2000, height=1500):
        with default_storage.open(rendition.name) as handle:
            assert Image.open(handle).size == (rendition.width, rendition.height)

    images.delete_image(name)
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_store_image_refusal_writes_nothing(settings):
    with pytest.raises(images.ImageRejected):
        images.store_image(io.BytesIO(pics.SVG), prefix="uploads", stem="x")
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_form_field_and_validator_speak_vietnamese():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        images.validate_image(io.BytesIO(pics.SVG))
    assert "không phải là ảnh" in excinfo.value.messages[0]
    field = images.ImageFormField(required=False)
    assert field.clean(None) is None
    cleaned = field.clean(pics.upload(pics.phone_photo((400, 300)), name="IMG_0001.JPG"))
    assert cleaned.name == "img-0001.jpg" and not pics.has_gps(cleaned.read())


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_no_gps_survives_in_any_stored_file_whatever_the_format(settings, fmt):
    picture = pics.photo((1800, 1200)).convert("RGBA")  # RGBA: the PNG stays a PNG
    buffer = io.BytesIO()
    picture.convert("RGB" if fmt == "JPEG" else "RGBA").save(
        buffer, fmt, exif=pics.gps_exif().tobytes()
    )
    assert pics.has_gps(buffer.getvalue())
    name, _ = images.store_image(buffer, prefix="uploads", stem="gps")
    stored = pics.files_under(settings.MEDIA_ROOT)
    assert len(stored) == 1 + 8
    for path in stored:
        assert not pics.has_gps(path.read_bytes()), path
