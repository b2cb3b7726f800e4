"""The editorial core as staff use it through the admin: the same publication rules for articles
and showcase entries, pending changes over a live version, approvals bound to the reviewed
revision, preview links, the common review queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.roles import EDITOR, SITE_ADMIN, WRITER
from models_campaign.models import EntryPhoto, ShowcaseEntry
from portal.editorial.models import Revision, Status, WorkflowEvent
from portal.text import person_name
from tests.factories import ArticleFactory, UserFactory, jpeg_file
from tests.models_campaign.factories import EntryPhotoFactory, ShowcaseEntryFactory
from tests.portal.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

S = Status
RULES = {  # action: (source, target, editors only)
    "submit": (S.DRAFT, S.PENDING, False),
    "withdraw": (S.PENDING, S.DRAFT, False),
    "publish": (S.PENDING, S.PUBLISHED, True),
    "reject": (S.PENDING, S.REJECTED, True),
    "unpublish": (S.PUBLISHED, S.UNPUBLISHED, True),
    "republish": (S.UNPUBLISHED, S.PUBLISHED, True),
}
ROLES = {"writer": WRITER, "editor": EDITOR, "site_admin": SITE_ADMIN}


def entry_url(entry, view="change", *args):
    return reverse(f"admin:models_campaign_showcaseentry_{view}", args=[entry.pk, *args])


def article_url(article, view="change", *args):
    return reverse(f"admin:articles_article_{view}", args=[article.pk, *args])


def make_entry(status, owner, **extra):
    if status in (S.PUBLISHED, S.UNPUBLISHED):
        extra.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    return ShowcaseEntryFactory(publication=status, created_by=owner, **extra)


# --- the showcase obeys the same matrix as articles ---------------------------------------------
@pytest.mark.parametrize("action", list(RULES))
@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("role", list(ROLES))
def test_showcase_permission_matrix(client, role, whose, action):
    user = UserFactory(username=f"u-{role}", roles=[ROLES[role]])
    other = UserFactory(username="nguoi-khac", roles=[WRITER])
    source, target, editor_only = RULES[action]
    entry = make_entry(source, user if whose == "own" else other)
    client.force_login(user)

    response = client.post(entry_url(entry, "transition", action), {"note": "Cần bổ sung ảnh."})

    allowed = role in ("editor", "site_admin") or (whose == "own" and not editor_only)
    entry.refresh_from_db()
    events = WorkflowEvent.for_item(entry).filter(action=action)
    if allowed:
        assert response.status_code == 302 and response["Location"] == entry_url(entry)
        assert entry.publication == target
        event = events.get()
        assert (event.actor, event.from_status, event.to_status) == (user, source, target)
    else:
        # Another writer's entry does not exist for this writer; their own gets a message.
        assert response.status_code in (200, 404)
        assert entry.publication == source
        assert not events.exists()
        if response.status_code == 200:
            assert "Chỉ biên tập viên" in response.content.decode()


def test_a_writer_cannot_reach_another_writers_entry_by_guessing_urls(client, writer):
    other = UserFactory(username="nguoi-khac", roles=[WRITER])
    live = make_entry(S.PUBLISHED, other, summary="Bản đã duyệt")
    client.force_login(writer)
    guesses = [
        entry_url(live),
        entry_url(live, "history"),
        entry_url(live, "preview"),
        entry_url(live, "pending"),
        entry_url(live, "preview_link"),
        entry_url(live, "compare") + "?a=1&b=1",
        entry_url(live, "restore_revision", 1),
        entry_url(live, "transition", "unpublish"),
        entry_url(live, "delete"),
    ]
    for url in guesses:
        assert client.get(url).status_code in (302, 403, 404), url
        assert client.post(url, {"summary": "Sửa trộm", "post": "yes"}).status_code in (
            302, 403, 404,
        ), url  # fmt: skip
    live.refresh_from_db()
    assert live.summary == "Bản đã duyệt" and live.is_published and live.deleted_at is None
    assert client.get(reverse("admin:models_campaign_showcaseentry_trash")).status_code == 403


def test_a_writer_cannot_make_their_own_entry_featured_or_public(client, writer):
    entry = make_entry(S.DRAFT, writer)
    client.force_login(writer)
    page = client.get(entry_url(entry))
    data = change_form_data(page, is_featured="on", publish_at_0="2020-01-01",
                            publish_at_1="08:00:00", summary="Tóm tắt mới")  # fmt: skip
    assert client.post(entry_url(entry), data).status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Tóm tắt mới"
    assert not entry.is_featured and entry.publish_at is None
    assert entry.publication == S.DRAFT


# --- corrections of live content wait for an editor ----------------------------------------------
def test_writers_corrections_of_live_content_wait_for_an_editor(client, writer, editor):
    entry = make_entry(S.PUBLISHED, writer, summary="Tóm tắt đã duyệt.")
    EntryPhotoFactory(entry=entry, alt="Ảnh đã duyệt", caption="Chú thích cũ")
    article = ArticleFactory(created_by=writer, published=True, body="<p>Nội dung đã duyệt.</p>")

    client.force_login(writer)
    # The entry: a new summary and a new picture in the gallery.
    page = client.get(entry_url(entry))
    assert "đề xuất sửa" in page.content.decode()
    data = change_form_data(page, summary="Tóm tắt đính chính.")
    data.update({
        "photos-TOTAL_FORMS": "2",
        "photos-1-image": jpeg_file("moi.jpg"),
        "photos-1-alt": "Ảnh mới bổ sung",
        "photos-1-caption": "",
        "photos-1-order": "1",
    })  # fmt: skip
    response = client.post(entry_url(entry), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    # The article: a corrected body.
    page = client.get(article_url(article))
    data = change_form_data(page, body="<p>Nội dung đã đính chính.</p>")
    assert client.post(article_url(article), data).status_code == 302
    client.logout()

    # Readers still see the approved versions.
    public_entry = client.get(entry.get_absolute_url()).content.decode()
    assert "Tóm tắt đã duyệt." in public_entry and "Tóm tắt đính chính." not in public_entry
    assert "Ảnh mới bổ sung" not in public_entry
    public_article = client.get(article.get_absolute_url()).content.decode()
    assert "Nội dung đã duyệt." in public_article and "đính chính" not in public_article
    entry.refresh_from_db()
    assert entry.photos.count() == 1 and entry.pending_revision is not None

    # The editor finds both in the one review queue, reads each diff and approves it.
    client.force_login(editor)
    queue = client.get(reverse("review_queue")).content.decode()
    assert entry.name in queue and article.title in queue
    diff = client.get(entry_url(entry, "pending")).content.decode()
    assert "<ins>đính chính.</ins>" in diff and "Ảnh mới bổ sung" in diff
    revision = entry.pending_revision.number
    client.post(entry_url(entry, "pending"), {"op": "duyet", "revision": revision})
    article.refresh_from_db()
    client.post(article_url(article, "pending"),
                {"op": "duyet", "revision": article.pending_revision.number})  # fmt: skip
    client.logout()

    public_entry = client.get(entry.get_absolute_url()).content.decode()
    assert "Tóm tắt đính chính." in public_entry and "Ảnh mới bổ sung" in public_entry
    public_article = client.get(article.get_absolute_url()).content.decode()
    assert "Nội dung đã đính chính." in public_article
    entry.refresh_from_db()
    assert entry.pending_revision is None and entry.photos.count() == 2
    assert WorkflowEvent.for_item(entry).filter(action="approve_change", actor=editor).exists()


def test_a_returned_change_leaves_the_live_version_and_tells_the_writer(client, writer, editor):
    article = ArticleFactory(created_by=writer, published=True, title="Tiêu đề đã duyệt")
    client.force_login(writer)
    page = client.get(article_url(article))
    client.post(article_url(article), change_form_data(page, title="Tiêu đề đề xuất"))
    client.force_login(editor)
    response = client.post(article_url(article, "pending"), {"op": "tra-lai", "note": ""})
    article.refresh_from_db()
    assert article.pending_revision is not None  # a return needs a note
    client.post(article_url(article, "pending"), {"op": "tra-lai", "note": "Sai tên đơn vị."})
    article.refresh_from_db()
    assert article.pending_revision is None and article.title == "Tiêu đề đã duyệt"
    client.force_login(writer)
    page = client.get(article_url(article)).content.decode()
    assert "Sai tên đơn vị." in page
    assert response.status_code == 302


def test_editors_edits_of_live_content_are_recorded_and_revertible(client, editor):
    entry = make_entry(S.PUBLISHED, None, summary="Bản một.")
    client.force_login(editor)
    page = client.get(entry_url(entry))
    assert client.post(entry_url(entry), change_form_data(page, summary="Bản hai.")).status_code
    entry.refresh_from_db()
    assert entry.summary == "Bản hai." and entry.pending_revision is None  # live at once
    assert WorkflowEvent.for_item(entry).filter(action="edit", actor=editor).exists()
    first = Revision.for_item(entry).order_by("number").first()
    # Restoring asks first, showing what would change.
    question = client.get(entry_url(entry, "restore_revision", first.number)).content.decode()
    assert "<del>hai.</del>" in question and "<ins>một.</ins>" in question
    entry.refresh_from_db()
    assert entry.summary == "Bản hai."
    client.post(entry_url(entry, "restore_revision", first.number))
    entry.refresh_from_db()
    assert entry.summary == "Bản một."


# --- an approval is bound to what the editor reviewed --------------------------------------------
def _swap(client, writer, editor, article):
    """Submit A; the editor opens the approval; the writer withdraws, edits to B, resubmits."""
    client.force_login(writer)
    client.post(article_url(article, "transition", "withdraw"))
    page = client.get(article_url(article))
    client.post(article_url(article), change_form_data(page, body="<p>Bản B chưa ai duyệt.</p>"))
    client.post(article_url(article, "transition", "submit"))
    article.refresh_from_db()
    assert article.status == S.PENDING and "Bản B" in article.body


def test_an_approval_of_a_swapped_text_is_refused(client, writer, editor):
    article = ArticleFactory(created_by=writer, body="<p>Bản A đã đọc.</p>")
    client.force_login(writer)
    page = client.get(article_url(article))
    client.post(article_url(article), change_form_data(page, title="Bài thử đổi bản"))
    client.post(article_url(article, "transition", "submit"))

    client.force_login(editor)
    approval = client.get(article_url(article, "transition", "publish"))
    seen = approval.context["form"]["revision"].value()
    assert "<ins>Bản A đã đọc.</ins>" in approval.content.decode()  # what the editor reads

    _swap(client, writer, editor, article)

    client.force_login(editor)
    response = client.post(article_url(article, "transition", "publish"), {"revision": seen})
    html = response.content.decode()
    article.refresh_from_db()
    assert article.status == S.PENDING  # nothing was approved
    assert "Không duyệt" in html and person_name(writer) in html  # who changed it, and when
    assert response.context["form"]["revision"].value() != seen  # the new diff is shown
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_bulk_approval_of_a_swapped_text_is_refused(client, writer, editor):
    article = ArticleFactory(created_by=writer, body="<p>Bản A đã đọc.</p>")
    client.force_login(writer)
    page = client.get(article_url(article))
    client.post(article_url(article), change_form_data(page, title="Bài thử đổi bản hàng loạt"))
    client.post(article_url(article, "transition", "submit"))

    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    chosen = {"action": "publish_selected", "_selected_action": [article.pk]}
    confirm = client.post(changelist, chosen)
    seen = {f"revision-{item.pk}": number for item, number, _ in confirm.context["rows"]}

    _swap(client, writer, editor, article)

    client.force_login(editor)
    response = client.post(changelist, {**chosen, **seen, "confirmed": "1"}, follow=True)
    article.refresh_from_db()
    assert article.status == S.PENDING
    assert "Không duyệt" in response.content.decode()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_approval_of_a_changed_pending_change_is_refused(client, writer, editor):
    entry = make_entry(S.PUBLISHED, writer, summary="Bản đã duyệt.")
    client.force_login(writer)
    page = client.get(entry_url(entry))
    client.post(entry_url(entry), change_form_data(page, summary="Đề xuất một."))
    entry.refresh_from_db()
    seen = entry.pending_revision.number
    page = client.get(entry_url(entry))
    assert page.context["adminform"].form["summary"].value() == "Đề xuất một."
    client.post(entry_url(entry), change_form_data(page, summary="Đề xuất hai."))
    client.force_login(editor)
    client.post(entry_url(entry, "pending"), {"op": "duyet", "revision": seen})
    entry.refresh_from_db()
    assert entry.summary == "Bản đã duyệt." and entry.pending_revision is not None


# --- preview links, trash and purge for entries ---------------------------------------------------
def test_entry_preview_links_end_when_returned_trashed_or_revoked(client, writer, editor):
    entry = make_entry(S.PENDING, writer)
    client.force_login(editor)
    links = client.post(entry_url(entry, "preview_link")).context["links"]
    path = links[0].url.replace("http://testserver", "")
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and entry.name in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    client.force_login(editor)
    client.post(entry_url(entry, "transition", "reject"), {"note": "Thiếu số liệu."})
    client.logout()
    assert client.get(path).status_code == 404

    client.force_login(editor)
    another = client.post(entry_url(entry, "preview_link")).context["links"][0]
    client.logout()
    second = another.url.replace("http://testserver", "")
    assert client.get(second).status_code == 200
    client.force_login(editor)
    client.post(entry_url(entry, "delete"), {"post": "yes"})
    client.logout()
    assert client.get(second).status_code == 404
    assert ShowcaseEntry.objects.trashed().filter(pk=entry.pk).exists()


def test_a_preview_link_shows_the_revision_it_was_made_for(client, writer, editor):
    entry = make_entry(S.PUBLISHED, writer, summary="Bản đang xuất bản.")
    client.force_login(writer)
    page = client.get(entry_url(entry))
    client.post(entry_url(entry), change_form_data(page, summary="Bản đề xuất cho lãnh đạo xem."))
    client.force_login(editor)
    link = client.post(entry_url(entry, "preview_link")).context["links"][0]
    client.logout()
    shown = client.get(link.url.replace("http://testserver", "")).content.decode()
    assert "Bản đề xuất cho lãnh đạo xem." in shown
    # The preview wrote nothing: the live version and the public page are unchanged.
    entry.refresh_from_db()
    assert entry.summary == "Bản đang xuất bản."
    assert "Bản đang xuất bản." in client.get(entry.get_absolute_url()).content.decode()
    assert EntryPhoto.objects.count() == 0


def test_review_queue_lists_articles_and_entries_oldest_first(client, writer, editor):
    article = ArticleFactory(created_by=writer, status=S.PENDING, title="Bài chờ duyệt")
    entry = make_entry(S.PENDING, writer, name="Mô hình chờ duyệt")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=1))
    client.force_login(editor)
    html = client.get(reverse("review_queue")).content.decode()
    assert html.index("Bài chờ duyệt") < html.index("Mô hình chờ duyệt")
    assert entry_url(entry) in html and article_url(article) in html


# --- oversight ------------------------------------------------------------------------------
def test_dashboard_and_filters_tell_scheduled_published_and_trash_apart(client, editor, writer):
    ArticleFactory(title="Bài đang đọc được", published=True)
    scheduled = ArticleFactory(title="Bài hẹn giờ", created_by=writer, status=S.PENDING)
    client.force_login(editor)
    when = timezone.localtime() + timedelta(days=2)
    client.post(article_url(scheduled, "transition", "publish"),
                {"publish_at_0": when.strftime("%d/%m/%Y"), "publish_at_1": "08:00"})  # fmt: skip
    trashed = ArticleFactory(title="Bài đã xóa", created_by=writer)
    client.post(article_url(trashed, "delete"), {"post": "yes"})

    html = client.get(reverse("admin:index")).content.decode()
    assert '?trang-thai=dang-hien">Đang xuất bản</a></th><td>1</td>' in html
    assert '?trang-thai=hen-gio">Hẹn giờ</a></th><td>1</td>' in html
    assert '?trang-thai=thung-rac">Thùng rác</a></th><td>1</td>' in html
    assert "Bài đã xóa" in html  # its activity stays in "Hoạt động gần đây"

    changelist = reverse("admin:articles_article_changelist")
    listed = client.get(changelist, {"trang-thai": "hen-gio"}).context["cl"].result_list
    assert [a.title for a in listed] == ["Bài hẹn giờ"]
    listed = client.get(changelist, {"trang-thai": "thung-rac"}).context["cl"].result_list
    assert [a.title for a in listed] == ["Bài đã xóa"]
    history = client.get(article_url(scheduled, "history")).content.decode()
    assert f"Hẹn giờ xuất bản lúc 08:00 {when:%d/%m/%Y}" in history

    client.force_login(writer)  # writers have no trash choice and never see trashed rows
    page = client.get(changelist, {"trang-thai": "thung-rac"})
    assert "Bài đã xóa" not in page.content.decode()


def test_emptying_the_trash_asks_first_and_only_site_admins_may(client, editor, site_admin):
    first = ArticleFactory(title="Bài rác một", deleted_at=timezone.now())
    ArticleFactory(title="Bài rác hai", deleted_at=timezone.now())
    kept = ArticleFactory(title="Bài còn dùng")
    url = reverse("admin:articles_article_empty_trash")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(site_admin)
    question = client.get(url).content.decode()
    assert "không hoàn tác được" in question and "Bài rác một" in question
    assert Article.objects.count() == 3  # asking deleted nothing
    client.post(url, {"confirmed": "1", "item": [first.pk]})  # only what was confirmed
    assert list(Article.objects.values_list("title", flat=True).order_by("title")) == [
        "Bài còn dùng", "Bài rác hai",
    ]  # fmt: skip
    client.post(url, {"confirmed": "1", "item": [a.pk for a in Article.objects.all()]})
    assert list(Article.objects.all()) == [kept]  # never what is not in the trash


# --- edit conflicts resolved in place ----------------------------------------------------------
@pytest.fixture
def conflict(client, editor):
    """Editor A opens the form; editor B saves first; A's save is refused with the three texts."""
    other = UserFactory(username="bientap-b", first_name="Bình", last_name="Lê", roles=[EDITOR])
    article = ArticleFactory(title="Tiêu đề gốc", summary="Sapo gốc.", body="<p>Thân bài gốc.</p>")
    client.force_login(editor)
    opened = client.get(article_url(article))
    mine = change_form_data(opened, summary="Sapo của A.", body="<p>Đoạn A viết thêm.</p>")
    client.force_login(other)
    theirs = change_form_data(client.get(article_url(article)), title="Tiêu đề của B",
                              body="<p>Thân bài B đã sửa.</p>")  # fmt: skip
    assert client.post(article_url(article), theirs).status_code == 302
    client.force_login(editor)
    refused = client.post(article_url(article), mine)
    return article, mine, refused


def test_a_refused_save_shows_opened_theirs_and_yours(conflict):
    article, mine, refused = conflict
    html = refused.content.decode()
    assert refused.status_code == 200 and "Xung đột chỉnh sửa" in html
    assert "Thân bài gốc." in html and "Thân bài B đã sửa." in html and "Đoạn A viết thêm." in html
    assert "Please correct" not in html
    assert f'href="{article_url(article)}"' in html  # take theirs: reload the saved text
    article.refresh_from_db()
    assert article.summary == "Sapo gốc." and article.title == "Tiêu đề của B"


def test_merge_keeps_theirs_adds_yours_and_saves_only_after_a_check(client, conflict):
    article, mine, _ = conflict
    merged = client.post(article_url(article), {**mine, "_conflict": "merge"})
    assert merged.status_code == 200 and "Đã gộp" in merged.content.decode()
    article.refresh_from_db()
    assert article.summary == "Sapo gốc."  # nothing saved yet
    form = merged.context["adminform"].form
    assert form["title"].value() == "Tiêu đề của B"  # only they changed it
    assert form["summary"].value() == "Sapo của A."  # only I changed it
    assert "Thân bài B đã sửa." in form["body"].value()
    assert "Đoạn A viết thêm." in form["body"].value()  # both changed: theirs, then mine
    assert client.post(article_url(article), change_form_data(merged)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Tiêu đề của B", "Sapo của A.")
    assert "Thân bài B đã sửa." in article.body and "Đoạn A viết thêm." in article.body


def test_keeping_mine_over_theirs_is_explicit_and_recorded(client, conflict, editor):
    from portal.models import AuditEntry

    article, mine, _ = conflict
    assert client.post(article_url(article), {**mine, "_conflict": "override"}).status_code == 302
    article.refresh_from_db()
    assert article.summary == "Sapo của A." and "Đoạn A viết thêm." in article.body
    newest = Revision.for_item(article).order_by("-number").first()
    assert newest.note.startswith("Ghi đè thay đổi của Lê Bình")
    assert AuditEntry.objects.filter(action="override", actor=editor).exists()


# --- writing ------------------------------------------------------------------------------------
def test_the_article_form_helps_the_writer(client, writer):
    from articles.models import Author

    own = Author.objects.create(name="Trương Văn An", user=writer)
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_add"))
    assert page.context["adminform"].form["authors"].value() == [own.pk]  # signed by default
    html = page.content.decode()
    assert "js/admin/writing.js" in html and "js/admin/tag-chips.js" in html

    article = ArticleFactory(created_by=writer, tags=["Tủ sách Bác Hồ", "học tập"])
    tags = client.get(article_url(article)).context["adminform"].form["tags"].as_widget()
    assert 'value="Tủ sách Bác Hồ, học tập"' in tags or 'value="học tập, Tủ sách Bác Hồ"' in tags
    assert "&quot;" not in tags  # the names as typed, not taggit's quoted form
    page = client.get(article_url(article))
    data = change_form_data(page, tags="Tủ sách Bác Hồ,")
    assert client.post(article_url(article), data).status_code == 302
    assert list(article.tags.names()) == ["Tủ sách Bác Hồ"]  # one tag of several words


def test_a_submitted_article_reads_rendered_and_the_picture_shows(client, writer):
    article = ArticleFactory(created_by=writer, status=S.PENDING,
                             body="<p>Đoạn <strong>đậm</strong> đã gửi.</p>")  # fmt: skip
    client.force_login(writer)
    html = client.get(article_url(article)).content.decode()
    assert "<strong>đậm</strong>" in html and "&lt;strong&gt;" not in html
    assert (
        "Chưa có ảnh."
        in client.get(article_url(ArticleFactory(created_by=writer))).content.decode()
    )


def test_the_entry_form_has_the_same_workflow_buttons_as_the_article_form(client, editor):
    entry = make_entry(S.PENDING, None)
    article = ArticleFactory(status=S.PENDING)
    client.force_login(editor)
    for url, item in ((entry_url(entry), entry), (article_url(article), article)):
        html = client.get(url).content.decode()
        assert 'id="workflow-box"' in html
        for action in ("publish", "reject", "withdraw"):
            meta = type(item)._meta
            target = reverse(f"admin:{meta.app_label}_{meta.model_name}_transition",
                             args=[item.pk, action])  # fmt: skip
            assert f'href="{target}"' in html


@pytest.mark.parametrize("token", ["%00", "a%00b" * 5, "x" * 65, "ngắn", "%27%20OR%201=1"])
def test_a_malformed_preview_token_is_a_plain_404(client, token):
    assert client.get(f"/xem-truoc/{token}/").status_code == 404
