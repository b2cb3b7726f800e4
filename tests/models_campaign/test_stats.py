import re

import pytest

from models_campaign import stats
from tests.html import inline_scripts
from tests.models_campaign.factories import FieldFactory, LocalityFactory, ShowcaseEntryFactory

pytestmark = pytest.mark.django_db

URL = "/mo-hinh/thong-ke/"


@pytest.fixture
def known_data():
    edu, health, env = (FieldFactory(name=n) for n in ("Giáo dục", "Y tế", "Môi trường"))
    p1, p2 = LocalityFactory(name="Phường 1"), LocalityFactory(name="Phường 2")
    rows = [
        # field, locality, year, status
        (edu, p1, 2019, "replicated"),
        (edu, p1, 2020, "recognised"),
        (edu, p2, 2020, "in_progress"),
        (health, p1, 2020, "registered"),
        (health, p2, 2021, "recognised"),
        (env, p1, 2021, "replicated"),
    ]
    for field, locality, year, status in rows:
        ShowcaseEntryFactory(
            field=field, locality=locality, year_started=year, status=status, published=True
        )
    # Not public: counted nowhere.
    ShowcaseEntryFactory(field=env, locality=p2, year_started=2019, status="recognised")


def _chart(report, slug):
    chart = next(c for c in report["charts"] if c.slug == slug)
    return [(bar.label, bar.value, bar.share) for bar in chart.bars]


def test_report_numbers(known_data, django_assert_num_queries):
    with django_assert_num_queries(4):
        report = stats.report()
    assert report["total"] == 6
    assert report["recognised"] == 4  # 2 recognised + 2 replicated (recognised first)
    assert report["recognised_share"] == 66.7
    assert report["replicated"] == 2
    assert report["replicated_share"] == 33.3
    assert _chart(report, "theo-linh-vuc") == [
        ("Giáo dục", 3, 50.0),
        ("Y tế", 2, 33.3),
        ("Môi trường", 1, 16.7),
    ]
    assert _chart(report, "theo-nam") == [("2019", 1, 16.7), ("2020", 3, 50.0), ("2021", 2, 33.3)]
    assert _chart(report, "theo-dia-ban") == [("Phường 1", 4, 66.7), ("Phường 2", 2, 33.3)]
    assert _chart(report, "ty-le") == [
        ("Được công nhận (kể cả đã nhân rộng)", 4, 66.7),
        ("Được nhân rộng", 2, 33.3),
        ("Chưa được công nhận", 2, 33.3),
    ]


def test_bars_are_proportional():
    chart = stats.bar_chart("x", "X", "X", [("a", 4), ("b", 2), ("c", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == stats.CHART_WIDTH - stats.VALUE_WIDTH
    assert widths[1] == widths[0] // 2 and widths[2] == 0


def test_stats_page_draws_svg_charts_with_accessible_tables(client, known_data):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert html.count('role="img"') == 4
    assert html.count("<table") == 4 and html.count("<caption>") == 4
    assert '<th scope="col">Lĩnh vực</th>' in html
    assert '<th scope="row">Giáo dục</th><td>3</td><td>50%</td>' in html
    assert '<th scope="row">Y tế</th><td>2</td><td>33,3%</td>' in html
    assert "Tổng số: <strong>6</strong>" in html
    assert "được công nhận: <strong>4</strong> (66,7%)" in html
    assert inline_scripts(html) == [] and "http://cdn" not in html and "https://" not in html
    # The longest bar of the field chart is as wide as the drawing allows.
    widths = [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)"', html)]
    assert len(widths) == 3 + 3 + 2 + 3
    assert max(widths) == stats.CHART_WIDTH - stats.VALUE_WIDTH


def test_stats_page_without_data(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Chưa có số liệu." in response.content.decode()
