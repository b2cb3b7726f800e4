"""Many submissions at once on PostgreSQL: every entry stored once, none lost."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from models_campaign.contests import services
from models_campaign.contests.models import ContestEntry, Participant
from tests.models_campaign.contest_factories import RoundFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PEOPLE = 26  # 3 * 26 + 2 jobs: five batches of 16 threads


def data(n: int) -> services.ParticipantData:
    return services.ParticipantData(f"Người dự thi số {n}", 1990, f"09{n:08d}", None, None)


def in_thread(work):
    def run(*args):
        try:
            return work(*args)
        finally:
            connections.close_all()

    return run


def test_concurrent_submissions_are_stored_once_and_none_is_lost():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are PostgreSQL's (CI runs this test there)")
    round_ = RoundFactory(question_count=3)
    key = dict(round_.questions.values_list("pk", "correct"))
    started = [services.start_attempt(round_=round_, data=data(n)) for n in range(PEOPLE)]
    tokens = [services.attempt_token(entry) for entry in started]
    barrier = threading.Barrier(16, timeout=30)

    @in_thread
    def submit_twice_at_once(token: str) -> str:
        barrier.wait()  # the batch leaves together: the same attempt races with itself
        entry = services.submit_attempt(
            token=token, answers={str(pk): c for pk, c in key.items()}, prediction=7
        )
        return entry.receipt_code

    @in_thread
    def start_and_submit(n: int) -> str:
        barrier.wait()
        try:
            entry = services.start_attempt(round_=round_, data=data(n))
        except services.ContestError as exc:
            # The same person already finished their one attempt a moment earlier.
            assert exc.status == 409
            return "refused"
        entry = services.submit_attempt(token=services.attempt_token(entry), answers={},
                                        prediction=n)  # fmt: skip
        return entry.receipt_code

    jobs = [(submit_twice_at_once, t) for t in tokens for _ in range(2)]
    jobs += [(start_and_submit, PEOPLE + n) for n in range(PEOPLE)]
    # The same new participant twice at the same moment: one person, one attempt.
    jobs += [(start_and_submit, 999)] * 2
    assert len(jobs) % 16 == 0
    with ThreadPoolExecutor(max_workers=16) as pool:
        receipts = list(pool.map(lambda job: job[0](job[1]), jobs))

    twice = receipts[: 2 * PEOPLE]
    assert all(twice[i] == twice[i + 1] for i in range(0, len(twice), 2))  # same answer
    entries = ContestEntry.objects.filter(round=round_)
    assert entries.count() == 2 * PEOPLE + 1
    assert entries.filter(state="submitted").count() == 2 * PEOPLE + 1
    same_person = receipts[-2:]
    assert same_person[0] == same_person[1] or sorted(same_person).count("refused") == 1
    assert set(entries.values_list("receipt_code", flat=True)) == set(receipts) - {"refused"}
    assert Participant.objects.count() == 2 * PEOPLE + 1
    assert entries.filter(score=3).count() == PEOPLE
