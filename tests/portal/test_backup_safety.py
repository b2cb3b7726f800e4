"""Backups are private, signed and checked; a restore cannot smuggle in scripts or superusers."""

import io
import json
import stat
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article
from portal.backup import SIGNATURE
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
User = get_user_model()


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_archives_are_0600_in_a_0700_folder(tmp_path, settings):
    import os

    old = os.umask(0o022)  # the usual, permissive umask
    try:
        settings.BACKUP_DIR = tmp_path / "sao-luu"
        call_command("backup")
        (archive,) = settings.BACKUP_DIR.iterdir()
        assert _mode(settings.BACKUP_DIR) == 0o700
        assert _mode(archive) == 0o600
        # --output into folders that do not exist yet: made 0700 as well.
        target = tmp_path / "moi" / "thu-muc" / "a.tar.gz"
        call_command("backup", output=target)
        assert _mode(target) == 0o600
        assert _mode(target.parent) == 0o700 and _mode(target.parent.parent) == 0o700
        # An existing BACKUP_DIR with a lax mode is tightened.
        os.chmod(settings.BACKUP_DIR, 0o755)
        call_command("backup")
        assert _mode(settings.BACKUP_DIR) == 0o700
        assert not [p for p in settings.BACKUP_DIR.iterdir() if p.name.endswith(".part")]
    finally:
        os.umask(old)


def _rewrite(source, target, change):
    """Copy an archive member by member, letting `change(name, data)` alter the bytes."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.fixture
def archive(tmp_path):
    ArticleFactory(category=CategoryFactory(), published=True, title="Bài gốc")
    path = tmp_path / "a.tar.gz"
    call_command("backup", output=path)
    return path


def test_a_tampered_archive_is_refused_and_nothing_changes(archive, tmp_path):
    def promote(name, data):
        if name != "data.json":
            return data
        rows = json.loads(data)
        for row in rows:
            if row["model"] == "articles.article":
                row["fields"]["title"] = "Bài bị sửa"
        return json.dumps(rows).encode()

    tampered = tmp_path / "b.tar.gz"
    _rewrite(archive, tampered, promote)
    with pytest.raises(CommandError, match="đã bị sửa"):
        call_command("restore", str(tampered), yes=True)
    assert Article.objects.get().title == "Bài gốc"

    # A manifest edited to match, without the key, fails the signature.
    def forge(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["files"]["data.json"] = "0" * 64
            return json.dumps(manifest).encode()
        return data

    forged = tmp_path / "c.tar.gz"
    _rewrite(archive, forged, forge)
    with pytest.raises(CommandError, match="Chữ ký của tệp sao lưu không đúng"):
        call_command("restore", str(forged), yes=True)

    # Without a signature at all.
    unsigned = tmp_path / "d.tar.gz"
    _rewrite(archive, unsigned, lambda name, data: None if name == SIGNATURE else data)
    with pytest.raises(CommandError, match="không có chữ ký"):
        call_command("restore", str(unsigned), yes=True)

    # A member added that the manifest does not list.
    extra = tmp_path / "e.tar.gz"
    with tarfile.open(archive, "r:gz") as old, tarfile.open(extra, "w:gz") as new:
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("media/uploads/la.html")
        info.size = 4
        new.addfile(info, io.BytesIO(b"<h1>"))
    with pytest.raises(CommandError, match="không khớp với danh sách đã ký"):
        call_command("restore", str(extra), yes=True)
    assert Article.objects.get().title == "Bài gốc"


def test_a_different_key_cannot_restore(archive, settings):
    settings.BACKUP_SIGNING_KEY = "khoa-khac-" + "x" * 40
    with pytest.raises(CommandError, match="Chữ ký"):
        call_command("restore", str(archive), yes=True)


def test_restore_refuses_new_or_elevated_superusers_unless_told(tmp_path):
    UserFactory(username="ke-xau", is_superuser=True)
    path = tmp_path / "a.tar.gz"
    call_command("backup", output=path)
    # Today ke-xau is an ordinary account: the archive would elevate it.
    User.objects.filter(username="ke-xau").update(is_superuser=False)
    with pytest.raises(CommandError, match="siêu quản trị cho: ke-xau"):
        call_command("restore", str(path), yes=True)
    assert not User.objects.get(username="ke-xau").is_superuser
    # Gone entirely: the archive would create it.
    User.objects.filter(username="ke-xau").delete()
    with pytest.raises(CommandError, match="--allow-superusers"):
        call_command("restore", str(path), yes=True)
    assert not User.objects.filter(username="ke-xau").exists()
    call_command("restore", str(path), yes=True, allow_superusers=True)
    assert User.objects.get(username="ke-xau").is_superuser


def test_an_existing_superuser_restores_without_the_flag(tmp_path):
    UserFactory(username="sieuquantri", is_superuser=True)
    path = tmp_path / "a.tar.gz"
    call_command("backup", output=path)
    call_command("restore", str(path), yes=True)
    assert User.objects.get(username="sieuquantri").is_superuser


def test_restore_sanitises_rich_text(tmp_path):
    article = ArticleFactory(category=CategoryFactory(), published=True)
    # Rows written behind the sanitiser's back (an old version, a direct SQL edit...).
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="alert(1)">Xin chào</p><script>alert(document.cookie)</script>'
    )
    path = tmp_path / "a.tar.gz"
    call_command("backup", output=path)
    call_command("restore", str(path), yes=True)
    body = Article.objects.get(pk=article.pk).body
    assert "Xin chào" in body
    assert "<script" not in body and "onclick" not in body
