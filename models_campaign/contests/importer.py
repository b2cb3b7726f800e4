"""Importing questions into the bank from a CSV or XLSX file, with Vietnamese headers.

Always checked first: the staff member sees a report line per row ("dry run", the default);
only a file with no error is written, all rows or none."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from models_campaign.contests.models import Question, Topic
from portal import audit
from portal.text import clean_line, clean_text, search_fold

COLUMNS = [
    ("Câu hỏi", "text", True),
    ("Phương án A", "option_a", True),
    ("Phương án B", "option_b", True),
    ("Phương án C", "option_c", True),
    ("Phương án D", "option_d", True),
    ("Đáp án đúng", "correct", True),
    ("Giải thích", "explanation", False),
    ("Chủ đề", "topic", True),
    ("Độ khó", "difficulty", False),
]
DIFFICULTY = {"de": 1, "1": 1, "trung binh": 2, "2": 2, "kho": 3, "3": 3, "": 2}
MAX_BYTES = 5 * 1024 * 1024


class ImportFileError(ValueError):
    pass


@dataclass
class RowReport:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    text: str
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)


def read_rows(upload) -> list[list[str]]:
    if upload.size > MAX_BYTES:
        raise ImportFileError("Tệp quá lớn (tối đa 5 MB).")
    raw = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportFileError("Không đọc được tệp XLSX: hãy kiểm tra lại tệp.") from exc
        sheet = book.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    if name.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError("Tệp CSV phải được lưu với bảng mã UTF-8.") from exc
        return list(csv.reader(io.StringIO(text)))
    raise ImportFileError("Chỉ nhận tệp .csv hoặc .xlsx.")


def check(rows: list[list[str]]) -> list[RowReport]:
    if not rows:
        raise ImportFileError("Tệp không có dữ liệu.")
    headers = [clean_line(h) for h in rows[0]]
    missing = [h for h, _a, required in COLUMNS if required and h not in headers]
    if missing:
        raise ImportFileError("Thiếu cột: " + ", ".join(missing) + ".")
    where = {h: headers.index(h) for h, _a, _r in COLUMNS if h in headers}
    known = {search_fold(t) for t in Question.objects.values_list("text", flat=True)}
    seen: dict[str, int] = {}
    reports = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {attr: (row[where[h]] if h in where and where[h] < len(row) else "")
                for h, attr, _r in COLUMNS}  # fmt: skip
        report = RowReport(number=number, text=clean_line(cell["text"])[:90])
        for header, attr, required in COLUMNS:
            if required and not clean_line(cell[attr]):
                report.errors.append(f"thiếu “{header}”")
        correct = clean_line(cell["correct"]).lower()
        if correct and correct not in ("a", "b", "c", "d"):
            report.errors.append("“Đáp án đúng” phải là A, B, C hoặc D")
        options = [search_fold(cell[f"option_{k}"]) for k in "abcd"]
        if all(options) and len(set(options)) < 4:
            report.errors.append("có hai phương án trùng nhau")
        difficulty = DIFFICULTY.get(search_fold(cell["difficulty"]))
        if difficulty is None:
            report.errors.append("“Độ khó” phải là Dễ, Trung bình hoặc Khó")
        folded = search_fold(cell["text"])
        if folded and folded in known:
            report.errors.append("câu hỏi đã có trong ngân hàng")
        elif folded in seen:
            report.errors.append(f"trùng với dòng {seen[folded]}")
        seen.setdefault(folded, number)
        report.values = {
            "text": clean_text(cell["text"]).strip(),
            **{f"option_{k}": clean_line(cell[f"option_{k}"]) for k in "abcd"},
            "correct": correct, "explanation": clean_text(cell["explanation"]).strip(),
            "topic": clean_line(cell["topic"]), "difficulty": difficulty,
        }  # fmt: skip
        reports.append(report)
    if not reports:
        raise ImportFileError("Tệp không có dòng dữ liệu nào.")
    return reports


@transaction.atomic
def write(reports: list[RowReport]) -> int:
    topics: dict[str, Topic] = {}
    for report in reports:
        values = dict(report.values)
        name = values.pop("topic")
        if name not in topics:
            topics[name] = Topic.objects.filter(name=name).first() or Topic.objects.create(
                name=name
            )
        Question.objects.create(topic=topics[name], **values)
    return len(reports)


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp câu hỏi (.csv hoặc .xlsx)")
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa ghi vào ngân hàng", required=False,
                                 initial=True)  # fmt: skip


def import_view(request):
    if not request.user.has_perm("models_campaign.add_question"):
        raise PermissionDenied
    from django.contrib import admin

    form = ImportForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "Nhập câu hỏi từ tệp", "form": form,
               "columns": COLUMNS, "opts": Question._meta}  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            reports = check(read_rows(form.cleaned_data["file"]))
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return TemplateResponse(request, "admin/models_campaign/question/import.html", context)
        bad = [r for r in reports if r.errors]
        context.update(reports=reports, bad=len(bad), good=len(reports) - len(bad))
        if bad or form.cleaned_data["dry_run"]:
            return TemplateResponse(request, "admin/models_campaign/question/import.html", context)
        count = write(reports)
        audit.record(action="import", actor=request.user, request=request,
                     target="Ngân hàng câu hỏi", detail=f"{count} câu hỏi")  # fmt: skip
        messages.success(request, f"Đã nhập {count} câu hỏi vào ngân hàng.")
        return HttpResponseRedirect(reverse("admin:models_campaign_question_changelist"))
    return TemplateResponse(request, "admin/models_campaign/question/import.html", context)
