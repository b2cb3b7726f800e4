"""The jury's export of a round: every ranked participant's best attempt, in ranking order, as
CSV or XLSX. Text that a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from models_campaign.contests import ranking
from models_campaign.contests.models import ContestRound

HEADERS = [
    "Hạng", "Giải", "Mã xác nhận", "Họ và tên", "Năm sinh", "Số điện thoại", "Đơn vị", "Địa bàn",
    "Lượt thi", "Số câu đúng", "Dự đoán", "Chênh lệch dự đoán", "Thời gian làm bài (giây)",
    "Nộp lúc",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A cell a spreadsheet would evaluate ("=HYPERLINK(...)", "+1", "@SUM") is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(round_: ContestRound):
    target = (
        round_.all_correct_count
        if round_.all_correct_count is not None
        else ranking.all_correct_count(round_)
    )
    entries = ranking.standings(round_, target).select_related(
        "participant__unit", "participant__locality"
    )
    for position, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        person = entry.participant
        gap = abs(entry.prediction - target) if entry.prediction is not None else ""
        yield [
            position, entry.prize, entry.receipt_code, person.full_name, person.birth_year or "",
            person.phone, person.unit.name if person.unit_id else "",
            person.locality.name if person.locality_id else "", entry.attempt, entry.score,
            entry.prediction if entry.prediction is not None else "", gap,
            round(entry.duration_ms / 1000, 3),
            timezone.localtime(entry.submitted_at).strftime("%d/%m/%Y %H:%M:%S.%f")[:-3],
        ]  # fmt: skip


def as_csv(round_: ContestRound) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 with the BOM
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows(round_):
        writer.writerow([escape_formula(value) for value in row])
    return out.getvalue().encode("utf-8")


def as_xlsx(round_: ContestRound) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Vòng {round_.number}")
    sheet.append(HEADERS)
    for row in rows(round_):
        sheet.append([escape_formula(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
