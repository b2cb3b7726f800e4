"""Backup and restore: make content, back up, wipe everything, restore, compare."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles import services
from articles.models import Article, Document
from models_campaign.models import ShowcaseEntry
from portal.backup import _storage_files
from portal.editorial.models import Revision, WorkflowEvent
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot():
    User = get_user_model()
    return {
        "articles": sorted(
            (
                a.slug,
                a.title,
                a.summary,
                a.body,
                a.status,
                a.publish_at,
                a.featured_image.name,
                tuple(sorted(a.tags.names())),
                tuple(sorted(a.authors.values_list("name", flat=True))),
            )
            for a in Article.objects.all()
        ),  # fmt: skip
        "events": sorted(WorkflowEvent.objects.values_list("object_id", "action", "note")),
        "revisions": sorted(
            (r.content_type.model, r.object_id, r.number, r.content.get("body") or "")
            for r in Revision.objects.select_related("content_type")
        ),
        "documents": sorted(Document.objects.values_list("slug", "number", "abstract", "status")),
        "entries": sorted(ShowcaseEntry.objects.values_list("slug", "name", "description")),
        "users": sorted(
            (u.username, u.password, tuple(sorted(u.groups.values_list("name", flat=True))))
            for u in User.objects.all()
        ),
        "audit": AuditEntry.objects.count(),
        "media": {
            name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
            for name in _storage_files(default_storage)
        },
    }


def test_backup_wipe_restore_loses_nothing(tmp_path, settings):
    settings.DEBUG = True  # load_demo's guard
    call_command("load_demo")
    editor = get_user_model().objects.get(username="bientapvien")
    article = Article.objects.published().first()
    article.body = "<p>Bản sửa sau khi đăng.</p>"
    services.article_save(article=article, by=editor, base_version=article.version)
    services.article_unpublish(article=article, by=editor, note="Gỡ để kiểm tra sao lưu")
    before = snapshot()
    assert len(before["media"]) > 30 and len(before["articles"]) > 30

    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", output=archive)

    call_command("flush", interactive=False, verbosity=0)
    for name in _storage_files(default_storage):
        default_storage.delete(name)
    assert not Article.objects.exists() and not _storage_files(default_storage)

    call_command("restore", str(archive), yes=True)
    assert snapshot() == before
    restored = Article.objects.get(pk=article.pk)
    assert restored.status == "unpublished" and restored.body == "<p>Bản sửa sau khi đăng.</p>"
    assert (
        get_user_model().objects.get(username="bientapvien").check_password("demo-bientapvien-2026")
    )


def test_restore_needs_confirmation_and_refuses_a_bad_archive(tmp_path):
    call_command("backup", output=tmp_path / "a.tar.gz")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "a.tar.gz"))
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"khong phai tep sao luu")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("restore", str(junk), yes=True)
