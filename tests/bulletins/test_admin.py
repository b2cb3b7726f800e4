"""Staff make bulletin issues in the admin, through the editorial core."""

import pytest
from django.urls import reverse

from articles.models import BulletinIssue
from portal.editorial import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _post_data(articles, **overrides):
    data = {
        "number": "12", "year": "2026", "period_kind": "month", "period_value": "12",
        "title": "", "slug": "", "introduction": "Lời giới thiệu số 12.",
        "publish_at_0": "", "publish_at_1": "", "expire_at_0": "", "expire_at_1": "",
        "items-TOTAL_FORMS": str(len(articles)), "items-INITIAL_FORMS": "0",
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1", "sections-0-kind": "guidance",
        "sections-0-title": "Định hướng tháng 12", "sections-0-body": "Học tập nghị quyết.",
    }  # fmt: skip
    for i, article in enumerate(articles):
        data.update({f"items-{i}-order": str(i + 1), f"items-{i}-article": str(article.pk),
                     f"items-{i}-mode": "full"})  # fmt: skip
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_staff_create_an_issue_as_a_draft(client, request, role):
    user = request.getfixturevalue(role)
    articles = [ArticleFactory(published=True) for _ in range(2)]
    client.force_login(user)
    assert client.get(reverse("admin:articles_bulletinissue_add")).status_code == 200
    response = client.post(reverse("admin:articles_bulletinissue_add"), _post_data(articles))
    assert response.status_code == 302, response.context["adminform"].form.errors
    issue = BulletinIssue.objects.get()
    assert issue.status == "draft" and issue.created_by == user
    assert issue.title == "Bản tin sinh hoạt chi bộ số 12 – tháng 12/2026"
    assert [i.article for i in issue.items.all()] == articles
    assert issue.sections.get().title == "Định hướng tháng 12"
    assert (
        client.get(reverse("admin:articles_bulletinissue_change", args=[issue.pk])).status_code
        == 200
    )


def test_only_editors_publish_an_issue(writer, editor):
    issue = BulletinIssue(number=1, year=2026, period_value=1)
    workflow.save_content(item=issue, by=writer)
    workflow.transition(item=issue, by=writer, action="submit")
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(item=issue, by=writer, action="publish")
    workflow.transition(item=issue, by=editor, action="publish")
    assert BulletinIssue.objects.published().get() == issue


def test_a_quarter_is_at_most_four(writer):
    issue = BulletinIssue(number=1, year=2026, period_kind="quarter", period_value=5)
    with pytest.raises(Exception) as refused:
        workflow.save_content(item=issue, by=writer)
    assert "Quý phải từ 1 đến 4." in str(refused.value)


def test_staff_preview_a_draft_issue(client, editor):
    issue = BulletinIssue(number=2, year=2026, period_value=2, introduction="Bản nháp số 2.")
    workflow.save_content(item=issue, by=editor)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_bulletinissue_preview", args=[issue.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản xem trước" in page and "Bản nháp số 2." in page
    assert "ban-in.pdf" not in page  # no print edition before publication
    client.logout()
    assert client.get(issue.get_absolute_url()).status_code == 404
