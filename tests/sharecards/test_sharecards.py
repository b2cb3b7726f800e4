"""Share cards, icons and feeds: what Facebook, Zalo, search engines and feed readers receive."""

from __future__ import annotations

import io
import json
import re

import feedparser
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles import services
from portal import sharecards
from tests.factories import ArticleFactory, AuthorFactory, jpeg_file

pytestmark = pytest.mark.django_db


def og_image(client, article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'<meta property="og:image" content="([^"]+)"', page)[1]


def fetch_image(client, url) -> tuple[Image.Image, bytes]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/jpeg"
    data = b"".join(response.streaming_content)
    return Image.open(io.BytesIO(data)), data


def with_picture(article):
    article.featured_image = jpeg_file(size=(1000, 800))
    article.featured_image_alt = "Ảnh hội nghị"
    return services.article_save(article=article, by=None)


def test_share_card_is_1200x630_made_once_and_remade_when_the_title_changes(client, monkeypatch):
    article = with_picture(ArticleFactory(published=True, title="Hội nghị học tập Nghị quyết"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta name="robots" content="max-image-preview:large">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    first_url = og_image(client, article)
    image, first_bytes = fetch_image(client, first_url)
    assert image.size == (1200, 630)
    assert default_storage.exists(sharecards.stored_name(article, "og"))

    # Made once: later requests are served from the storage.
    def refuse(*args, **kwargs):
        raise AssertionError("card drawn again")

    monkeypatch.setattr(sharecards, "render", refuse)
    assert fetch_image(client, first_url)[1] == first_bytes
    monkeypatch.undo()

    article.title = "Hội nghị học tập Nghị quyết Đại hội Đảng bộ"
    article = services.article_save(article=article, by=None)
    second_url = og_image(client, article)
    assert second_url != first_url
    image, second_bytes = fetch_image(client, second_url)
    assert image.size == (1200, 630) and second_bytes != first_bytes
    # The old card is gone from the storage; its address leads to the new one.
    old = client.get(first_url)
    assert old.status_code == 302 and old["Location"].endswith(sharecards.card_url(article))
    assert len(default_storage.listdir(f"sharecards/{article.pk}")[1]) == 1


def test_card_changes_with_the_picture_and_exists_without_one(client):
    article = ArticleFactory(published=True, title="Đêm văn nghệ mừng Đại hội")
    plain_url = og_image(client, article)
    image, plain = fetch_image(client, plain_url)
    assert image.size == (1200, 630)
    assert image.getpixel((10, 10)) == pytest.approx(sharecards.BRAND, abs=12)
    article = with_picture(article)
    assert og_image(client, article) != plain_url
    assert fetch_image(client, og_image(client, article))[1] != plain


def test_jsonld_lists_16_9_4_3_and_1_1_pictures(client):
    article = with_picture(ArticleFactory(published=True))
    page = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    news = next(json.loads(b) for b in blocks if '"NewsArticle"' in b)
    sizes = [fetch_image(client, url.replace("http://testserver", ""))[0].size
             for url in news["image"]]  # fmt: skip
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200)]


def test_cards_of_unpublished_articles_are_not_served(client):
    draft = ArticleFactory(title="Bản nháp")
    assert client.get(sharecards.card_url(draft)).status_code == 404
    article = ArticleFactory(published=True)
    url = sharecards.card_url(article).replace("anh-og-", "anh-khac-")
    assert client.get(url).status_code == 404


def test_favicon_and_touch_icons(client):
    page = client.get("/").content.decode()
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page):
        assert client.get(href).status_code == 200, href
    assert 'rel="apple-touch-icon"' in page
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"].endswith("img/favicon.ico")


def test_feed_items_carry_picture_byline_and_unique_guid(client):
    author = AuthorFactory(name="Lê Thị Hoà")
    article = with_picture(ArticleFactory(published=True, authors=[author]))
    ArticleFactory(published=True)
    feed = feedparser.parse(client.get("/rss/").content)
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == article.title)
    assert entry.id == f"http://testserver{article.get_absolute_url()}"
    assert entry.author == author.byline
    picture = entry.media_content[0]
    assert picture["url"] == f"http://testserver{article.featured_image.url}"
    assert (picture["width"], picture["height"]) == ("1000", "800")
    assert len({e.id for e in feed.entries}) == len(feed.entries) == 2
