"""The editorial workflow, driven through the real admin over HTTP."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.roles import EDITOR, SITE_ADMIN, WRITER
from portal.editorial.models import WorkflowEvent
from tests.factories import ARTICLE_ADMIN_INLINES, ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Article.Status
# action -> (a source state it starts from, the state it leads to, editor only?)
RULES = {
    "submit": (S.DRAFT, S.PENDING, False),
    "withdraw": (S.PENDING, S.DRAFT, False),
    "publish": (S.PENDING, S.PUBLISHED, True),
    "reject": (S.PENDING, S.REJECTED, True),
    "unpublish": (S.PUBLISHED, S.UNPUBLISHED, True),
    "republish": (S.UNPUBLISHED, S.PUBLISHED, True),
}
ROLES = {"writer": WRITER, "editor": EDITOR, "site_admin": SITE_ADMIN}


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def make_article(status, owner):
    extra = {}
    if status in (S.PUBLISHED, S.UNPUBLISHED):
        extra["publish_at"] = timezone.now() - timedelta(hours=1)
    return ArticleFactory(status=status, created_by=owner, **extra)


@pytest.mark.parametrize("action", list(RULES))
@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix(client, role, whose, action):
    user = UserFactory(username=f"u-{role}", roles=[ROLES[role]])
    other = UserFactory(username="nguoi-khac", roles=[WRITER])
    source, target, editor_only = RULES[action]
    article = make_article(source, user if whose == "own" else other)
    client.force_login(user)

    response = client.post(transition_url(article, action), {"note": "Cần bổ sung số liệu."})

    allowed = role in ("editor", "site_admin") or (whose == "own" and not editor_only)
    article.refresh_from_db()
    events = WorkflowEvent.for_item(article).filter(action=action)
    if allowed:
        assert response.status_code == 302
        assert response["Location"] == change_url(article)
        assert article.status == target
        event = events.get()
        assert (event.actor, event.from_status, event.to_status) == (user, source, target)
    else:
        # Another writer's article does not exist for this writer; their own gets a message.
        assert response.status_code in (200, 404)
        assert article.status == source
        assert not events.exists()
        if response.status_code == 200:
            assert "Chỉ biên tập viên" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "action"),
    [(S.DRAFT, "reject"), (S.PUBLISHED, "publish"), (S.DRAFT, "unpublish"),
     (S.PENDING, "republish"), (S.PUBLISHED, "submit"), (S.REJECTED, "withdraw")],
)  # fmt: skip
def test_impossible_transitions_are_refused_in_vietnamese(client, editor, status, action):
    article = make_article(status, editor)
    client.force_login(editor)
    response = client.post(transition_url(article, action), {"note": "x"})
    assert response.status_code == 200
    assert "Không thể" in response.content.decode()
    article.refresh_from_db()
    assert article.status == status
    assert not WorkflowEvent.for_item(article).exists()


def test_return_needs_a_note_and_the_writer_sees_it(
    client, editor, writer, django_capture_on_commit_callbacks
):
    writer.email = "phongvien@example.vn"
    writer.save()
    article = make_article(S.PENDING, writer)
    client.force_login(editor)
    response = client.post(transition_url(article, "reject"), {"note": "  "})
    assert "Hãy ghi rõ lý do trả lại" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(transition_url(article, "reject"), {"note": "Thiếu nguồn ảnh."})
    article.refresh_from_db()
    assert article.status == S.REJECTED
    assert mail.outbox[-1].to == ["phongvien@example.vn"]
    assert "Thiếu nguồn ảnh." in mail.outbox[-1].body

    client.force_login(writer)
    mine = client.get(reverse("admin:articles_mine")).content.decode()
    assert article.title in mine and "Thiếu nguồn ảnh." in mine
    form = client.get(change_url(article)).content.decode()
    assert "Thiếu nguồn ảnh." in form


def test_submit_mails_the_editors(client, writer, editor, django_capture_on_commit_callbacks):
    editor.email = "bientap@example.vn"
    editor.save()
    article = make_article(S.DRAFT, writer)
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(transition_url(article, "submit"))
    assert [m.to for m in mail.outbox] == [["bientap@example.vn"]]
    assert article.title in mail.outbox[0].subject


# --- editing rights ----------------------------------------------------------------------------
def _edit_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "category": article.category_id,
        "tags": "",
        "source": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "base_version": article.version,
        "publish_at_0": timezone.localtime(article.publish_at).strftime("%d/%m/%Y")
        if article.publish_at
        else "",
        "publish_at_1": timezone.localtime(article.publish_at).strftime("%H:%M:%S")
        if article.publish_at
        else "",
        "expire_at_0": "",
        "expire_at_1": "",
        **ARTICLE_ADMIN_INLINES,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "whose", "status", "allowed"),
    [
        ("writer", "own", S.DRAFT, True),
        ("writer", "own", S.REJECTED, True),
        ("writer", "own", S.PENDING, False),
        ("writer", "own", S.PUBLISHED, False),
        ("writer", "other", S.DRAFT, False),
        ("editor", "other", S.DRAFT, True),
        ("editor", "other", S.PENDING, True),
        ("editor", "other", S.PUBLISHED, True),
    ],
)
def test_who_may_edit(client, role, whose, status, allowed):
    user = UserFactory(username=f"u-{role}", roles=[ROLES[role]])
    owner = user if whose == "own" else UserFactory(username="chu-bai", roles=[WRITER])
    article = make_article(status, owner)
    client.force_login(user)
    response = client.post(change_url(article), _edit_data(article, title="Tiêu đề mới"))
    article.refresh_from_db()
    assert (article.title == "Tiêu đề mới") is allowed
    if not allowed:
        assert response.status_code in (302, 403)


def test_writer_guessing_another_writers_draft_by_id_sees_nothing(client, writer):
    other = UserFactory(username="phongvien2", roles=[WRITER])
    article = make_article(S.DRAFT, other)
    article.title = "Bản nháp bí mật"
    article.save()
    client.force_login(writer)
    for url in (
        change_url(article),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk]) + "?a=1&b=1",
    ):
        response = client.get(url, follow=True)
        assert "Bản nháp bí mật" not in response.content.decode(), url
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Bản nháp bí mật" not in listing


def test_writer_cannot_set_status_or_publish_time_through_the_form(client, writer):
    article = make_article(S.DRAFT, writer)
    client.force_login(writer)
    data = _edit_data(article, status="published", publish_at_0="01/01/2020",
                      publish_at_1="08:00")  # fmt: skip
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert article.publish_at is None


# --- no lost edits -----------------------------------------------------------------------------
def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(client, editor):
    other_editor = UserFactory(username="bientap2", first_name="Lan", last_name="Trần",
                               roles=[EDITOR])  # fmt: skip
    article = make_article(S.DRAFT, editor)
    first = client.__class__()
    first.force_login(other_editor)
    client.force_login(editor)
    opened = client.get(change_url(article)).context["adminform"].form["base_version"].value()
    first_opened = first.get(change_url(article)).context["adminform"].form["base_version"].value()
    assert opened == first_opened == 1

    assert (
        first.post(change_url(article), _edit_data(article, title="Bản của Lan")).status_code == 302
    )
    response = client.post(change_url(article), _edit_data(article, title="Bản của tôi"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trần Lan đã lưu bài viết này lúc" in html
    assert 'value="Bản của tôi"' in html  # the second person's input is still in the form
    article.refresh_from_db()
    assert article.title == "Bản của Lan"
    assert article.version == 2


# Transactional (threads need committed rows); serialized_rollback keeps the role groups.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_service_saves_on_postgresql():
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; the HTTP test above covers SQLite")
    editor = UserFactory(username="bt", roles=[EDITOR])
    article = make_article(S.DRAFT, editor)
    original = article.title
    barrier = Barrier(2)

    def save(title):
        try:
            copy = Article.objects.get(pk=article.pk)
            copy.title = title
            barrier.wait()
            services.article_save(article=copy, by=editor, base_version=1)
            return "saved"
        except services.EditConflict:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(save, ["Một", "Hai"]))
    assert results == ["refused", "saved"]
    article.refresh_from_db()
    assert article.version == 2
    # exactly one save went through; the refused one wrote nothing, not even a revision (the
    # older one keeps the text from before the first edit)
    assert article.title in ("Một", "Hai")
    assert [r.title_text for r in article.revisions.all()] == [article.title, original]


# --- scheduling --------------------------------------------------------------------------------
def test_editor_schedules_and_the_article_appears_on_time(client, editor, writer):
    article = make_article(S.PENDING, writer)
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=8, minute=0, second=0,
                                                               microsecond=0)  # fmt: skip
    client.force_login(editor)
    client.post(
        transition_url(article, "publish"),
        {"publish_at_0": when.strftime("%d/%m/%Y"), "publish_at_1": "08:00"},
    )
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.publish_at == when
    scheduled = client.get(reverse("admin:articles_scheduled")).content.decode()
    assert article.title in scheduled
    assert "Hẹn giờ" in client.get(reverse("admin:articles_article_changelist")).content.decode()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(when + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 200


# --- bulk actions ------------------------------------------------------------------------------
def test_bulk_actions_obey_the_same_rules(client, editor, writer):
    pending = [make_article(S.PENDING, writer) for _ in range(2)]
    draft = make_article(S.DRAFT, writer)
    client.force_login(editor)
    chosen = {"action": "unpublish_selected", "_selected_action": [a.pk for a in [*pending, draft]]}
    confirm = client.post(reverse("admin:articles_article_changelist"), chosen)
    assert "sẽ bị bỏ qua" in confirm.content.decode()
    response = client.post(
        reverse("admin:articles_article_changelist"), {**chosen, "confirmed": "1"}, follow=True
    )
    assert "Không thể" in response.content.decode()
    assert {a.status for a in Article.objects.all()} == {S.PENDING, S.DRAFT}

    chosen = {"action": "publish_selected", "_selected_action": [a.pk for a in pending]}
    confirm = client.post(reverse("admin:articles_article_changelist"), chosen)
    html = confirm.content.decode()
    assert all(a.title in html for a in pending)  # the editor sees what will be published
    assert {a.status for a in Article.objects.all()} == {S.PENDING, S.DRAFT}
    revisions = {f"revision-{a.pk}": confirm.context["rows"][i][1] for i, a in enumerate(pending)}
    client.post(
        reverse("admin:articles_article_changelist"), {**chosen, **revisions, "confirmed": "1"}
    )
    assert all(Article.objects.get(pk=a.pk).status == S.PUBLISHED for a in pending)
    assert WorkflowEvent.objects.filter(action="publish").count() == 2


def test_writer_is_not_offered_editor_actions(client, writer):
    make_article(S.DRAFT, writer)
    client.force_login(writer)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "submit_selected" in html
    assert "publish_selected" not in html and "unpublish_selected" not in html


# --- revisions ---------------------------------------------------------------------------------
def test_revisions_compare_and_restore(client, editor):
    client.force_login(editor)
    article = services.article_create(
        title="Tiêu đề gốc", category=ArticleFactory().category, by=editor, body="<p>Một hai ba</p>"
    )
    for title, body in [("Tiêu đề hai", "<p>Một hai bốn</p>"), ("Tiêu đề ba", "<p>Năm</p>")]:
        article.refresh_from_db()
        client.post(change_url(article), _edit_data(article, title=title, body=body))
    article.refresh_from_db()
    assert article.title == "Tiêu đề ba"
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Tiêu đề gốc" in history.content.decode()

    diff = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": 1, "b": 2}
    )
    html = diff.content.decode()
    assert "<del>ba</del>" in html and "<ins>bốn</ins>" in html

    client.post(reverse("admin:articles_article_restore_revision", args=[article.pk, 1]))
    article.refresh_from_db()
    assert article.title == "Tiêu đề gốc"
    assert article.body == "<p>Một hai ba</p>"
    newest = article.revisions.first()
    assert newest.number == 4 and "phiên bản 1" in newest.note
    assert article.revisions.count() == 4  # nothing lost


# --- preview -----------------------------------------------------------------------------------
def test_staff_preview_of_a_draft(client, writer):
    article = make_article(S.DRAFT, writer)
    article.authors.add(AuthorFactory(name="Lê Thị Xem", organization=None))
    article.tags.add("Thẻ xem trước")
    assert (
        client.get(reverse("admin:articles_article_preview", args=[article.pk])).status_code == 302
    )
    client.force_login(writer)
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bản xem trước" in html and article.title in html
    assert "Lê Thị Xem</a></p>" in html and "Thẻ xem trước</a>" in html  # byline and tags
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_preview_links_are_listed_revocable_and_end_with_a_take_down(client, editor, writer):
    article = make_article(S.PENDING, writer)
    client.force_login(writer)
    url = reverse("admin:articles_article_preview_link", args=[article.pk])
    assert client.post(url).status_code == 403  # writers cannot hand out links
    client.force_login(editor)
    first = client.post(url).context["links"][0]
    second = client.post(url).context["links"][0]
    page = client.get(url).content.decode()
    assert first.url in page and second.url in page and "Đang dùng được" in page
    client.logout()
    path = first.url.replace("http://testserver", "")
    response = client.get(path)
    assert response.status_code == 200
    assert "Bản xem trước" in response.content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 404  # an altered token
    # Revoked one by one: the other keeps working.
    client.force_login(editor)
    client.post(url, {"revoke": first.pk})
    client.logout()
    assert client.get(path).status_code == 404
    other = second.url.replace("http://testserver", "")
    assert client.get(other).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(other).status_code == 404
    # Published then taken down: every link of the article ends.
    services.article_publish(article=article, by=editor)
    assert client.get(other).status_code == 200
    services.article_unpublish(article=article, by=editor)
    assert client.get(other).status_code == 404


# --- trash -------------------------------------------------------------------------------------
def test_trash_restore_and_purge(client, editor, site_admin, writer):
    article = make_article(S.PUBLISHED, writer)
    services.article_submit  # noqa: B018 - the module is used through the admin below
    client.force_login(editor)
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])
    client.post(delete_url, {"post": "yes"})
    article.refresh_from_db()
    assert article.deleted_at is not None and article.deleted_by == editor
    assert client.get(article.get_absolute_url()).status_code == 404
    trash = client.get(reverse("admin:articles_article_trash")).content.decode()
    assert article.title in trash

    purge = reverse("admin:articles_article_trash_action", args=[article.pk, "xoa-vinh-vien"])
    client.post(purge, {"confirmed": "1"})
    assert Article.objects.filter(pk=article.pk).exists()  # editors cannot empty the trash

    client.post(reverse("admin:articles_article_trash_action", args=[article.pk, "khoi-phuc"]))
    article.refresh_from_db()
    assert article.deleted_at is None
    assert list(article.events.values_list("action", flat=True)) == ["restore", "trash"]
    assert client.get(article.get_absolute_url()).status_code == 200

    services.article_trash(article=article, by=editor)
    client.force_login(site_admin)
    question = client.get(purge).content.decode()  # purging asks first, saying what goes
    assert "không hoàn tác được" in question and article.title in question
    client.post(purge)  # a bare POST without the confirmation deletes nothing
    assert Article.objects.filter(pk=article.pk).exists()
    client.post(purge, {"confirmed": "1"})
    assert not Article.objects.filter(pk=article.pk).exists()


def test_dashboard_counts_states(client, editor, writer):
    make_article(S.PENDING, writer)
    make_article(S.PENDING, writer)
    make_article(S.DRAFT, writer)
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="article-dashboard"' in html
    assert '?trang-thai=pending">Chờ duyệt</a></th><td>2</td>' in html
