"""Privileges: `Quản trị` manages staff within the three roles, every account/role/permission
change is audited with who and what, `/admin/r/` answers only for what the public may see, tag
and author pages exist only with published content, and views cannot be inflated."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article
from articles.roles import EDITOR, WRITER
from portal.models import AuditEntry
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _change_form_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_site_admin_cannot_grant_superuser_nor_single_permissions(client, site_admin):
    target = UserFactory(username="phongvien2", roles=[WRITER])
    delete_any = Permission.objects.get(codename="delete_article")
    client.force_login(site_admin)
    url = reverse("admin:auth_user_change", args=[target.pk])
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html
    response = client.post(
        url,
        _change_form_data(
            target,
            is_superuser="on",
            user_permissions=[delete_any.pk],
            groups=[Group.objects.get(name=EDITOR).pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.is_superuser is False
    assert not target.user_permissions.exists()
    assert list(target.groups.values_list("name", flat=True)) == [EDITOR]


def test_site_admin_can_only_pick_the_three_roles(client, site_admin):
    stray = Group.objects.create(name="Nhóm lạ")
    stray.permissions.add(Permission.objects.get(codename="delete_user"))
    target = UserFactory(username="phongvien3", roles=[WRITER])
    client.force_login(site_admin)
    url = reverse("admin:auth_user_change", args=[target.pk])
    response = client.post(url, _change_form_data(target, groups=[stray.pk]))
    assert response.status_code == 200  # the form is shown again with an error
    assert not target.groups.filter(pk=stray.pk).exists()


def test_site_admin_neither_sees_nor_edits_superusers(client, site_admin):
    boss = UserFactory(username="sieuquantri", is_superuser=True)
    client.force_login(site_admin)
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert "sieuquantri" not in listing.content.decode()
    change = client.get(reverse("admin:auth_user_change", args=[boss.pk]))
    assert change.status_code in (302, 404)
    password = client.get(reverse("admin:auth_user_password_change", args=[boss.pk]))
    assert password.status_code == 404


def test_a_superuser_still_can(client):
    boss = UserFactory(username="sieuquantri", is_superuser=True)
    target = UserFactory(username="phongvien4", roles=[WRITER])
    client.force_login(boss)
    url = reverse("admin:auth_user_change", args=[target.pk])
    assert 'name="is_superuser"' in client.get(url).content.decode()
    client.post(url, _change_form_data(target, is_superuser="on"))
    target.refresh_from_db()
    assert target.is_superuser


def test_account_role_and_permission_changes_are_audited_with_who_and_what(client, site_admin):
    target = UserFactory(username="phongvien5", roles=[WRITER])
    AuditEntry.objects.all().delete()
    client.force_login(site_admin)
    url = reverse("admin:auth_user_change", args=[target.pk])
    client.post(
        url, _change_form_data(target, is_active=None, groups=[Group.objects.get(name=EDITOR).pk])
    )
    entries = {e.action: e for e in AuditEntry.objects.filter(target="phongvien5")}
    assert entries["account"].actor == site_admin
    assert "đang hoạt động: có → không" in entries["account"].detail
    roles = AuditEntry.objects.filter(action="roles", target="phongvien5")
    assert {e.actor_name for e in roles} == {"quantri"}
    assert any("Thêm vai trò: Biên tập viên" in e.detail for e in roles)
    assert any("Bỏ vai trò: Phóng viên" in e.detail for e in roles)


def test_changes_outside_a_request_are_audited_as_the_system():
    AuditEntry.objects.all().delete()
    user = UserFactory(username="tao-tu-lenh")
    user.user_permissions.add(Permission.objects.get(codename="delete_article"))
    group = Group.objects.get(name=WRITER)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    user.is_superuser = True
    user.save()
    log = list(AuditEntry.objects.values_list("action", "actor_name", "target", "detail"))
    created = "Tạo tài khoản (đang hoạt động, vào trang quản trị)"
    assert ("account", "hệ thống", "tao-tu-lenh", created) in log
    assert (
        "permissions",
        "hệ thống",
        "tài khoản tao-tu-lenh",
        "Cấp quyền: articles.delete_article",
    ) in log
    assert ("permissions", "hệ thống", f"nhóm {WRITER}", "Cấp quyền: auth.delete_user") in log
    assert any(a == "account" and "siêu quản trị: không → có" in d for a, _n, _t, d in log)


# --- /admin/r/ -------------------------------------------------------------------------------
def test_view_on_site_shortcut_only_for_published_objects(client, editor):
    category = CategoryFactory()
    draft = ArticleFactory(category=category, title="Bản nháp bí mật")
    public = ArticleFactory(category=category, published=True)
    ct = ContentType.objects.get_for_model(Article)
    client.force_login(editor)
    for user in (editor, UserFactory(username="sieu", is_superuser=True)):
        client.force_login(user)
        assert client.get(f"/admin/r/{ct.pk}/{draft.pk}/").status_code == 404
        assert client.get(f"/admin/r/{ct.pk}/999999/").status_code == 404
        found = client.get(f"/admin/r/{ct.pk}/{public.pk}/")
        assert found.status_code == 302
        assert found["Location"] == public.get_absolute_url()
    client.logout()
    assert client.get(f"/admin/r/{ct.pk}/{public.pk}/").status_code == 302  # to the login
    assert "login" in client.get(f"/admin/r/{ct.pk}/{public.pk}/")["Location"]


# --- tag and author pages --------------------------------------------------------------------
def test_tag_and_author_pages_need_published_content(client):
    category = CategoryFactory()
    hidden_author = AuthorFactory(name="Chỉ có nháp")
    ArticleFactory(category=category, tags=["Bí mật nội bộ"], authors=[hidden_author])
    assert client.get(reverse("articles:tag", kwargs={"slug": "bi-mat-noi-bo"})).status_code == 404
    assert client.get(hidden_author.get_absolute_url()).status_code == 404
    ArticleFactory(category=category, published=True, tags=["Bí mật nội bộ"],
                   authors=[hidden_author])  # fmt: skip
    assert client.get(reverse("articles:tag", kwargs={"slug": "bi-mat-noi-bo"})).status_code == 200
    assert client.get(hidden_author.get_absolute_url()).status_code == 200


# --- view counting -----------------------------------------------------------------------------
@pytest.mark.parametrize("page_cache", [0, 600])
def test_one_client_adds_at_most_one_view(client, settings, page_cache, django_assert_num_queries):
    from articles.viewcounts import counter

    settings.PAGE_CACHE_SECONDS = page_cache
    article = ArticleFactory(category=CategoryFactory(), published=True)
    for _ in range(100):
        response = client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
        assert not response.cookies  # no cookie is used to recognise the reader
    client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.8")
    # Nothing was written yet: views are added up in memory, not one UPDATE per view.
    assert Article.objects.get(pk=article.pk).view_count == 0
    assert counter.flush() == 2
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_a_client_counts_again_after_the_window(client, settings):
    import time

    from articles.viewcounts import counter

    settings.VIEW_COUNT_WINDOW_SECONDS = 1
    article = ArticleFactory(category=CategoryFactory(), published=True)
    client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.7")
    client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.7")
    time.sleep(1.2)  # the marker expires in the cache itself (Redis or local memory)
    client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.7")
    assert counter.flush() == 2


def test_role_changes_from_the_group_side_and_clears_are_audited():
    user = UserFactory(username="qua-nhom", roles=[WRITER])
    AuditEntry.objects.all().delete()
    editors = Group.objects.get(name=EDITOR)
    editors.user_set.add(user)
    user.groups.clear()
    log = list(AuditEntry.objects.order_by("pk").values_list("target", "detail"))
    assert log == [
        ("qua-nhom", "Thêm vai trò: Biên tập viên"),
        ("qua-nhom", "Bỏ vai trò: Biên tập viên, Phóng viên"),
    ]


def test_group_creation_renaming_and_deletion_are_audited():
    AuditEntry.objects.all().delete()
    group = Group.objects.create(name="Cộng tác viên")
    group.name = "Cộng tác viên ảnh"
    group.save()
    group.delete()
    log = list(AuditEntry.objects.order_by("pk").values_list("action", "target", "detail"))
    assert log == [
        ("group", "Cộng tác viên", "Tạo nhóm"),
        ("group", "Cộng tác viên ảnh", "Đổi tên nhóm: “Cộng tác viên” → “Cộng tác viên ảnh”"),
        ("group", "Cộng tác viên ảnh", "Xóa nhóm"),
    ]
