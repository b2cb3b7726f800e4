"""The radio programme's audio ("Phát thanh"): an article may carry the announcer's reading.

An upload is checked on its content, not its name: at most `AUDIO_MAX_BYTES` (default 50 MB),
and mutagen (a library made for reading audio containers) must recognise it as MP3, M4A (MP4
audio) or Ogg (Vorbis or Opus) with a real duration. Duration, bitrate, size and type are read
once, when the article is saved, and stored on the article: pages and the podcast feed never
open the file.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.text import slugify_vi

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
EXTENSIONS = {"audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/ogg": "ogg"}


class AudioRejected(Exception):
    """An upload that is not stored; `message` (Vietnamese) is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AudioInfo:
    mime: str
    duration: float  # seconds
    bitrate: int  # kbit/s
    size: int  # bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime]


def max_bytes() -> int:
    return int(getattr(settings, "AUDIO_MAX_BYTES", DEFAULT_MAX_BYTES))


def _read_limited(file) -> bytes:
    limit = max_bytes()
    too_big = AudioRejected(
        f"Tệp âm thanh quá lớn: tối đa {limit // (1024 * 1024)} MB. "
        "Hãy xuất lại với tốc độ bit thấp hơn (ví dụ MP3 64 kbps) rồi tải lên."
    )
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise AudioRejected("Tệp âm thanh rỗng (0 byte). Hãy chọn lại tệp cần tải lên.")
    return data


def inspect_bytes(data: bytes) -> AudioInfo:
    """What the bytes are, read by mutagen from their content (the name plays no part)."""
    import mutagen
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    refused = AudioRejected(
        "Tệp tải lên không phải là âm thanh MP3, M4A hoặc OGG hợp lệ "
        "(đuôi tệp không quyết định định dạng). Hãy xuất lại bản đọc ở một trong ba định dạng này."
    )
    try:
        found = mutagen.File(io.BytesIO(data), options=[MP3, MP4, OggVorbis, OggOpus])
    except Exception:  # mutagen raises MutagenError and, on some damaged files, others
        raise refused from None
    if found is None or found.info is None or not getattr(found.info, "length", 0):
        raise refused
    if isinstance(found, MP3):
        mime = "audio/mpeg"
    elif isinstance(found, MP4):
        mime = "audio/mp4"
        if not getattr(found.info, "codec", "").startswith("mp4a"):
            raise refused  # a video, or an MP4 with no AAC audio
    else:
        mime = "audio/ogg"
    length = float(found.info.length)
    bitrate = int(getattr(found.info, "bitrate", 0) or 0) // 1000
    if not bitrate:
        bitrate = round(len(data) * 8 / length / 1000)
    return AudioInfo(mime=mime, duration=length, bitrate=bitrate, size=len(data))


class CheckedAudio(ContentFile):
    """The checked upload, with what was read from it."""

    portal_checked = True

    def __init__(self, content: bytes, info: AudioInfo, stem: str):
        super().__init__(content, name=f"{slugify_vi(stem, max_length=60) or 'ban-doc'}."
                                       f"{info.extension}")  # fmt: skip
        self.info = info


def check_upload(file, *, stem: str = "ban-doc") -> CheckedAudio:
    data = _read_limited(file)
    return CheckedAudio(data, inspect_bytes(data), stem)


def audio_name(stem: str, filename: str) -> str:
    """`audio/YYYY/MM/<slug>-<random>.<ext>`: only a known audio extension reaches storage."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "mp3"
    if ext not in EXTENSIONS.values():
        ext = "mp3"
    slug = slugify_vi(stem or "", max_length=60) or "ban-doc"
    today = timezone.localdate()
    return f"audio/{today:%Y/%m}/{slug}-{secrets.token_hex(6)}.{ext}"


class AudioFormField(forms.FileField):
    """A form field that hands the form a checked audio file (or a Vietnamese error)."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        try:
            return check_upload(data, stem=getattr(data, "name", "ban-doc").rsplit(".", 1)[0])
        except AudioRejected as exc:
            raise ValidationError(exc.message, code="invalid_audio") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "audio/mpeg,audio/mp4,audio/x-m4a,audio/ogg,.mp3,.m4a,.ogg")
        return attrs


def prepare(article) -> str:
    """Before an article is saved: a newly attached audio file (from any caller) is checked and
    measured; a removed one clears its measurements. Returns the previous file's name."""
    old = ""
    if article.pk is not None:
        old = type(article).objects.filter(pk=article.pk).values_list("audio", flat=True).first()
        old = old or ""
    audio = article.audio
    if audio and not audio._committed:
        upload = audio.file
        if not getattr(upload, "portal_checked", False):
            try:
                upload = check_upload(upload, stem=article.slug or article.title)
            except AudioRejected as exc:
                raise ValidationError({"audio": exc.message}) from None
            article.audio = upload
        info = upload.info
        article.audio_duration = round(info.duration)
        article.audio_bitrate = info.bitrate
        article.audio_size = info.size
        article.audio_type = info.mime
    elif not audio:
        article.audio_duration = article.audio_bitrate = article.audio_size = None
        article.audio_type = ""
    return old


def forget(old: str, article) -> None:
    """After a save: a replaced or removed audio file goes once the save is committed."""
    if old and old != (article.audio.name or ""):
        storage = article.audio.storage
        transaction.on_commit(lambda: storage.delete(old), robust=True)


def duration_label(seconds: int | None) -> str:
    """ "3:07" or "1:02:05"."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
