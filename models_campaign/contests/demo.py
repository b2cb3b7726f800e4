"""Demo content of the contests, loaded by `manage.py load_demo`: a contest with a closed, frozen
round (with results) and a round open now. The contest, its rounds and the questions were written
for this demo (`demo_data/contests.yaml`); the participants are invented from the names there
(their phone numbers use an 11-digit prefix retired in 2018)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from portal.demo import datafile
from portal.demo.datafile import Record, Rows, Texts

DATA_FILE = Path(__file__).parent / "demo_data" / "contests.yaml"
SCHEMA = {
    "topics": Texts(),
    "questions": Rows(
        ("topic", "text", "option_a", "option_b", "option_c", "option_d", "correct", "explanation")
    ),
    "contest": Record(("title", "summary", "rules", "prizes", "organiser")),
    # Days from now; questions by their place in `questions`, counting from 1.
    "rounds": Rows(
        ("number", "title", "opens_in_days", "closes_in_days", "first_question", "last_question")
    ),
    "names": Record(("family", "middle", "given")),
}
PARTICIPANTS = 48  # in the first round, which is closed


def data() -> dict:
    return datafile.read(DATA_FILE, SCHEMA)


def load_contests(*, editor, writer, organiser, note) -> None:
    from models_campaign.contests.models import (
        Contest,
        ContestRound,
        Question,
        RoundQuestion,
        Topic,
    )
    from portal.editorial import workflow
    from portal.models import Organization

    demo = data()
    topics = {}
    for name in demo["topics"]:
        topics[name], created = Topic.objects.get_or_create(name=name)
        note(created, name)
    questions = []
    for row in demo["questions"]:
        defaults = {**row, "topic": topics[row["topic"]]}
        question, created = Question.objects.get_or_create(
            text=defaults.pop("text"), defaults=defaults
        )
        questions.append(question)
        note(created, row["text"])

    now = timezone.now().replace(second=0, microsecond=0)
    fields = demo["contest"]
    if Contest.objects.filter(title=fields["title"]).exists():
        return
    unit = Organization.objects.filter(name=fields["organiser"]).first()
    starts_at = now - timedelta(days=15)
    contest = Contest(**{**fields, "organiser": unit}, starts_at=starts_at,
                      ends_at=now + timedelta(days=30))  # fmt: skip
    workflow.save_content(item=contest, by=writer)
    workflow.transition(item=contest, by=editor, action="publish", publish_at=starts_at)
    note(True, contest.title)

    rounds = []
    for row in demo["rounds"]:
        round_ = ContestRound.objects.create(
            contest=contest, number=row["number"], title=row["title"],
            opens_at=now + timedelta(days=row["opens_in_days"]),
            closes_at=now + timedelta(days=row["closes_in_days"]),
            question_count=10, time_limit_minutes=15,
        )  # fmt: skip
        chosen = questions[row["first_question"] - 1 : row["last_question"]]
        for order, question in enumerate(chosen):
            RoundQuestion.objects.create(round=round_, question=question, order=order)
        rounds.append(round_)
    note(True, "vòng thi")
    _take_part(rounds[0], questions, demo["names"], organiser=organiser, now=now)
    note(True, "kết quả vòng 1")


def _take_part(closed, questions, names: dict, *, organiser, now) -> None:
    """Invented participants of the closed round, answering with a made-up accuracy; then the
    round is frozen (its results published)."""
    from models_campaign.contests import services
    from models_campaign.models import Locality
    from portal.models import Organization

    family, middle, given = names["family"], names["middle"], names["given"]
    rng = random.Random(2026)
    units = list(Organization.objects.order_by("pk"))
    localities = list(Locality.objects.order_by("pk"))
    key = {q.pk: q.correct for q in questions}
    for n in range(PARTICIPANTS):
        name = f"{family[n % len(family)]} {middle[n % len(middle)]} {given[(n * 7) % len(given)]}"
        participant = services.ParticipantData(
            full_name=name, birth_year=1960 + (n * 3) % 45, phone=f"0120000{n:04d}",
            unit_id=units[(n * n) % len(units)].pk if units else None,
            locality_id=localities[n % len(localities)].pk if localities else None,
        )  # fmt: skip
        started = closed.opens_at + timedelta(hours=2 + n * 3, minutes=rng.randint(0, 50))
        entry = services.start_attempt(round_=closed, data=participant, now=started)
        accuracy = rng.choice([1.0, 1.0, 0.9, 0.8, 0.7])
        answers = {
            str(pk): (key[pk] if rng.random() < accuracy else rng.choice("abcd"))
            for pk in entry.question_ids
        }
        took = timedelta(seconds=rng.randint(150, 880))
        services.submit_attempt(
            token=services.attempt_token(entry), answers=answers,
            prediction=rng.randint(8, 40), now=started + took,
        )  # fmt: skip
    services.freeze_round(round_=closed, by=organiser, now=now)
