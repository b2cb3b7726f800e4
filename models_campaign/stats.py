"""Statistics of the showcase (published entries only), and the geometry of their SVG charts.

Charts are drawn on the server: the template writes the `<svg>` from the numbers computed here,
with no JavaScript and no chart library. Each chart has a data table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from models_campaign.models import ShowcaseEntry

# Each row: the label on one line, the bar under it (narrow enough to stay legible on a phone).
CHART_WIDTH = 400
VALUE_WIDTH = 56
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 12


@dataclass
class Bar:
    label: str
    value: int
    share: float  # of the total, in percent
    y: int = 0  # top of the row: the label's baseline is at y + LABEL_HEIGHT - 4
    width: int = 0

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 4

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def value_x(self) -> int:
        return self.width + 6

    @property
    def value_y(self) -> int:
        return self.y + LABEL_HEIGHT + BAR_HEIGHT - 3


@dataclass
class Chart:
    slug: str
    title: str
    label_header: str
    bars: list[Bar] = field(default_factory=list)

    chart_width = CHART_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def bar_chart(
    slug: str,
    title: str,
    label_header: str,
    rows: list[tuple[str, int]],
    *,
    whole: int | None = None,
) -> Chart:
    """Horizontal bars, the longest as wide as the drawing allows; shares are of `whole`
    (default: the sum of the rows)."""
    chart = Chart(slug=slug, title=title, label_header=label_header)
    total = sum(value for _label, value in rows) if whole is None else whole
    longest = max((value for _label, value in rows), default=0)
    room = CHART_WIDTH - VALUE_WIDTH
    for index, (label, value) in enumerate(rows):
        chart.bars.append(
            Bar(
                label=str(label),
                value=value,
                share=percent(value, total),
                y=index * ROW_HEIGHT,
                width=round(room * value / longest) if longest else 0,
            )
        )
    return chart


def report() -> dict:
    """Entries by field, by year started, by locality, and the recognised/replicated shares.

    Four grouped queries on published entries, whatever their number.
    """
    published = ShowcaseEntry.objects.published()

    def grouped(key: str, *order: str) -> list[tuple[str, int]]:
        rows = published.values(key).annotate(n=Count("pk")).order_by(*order)
        return [(row[key], row["n"]) for row in rows]

    by_field = grouped("field__name", "-n", "field__name")
    by_year = grouped("year_started", "year_started")
    by_locality = grouped("locality__name", "-n", "locality__name")
    by_status = dict(grouped("status", "status"))

    total = sum(by_status.values())
    replicated = by_status.get(ShowcaseEntry.Status.REPLICATED, 0)
    # A replicated model was recognised first: "recognised" counts both.
    recognised = by_status.get(ShowcaseEntry.Status.RECOGNISED, 0) + replicated
    return {
        "total": total,
        "recognised": recognised,
        "recognised_share": percent(recognised, total),
        "replicated": replicated,
        "replicated_share": percent(replicated, total),
        "charts": [
            bar_chart("theo-linh-vuc", "Số mô hình theo lĩnh vực", "Lĩnh vực", by_field),
            bar_chart("theo-nam", "Số mô hình theo năm bắt đầu", "Năm bắt đầu", by_year),
            bar_chart("theo-dia-ban", "Số mô hình theo địa bàn", "Địa bàn", by_locality),
            bar_chart(
                "ty-le",
                "Tỷ lệ mô hình được công nhận và được nhân rộng",
                "Nhóm",
                [
                    ("Được công nhận (kể cả đã nhân rộng)", recognised),
                    ("Được nhân rộng", replicated),
                    ("Chưa được công nhận", total - recognised),
                ],
                whole=total,
            ),
        ],
    }
