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


def test_iso_datetime_writes_what_the_date_filter_wrote():
    from datetime import UTC, date, datetime, timedelta, timezone

    from django.template import Context, Template

    from portal.templatetags.portal_tags import iso_datetime

    def date_filter(value):  # as templates used it: converted to the site's zone first
        return Template("{{ value|date:'c' }}").render(Context({"value": value}))

    aware = datetime(2026, 11, 26, 0, 25, 7, 120000, tzinfo=UTC)
    assert iso_datetime(aware) == date_filter(aware) == "2026-11-26T07:25:07.120000+07:00"
    other = aware.astimezone(timezone(timedelta(hours=-5)))
    assert iso_datetime(other) == date_filter(other)
    naive = datetime(2026, 11, 26, 7, 25)  # noqa: DTZ001 (a datetime without a zone, on purpose)
    assert iso_datetime(naive) == "2026-11-26T07:25:00"
    assert iso_datetime(date(2026, 11, 26)) == "2026-11-26"
    assert iso_datetime(None) == ""
