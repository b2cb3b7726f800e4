import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Category
from portal.demo import content
from portal.models import Organization

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "articles": sorted(Article.objects.values_list("slug", "status", "updated_at")),
        "categories": Category.objects.count(),
        "authors": Author.objects.count(),
        "orgs": Organization.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
    }


def test_load_demo_builds_content_and_is_idempotent(capsys):
    call_command("load_demo", force=True)
    out = capsys.readouterr().out
    first = _snapshot()
    assert Category.objects.count() >= 4
    assert Article.objects.published().count() >= 30
    assert Organization.objects.filter(authors__isnull=False).distinct().count() >= 3
    assert all(a.featured_image for a in Article.objects.published())
    assert all(a.featured_image_alt for a in Article.objects.published())
    for username in ("phongvien", "bientapvien", "quantri"):
        assert username in out
    assert "demo-bientapvien-2026" in out  # passwords are printed
    user = get_user_model().objects.get(username="bientapvien")
    assert user.check_password("demo-bientapvien-2026")
    assert list(user.groups.values_list("name", flat=True)) == ["Biên tập viên"]
    # What is loaded is what the data file says.
    demo = content.data()
    titles = [row["title"] for row in demo["articles"]]
    assert set(Article.objects.published().values_list("title", flat=True)) >= set(titles)
    assert (
        not Article.objects.published()
        .filter(title__in=[row["title"] for row in demo["unpublished"]])
        .exists()
    )
    for row in demo["staff"]:
        user = get_user_model().objects.get(username=row["username"])
        assert user.check_password(row["password"]) and row["password"] in out

    call_command("load_demo", force=True)
    assert "không thay đổi gì" in capsys.readouterr().out
    assert _snapshot() == first


def test_load_demo_dry_run_writes_nothing():
    call_command("load_demo", force=True, dry_run=True)
    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Article.objects.exists()


def test_roles_exist_with_permissions():
    from django.contrib.auth.models import Group

    writer = Group.objects.get(name="Phóng viên")
    editor = Group.objects.get(name="Biên tập viên")
    assert writer.permissions.filter(codename="add_article").exists()
    assert not writer.permissions.filter(codename="publish_article").exists()
    assert editor.permissions.filter(codename="publish_article").exists()
    assert Group.objects.filter(name="Quản trị").exists()
