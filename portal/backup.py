"""Backups in one place: the whole content (database rows as Django fixtures, portable between
SQLite and PostgreSQL) plus every media file, in one .tar.gz with a manifest; and the restore.

Content types and permissions are not stored: `flush` recreates them, and the dump refers to
them by natural key, so a restore works into any freshly migrated database of the same version.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class BackupError(Exception):
    """The archive cannot be restored; the message says why (Vietnamese, for the operator)."""


def _storage_files(storage, path: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    found = [f"{path}/{name}" if path else name for name in files]
    for directory in dirs:
        found += _storage_files(storage, f"{path}/{directory}" if path else directory)
    return sorted(found)


def model_counts() -> dict[str, int]:
    """Rows per model of the content the backup holds (for the manifest and for checking)."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        app_label = model._meta.app_label
        if app_label in EXCLUDED or label in EXCLUDED or model._meta.proxy:
            continue
        counts[label] = model._default_manager.count()
    return counts


def create_backup(target: Path) -> dict:
    """Write the archive to `target`; returns its manifest."""
    data = io.StringIO()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One consistent snapshot of every table, even while staff keep working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            indent=None,
            stdout=data,
        )
        counts = model_counts()
    media = _storage_files(default_storage)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "models": counts,
        "media_files": len(media),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        _add(archive, "data.json", data.getvalue())
        for name in media:
            with default_storage.open(name, "rb") as handle:
                _add(archive, f"media/{name}", handle.read())
    return manifest


def _add(archive: tarfile.TarFile, name: str, content: str | bytes) -> None:
    payload = content.encode("utf-8") if isinstance(content, str) else content
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(payload))


def read_manifest(source: Path) -> dict:
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {source}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu có định dạng không được hỗ trợ.")
    return manifest


def restore_backup(source: Path) -> dict:
    """Replace every row and media file with the archive's. Returns the manifest."""
    manifest = read_manifest(source)
    with tarfile.open(source, "r:gz") as archive:
        members = archive.getmembers()
        for member in members:
            path = PurePosixPath(member.name)
            if path.is_absolute() or ".." in path.parts or not (member.isfile()):
                raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {member.name}")
        data = archive.extractfile("data.json").read()
        fixture = Path(source).with_suffix(".restore.json")
        fixture.write_bytes(data)
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        for name in _storage_files(default_storage):
            default_storage.delete(name)
        for member in members:
            if member.name.startswith("media/"):
                name = member.name.removeprefix("media/")
                content = archive.extractfile(member).read()
                saved = default_storage.save(name, ContentFile(content))
                if saved != name:
                    raise BackupError(f"Không khôi phục được tệp {name} đúng tên.")
    restored = model_counts()
    if restored != manifest["models"]:
        raise BackupError("Số bản ghi sau khi khôi phục không khớp với tệp sao lưu.")
    return manifest
