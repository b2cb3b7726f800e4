"""Property-based: whatever path or query string a visitor types, no public URL answers 500."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

PREFIXES = [
    "/", "/bai-viet/", "/chuyen-muc/", "/the/", "/tac-gia/", "/luu-tru/", "/rss/",
    "/rss/chuyen-muc/", "/xem-truoc/", "/mo-hinh/", "/mo-hinh/chuyen-de/", "/mo-hinh/thong-ke/",
    "/sitemap.xml", "/robots.txt", "/tim-kiem/",
]  # fmt: skip
PARAMS = ["page", "q", "p", "linh-vuc", "dia-ban", "nam", "chuyen-de", "trang-thai", "loai",
          "chuyen-muc", "tu-ngay", "den-ngay", "a", "b"]  # fmt: skip
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
NASTY = st.sampled_from(
    ["0", "-1", "abc", "9" * 400, "1e9", "NaN", "%00", "../../etc/passwd", "' OR 1=1 --",
     "\u200b", "Thành uỷ", "<script>", "&", "🎉", "\x00", "2026", "13", "đ", " "]
)  # fmt: skip
segment = st.one_of(ANY_TEXT, NASTY, st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True))
query = st.dictionaries(st.sampled_from(PARAMS), st.one_of(ANY_TEXT, NASTY), max_size=4)


@pytest.fixture
def content():
    category = CategoryFactory(name="Xây dựng Đảng")
    ArticleFactory(category=category, published=True, tags=["Sa Đéc"])


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(prefix=st.sampled_from(PREFIXES), segments=st.lists(segment, max_size=3), params=query)
def test_no_public_url_answers_500(content, prefix, segments, params):
    client = Client(raise_request_exception=False)
    path = prefix + "/".join(quote(s, safe="") for s in segments)
    if segments and not prefix.endswith(".xml") and not prefix.endswith(".txt"):
        path += "/"
    response = client.get(path + ("?" + urlencode(params) if params else ""))
    assert response.status_code < 500, (path, params, response.status_code)


@pytest.mark.parametrize(
    "url",
    ["/mo-hinh/?linh-vuc=%00", "/mo-hinh/?nam=%00", "/tim-kiem/?q=a%00b&chuyen-muc=%00",
     "/chuyen-muc/xay-dung-dang/?page=%00", "/?%00=%00"],
)  # fmt: skip
def test_nul_characters_in_query_strings_are_harmless(content, url):
    # NUL cannot go to PostgreSQL in a query: the fuzz test found one reaching it.
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
