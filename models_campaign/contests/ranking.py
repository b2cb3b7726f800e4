"""The ranking rule of a round, in one place.

Among submitted entries, only each participant's best attempt counts. Entries are ordered by:
1. more correct answers;
2. the prediction closest to the actual number of all-correct entries of the round;
3. the shorter duration;
4. the earlier submission;
5. finally the smaller entry id (the order in which the server handed out the questions), so
   two entries never share a rank.
The same order picks the best attempt of a participant and ranks the best attempts.
"""

from __future__ import annotations

from django.db.models import F, QuerySet, Value, Window
from django.db.models.functions import Abs, Coalesce, RowNumber

from models_campaign.contests.models import ContestEntry, ContestRound

# A participant with no prediction is placed after every prediction.
NO_PREDICTION_GAP = 2**40


def all_correct_count(round_: ContestRound) -> int:
    """The actual number of submitted entries of the round with every answer correct."""
    return ContestEntry.objects.filter(
        round=round_, state=ContestEntry.State.SUBMITTED, score=round_.question_count
    ).count()


def order_by(target: int) -> list:
    gap = Coalesce(Abs(F("prediction") - Value(target)), Value(NO_PREDICTION_GAP))
    return [
        F("score").desc(),
        gap.asc(),
        F("duration_ms").asc(),
        F("submitted_at").asc(),
        F("pk").asc(),
    ]


def standings(round_: ContestRound, target: int) -> QuerySet[ContestEntry]:
    """The best attempt of each participant, best first."""
    best = Window(RowNumber(), partition_by=[F("participant_id")], order_by=order_by(target))
    return (
        ContestEntry.objects.filter(round=round_, state=ContestEntry.State.SUBMITTED)
        .annotate(attempt_rank=best)
        .filter(attempt_rank=1)
        .order_by(*order_by(target))
    )
