"""Actions of the contests: start an attempt, submit it, freeze a round, find and delete one's
own data, anonymise old participants. Every rule that protects the result is checked here, on the
server: the browser only ever gets the questions and options, never the answer key."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from models_campaign.contests import ranking
from models_campaign.contests.models import (
    OPTION_KEYS,
    Contest,
    ContestEntry,
    ContestRound,
    Participant,
    Question,
)
from portal import audit, ratelimit
from portal import cache as cache_pages
from portal.text import clean_line

TOKEN_SALT = "models_campaign.contests.attempt"
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_rng = random.SystemRandom()


class ContestError(Exception):
    """A refusal shown to the participant as it is (Vietnamese)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class RateLimited(ContestError):
    def __init__(self):
        super().__init__(
            "Có quá nhiều lượt gửi từ thiết bị hoặc số điện thoại này trong thời gian ngắn. "
            "Vui lòng thử lại sau ít phút.",
            status=429,
        )


# --- personal data: normalising and masking -------------------------------------------------
def normalise_phone(raw: str) -> str:
    """ "0912 345 678", "+84 912.345.678", "84912345678" -> "0912345678"; ValueError otherwise."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError("Số điện thoại không hợp lệ: nhập 10 số, bắt đầu bằng 0 hoặc +84.")
    return digits


def mask_phone(phone: str) -> str:
    """ "0912345678" -> "0912***678"."""
    if len(phone) < 7:
        return "***"
    return f"{phone[:4]}{'*' * (len(phone) - 7)}{phone[-3:]}"


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" -> "Nguyễn V. A.": the family name and initials."""
    words = name.split()
    if len(words) <= 1:
        return (words[0][0] + ".") if words else ""
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])


def new_receipt_code() -> str:
    raw = "".join(_rng.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_receipt(raw: str) -> str:
    code = re.sub(r"[^A-Z0-9]", "", (raw or "").upper())
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else ""


# --- rate limits: portal.ratelimit's counters (shared cache), per address and per phone ---------
def check_rate(*, address: str | None, phone: str | None) -> None:
    window = settings.CONTEST_RATE_WINDOW_SECONDS
    checks = [
        ("contest-address", address, settings.CONTEST_RATE_PER_ADDRESS),
        ("contest-phone", phone, settings.CONTEST_RATE_PER_PHONE),
    ]
    for name, key, limit in checks:
        rule = ratelimit.Rule(name=name, prefix="/cuoc-thi/", limit=limit, seconds=window,
                              what="dự thi")  # fmt: skip
        if key and ratelimit.hit(rule, key):
            raise RateLimited()


# --- the attempt token -------------------------------------------------------------------------
def attempt_token(entry: ContestEntry) -> str:
    """Signed, bound to the round, the participant and the start time of the attempt."""
    payload = {
        "e": entry.pk,
        "r": entry.round_id,
        "p": entry.participant_id,
        "s": entry.started_at.isoformat(),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def entry_for_token(token: str, *, lock: bool = False) -> ContestEntry:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=timedelta(days=60))
    except signing.BadSignature as exc:
        raise ContestError("Liên kết bài thi không hợp lệ hoặc đã hết hạn.", status=404) from exc
    entries = ContestEntry.objects.select_related("round__contest", "participant")
    if lock:
        entries = entries.select_for_update(of=("self",))
    entry = entries.filter(pk=data.get("e")).first()
    if (
        entry is None
        or entry.round_id != data.get("r")
        or entry.participant_id != data.get("p")
        or entry.started_at.isoformat() != data.get("s")
    ):
        raise ContestError("Liên kết bài thi không hợp lệ hoặc đã hết hạn.", status=404)
    return entry


def deadline(entry: ContestEntry) -> datetime:
    """When the time allowed for the attempt runs out (what the participant is told)."""
    return entry.started_at + timedelta(minutes=entry.round.time_limit_minutes)


def _accepted_until(entry: ContestEntry) -> datetime:
    # A few seconds more than announced, for the network between the click and the server.
    return deadline(entry) + timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)


# --- starting an attempt -------------------------------------------------------------------------
@dataclass
class ParticipantData:
    full_name: str
    birth_year: int | None
    phone: str
    unit_id: int | None
    locality_id: int | None


def _pick_questions(round_: ContestRound) -> list[int]:
    if round_.selection == ContestRound.Selection.FIXED:
        pool = list(round_.picks.values_list("question_id", flat=True))
    else:
        topics = round_.topics.values_list("pk", flat=True)
        pool = list(Question.objects.filter(topic__in=topics).values_list("pk", flat=True))
    if len(pool) < round_.question_count:
        raise ContestError("Vòng thi chưa đủ câu hỏi. Vui lòng quay lại sau.", status=503)
    # A new order for every attempt (and, for a drawn round, a new draw).
    return _rng.sample(pool, round_.question_count)


def _participant(contest: Contest, data: ParticipantData, now: datetime) -> Participant:
    fields = {
        "full_name": clean_line(data.full_name),
        "birth_year": data.birth_year,
        "unit_id": data.unit_id,
        "locality_id": data.locality_id,
        "consent_at": now,
    }
    for _ in range(2):
        found = (
            Participant.objects.select_for_update()
            .filter(contest=contest, phone=data.phone)
            .first()
        )
        if found is not None:
            for name, value in fields.items():
                setattr(found, name, value)
            found.save()
            return found
        try:
            with transaction.atomic():
                return Participant.objects.create(contest=contest, phone=data.phone, **fields)
        except IntegrityError:
            continue  # created at the same moment by another request: lock and update it
    raise ContestError("Không ghi nhận được thông tin, vui lòng thử lại.", status=503)


def start_attempt(
    *, round_: ContestRound, data: ParticipantData, now: datetime | None = None
) -> ContestEntry:
    """Register (or update) the participant and hand out the questions of a new attempt; an
    attempt still running is handed back instead (a reload, a second tab)."""
    now = now or timezone.now()
    if not round_.is_open_at(now):
        raise ContestError("Vòng thi này hiện không mở.", status=403)
    with transaction.atomic():
        participant = _participant(round_.contest, data, now)
        entries = list(
            ContestEntry.objects.filter(round=round_, participant=participant).order_by("attempt")
        )
        for entry in entries:
            if entry.state == ContestEntry.State.STARTED:
                entry.round = round_
                if now <= _accepted_until(entry):
                    return entry
                entry.state = ContestEntry.State.EXPIRED
                entry.save(update_fields=["state"])
        if len(entries) >= round_.attempts_allowed:
            raise ContestError(
                f"Bạn đã dùng hết {round_.attempts_allowed} lượt thi của vòng này. Kết quả sẽ "
                "được công bố sau khi vòng thi kết thúc.",
                status=409,
            )
        return ContestEntry.objects.create(
            participant=participant,
            round=round_,
            attempt=len(entries) + 1,
            question_ids=_pick_questions(round_),
            started_at=now,
        )


# --- submitting --------------------------------------------------------------------------------
def submit_attempt(
    *, token: str, answers: dict[str, str], prediction: int | None, now: datetime | None = None
) -> ContestEntry:
    """Check the answers on the server and record the attempt once. Submitting the same attempt
    again returns the entry as first recorded (same receipt code). Past the time limit the
    attempt is recorded as expired, without a score."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = entry_for_token(token, lock=True)
        if entry.state == ContestEntry.State.SUBMITTED:
            return entry
        if entry.state == ContestEntry.State.EXPIRED:
            return entry
        if now > _accepted_until(entry):
            entry.state = ContestEntry.State.EXPIRED
            entry.save(update_fields=["state"])
            return entry
        asked = [str(pk) for pk in entry.question_ids]
        kept = {pk: answers[pk] for pk in asked if answers.get(pk) in OPTION_KEYS}
        key = dict(Question.objects.filter(pk__in=entry.question_ids).values_list("pk", "correct"))
        entry.answers = kept
        entry.score = sum(1 for pk, choice in kept.items() if key.get(int(pk)) == choice)
        entry.prediction = prediction
        entry.submitted_at = now
        entry.duration_ms = max(0, int((now - entry.started_at).total_seconds() * 1000))
        entry.state = ContestEntry.State.SUBMITTED
        for _ in range(5):
            entry.receipt_code = new_receipt_code()
            try:
                with transaction.atomic():
                    entry.save()
                break
            except IntegrityError:
                if ContestEntry.objects.filter(receipt_code=entry.receipt_code).exists():
                    continue
                raise
        else:
            raise ContestError("Không tạo được mã xác nhận, vui lòng gửi lại.", status=503)
        return entry


# --- freezing a round ----------------------------------------------------------------------------
def last_submission(round_: ContestRound) -> datetime:
    """An attempt started just before the round closes may still be submitted until then."""
    return round_.closes_at + timedelta(
        minutes=round_.time_limit_minutes, seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS
    )


def _prizes(contest: Contest) -> list[str]:
    return [label for label, count in contest.prize_structure() for _ in range(count)]


def round_statistics(round_: ContestRound) -> dict:
    """Who took part (participants with a submitted entry): per unit and per locality."""
    people = Participant.objects.filter(
        entries__round=round_, entries__state=ContestEntry.State.SUBMITTED
    ).distinct()
    total = people.count()

    def grouped(name: str) -> list[list]:
        rows = (
            Participant.objects.filter(pk__in=people.values("pk"))
            .values(name)
            .annotate(n=Count("pk"))
            .order_by("-n", name)
        )
        return [[row[name] or "Không ghi", row["n"]] for row in rows]

    units = grouped("unit__name")
    named_units = [row for row in units if row[0] != "Không ghi"]
    return {
        "participants": total,
        "entries": ContestEntry.objects.filter(
            round=round_, state=ContestEntry.State.SUBMITTED
        ).count(),
        "units": units,
        "localities": grouped("locality__name"),
        "collective": named_units[: round_.contest.collective_prizes],
    }


def freeze_round(*, round_: ContestRound, by, now: datetime | None = None) -> ContestRound:
    """Close the books of a round that has ended ("chốt"): fix the actual number of all-correct
    entries, rank, give the prizes of the contest's structure, and keep the statistics."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            ContestRound.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        )
        if locked.frozen_at is not None:
            raise ContestError("Vòng thi này đã được chốt kết quả.", status=409)
        if locked.closes_at > now:
            raise ContestError("Chỉ chốt được vòng thi đã kết thúc.", status=409)
        if last_submission(locked) > now:
            raise ContestError(
                "Chưa chốt được: người bắt đầu làm bài ngay trước giờ đóng vẫn còn thời gian nộp "
                f"đến {timezone.localtime(last_submission(locked)):%H:%M:%S}.",
                status=409,
            )
        target = ranking.all_correct_count(locked)
        prizes = _prizes(locked.contest)
        winners = list(ranking.standings(locked, target)[: len(prizes)])
        for position, (entry, prize) in enumerate(zip(winners, prizes, strict=False), start=1):
            entry.rank, entry.prize = position, prize
        ContestEntry.objects.bulk_update(winners, ["rank", "prize"])
        locked.all_correct_count = target
        locked.ranked_count = (
            ContestEntry.objects.filter(round=locked, state=ContestEntry.State.SUBMITTED)
            .values("participant_id")
            .distinct()
            .count()
        )
        locked.statistics = round_statistics(locked)
        locked.frozen_at, locked.frozen_by = now, by
        locked.save(update_fields=["all_correct_count", "ranked_count", "statistics",
                                   "frozen_at", "frozen_by"])  # fmt: skip
        audit.record(action="contest_freeze", actor=by, target=str(locked),
                     detail=f"{target} bài đúng tất cả; {len(winners)} giải")  # fmt: skip
    round_.refresh_from_db()
    return round_


# --- a participant's own data ---------------------------------------------------------------------
def find_own_entry(*, contest: Contest, phone: str, receipt: str) -> ContestEntry | None:
    code = normalise_receipt(receipt)
    try:
        phone = normalise_phone(phone)
    except ValueError:
        return None
    if not code:
        return None
    return (
        ContestEntry.objects.select_related("participant", "round")
        .filter(round__contest=contest, participant__phone=phone, receipt_code=code,
                participant__anonymised_at__isnull=True)
        .first()
    )  # fmt: skip


def delete_own_data(*, entry: ContestEntry) -> None:
    """The participant's right to erasure: the person and every attempt go."""
    participant = entry.participant
    with transaction.atomic():
        audit.record(action="contest_self_delete", actor_name="người dự thi",
                     target=f"Người dự thi #{participant.pk} ({participant.contest})")  # fmt: skip
        participant.delete()
        transaction.on_commit(cache_pages.bump_generation)  # a winner may have left the results


def anonymise_participants(
    *, months: int, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Strip the personal data of the participants of contests that ended `months` ago. Units,
    localities, scores and rankings stay (the statistics do not change)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(months * 30.44))
    due = Participant.objects.filter(contest__ends_at__lt=cutoff, anonymised_at__isnull=True)
    count = due.count()
    if dry_run or not count:
        return count
    label = Concat(Value("Người dự thi #"), Cast("pk", CharField()))
    due.update(full_name=label, phone=Concat(Value("an-"), Cast("pk", CharField())),
               birth_year=None, anonymised_at=now)  # fmt: skip
    cache_pages.bump_generation()  # winners' names on the result pages
    audit.record(action="contest_anonymise", actor_name="hệ thống",
                 target=f"{count} người dự thi", detail=f"Sau {months} tháng")  # fmt: skip
    return count
