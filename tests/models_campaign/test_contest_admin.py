"""Staff side of the contests: the contest through the editorial core, the round builder's
locks, freezing, the jury's export, the question import, the audit."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from models_campaign.contests.models import Contest, ContestRound, Question
from portal.editorial import workflow
from portal.models import AuditEntry
from tests.factories import UserFactory
from tests.models_campaign.contest_factories import (
    ParticipantFactory,
    QuestionFactory,
    RoundFactory,
    submitted_entry,
)

pytestmark = pytest.mark.django_db
ORGANISER = "Ban tổ chức hội thi"


@pytest.fixture
def organiser():
    return UserFactory(username="bantochuc", roles=[ORGANISER])


def closed_round(**extra):
    now = timezone.now()
    return RoundFactory(opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1),
                        **extra)  # fmt: skip


def test_a_contest_is_published_through_the_editorial_workflow(writer, editor, client):
    now = timezone.now()
    contest = Contest(title="Hội thi tìm hiểu Di chúc của Bác", starts_at=now,
                      ends_at=now + timedelta(days=20))  # fmt: skip
    workflow.save_content(item=contest, by=writer)
    assert contest.slug == "hoi-thi-tim-hieu-di-chuc-cua-bac"
    assert client.get(contest.get_absolute_url()).status_code == 404
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(item=contest, by=writer, action="publish")
    workflow.transition(item=contest, by=editor, action="publish")
    assert client.get(contest.get_absolute_url()).status_code == 200
    client.force_login(editor)
    preview = client.get(reverse("admin:models_campaign_contest_preview", args=[contest.pk]))
    assert preview.status_code == 200
    assert "Hội thi tìm hiểu Di chúc của Bác" in preview.content.decode()


def test_a_round_edited_after_it_opened_is_refused(organiser, client):
    round_ = RoundFactory()  # opened an hour ago
    round_.time_limit_minutes = 60
    with pytest.raises(ValidationError, match="Vòng thi đã mở"):
        round_.full_clean()
    client.force_login(organiser)
    url = reverse("admin:models_campaign_contestround_change", args=[round_.pk])
    form = {
        "contest": round_.contest.pk, "number": round_.number, "title": "",
        "opens_at_0": timezone.localtime(round_.opens_at).strftime("%d/%m/%Y"),
        "opens_at_1": timezone.localtime(round_.opens_at).strftime("%H:%M:%S"),
        "closes_at_0": timezone.localtime(round_.closes_at).strftime("%d/%m/%Y"),
        "closes_at_1": timezone.localtime(round_.closes_at).strftime("%H:%M:%S"),
        "question_count": 3, "time_limit_minutes": 60, "attempts_allowed": 1,
        "selection": "fixed", "picks-TOTAL_FORMS": 0, "picks-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Vòng thi đã mở" in response.content.decode()
    assert ContestRound.objects.get(pk=round_.pk).time_limit_minutes == 10
    # The questions of an opened round keep their answer key too.
    question = round_.questions.first()
    question.correct = "a"
    with pytest.raises(ValidationError, match="đã dùng trong một vòng thi đã mở"):
        question.full_clean()


def test_a_round_not_yet_open_can_be_edited(organiser):
    now = timezone.now()
    round_ = RoundFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    round_.time_limit_minutes = 30
    round_.full_clean()
    question = round_.questions.first()
    question.correct = "a"
    question.full_clean()


def test_the_round_builder_shows_live_counts(organiser, client):
    round_ = RoundFactory()
    submitted_entry(round_, score=3, prediction=1)
    submitted_entry(round_, score=1, prediction=1)
    client.force_login(organiser)
    page = client.get(reverse("admin:models_campaign_contestround_change", args=[round_.pk]))
    assert "2 lượt nhận câu hỏi; 2 bài đã nộp; 1 bài đúng tất cả" in page.content.decode()


@pytest.mark.parametrize("role", ["Biên tập viên", ORGANISER])
def test_freezing_from_the_admin(role, writer, client):
    round_ = closed_round()
    submitted_entry(round_, score=3, prediction=1)
    url = reverse("admin:models_campaign_contestround_freeze", args=[round_.pk])
    client.force_login(writer)
    assert client.post(url).status_code == 403
    assert ContestRound.objects.get(pk=round_.pk).frozen_at is None
    organiser = UserFactory(roles=[role])
    client.force_login(organiser)
    assert "Không thể hoàn tác" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Đã chốt kết quả" in response.content.decode()
    round_.refresh_from_db()
    assert round_.frozen_by == organiser and round_.all_correct_count == 1
    assert AuditEntry.objects.filter(action="contest_freeze", actor=organiser).exists()


def test_the_jury_export_escapes_formulae(organiser, editor, client):
    round_ = closed_round()
    sly = ParticipantFactory(contest=round_.contest, full_name='=HYPERLINK("http://x","Bấm")')
    plain = ParticipantFactory(contest=round_.contest, full_name="Ngô Thì Nhậm")
    submitted_entry(round_, score=3, prediction=1, participant=sly)
    submitted_entry(round_, score=2, prediction=1, participant=plain)
    url = reverse("admin:models_campaign_contestround_export", args=[round_.pk, "csv"])
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Hạng", "Giải", "Mã xác nhận", "Họ và tên"]
    assert rows[1][0] == "1" and rows[1][3] == '\'=HYPERLINK("http://x","Bấm")'
    assert rows[2][3] == "Ngô Thì Nhậm"
    assert AuditEntry.objects.filter(action="contest_export", actor=organiser).exists()

    from openpyxl import load_workbook

    xlsx = client.get(reverse("admin:models_campaign_contestround_export",
                              args=[round_.pk, "xlsx"]))  # fmt: skip
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value.startswith("'=") and cell.data_type == "s"


CSV_HEADER = (
    "Câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án đúng,Giải thích,Chủ đề,Độ khó\n"
)


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("cau-hoi.csv", ("\ufeff" + text).encode(), content_type="text/csv")


def test_importing_questions_dry_run_then_write(writer, client):
    client.force_login(writer)
    url = reverse("admin:models_campaign_question_import")
    good = CSV_HEADER + (
        "Bác sinh năm nào?,1890,1891,1892,1893,A,Năm 1890.,Tiểu sử,Dễ\n"
        "Bến Nhà Rồng ở đâu?,Hà Nội,Sài Gòn,Huế,Đà Nẵng,b,,Tiểu sử,Trung bình\n"
    )
    checked = client.post(url, {"file": upload(good), "dry_run": "on"})
    html = checked.content.decode()
    assert "2 dòng hợp lệ, 0 dòng lỗi" in html
    assert not Question.objects.exists()
    written = client.post(url, {"file": upload(good)})
    assert written.status_code == 302
    assert Question.objects.count() == 2
    assert Question.objects.get(text="Bến Nhà Rồng ở đâu?").correct == "b"
    assert AuditEntry.objects.filter(action="import", actor=writer).exists()


def test_a_file_with_an_error_is_reported_row_by_row_and_nothing_is_written(writer, client):
    QuestionFactory(text="Câu hỏi đã có trong ngân hàng")
    client.force_login(writer)
    bad = CSV_HEADER + (
        "Câu hợp lệ?,Một,Hai,Ba,Bốn,C,,Tác phẩm,Khó\n"
        "Câu thiếu phương án?,Một,,Ba,Bốn,A,,Tác phẩm,\n"
        "Câu sai đáp án?,Một,Hai,Ba,Bốn,E,,Tác phẩm,\n"
        "Câu hỏi đã có trong ngân hàng,Một,Hai,Ba,Bốn,A,,Tác phẩm,\n"
        "Câu trùng phương án?,Một,một,Ba,Bốn,A,,Tác phẩm,\n"
    )
    response = client.post(reverse("admin:models_campaign_question_import"), {"file": upload(bad)})
    html = response.content.decode()
    assert "1 dòng hợp lệ, 4 dòng lỗi" in html
    assert "thiếu “Phương án B”" in html
    assert "“Đáp án đúng” phải là A, B, C hoặc D" in html
    assert "câu hỏi đã có trong ngân hàng" in html
    assert "có hai phương án trùng nhau" in html
    assert Question.objects.count() == 1


def test_a_file_without_the_required_columns_is_refused(writer, client):
    client.force_login(writer)
    response = client.post(reverse("admin:models_campaign_question_import"),
                           {"file": upload("Câu hỏi,Đáp án\nA,B\n")})  # fmt: skip
    assert "Thiếu cột: Phương án A" in response.content.decode()


def test_editing_a_question_is_recorded_in_the_audit_log(writer, client):
    question = QuestionFactory()
    client.force_login(writer)
    url = reverse("admin:models_campaign_question_change", args=[question.pk])
    form = {"text": "Câu hỏi đã sửa?", "option_a": "Một", "option_b": "Hai", "option_c": "Ba",
            "option_d": "Bốn", "correct": "b", "explanation": "", "topic": question.topic.pk,
            "difficulty": 2}  # fmt: skip
    assert client.post(url, form).status_code == 302
    entry = AuditEntry.objects.get(action="contest_change")
    assert entry.actor == writer and entry.target == f"Câu hỏi #{question.pk}"


def test_the_round_list_offers_freeze_and_export_only_to_those_allowed(
    organiser, editor, writer, client
):
    round_ = closed_round()
    url = reverse("admin:models_campaign_contestround_changelist")
    freeze = reverse("admin:models_campaign_contestround_freeze", args=[round_.pk])
    client.force_login(writer)
    page = client.get(url).content.decode()
    assert str(round_.contest) in page and freeze not in page and "xuat.csv" not in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert freeze in page and "xuat.csv" not in page
    client.force_login(organiser)
    page = client.get(url).content.decode()
    assert freeze in page and f"/{round_.pk}/xuat.csv" in page


def test_questions_drawn_per_attempt_come_from_the_round_topics(client):
    from models_campaign.contests import services
    from tests.models_campaign.contest_factories import TopicFactory

    works, life = TopicFactory(name="Tác phẩm"), TopicFactory(name="Tiểu sử")
    pool = {q.pk for q in QuestionFactory.create_batch(5, topic=works)}
    QuestionFactory.create_batch(3, topic=life)
    round_ = RoundFactory(questions=[], selection="drawn", question_count=2, attempts_allowed=20)
    round_.topics.set([works])
    drawn = set()
    for n in range(8):
        data = services.ParticipantData("Lê Văn Tám", None, f"09110000{n:02d}", None, None)
        entry = services.start_attempt(round_=round_, data=data)
        assert len(entry.question_ids) == 2 and set(entry.question_ids) <= pool
        drawn.update(entry.question_ids)
    assert len(drawn) > 2  # different draws for different attempts
    round_.question_count = 6  # more than the topic holds (set behind the admin's back)
    ContestRound.objects.filter(pk=round_.pk).update(question_count=6)
    data = services.ParticipantData("Lê Văn Chín", None, "0911000099", None, None)
    with pytest.raises(services.ContestError, match="chưa đủ câu hỏi"):
        services.start_attempt(round_=round_, data=data)


def test_a_round_that_has_opened_cannot_be_deleted(organiser, client):
    opened = RoundFactory()
    now = timezone.now()
    later = RoundFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    client.force_login(organiser)
    refused = client.post(reverse("admin:models_campaign_contestround_delete", args=[opened.pk]),
                          {"post": "yes"})  # fmt: skip
    assert refused.status_code == 403
    assert ContestRound.objects.filter(pk=opened.pk).exists()
    done = client.post(reverse("admin:models_campaign_contestround_delete", args=[later.pk]),
                       {"post": "yes"})  # fmt: skip
    assert done.status_code == 302
    assert not ContestRound.objects.filter(pk=later.pk).exists()
