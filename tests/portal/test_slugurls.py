"""The cached reverse() of the public pages' most printed addresses gives what reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from portal.slugurls import cached_reverse, slug_url


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:detail", {"slug": "bai-viet-1"}),
        ("articles:category", {"slug": "xay-dung-dang"}),
        ("articles:card", {"slug": "bai-viet-1", "shape": "16x9", "key": "0a1b2c3d4e5f"}),
        ("articles:card", {"key": "ffff", "shape": "og", "slug": "a"}),  # any order
        ("articles:card", {"slug": "a", "shape": "og", "key": "khóa số 1"}),  # quoted: not cached
        ("articles:month", {"year": "2026", "month": "11"}),  # int converters
    ],
)
def test_cached_reverse_matches_reverse(name, kwargs):
    for _ in range(2):  # the first call makes the template, the second uses it
        assert cached_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_a_script_prefix_is_kept_apart():
    try:
        set_script_prefix("/cong-thong-tin/")
        assert slug_url("articles:detail", "bai-a") == "/cong-thong-tin/bai-viet/bai-a/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:detail", "bai-a") == "/bai-viet/bai-a/"


def test_a_value_the_url_refuses_is_refused_as_by_reverse():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        slug_url("articles:tag", "Đà Nẵng")  # <slug:...> takes no Vietnamese letters
