"""Published showcase entries are found by the site search, like articles."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory
from tests.models_campaign.factories import ShowcaseEntryFactory
from tests.portal.test_search import search_titles

pytestmark = pytest.mark.django_db


def test_a_published_entry_is_found_however_it_is_typed(client):
    entry = ShowcaseEntryFactory(
        name="Tủ sách Bác Hồ ở Trường Tiểu học Hoà Bình",
        summary="Học sinh đọc sách về Bác mỗi giờ ra chơi.",
        published=True,
    )
    for q in ("tu sach bac ho", "Tủ sách Bác Hồ", "trường tiểu học hòa bình", "HOÀ BÌNH"):
        assert search_titles(client, q) == [entry.name], q
    response = client.get("/tim-kiem/", {"q": "tu sach bac ho"})
    html = response.content.decode()
    assert f'href="{entry.get_absolute_url()}"' in html
    assert "Mô hình học tập và làm theo Bác" in html


def test_entries_and_articles_come_together_and_drafts_never(client):
    ShowcaseEntryFactory(name="Ngôi nhà thu gom rác thải nhựa", published=True)
    ShowcaseEntryFactory(name="Ngôi nhà thu gom rác thải nhựa khóm 5")  # a draft
    ShowcaseEntryFactory(
        name="Ngôi nhà thu gom rác thải nhựa hẹn giờ",
        publication="published",
        publish_at=timezone.now() + timedelta(days=1),
    )
    ArticleFactory(title="Nhân rộng ngôi nhà thu gom rác thải nhựa", published=True)
    assert sorted(search_titles(client, "rac thai nhua")) == [
        "Ngôi nhà thu gom rác thải nhựa",
        "Nhân rộng ngôi nhà thu gom rác thải nhựa",
    ]


def test_a_search_narrowed_to_a_news_category_leaves_entries_out(client):
    category = CategoryFactory(name="Xây dựng Đảng")
    ShowcaseEntryFactory(name="Chi bộ kiểu mẫu khóm 2", published=True)
    ArticleFactory(title="Chi bộ kiểu mẫu ở Phường 1", category=category, published=True)
    assert len(search_titles(client, "chi bo kieu mau")) == 2
    narrowed = search_titles(client, "chi bo kieu mau", **{"chuyen-muc": category.slug})
    assert narrowed == ["Chi bộ kiểu mẫu ở Phường 1"]


def test_editing_an_entry_updates_its_document_and_rebuild_covers_entries(client):
    entry = ShowcaseEntryFactory(name="Câu lạc bộ thầy thuốc trẻ", published=True)
    entry.name = "Câu lạc bộ bác sĩ trẻ"
    entry.save()
    assert search_titles(client, "bac si tre") == ["Câu lạc bộ bác sĩ trẻ"]
    assert search_titles(client, "thay thuoc") == []
    type(entry).objects.filter(pk=entry.pk).update(search_text="", search_vector=None)
    assert search_titles(client, "bac si tre") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert search_titles(client, "bac si tre") == ["Câu lạc bộ bác sĩ trẻ"]


def test_published_entries_are_in_the_sitemap(client):
    public = ShowcaseEntryFactory(name="Mô hình công khai", published=True)
    draft = ShowcaseEntryFactory(name="Mô hình nháp")
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{public.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
