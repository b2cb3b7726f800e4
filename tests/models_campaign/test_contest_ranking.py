"""The ranking rule, level by level, with hand-made entries; and freezing a round."""

from datetime import timedelta

import pytest
from django.utils import timezone

from models_campaign.contests import ranking, services
from models_campaign.contests.models import ContestEntry, ContestRound
from portal.models import AuditEntry
from tests.models_campaign.contest_factories import (
    ContestFactory,
    ParticipantFactory,
    RoundFactory,
    submitted_entry,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round():
    """A closed round of 3 questions."""
    now = timezone.now()
    return RoundFactory(opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1))


def order(round_, target=None):
    target = ranking.all_correct_count(round_) if target is None else target
    return [e.pk for e in ranking.standings(round_, target)]


def test_more_correct_answers_rank_first_whatever_the_rest(closed_round):
    slow_bad_guess = submitted_entry(closed_round, score=3, prediction=500, duration_s=590)
    fast_good_guess = submitted_entry(closed_round, score=2, prediction=1, duration_s=20)
    assert order(closed_round) == [slow_bad_guess.pk, fast_good_guess.pk]


def test_equal_scores_the_prediction_closest_to_the_actual_all_correct_count_wins(closed_round):
    # Three all-correct entries: the actual number is 3.
    over_by_2 = submitted_entry(closed_round, score=3, prediction=5, duration_s=10)
    exact = submitted_entry(closed_round, score=3, prediction=3, duration_s=500)
    under_by_1 = submitted_entry(closed_round, score=3, prediction=2, duration_s=300)
    assert ranking.all_correct_count(closed_round) == 3
    assert order(closed_round) == [exact.pk, under_by_1.pk, over_by_2.pk]


def test_the_actual_count_counts_only_submitted_all_correct_entries(closed_round):
    submitted_entry(closed_round, score=3, prediction=1)
    submitted_entry(closed_round, score=2, prediction=1)
    submitted_entry(closed_round, score=3, prediction=1, state=ContestEntry.State.EXPIRED)
    assert ranking.all_correct_count(closed_round) == 1


def test_same_score_and_same_gap_the_shorter_duration_wins(closed_round):
    # Predictions 4 and 2 are both 1 away from the actual 3 (the gap is absolute).
    slower = submitted_entry(closed_round, score=3, prediction=4, duration_s=200.5)
    faster = submitted_entry(closed_round, score=3, prediction=2, duration_s=200.4)
    submitted_entry(closed_round, score=3, prediction=3, duration_s=900)
    assert order(closed_round)[1:] == [faster.pk, slower.pk]


def test_same_score_gap_and_duration_the_earlier_submission_wins(closed_round):
    at = closed_round.opens_at + timedelta(hours=3)
    later = submitted_entry(closed_round, score=2, prediction=0, duration_s=60, submitted_at=at)
    earlier = submitted_entry(
        closed_round, score=2, prediction=0, duration_s=60, submitted_at=at - timedelta(seconds=1)
    )
    assert order(closed_round) == [earlier.pk, later.pk]


def test_everything_equal_the_entry_registered_first_wins(closed_round):
    at = closed_round.opens_at + timedelta(hours=3)
    first = submitted_entry(closed_round, score=1, prediction=7, duration_s=60, submitted_at=at)
    second = submitted_entry(closed_round, score=1, prediction=7, duration_s=60, submitted_at=at)
    assert first.pk < second.pk
    assert order(closed_round) == [first.pk, second.pk]


def test_only_the_best_attempt_of_a_participant_counts(closed_round):
    person = ParticipantFactory(contest=closed_round.contest)
    worse = submitted_entry(closed_round, score=1, prediction=0, participant=person, attempt=1)
    best = submitted_entry(closed_round, score=3, prediction=9, participant=person, attempt=2)
    other = submitted_entry(closed_round, score=2, prediction=1)
    ranked = order(closed_round)
    assert ranked == [best.pk, other.pk]
    assert worse.pk not in ranked


def test_a_missing_prediction_ranks_after_any_prediction(closed_round):
    none = submitted_entry(closed_round, score=2, prediction=None, duration_s=1)
    far = submitted_entry(closed_round, score=2, prediction=10_000, duration_s=500)
    assert order(closed_round) == [far.pk, none.pk]


def test_freezing_gives_the_prizes_in_ranking_order_and_keeps_statistics(closed_round, editor):
    contest = closed_round.contest  # 1 first, 1 second, 1 third prize; 2 collective prizes
    third = submitted_entry(closed_round, score=2, prediction=1)
    first = submitted_entry(closed_round, score=3, prediction=1)
    second = submitted_entry(closed_round, score=3, prediction=9)
    fourth = submitted_entry(closed_round, score=0, prediction=1)
    services.freeze_round(round_=closed_round, by=editor)
    closed_round.refresh_from_db()
    assert closed_round.all_correct_count == 2
    assert closed_round.ranked_count == 4
    got = {e.pk: (e.rank, e.prize) for e in ContestEntry.objects.filter(round=closed_round)}
    assert got[first.pk] == (1, "Giải Nhất")
    assert got[second.pk] == (2, "Giải Nhì")
    assert got[third.pk] == (3, "Giải Ba")
    assert got[fourth.pk] == (None, "")
    assert closed_round.statistics["participants"] == 4
    assert AuditEntry.objects.filter(action="contest_freeze", actor=editor).count() == 1
    assert contest.collective_prizes == 2


def test_statistics_per_unit_and_locality_and_the_collective_prize(closed_round, editor):
    from tests.factories import OrganizationFactory
    from tests.models_campaign.factories import LocalityFactory

    big, small, tiny = (OrganizationFactory(name=n) for n in ("Đơn vị lớn", "Đơn vị nhỏ", "Tí"))
    ward = LocalityFactory(name="Phường 7")
    for unit, n in ((big, 3), (small, 2), (tiny, 1)):
        for _ in range(n):
            person = ParticipantFactory(contest=closed_round.contest, unit=unit, locality=ward)
            submitted_entry(closed_round, score=1, prediction=0, participant=person)
    # A second attempt does not make a second participant.
    submitted_entry(closed_round, score=2, prediction=0, participant=person, attempt=2)
    services.freeze_round(round_=closed_round, by=editor)
    stats = ContestRound.objects.get(pk=closed_round.pk).statistics
    assert stats["participants"] == 6 and stats["entries"] == 7
    assert stats["units"] == [["Đơn vị lớn", 3], ["Đơn vị nhỏ", 2], ["Tí", 1]]
    assert stats["localities"] == [["Phường 7", 6]]
    assert stats["collective"] == [["Đơn vị lớn", 3], ["Đơn vị nhỏ", 2]]


def test_a_round_still_open_or_already_frozen_cannot_be_frozen(editor):
    open_round = RoundFactory(contest=ContestFactory())
    with pytest.raises(services.ContestError, match="đã kết thúc"):
        services.freeze_round(round_=open_round, by=editor)
    later = timezone.now() + timedelta(days=2)
    services.freeze_round(round_=open_round, by=editor, now=later)
    with pytest.raises(services.ContestError, match="đã được chốt"):
        services.freeze_round(round_=open_round, by=editor, now=later)


def test_a_round_is_frozen_only_once_the_last_attempt_can_no_longer_arrive(editor, settings):
    settings.CONTEST_SUBMIT_GRACE_SECONDS = 20
    now = timezone.now()
    round_ = RoundFactory(opens_at=now - timedelta(days=1), closes_at=now - timedelta(minutes=5),
                          time_limit_minutes=10)  # fmt: skip
    with pytest.raises(services.ContestError, match="vẫn còn thời gian nộp"):
        services.freeze_round(round_=round_, by=editor)
    services.freeze_round(round_=round_, by=editor, now=round_.closes_at + timedelta(minutes=11))
    assert ContestRound.objects.get(pk=round_.pk).frozen_at is not None
