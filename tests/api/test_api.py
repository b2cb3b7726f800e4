"""The JSON API: visibility through published(), filters, cursor pagination, ETag/304, CORS,
throttling and the OpenAPI schema."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from articles.models import Article
from models_campaign.models import ShowcaseEntry
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, jpeg_file
from tests.models_campaign.factories import ShowcaseEntryFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def hidden_states(now):
    """Every way an item exists without being public: (label, field values)."""
    return [
        ("nháp", {"status": "draft"}),
        ("chờ duyệt", {"status": "pending"}),
        ("bị trả lại", {"status": "rejected"}),
        ("đã gỡ", {"status": "unpublished", "publish_at": now - HOUR}),
        ("hẹn giờ", {"status": "published", "publish_at": now + HOUR}),
        ("hết hạn", {"status": "published", "publish_at": now - 2 * HOUR, "expire_at": now - HOUR}),
        ("thùng rác", {"status": "published", "publish_at": now - HOUR, "deleted_at": now}),
    ]


def get_json(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def make_articles():
    now = timezone.now()
    visible = ArticleFactory(published=True, title="Đảng ủy phường họp bàn công tác")
    hidden = {
        label: ArticleFactory(title=f"Bài ẩn {label}", **values)
        for label, values in hidden_states(now)
    }
    return visible, hidden


def test_article_list_and_detail_show_only_published(client):
    visible, hidden = make_articles()
    data = get_json(client, "/api/v1/articles")
    assert [item["slug"] for item in data["results"]] == [visible.slug]
    assert data["results"][0]["title"] == "Đảng ủy phường họp bàn công tác"
    assert get_json(client, f"/api/v1/articles/{visible.slug}")["body"] == visible.body
    for label, article in hidden.items():
        response = client.get(f"/api/v1/articles/{article.slug}")
        assert response.status_code == 404, label
        assert response.json() == {"detail": "Không tìm thấy."}


def _entry(**values):
    publication = values.pop("status")
    return ShowcaseEntryFactory(publication=publication, **values)


def test_showcase_list_and_detail_show_only_published(client):
    now = timezone.now()
    visible = ShowcaseEntryFactory(published=True, name="Tủ sách pháp luật ở khu phố")
    hidden = {label: _entry(name=f"Mô hình ẩn {label}", **values)
              for label, values in hidden_states(now)}  # fmt: skip
    data = get_json(client, "/api/v1/showcase")
    assert [item["slug"] for item in data["results"]] == [visible.slug]
    assert get_json(client, f"/api/v1/showcase/{visible.slug}")["name"] == visible.name
    for label, entry in hidden.items():
        assert client.get(f"/api/v1/showcase/{entry.slug}").status_code == 404, label
    assert ShowcaseEntry.objects.count() == 1 + len(hidden)


def test_article_filters(client):
    parent = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Công tác tuyên giáo", parent=parent)
    other = CategoryFactory(name="Văn hóa")
    in_child = ArticleFactory(published=True, category=child, tags=["Chuyển đổi số"])
    in_other = ArticleFactory(published=True, category=other)
    ArticleFactory(category=child, tags=["Chuyển đổi số"])  # a draft: never listed

    def slugs(url):
        return {item["slug"] for item in get_json(client, url)["results"]}

    assert slugs(f"/api/v1/articles?category={parent.slug}") == {in_child.slug}
    assert slugs(f"/api/v1/articles?category={other.slug}") == {in_other.slug}
    assert slugs("/api/v1/articles?tag=chuyen-doi-so") == {in_child.slug}
    Article.objects.filter(pk=in_other.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(f"/api/v1/articles?updated_since={since.replace('+', '%2B')}") == {in_child.slug}
    assert client.get("/api/v1/articles?category=khong-co").status_code == 404
    invalid = client.get("/api/v1/articles?updated_since=hom-qua")
    assert invalid.status_code == 422
    assert invalid.json()["detail"] == "Tham số không hợp lệ."


def test_article_detail_lists_image_renditions(client):
    from articles import services

    article = ArticleFactory(published=True)
    article.featured_image = jpeg_file(size=(800, 600))
    article.featured_image_alt = "Hội nghị"
    services.article_save(article=article, by=None)
    image = get_json(client, f"/api/v1/articles/{article.slug}")["image"]
    assert (image["width"], image["height"], image["alt"]) == (800, 600, "Hội nghị")
    widths = {(r["width"], r["type"]) for r in image["renditions"]}
    assert (640, "image/webp") in widths and (800, "image/jpeg") in widths
    assert all(r["url"].startswith("http://testserver/") for r in image["renditions"])


def test_cursor_pagination_walks_every_article_once(client):
    now = timezone.now()
    # Two share one publication time: the cursor must neither repeat nor skip them.
    made = [ArticleFactory(published=True, publish_at=now - timedelta(minutes=i // 2 + 1))
            for i in range(7)]  # fmt: skip
    seen, url, pages = [], "/api/v1/articles?page_size=3", 0
    while url:
        data = get_json(client, url)
        seen += [item["id"] for item in data["results"]]
        url, pages = data["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(a.pk for a in made)
    assert len(seen) == len(set(seen))
    expected = [a.pk for a in sorted(made, key=lambda a: (a.publish_at, a.pk), reverse=True)]
    assert seen == expected
    huge = get_json(client, "/api/v1/articles?page_size=100000")
    assert len(huge["results"]) == 7  # capped at 100 per page, never the whole table


def test_etag_and_304(client):
    article = ArticleFactory(published=True)
    first = client.get(f"/api/v1/articles/{article.slug}")
    etag = first["ETag"]
    assert etag
    again = client.get(f"/api/v1/articles/{article.slug}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    article.title = "Tiêu đề đã sửa"
    article.save()
    changed = client.get(f"/api/v1/articles/{article.slug}", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["title"] == "Tiêu đề đã sửa"


def test_cors_allowlist(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.thanhpho.vn"]
    allowed = client.get("/api/v1/categories", HTTP_ORIGIN="https://app.thanhpho.vn")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.thanhpho.vn"
    other = client.get("/api/v1/categories", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_ORIGIN="https://app.thanhpho.vn")
    assert "Access-Control-Allow-Origin" not in page  # only the API is shared


def test_throttling_per_client(client, settings):
    settings.API_THROTTLE_RATE = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.1").status_code == 200
    refused = client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # Another client is counted on its own; a forged X-Forwarded-For does not reset the count.
    assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.2").status_code == 200
    forged = client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.1",
                        HTTP_X_FORWARDED_FOR="203.0.113.9")  # fmt: skip
    assert forged.status_code == 429


def test_categories(client):
    parent = CategoryFactory(name="Xây dựng Đảng")
    CategoryFactory(name="Công tác tuyên giáo", parent=parent)
    data = get_json(client, "/api/v1/categories")
    assert {c["name"] for c in data} == {"Xây dựng Đảng", "Công tác tuyên giáo"}
    child = next(c for c in data if c["parent_id"])
    assert child["parent_id"] == parent.pk


def test_openapi_schema_is_valid_and_docs_are_served(client):
    response = client.get("/api/v1/openapi.json")
    schema = json.loads(response.content)
    validate(schema)
    paths = set(schema["paths"])
    assert {"/api/v1/articles", "/api/v1/articles/{slug}", "/api/v1/categories",
            "/api/v1/showcase", "/api/v1/showcase/{slug}", "/api/v1/bulletins",
            "/api/v1/bulletins/{slug}"} <= paths  # fmt: skip
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()  # served from our own static files


def test_list_query_count_is_fixed(client, django_assert_num_queries):
    # The page (category joined), authors, their organisations, tags: four, whatever the size.
    for extra in (3, 10):
        for _ in range(extra):
            ArticleFactory(published=True, tags=["Bầu cử", "Đại hội"], authors=[AuthorFactory()])
        with django_assert_num_queries(4):
            assert client.get("/api/v1/articles?page_size=50").status_code == 200


def test_documents_list_filters_and_detail_show_only_published(client):
    from tests.articles.document_factories import DocumentFactory, IssuingBodyFactory, pdf_file

    now = timezone.now()
    central = IssuingBodyFactory(name="Bộ Chính trị")
    city = IssuingBodyFactory(name="Thành ủy")
    conclusion = DocumentFactory(published=True, kind="ket-luan", number="01-KL/TW",
                                 issuing_body=central)  # fmt: skip
    plan = DocumentFactory(published=True, kind="ke-hoach", number="142-KH/TU",
                           issuing_body=city)  # fmt: skip
    conclusion.attachments.create(file=pdf_file("toan-van.pdf"), file_type="pdf", size=100)
    hidden = {label: DocumentFactory(number=f"{n + 900}-KL/TW", **values)
              for n, (label, values) in enumerate(hidden_states(now))}  # fmt: skip

    data = get_json(client, "/api/v1/documents")
    assert {item["slug"] for item in data["results"]} == {conclusion.slug, plan.slug}
    only = get_json(client, "/api/v1/documents?issuing_body=" + city.slug)["results"]
    assert [item["number"] for item in only] == ["142-KH/TU"]
    only = get_json(client, "/api/v1/documents?kind=ket-luan")["results"]
    assert [item["number"] for item in only] == ["01-KL/TW"]
    detail = get_json(client, f"/api/v1/documents/{conclusion.slug}")
    assert detail["issuing_body"] == "Bộ Chính trị" and detail["kind"] == "Kết luận"
    assert detail["attachments"][0]["url"].endswith(conclusion.attachments.get()
                                                   .get_absolute_url())  # fmt: skip
    for label, document in hidden.items():
        assert client.get(f"/api/v1/documents/{document.slug}").status_code == 404, label
