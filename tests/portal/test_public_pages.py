"""Home blocks, article page extras, archives, feeds, sitemap, robots: what readers and search
engines get, and that only published articles ever appear."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.viewcounts import counter
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def site():
    top = CategoryFactory(name="Xây dựng Đảng", order=1)
    child = CategoryFactory(name="Chi bộ", parent=top)
    other = CategoryFactory(name="Kinh tế", order=2)
    author = AuthorFactory(name="Trương Văn A", organization__name="Ban Tuyên giáo Thành ủy")
    public = ArticleFactory(
        title="Bài công khai",
        summary="Sapo <b>công khai</b>",
        category=child,
        status="published",
        publish_at=NOW - timedelta(hours=2),
        authors=[author],
        tags=["Chỉ thị 05", "Sa Đéc"],
    )
    hidden = [
        ArticleFactory(title="Bài nháp ẩn", category=top),
        ArticleFactory(title="Bài hẹn giờ ẩn", category=top, status="published",
                       publish_at=NOW + timedelta(days=1)),
        ArticleFactory(title="Bài hết hạn ẩn", category=other, status="published",
                       publish_at=NOW - timedelta(days=3), expire_at=NOW - timedelta(days=1)),
        ArticleFactory(title="Bài đã gỡ ẩn", category=other, status="unpublished",
                       publish_at=NOW - timedelta(days=3)),
        ArticleFactory(title="Bài thùng rác ẩn", category=other, status="published",
                       publish_at=NOW - timedelta(days=3), deleted_at=NOW),
    ]  # fmt: skip
    return {"top": top, "child": child, "other": other, "public": public, "hidden": hidden,
            "author": author}  # fmt: skip


def _assert_only_public(text, site):
    assert site["public"].title in text
    for article in site["hidden"]:
        assert article.title not in text, article.title


def test_home_has_category_blocks_and_most_read(client, site, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 1
    ArticleFactory(title="Tin kinh tế", category=site["other"], published=True)
    client.get(site["public"].get_absolute_url())
    html = client.get("/").content.decode()
    _assert_only_public(html, site)
    blocks = re.findall(r'id="cm-([a-z0-9-]+)"', html)
    assert blocks == ["xay-dung-dang", "kinh-te"]  # subcategory articles count for the top one
    most_read = html.split('id="doc-nhieu"')[1].split("</ol>")[0]
    assert "Bài công khai" in most_read and "Tin kinh tế" not in most_read


def test_category_block_keeps_the_newest_four(client, site):
    for i in range(6):
        ArticleFactory(title=f"Kinh tế số {i}", category=site["other"], status="published",
                       publish_at=NOW - timedelta(hours=10 - i))  # fmt: skip
    blocks = dict(client.get("/").context["category_blocks"])
    assert [a.title for a in blocks[site["other"]]] == [f"Kinh tế số {i}" for i in (5, 4, 3, 2)]


def test_article_page_meta_share_and_structured_data(client, site):
    article = site["public"]
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Bài công khai">' in html
    assert 'name="twitter:card"' in html
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fbai-viet%2F" in html
    )
    assert "https://zalo.me/share?url=http%3A%2F%2Ftestserver%2Fbai-viet%2F" in html
    assert f'data-copy-url="{url}"' in html
    assert reverse("articles:print", args=[article.slug]) in html
    assert f'href="{reverse("category_feed", args=[article.category.slug])}"' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = [json.loads(b) for b in blocks]
    assert data[0]["@type"] == "NewsArticle" and data[0]["headline"] == "Bài công khai"
    assert data[0]["author"][0]["name"] == "Trương Văn A"
    names = [i["name"] for i in data[1]["itemListElement"]]
    assert names == ["Trang chủ", "Xây dựng Đảng", "Chi bộ", "Bài công khai"]
    assert "<script>" not in html and '<script type="text/javascript">' not in html


def test_jsonld_cannot_be_broken_out_of(client, site):
    article = site["public"]
    article.summary = "</script><script>alert(1)</script>"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0]
    assert json.loads(block)["description"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_related_articles_shared_tags_first_then_category(client, site):
    article = site["public"]
    both = ArticleFactory(title="Hai thẻ chung", published=True, tags=["Chỉ thị 05", "Sa Đéc"])
    one = ArticleFactory(title="Một thẻ chung", published=True, tags=["Sa Đéc"])
    same_cat = ArticleFactory(title="Cùng chuyên mục", category=article.category, published=True)
    ArticleFactory(title="Không liên quan", published=True)
    ArticleFactory(title="Nháp cùng thẻ", tags=["Sa Đéc"])
    related = client.get(article.get_absolute_url()).context["related"]
    assert [a["title"] for a in related] == [both.title, one.title, same_cat.title]


def test_related_articles_follow_a_publication_at_once(client, site):
    """The byline, tags and related list are kept for the content generation: publishing,
    editing or taking down an article starts a new one, so the page never shows a stale list."""
    article = site["public"]
    url = article.get_absolute_url()
    assert "Tin mới cùng chuyên mục" not in client.get(url).content.decode()
    newer = ArticleFactory(title="Tin mới cùng chuyên mục", category=article.category,
                           published=True)  # fmt: skip
    assert "Tin mới cùng chuyên mục" in client.get(url).content.decode()
    newer.title = "Tin đã đổi tên"
    newer.save()
    html = client.get(url).content.decode()
    assert "Tin đã đổi tên" in html and "Tin mới cùng chuyên mục" not in html
    newer.status = "draft"
    newer.save()
    assert "Tin đã đổi tên" not in client.get(url).content.decode()
    author = AuthorFactory(name="Người Viết Mới")
    article.authors.add(author)
    assert "Người Viết Mới" in client.get(url).content.decode()


def test_print_view(client, site):
    article = site["public"]
    response = client.get(reverse("articles:print", args=[article.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="print-view"' in html
    assert f"Địa chỉ bài viết: http://testserver{article.get_absolute_url()}" in html
    assert "site-nav" not in html and "share-facebook" not in html
    assert '<p class="byline">Trương Văn A (Ban Tuyên giáo Thành ủy)</p>' in html
    hidden = site["hidden"][0]
    assert client.get(reverse("articles:print", args=[hidden.slug])).status_code == 404


def test_month_archive(client, site):
    month = timezone.localtime(site["public"].publish_at)
    index = client.get(reverse("articles:archive")).content.decode()
    assert f"Tháng {month:%m/%Y}" in index
    page = client.get(reverse("articles:month", args=[month.year, month.month]))
    _assert_only_public(page.content.decode(), site)
    for url in ("/luu-tru/2026/13/", "/luu-tru/1/1/", "/luu-tru/99999999999999999999/1/"):
        assert client.get(url).status_code == 404


def test_rss_is_valid_and_lists_only_published(client, site):
    for url in ("/rss/", reverse("category_feed", args=[site["top"].slug])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        root = ET.fromstring(response.content)
        assert root.tag == "rss" and root.get("version") == "2.0"
        titles = [item.findtext("title") for item in root.iter("item")]
        assert titles == ["Bài công khai"]
    other = ET.fromstring(client.get(reverse("category_feed", args=[site["other"].slug])).content)
    assert [i.findtext("title") for i in other.iter("item")] == []
    assert client.get("/rss/chuyen-muc/khong-co/").status_code == 404


def test_sitemap_is_valid_and_lists_only_published(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert f"http://testserver{site['public'].get_absolute_url()}" in locs
    assert f"http://testserver{site['child'].get_absolute_url()}" in locs
    assert f"http://testserver{site['author'].get_absolute_url()}" in locs
    assert "http://testserver/the/chi-thi-05/" in locs
    for article in site["hidden"]:
        assert f"http://testserver{article.get_absolute_url()}" not in locs
    assert f"http://testserver{site['other'].get_absolute_url()}" not in locs  # nothing public
    assert all(u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns))


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_every_public_page_has_a_fixed_query_count(client, site):
    from portal.cache import current_generation
    from tests.models_campaign.factories import ShowcaseEntryFactory

    article = site["public"]
    ArticleFactory(category=site["other"], published=True, is_featured=True, view_count=3,
                   authors=[AuthorFactory()])  # fmt: skip
    ShowcaseEntryFactory(published=True, related_articles=[article])
    month = timezone.localtime(article.publish_at)
    # With a published showcase entry, as on a real site: its highlight on the home page adds the
    # photos prefetch, the article page lists it as related ("Mô hình liên quan").
    # The home page also runs one small query per top-level category (two here).
    # The home page reads the navigation bar (one query); the pages after it in the same
    # content generation share it (portal.cache.per_generation), one query fewer each.
    # Cards show no byline: list pages read no authors.
    pages = {
        "/": 10,
        # the article, the category tree (its section and breadcrumb: kept for the generation,
        # and shared by the section pages below), its byline + tags + related articles (kept
        # for the generation: articles.views.article_extras), its related showcase entries
        article.get_absolute_url(): 7,
        # the article only: its byline was read for the page above in this generation
        reverse("articles:print", args=[article.slug]): 1,
        # list pages: one more for the page's keys (portal.pagination.DeferredJoinPaginator);
        # a section reads its category from the tree kept per generation (articles.views),
        # read here by the article page already
        site["top"].get_absolute_url(): 3,
        "/the/sa-dec/": 4,
        site["author"].get_absolute_url(): 4,
        reverse("articles:archive"): 1,
        reverse("articles:month", args=[month.year, month.month]): 3,
        "/rss/": 3,  # items, then their authors and organisations (the byline)
        "/sitemap.xml": 11,  # count + items for the five sections, documents (empty): 1
    }
    for extra in range(2):  # the same counts with more articles
        # The generation and its next schedule boundary are read once per change of content,
        # not per page: settled before measuring.
        current_generation()
        counted = {}
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counted[url] = len(queries)
        assert counted == pages
        for _ in range(3):
            ArticleFactory(category=site["child"], published=True, tags=["Sa Đéc"],
                           authors=[AuthorFactory()], is_featured=True)  # fmt: skip
        _ = extra


def test_view_counter_adds_up_across_threads(settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.VIEW_COUNT_FLUSH_EVERY = 10**9
    settings.VIEW_COUNT_FLUSH_SECONDS = 10**9
    counter.flush()
    article = ArticleFactory(published=True)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: counter.record(article.pk), range(400)))
    assert Article.objects.get(pk=article.pk).view_count == 0  # nothing written per view
    assert counter.flush() == 400
    assert Article.objects.get(pk=article.pk).view_count == 400


def test_view_counter_flushes_on_threshold(client, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 3
    counter.flush()
    article = ArticleFactory(published=True)
    for reader in range(2):  # three readers: one view each (one per reader per window)
        client.get(article.get_absolute_url(), REMOTE_ADDR=f"203.0.113.{reader}")
    assert Article.objects.get(pk=article.pk).view_count == 0
    client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.9")
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_error_templates_are_vietnamese(client):
    from django.template import loader

    assert "Hệ thống đang gặp sự cố" in loader.get_template("500.html").render()
    assert "tạm ngừng phục vụ" in loader.get_template("503.html").render()
    assert "Không tìm thấy trang" in client.get("/khong-co/").content.decode()


def test_body_pictures_keep_their_captions(client):
    article = ArticleFactory(
        published=True,
        body='<figure class="image-captioned"><img src="/media/uploads/a.jpg" alt="Hội nghị">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure>",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<figure class="image-captioned"><img src="/media/uploads/a.jpg" alt="Hội nghị">' in html
    assert "<figcaption>Quang cảnh hội nghị</figcaption></figure>" in html


def test_category_page_links_its_feed(client, site):
    html = client.get(site["top"].get_absolute_url()).content.decode()
    assert f'href="/rss/chuyen-muc/{site["top"].slug}/"' in html
