"""Factories and helpers for the contests' tests."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import factory
from django.utils import timezone

from models_campaign.contests.models import (
    Contest,
    ContestEntry,
    ContestRound,
    Participant,
    Question,
    RoundQuestion,
    Topic,
)
from portal.editorial.models import Status

_phones = count(1)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = "Tiểu sử"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"Câu hỏi thử số {n}: năm nào?")
    option_a = factory.Sequence(lambda n: f"Phương án một {n}")
    option_b = factory.Sequence(lambda n: f"Phương án hai {n}")
    option_c = factory.Sequence(lambda n: f"Phương án ba {n}")
    option_d = factory.Sequence(lambda n: f"Phương án bốn {n}")
    correct = "c"
    explanation = "Giải thích đáp án."
    topic = factory.SubFactory(TopicFactory)


class ContestFactory(factory.django.DjangoModelFactory):
    """Published by default (`published=False` for a draft)."""

    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"Hội thi tìm hiểu số {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    first_prizes, second_prizes, third_prizes, consolation_prizes = 1, 1, 1, 0
    collective_prizes = 2

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
        )

    published = True


class RoundFactory(factory.django.DjangoModelFactory):
    """Open now, with `questions` (default: 3 new ones) as its fixed list."""

    class Meta:
        model = ContestRound
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    question_count = 3
    time_limit_minutes = 10

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = extracted if extracted is not None else QuestionFactory.create_batch(
            self.question_count)  # fmt: skip
        for order, question in enumerate(chosen):
            RoundQuestion.objects.create(round=self, question=question, order=order)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    contest = factory.SubFactory(ContestFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    phone = factory.LazyFunction(lambda: f"09{next(_phones):08d}")
    consent_at = factory.LazyFunction(timezone.now)


def submitted_entry(round_, *, score, prediction, duration_s=100.0, submitted_at=None,
                    participant=None, attempt=1, **extra) -> ContestEntry:  # fmt: skip
    """A submitted entry with the given figures (for ranking tests)."""
    submitted_at = submitted_at or round_.opens_at + timedelta(minutes=30)
    participant = participant or ParticipantFactory(contest=round_.contest)
    fields = {"state": ContestEntry.State.SUBMITTED, **extra}
    return ContestEntry.objects.create(
        round=round_, participant=participant, attempt=attempt, score=score, prediction=prediction,
        duration_ms=int(duration_s * 1000), submitted_at=submitted_at,
        started_at=submitted_at - timedelta(seconds=duration_s),
        receipt_code=f"T{ContestEntry.objects.count():03d}-TEST", **fields,
    )  # fmt: skip
