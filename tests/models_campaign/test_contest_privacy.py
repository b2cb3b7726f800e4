"""Personal data: anonymisation after N months, a participant's own view and deletion, and who
sees participants in the admin."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from models_campaign.contests import services
from models_campaign.contests.models import ContestEntry, Participant
from portal.models import AuditEntry
from tests.factories import OrganizationFactory, UserFactory
from tests.models_campaign.contest_factories import (
    ContestFactory,
    ParticipantFactory,
    RoundFactory,
    submitted_entry,
)

pytestmark = pytest.mark.django_db
ORGANISER = "Ban tổ chức hội thi"


def ended_contest(months_ago: int):
    now = timezone.now()
    ends = now - timedelta(days=months_ago * 31)
    return ContestFactory(starts_at=ends - timedelta(days=60), ends_at=ends)


def test_the_command_anonymises_participants_of_contests_ended_n_months_ago(settings):
    settings.CONTEST_PERSONAL_DATA_MONTHS = 6
    unit = OrganizationFactory(name="Đoàn phường 2")
    old, recent = ended_contest(7), ended_contest(2)
    stale = ParticipantFactory(contest=old, full_name="Võ Thị Sáu", phone="0900000001",
                               birth_year=1970, unit=unit)  # fmt: skip
    round_ = RoundFactory(contest=old, opens_at=old.starts_at, closes_at=old.ends_at)
    entry = submitted_entry(round_, score=3, prediction=2, participant=stale)
    kept = ParticipantFactory(contest=recent, full_name="Lê Văn Tám", phone="0900000002")

    call_command("anonymise_contest_participants", "--dry-run")
    assert Participant.objects.get(pk=stale.pk).full_name == "Võ Thị Sáu"

    call_command("anonymise_contest_participants")
    stale.refresh_from_db()
    assert stale.full_name == f"Người dự thi #{stale.pk}"
    assert stale.phone == f"an-{stale.pk}" and stale.birth_year is None
    assert stale.anonymised_at is not None
    assert stale.unit == unit  # statistics per unit stay as they were
    entry.refresh_from_db()
    assert (entry.score, entry.prediction) == (3, 2)
    kept.refresh_from_db()
    assert (kept.full_name, kept.phone, kept.anonymised_at) == ("Lê Văn Tám", "0900000002", None)
    assert AuditEntry.objects.filter(action="contest_anonymise").count() == 1
    # The same participant's code no longer finds anything: the link to the person is gone.
    assert services.find_own_entry(contest=old, phone="0900000001",
                                   receipt=entry.receipt_code) is None  # fmt: skip


def test_the_months_come_from_the_setting(settings):
    contest = ended_contest(7)
    person = ParticipantFactory(contest=contest)
    settings.CONTEST_PERSONAL_DATA_MONTHS = 8
    call_command("anonymise_contest_participants")
    assert Participant.objects.get(pk=person.pk).anonymised_at is None
    settings.CONTEST_PERSONAL_DATA_MONTHS = 6
    call_command("anonymise_contest_participants")
    assert Participant.objects.get(pk=person.pk).anonymised_at is not None


@pytest.fixture
def my_entry():
    round_ = RoundFactory()
    data = services.ParticipantData("Đặng Thùy Trâm", 1995, "0987000111", None, None)
    entry = services.start_attempt(round_=round_, data=data)
    return services.submit_attempt(token=services.attempt_token(entry), answers={}, prediction=4)


def test_a_participant_sees_their_own_data_with_phone_and_receipt(client, my_entry):
    url = reverse("contests:own_data", args=[my_entry.round.contest.slug])
    wrong = client.post(url, {"phone": "0987000111", "receipt": "AAAA-BBBB"})
    assert wrong.status_code == 404 and "Đặng Thùy Trâm" not in wrong.content.decode()
    other_phone = client.post(url, {"phone": "0987000112", "receipt": my_entry.receipt_code})
    assert other_phone.status_code == 404
    page = client.post(url, {"phone": "+84987000111", "receipt": my_entry.receipt_code})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đặng Thùy Trâm" in html and "1995" in html and my_entry.receipt_code in html
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_a_participant_deletes_their_data_after_confirming(client, my_entry):
    url = reverse("contests:own_data", args=[my_entry.round.contest.slug])
    form = {"phone": "0987000111", "receipt": my_entry.receipt_code, "action": "delete"}
    unconfirmed = client.post(url, form)
    assert unconfirmed.status_code == 400
    assert Participant.objects.filter(phone="0987000111").exists()
    done = client.post(url, {**form, "confirm": "yes"})
    assert done.status_code == 200
    assert "Đã xóa toàn bộ thông tin cá nhân" in done.content.decode()
    assert not Participant.objects.filter(phone="0987000111").exists()
    assert not ContestEntry.objects.filter(pk=my_entry.pk).exists()
    assert AuditEntry.objects.filter(action="contest_self_delete").count() == 1
    assert "0987000111" not in AuditEntry.objects.get(action="contest_self_delete").target


@pytest.mark.parametrize(
    ("roles", "sees"),
    [(["Phóng viên"], False), (["Biên tập viên"], False), (["Quản trị"], False),
     ([ORGANISER], True)],
)  # fmt: skip
def test_personal_data_in_the_admin_only_for_the_people_who_run_contests(client, roles, sees):
    ParticipantFactory(full_name="Hoàng Văn Thụ", phone="0911222333")
    client.force_login(UserFactory(roles=roles))
    for name in ("participant", "contestentry"):
        response = client.get(reverse(f"admin:models_campaign_{name}_changelist"))
        assert response.status_code == (200 if sees else 403)
    page = client.get(reverse("admin:models_campaign_participant_changelist")).content.decode()
    assert ("0911222333" in page) is sees
    index = client.get(reverse("admin:index")).content.decode()
    assert ("Người dự thi" in index) is sees


def test_entries_leave_the_page_cache_alone_and_a_deletion_refreshes_it(
    my_entry, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from portal import cache as pages

    generation = pages.bump_generation()
    data = services.ParticipantData("Lý Tự Trọng", None, "0987000999", None, None)
    entry = services.start_attempt(round_=my_entry.round, data=data)
    services.submit_attempt(token=services.attempt_token(entry), answers={}, prediction=1)
    assert cache.get(pages.GEN_KEY) == generation  # a busy round does not empty the page cache
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_own_data(entry=my_entry)
    assert cache.get(pages.GEN_KEY) != generation
