"""Backups in one place: the whole content (database rows as Django fixtures, portable between
SQLite and PostgreSQL) plus every media file, in one .tar.gz with a manifest; and the restore.

Content types and permissions are not stored: `flush` recreates them, and the dump refers to
them by natural key, so a restore works into any freshly migrated database of the same version.

Safety, since an archive holds password hashes and drafts and a restore rewrites everything:
- archives are written with mode 0600 (an atomic rename of a file created 0600), into a folder
  made 0700 when the backup creates it and for `BACKUP_DIR` itself;
- the manifest lists the SHA-256 of every member and is signed with HMAC-SHA256 under
  `BACKUP_SIGNING_KEY` (by default `SECRET_KEY`); `restore` refuses an archive whose signature
  or any member's digest does not match, and any member the manifest does not list;
- rich text is passed through the sanitiser (`portal.richtext`) before it is loaded, as on
  every save through the admin;
- an archive that would create a superuser, or make an existing account one, is refused unless
  the operator says `--allow-superusers`; superusers that exist now and stay so are fine.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from portal import audit

FORMAT = 2
SIGNATURE = "manifest.sig"
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


def _signing_key() -> bytes:
    return (getattr(settings, "BACKUP_SIGNING_KEY", "") or settings.SECRET_KEY).encode()


def sign(manifest_bytes: bytes) -> str:
    return hmac.new(_signing_key(), manifest_bytes, hashlib.sha256).hexdigest()


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def _private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) with mode 0700; `BACKUP_DIR` is made 0700 too.

    A folder that already existed and is not BACKUP_DIR (`--output /mnt/nas/...`) is left as
    it is: its owner chose its mode. The archive itself is 0600 whatever the folder.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)  # whatever the umask
    if folder.resolve() == Path(settings.BACKUP_DIR).resolve():
        os.chmod(folder, 0o700)


def create_backup(target: Path) -> dict:
    """Write the archive to `target` (mode 0600); returns its manifest."""
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
    payload = data.getvalue().encode("utf-8")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "models": counts,
        "media_files": len(media),
        "files": {"data.json": _digest(payload)},
    }
    target = Path(target)
    _private_folder(target.parent)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".sao-luu-", suffix=".part")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add(archive, "data.json", payload)
            for name in media:
                with default_storage.open(name, "rb") as stored:
                    content = stored.read()
                manifest["files"][f"media/{name}"] = _digest(content)
                _add(archive, f"media/{name}", content)
            # Last, once every digest is known; restore reads it first all the same.
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            _add(archive, "manifest.json", manifest_bytes)
            _add(archive, SIGNATURE, sign(manifest_bytes))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _add(archive: tarfile.TarFile, name: str, content: str | bytes) -> None:
    payload = content.encode("utf-8") if isinstance(content, str) else content
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(payload))


def read_manifest(source: Path) -> dict:
    """The archive's manifest, once its signature is checked."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest_bytes = archive.extractfile("manifest.json").read()
            try:
                signature = archive.extractfile(SIGNATURE).read().decode("ascii").strip()
            except KeyError:
                signature = ""
        manifest = json.loads(manifest_bytes)
    except (OSError, tarfile.TarError, KeyError, ValueError, AttributeError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {source}: {exc}") from exc
    if not signature:
        raise BackupError(
            "Tệp sao lưu không có chữ ký nên không được khôi phục (tệp của phiên bản cũ, hoặc "
            "không do cổng thông tin tạo ra)."
        )
    if not hmac.compare_digest(signature, sign(manifest_bytes)):
        raise BackupError(
            "Chữ ký của tệp sao lưu không đúng: tệp đã bị sửa, hoặc được tạo với một khóa "
            "BACKUP_SIGNING_KEY/SECRET_KEY khác. Không khôi phục gì."
        )
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu có định dạng không được hỗ trợ.")
    return manifest


def _rich_text_fields() -> dict[str, set[str]]:
    from ckeditor.fields import RichTextField

    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, RichTextField):
                found.setdefault(model._meta.label_lower, set()).add(field.name)
    return found


def _checked_rows(payload: bytes, *, allow_superusers: bool) -> bytes:
    """The fixture's rows with rich text sanitised; refuses new or elevated superusers."""
    from django.contrib.auth import get_user_model

    from portal.richtext import sanitize_html
    from portal.text import clean_text

    try:
        rows = json.loads(payload)
    except ValueError as exc:
        raise BackupError("Dữ liệu trong tệp sao lưu không đọc được.") from exc
    user_label = get_user_model()._meta.label_lower
    username_field = get_user_model().USERNAME_FIELD
    superusers_now = set(
        get_user_model().objects.filter(is_superuser=True).values_list(username_field, flat=True)
    )
    rich = _rich_text_fields()
    refused = []
    for row in rows:
        label, fields = row.get("model", ""), row.get("fields", {})
        for name in rich.get(label, ()):
            if isinstance(fields.get(name), str):
                fields[name] = sanitize_html(clean_text(fields[name]))
        if label == user_label and fields.get("is_superuser"):
            username = fields.get(username_field) or (row.get("pk") and str(row["pk"]))
            if username not in superusers_now:
                refused.append(str(username))
    if refused and not allow_superusers:
        raise BackupError(
            "Tệp sao lưu sẽ tạo hoặc nâng quyền siêu quản trị cho: "
            + ", ".join(sorted(refused))
            + ". Không khôi phục gì; nếu đúng là ý muốn, chạy lại với --allow-superusers."
        )
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def restore_backup(source: Path, *, allow_superusers: bool = False) -> dict:
    """Replace every row and media file with the archive's. Returns the manifest."""
    manifest = read_manifest(source)
    expected = manifest.get("files", {})
    with tarfile.open(source, "r:gz") as archive:
        members = archive.getmembers()
        names = set()
        for member in members:
            path = PurePosixPath(member.name)
            if path.is_absolute() or ".." in path.parts or not (member.isfile()):
                raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {member.name}")
            names.add(member.name)
        listed = set(expected) | {"manifest.json", SIGNATURE}
        if names != listed:
            raise BackupError(
                "Tệp sao lưu không khớp với danh sách đã ký: "
                + ", ".join(sorted(names ^ listed)[:5])
            )

        def read(member_name: str) -> bytes:
            content = archive.extractfile(member_name).read()
            if not hmac.compare_digest(_digest(content), expected[member_name]):
                raise BackupError(f"Nội dung {member_name} trong tệp sao lưu đã bị sửa.")
            return content

        # Every digest is checked before anything is deleted.
        for name in sorted(expected):
            read(name)
        rows = _checked_rows(read("data.json"), allow_superusers=allow_superusers)
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as folder:
            fixture = Path(folder) / "data.json"
            fixture.write_bytes(rows)
            with transaction.atomic(), audit.suspended():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(fixture), verbosity=0)
        for name in _storage_files(default_storage):
            default_storage.delete(name)
        for member in members:
            if member.name.startswith("media/"):
                name = member.name.removeprefix("media/")
                content = read(member.name)
                saved = default_storage.save(name, ContentFile(content))
                if saved != name:
                    raise BackupError(f"Không khôi phục được tệp {name} đúng tên.")
    restored = model_counts()
    if restored != manifest["models"]:
        differ = sorted(
            f"{label}: {manifest['models'].get(label)} -> {restored.get(label)}"
            for label in set(restored) | set(manifest["models"])
            if restored.get(label) != manifest["models"].get(label)
        )
        raise BackupError(
            "Số bản ghi sau khi khôi phục không khớp với tệp sao lưu: " + "; ".join(differ)
        )
    return manifest
