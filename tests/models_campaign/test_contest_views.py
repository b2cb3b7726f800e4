"""The public flow of a round and its integrity rules, through the pages a participant uses."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from models_campaign.contests import services
from models_campaign.contests.models import ContestEntry, Participant, Question
from tests.factories import OrganizationFactory
from tests.models_campaign.contest_factories import ContestFactory, QuestionFactory, RoundFactory
from tests.models_campaign.factories import LocalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    questions = [
        QuestionFactory(correct=key, explanation=f"Lời giải bí mật số {i}")
        for i, key in enumerate("abcd")
    ]
    return RoundFactory(questions=questions, question_count=4)


def person(**extra):
    from models_campaign.models import Locality
    from portal.models import Organization

    unit = Organization.objects.get_or_create(name="Chi bộ Khu phố 3")[0]
    ward = Locality.objects.filter(name="Phường An Hòa").first() or LocalityFactory(
        name="Phường An Hòa"
    )
    return {"full_name": "Trần Thị Bích Ngọc", "birth_year": "1990", "phone": "+84 912.345.678",
            "unit": unit.pk, "locality": ward.pk, "consent": "on", **extra}  # fmt: skip


def start(client, round_, data):
    url = round_.get_absolute_url()
    return client.post(url, data)


def token_of(response) -> str:
    return re.search(r"/bai-thi/([^/]+)/", response["Location"]).group(1)


def answers_for(entry, *, right: int) -> dict:
    key = dict(Question.objects.values_list("pk", "correct"))
    wrong = {"a": "b", "b": "c", "c": "d", "d": "a"}
    out = {}
    for i, pk in enumerate(entry.question_ids):
        out[f"q{pk}"] = key[pk] if i < right else wrong[key[pk]]
    return out


def test_a_participant_takes_a_round_and_gets_a_receipt_without_the_score(client, round_):
    page = client.get(round_.get_absolute_url())
    assert page.status_code == 200
    assert "Vì sao chúng tôi cần các thông tin này" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]

    started = start(client, round_, person())
    assert started.status_code == 302
    token = token_of(started)
    attempt = client.get(started["Location"])
    html = attempt.content.decode()
    assert attempt.status_code == 200
    entry = ContestEntry.objects.get()
    assert entry.participant.phone == "0912345678"
    assert entry.participant.unit.name == "Chi bộ Khu phố 3"
    positions = [html.index(f'name="q{pk}"') for pk in entry.question_ids]
    assert positions == sorted(positions)  # shown in the order handed out to this attempt

    done = client.post(started["Location"], {**answers_for(entry, right=3), "prediction": "12"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"/xac-nhan/{token}/")
    receipt = client.get(done["Location"]).content.decode()
    entry.refresh_from_db()
    assert entry.state == "submitted" and entry.score == 3 and entry.prediction == 12
    assert entry.receipt_code in receipt
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", entry.receipt_code)
    assert "3/4" not in receipt and "Đúng 3" not in receipt
    assert "công bố sau khi vòng thi kết thúc" in receipt


def test_questions_come_in_a_new_order_for_each_attempt(client):
    questions = QuestionFactory.create_batch(8)
    round_ = RoundFactory(questions=questions, question_count=8, attempts_allowed=30)
    orders = set()
    for _ in range(6):
        response = start(client, round_, person(phone="0987654321"))
        entry = ContestEntry.objects.order_by("-pk").first()
        orders.add(tuple(entry.question_ids))
        client.post(response["Location"], {"prediction": "1"})
    assert len(orders) > 1  # 6 shuffles of 8 questions all alike: about 1 in 10^22


def test_the_answer_key_never_reaches_the_browser_while_the_round_is_open(client, round_):
    """Every page and response of an open round is the same whichever option is correct, and
    none holds an explanation."""
    contest = round_.contest
    started = start(client, round_, person())
    token = token_of(started)
    receipt_url = reverse("contests:receipt", args=[contest.slug, round_.number, token])

    def responses() -> list[str]:
        bodies = [
            client.get(reverse("contests:list")),
            client.get(contest.get_absolute_url()),
            client.get(round_.get_absolute_url()),
            client.get(started["Location"]),
            client.post(started["Location"], {"prediction": "không biết"}),  # re-shown form
            client.get(reverse("contests:results", args=[contest.slug])),
            client.get(reverse("contests:own_data", args=[contest.slug])),
        ]
        return [b.content.decode() for b in bodies]

    def comparable(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'data-countdown="\d+"', "", html)

    before = responses()
    Question.objects.update(correct="a")  # every key changed (behind the admin's back)
    after = responses()
    assert [comparable(h) for h in before] == [comparable(h) for h in after]
    entry = ContestEntry.objects.get()
    submitted = client.post(started["Location"], {**answers_for(entry, right=4), "prediction": "3"})
    final = [submitted.content.decode(), client.get(receipt_url).content.decode()]
    lookup = client.post(
        reverse("contests:own_data", args=[contest.slug]),
        {"phone": "0912345678", "receipt": ContestEntry.objects.get().receipt_code},
    )
    final.append(lookup.content.decode())  # fmt: skip
    for html in before + after + final:
        assert "Lời giải bí mật" not in html
        assert "correct" not in html.lower().replace("correct_count", "")
    assert "Đúng 4/4" not in final[2] and "Điểm và đáp án được công bố sau" in final[2]


def test_after_the_round_closes_the_participant_sees_score_answers_and_explanations(client, round_):
    started = start(client, round_, person())
    entry = ContestEntry.objects.get()
    client.post(started["Location"], {**answers_for(entry, right=2), "prediction": "3"})
    entry.refresh_from_db()
    with time_machine.travel(round_.closes_at + timedelta(minutes=1)):
        form = {"phone": "0912 345 678", "receipt": entry.receipt_code.lower()}
        page = client.post(reverse("contests:own_data", args=[round_.contest.slug]), form)
    html = page.content.decode()
    assert "Đúng 2/4 câu" in html
    assert html.count("Lời giải bí mật") == 4
    assert html.count("<strong>đúng</strong>") == 2


def test_a_tampered_or_foreign_token_is_refused(client, round_):
    started = start(client, round_, person())
    token = token_of(started)
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    url = reverse("contests:attempt", args=[round_.contest.slug, round_.number, forged])
    assert client.get(url).status_code == 404
    assert client.post(url, {"prediction": "1"}).status_code == 404
    other = RoundFactory(contest=round_.contest)
    moved = reverse("contests:attempt", args=[round_.contest.slug, other.number, token])
    assert client.get(moved).status_code == 404
    assert ContestEntry.objects.get().state == "started"


def test_a_token_is_bound_to_the_start_time_of_its_attempt(round_):
    entry = services.start_attempt(
        round_=round_, data=services.ParticipantData("Lê Văn Tám", None, "0911111111", None, None)
    )
    token = services.attempt_token(entry)
    ContestEntry.objects.filter(pk=entry.pk).update(
        started_at=entry.started_at + timedelta(minutes=5)
    )
    with pytest.raises(services.ContestError):
        services.submit_attempt(token=token, answers={}, prediction=1)


def test_the_time_limit_is_kept_on_the_server(client, settings, round_):
    settings.CONTEST_SUBMIT_GRACE_SECONDS = 20
    started = start(client, round_, person())
    entry = ContestEntry.objects.get()
    limit = entry.started_at + timedelta(minutes=round_.time_limit_minutes, seconds=21)
    with time_machine.travel(limit):
        done = client.post(started["Location"], {**answers_for(entry, right=4), "prediction": "1"})
        receipt = client.get(done["Location"]).content.decode()
    entry.refresh_from_db()
    assert entry.state == "expired" and entry.score is None and entry.receipt_code is None
    assert "quá thời gian" in receipt


def test_within_the_grace_seconds_the_entry_counts(settings, round_):
    settings.CONTEST_SUBMIT_GRACE_SECONDS = 20
    data = services.ParticipantData("Lê Văn Tám", None, "0911111111", None, None)
    entry = services.start_attempt(round_=round_, data=data)
    late = entry.started_at + timedelta(minutes=round_.time_limit_minutes, seconds=19)
    done = services.submit_attempt(token=services.attempt_token(entry), answers={},
                                   prediction=1, now=late)  # fmt: skip
    assert done.state == "submitted" and done.score == 0


def test_submitting_the_same_attempt_twice_records_it_once(client, round_):
    started = start(client, round_, person())
    entry = ContestEntry.objects.get()
    client.post(started["Location"], {**answers_for(entry, right=4), "prediction": "5"})
    first = ContestEntry.objects.get()
    again = client.post(started["Location"], {**answers_for(entry, right=0), "prediction": "99"})
    assert again.status_code == 302
    second = ContestEntry.objects.get()
    assert (second.receipt_code, second.score, second.prediction, second.submitted_at) == (
        first.receipt_code, 4, 5, first.submitted_at)  # fmt: skip


def test_answers_are_checked_on_the_server_only_for_the_questions_handed_out(round_):
    data = services.ParticipantData("Lê Văn Tám", None, "0911111111", None, None)
    entry = services.start_attempt(round_=round_, data=data)
    stranger = QuestionFactory(correct="a")
    first = entry.question_ids[0]
    key = Question.objects.get(pk=first).correct
    done = services.submit_attempt(
        token=services.attempt_token(entry),
        answers={str(first): key, str(stranger.pk): "a", str(entry.question_ids[1]): "z"},
        prediction=0,
    )
    assert done.score == 1
    assert done.answers == {str(first): key}


def test_the_honeypot_refuses_robots(client, round_):
    response = start(client, round_, person(website="http://spam.example"))
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_consent_is_required_and_explained(client, round_):
    data = person()
    del data["consent"]
    response = start(client, round_, data)
    assert response.status_code == 400
    assert "Bạn cần đồng ý để tham gia dự thi." in response.content.decode()
    assert not Participant.objects.exists()


def test_a_bad_phone_number_is_refused(client, round_):
    response = start(client, round_, person(phone="12345"))
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_rate_limit_per_phone(client, settings, round_):
    settings.CONTEST_RATE_PER_PHONE = 2
    round_.attempts_allowed = 10
    round_.save()
    for _ in range(2):
        started = start(client, round_, person(phone="0912000111"))
        client.post(started["Location"], {"prediction": "1"})
    refused = start(client, round_, person(phone="0912000111"))
    assert refused.status_code == 429
    assert ContestEntry.objects.count() == 2
    assert start(client, round_, person(phone="0912000222")).status_code == 302


def test_rate_limit_per_address(client, settings, round_):
    settings.CONTEST_RATE_PER_ADDRESS = 3
    codes = [start(client, round_, person(phone=f"091200033{i}")).status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]


def test_one_attempt_allowed_by_default_and_a_reload_resumes_the_running_attempt(client, round_):
    first = start(client, round_, person())
    again = start(client, round_, person())
    assert again["Location"] == first["Location"]  # the same attempt, same questions
    client.post(first["Location"], {"prediction": "1"})
    refused = start(client, round_, person())
    assert refused.status_code == 409
    assert "hết 1 lượt thi" in refused.content.decode()
    assert ContestEntry.objects.count() == 1


def test_a_round_not_open_takes_no_entry(client):
    now = timezone.now()
    later = RoundFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Vòng thi chưa mở" in page and 'name="full_name"' not in page
    assert start(client, later, person()).status_code == 403
    ended = RoundFactory(opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    assert "Vòng thi đã kết thúc" in client.get(ended.get_absolute_url()).content.decode()
    assert start(client, ended, person()).status_code == 403
    assert not ContestEntry.objects.exists()


def test_pages_of_a_contest_that_is_not_published_are_not_found(client):
    draft = ContestFactory(published=False)
    round_ = RoundFactory(contest=draft)
    assert client.get(reverse("contests:list")).content.decode().count(draft.title) == 0
    for url in (draft.get_absolute_url(), round_.get_absolute_url(),
                reverse("contests:results", args=[draft.slug])):  # fmt: skip
        assert client.get(url).status_code == 404


def test_the_results_page_shows_masked_winners_and_unit_statistics(client, editor):
    now = timezone.now()
    round_ = RoundFactory(opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    unit = OrganizationFactory(name="Trường THCS Kim Đồng")
    data = services.ParticipantData("Phạm Minh Khoa", 1985, "0912345678", unit.pk, None)
    entry = services.start_attempt(round_=round_, data=data, now=round_.opens_at)
    services.submit_attempt(token=services.attempt_token(entry), answers={}, prediction=0,
                            now=round_.opens_at + timedelta(minutes=1))  # fmt: skip
    html = client.get(reverse("contests:results", args=[round_.contest.slug])).content.decode()
    assert "Chưa có vòng thi nào được chốt" in html
    services.freeze_round(round_=round_, by=editor)
    html = client.get(reverse("contests:results", args=[round_.contest.slug])).content.decode()
    assert "Phạm M. K." in html and "0912***678" in html
    assert "Phạm Minh Khoa" not in html and "0912345678" not in html
    assert "Giải Nhất" in html
    assert "<svg" in html and "Trường THCS Kim Đồng" in html and "100%" in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"),
     ("84912345678", "0912345678"), ("0912.345.678", "0912345678"),
     ("(028) 3829 1234", "02838291234")],
)  # fmt: skip
def test_phone_numbers_are_normalised(raw, expected):
    assert services.normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "912345678", "+1 202 555 0100", "09123456789012", "0912abc678"]
)
def test_phone_numbers_that_are_not_vietnamese_are_refused(raw):
    with pytest.raises(ValueError):
        services.normalise_phone(raw)


def test_masking_names_and_phones():
    assert services.mask_name("Nguyễn Thị Minh Khai") == "Nguyễn T. M. K."
    assert services.mask_phone("0912345678") == "0912***678"
    assert services.mask_phone("02838291234") == "0283****234"


def test_the_contest_page_is_not_cached_near_a_round_opening(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    now = timezone.now()
    far = RoundFactory(opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=3))
    first = client.get(far.contest.get_absolute_url())
    assert "public" in first["Cache-Control"]
    RoundFactory(contest=far.contest, opens_at=now + timedelta(minutes=5),
                 closes_at=now + timedelta(days=3))  # fmt: skip
    near = client.get(far.contest.get_absolute_url())
    assert "no-cache" in near["Cache-Control"] and near["X-Cache"] == "MISS"
    assert "Sắp mở" in near.content.decode()
