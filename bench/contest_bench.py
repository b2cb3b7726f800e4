"""Contest benchmark: entries under load against gunicorn, and freezing a big round.

Not a test: run by hand (README, "Online knowledge contests"). Needs PostgreSQL (DATABASE_URL)
and, for several gunicorn workers to share the rate-limit counters, Redis (REDIS_URL).

1. `--entries 2000 --clients 200`: a new contest with a round open now; each simulated client
   (a thread with its own connection) opens the round page, sends the participant form, opens
   its questions, submits its answers and prediction, then submits the very same attempt again
   (a double tap). Afterwards the database is checked: every entry stored once, none lost, each
   score what the client answered, and the second submission got the first receipt code.
2. `--freeze 100000`: a closed round with that many submitted entries (bulk-inserted), then
   `freeze_round` is timed.

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 portal_bench_contest
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_contest
    .venv/bin/python manage.py migrate
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/contest_bench.py
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.load import free_port  # noqa: E402
from models_campaign.contests import services  # noqa: E402
from models_campaign.contests.models import (  # noqa: E402
    Contest,
    ContestEntry,
    ContestRound,
    Participant,
    Question,
    RoundQuestion,
    Topic,
)
from portal.editorial.models import Status  # noqa: E402

QUESTIONS = 10


def make_contest(label: str) -> Contest:
    now = timezone.now()
    return Contest.objects.create(
        title=f"Hội thi thử tải {label} {now:%H%M%S}", starts_at=now - timedelta(days=30),
        ends_at=now + timedelta(days=30), status=Status.PUBLISHED,
        publish_at=now - timedelta(days=30),
    )  # fmt: skip


def make_round(contest: Contest, *, number: int, opens, closes) -> ContestRound:
    topic, _ = Topic.objects.get_or_create(name="Thử tải")
    round_ = ContestRound.objects.create(contest=contest, number=number, opens_at=opens,
                                         closes_at=closes, question_count=QUESTIONS,
                                         time_limit_minutes=30)  # fmt: skip
    for i in range(QUESTIONS):
        question = Question.objects.create(
            text=f"Câu hỏi thử tải {contest.pk}-{number}-{i}?", option_a="Một", option_b="Hai",
            option_c="Ba", option_d="Bốn", correct="abcd"[i % 4], topic=topic,
        )  # fmt: skip
        RoundQuestion.objects.create(round=round_, question=question, order=i)
    return round_


# --- 1. entries under load -----------------------------------------------------------------
def start_gunicorn(workers: int) -> tuple[str, subprocess.Popen]:
    import urllib.request

    port = free_port()
    env = {**os.environ, "GUNICORN_WORKERS": str(workers), "GUNICORN_ACCESS_LOG": "/dev/null",
           "PYTHONPATH": str(ROOT), "CSRF_COOKIE_SECURE": "False",
           "SESSION_COOKIE_SECURE": "False", "CONTEST_RATE_PER_ADDRESS": "1000000",
           "PAGE_CACHE_SECONDS": "600", "GUNICORN_LOG_LEVEL": "warning"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "portal.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return f"127.0.0.1:{port}", process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


class Client:
    """One participant's browser: a keep-alive connection and its cookies."""

    def __init__(self, host: str, timings: list, lock: threading.Lock):
        self.host, self.timings, self.lock = host, timings, lock
        self.conn = http.client.HTTPConnection(host, timeout=60)
        self.cookies: dict[str, str] = {}
        self.statuses: list[int] = []

    def request(self, method: str, path: str, form: dict | None = None, kind: str = "page"):
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        for retry in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, timeout=60)
                if retry:
                    raise
        elapsed = time.perf_counter() - began
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        with self.lock:
            self.timings.append((kind, elapsed, response.status))
        self.statuses.append(response.status)
        return response.status, response.headers, text


def csrf(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def take_round(n: int, *, host, round_url, key, timings, lock) -> dict:
    client = Client(host, timings, lock)
    status, _h, page = client.request("GET", round_url)
    form = {"csrfmiddlewaretoken": csrf(page), "full_name": f"Người thử tải {n}",
            "birth_year": "1990", "phone": f"0120{n:07d}", "consent": "on"}  # fmt: skip
    status, headers, _t = client.request("POST", round_url, form, kind="start")
    attempt = urllib.parse.urlsplit(headers["Location"]).path
    status, _h, page = client.request("GET", attempt)
    shown = [int(pk) for pk in dict.fromkeys(re.findall(r'name="q(\d+)"', page))]
    right = random.Random(n).randint(0, QUESTIONS)
    answers = {f"q{pk}": key[pk] if i < right else "abcd"[("abcd".index(key[pk]) + 1) % 4]
               for i, pk in enumerate(shown)}  # fmt: skip
    submit = {"csrfmiddlewaretoken": csrf(page), **answers, "prediction": str(n % 50)}
    status, headers, _t = client.request("POST", attempt, submit, kind="submit")
    receipt_path = urllib.parse.urlsplit(headers["Location"]).path
    status, _h, receipt = client.request("GET", receipt_path)
    code = re.search(r'class="receipt-code">([A-Z0-9-]+)<', receipt).group(1)
    # The double tap: the same attempt once more.
    client.request("POST", attempt, submit, kind="submit-again")
    _s, _h, again = client.request("GET", receipt_path)
    code_again = re.search(r'class="receipt-code">([A-Z0-9-]+)<', again).group(1)
    client.conn.close()
    return {"n": n, "phone": form["phone"], "right": right, "code": code,
            "code_again": code_again, "statuses": client.statuses}  # fmt: skip


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def load(entries: int, clients: int, workers: int) -> None:
    now = timezone.now()
    contest = make_contest("tải")
    round_ = make_round(contest, number=1, opens=now - timedelta(minutes=5),
                        closes=now + timedelta(days=1))  # fmt: skip
    key = dict(round_.questions.values_list("pk", "correct"))
    host, server = start_gunicorn(workers)
    timings: list = []
    lock = threading.Lock()
    try:
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(
                lambda n: take_round(n, host=host, round_url=round_.get_absolute_url(), key=key,
                                     timings=timings, lock=lock),
                range(entries),
            ))  # fmt: skip
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = ContestEntry.objects.filter(round=round_)
    by_phone = {p: (code, score) for p, code, score in stored.values_list(
        "participant__phone", "receipt_code", "score")}  # fmt: skip
    lost = sum(1 for r in results if r["phone"] not in by_phone)
    wrong = sum(1 for r in results if by_phone.get(r["phone"]) != (r["code"], r["right"]))
    duplicated = stored.count() - len(by_phone) + sum(
        1 for r in results if r["code_again"] != r["code"])  # fmt: skip
    errors = sum(1 for _k, _t, status in timings if status >= 500)
    print(f"Entries: {entries} from {clients} concurrent clients, gunicorn {workers} workers; "
          f"{len(timings)} requests in {wall:.1f} s ({len(timings) / wall:.0f} req/s)")  # fmt: skip
    print(f"  stored {stored.filter(state='submitted').count()}, lost {lost}, duplicated "
          f"{duplicated}, score or receipt differing {wrong}, 5xx {errors}")  # fmt: skip
    for kind in ("page", "start", "submit", "submit-again"):
        values = [t for k, t, _s in timings if k == kind]
        print(f"  {kind:<13} n={len(values):>5}  p50 {statistics.median(values) * 1000:6.0f} ms"
              f"  p95 {percentile(values, 95) * 1000:6.0f} ms"
              f"  p99 {percentile(values, 99) * 1000:6.0f} ms")  # fmt: skip
    values = [t for _k, t, _s in timings]
    print(f"  all requests  p95 {percentile(values, 95) * 1000:.0f} ms")


# --- 2. freezing a big round ---------------------------------------------------------------
def freeze(count: int) -> None:
    now = timezone.now()
    contest = make_contest("chốt")
    round_ = make_round(contest, number=1, opens=now - timedelta(days=7),
                        closes=now - timedelta(hours=1))  # fmt: skip
    ids = list(round_.questions.values_list("pk", flat=True))
    rng = random.Random(7)
    began = time.perf_counter()
    people = Participant.objects.bulk_create(
        [Participant(contest=contest, full_name=f"Người dự thi {n}", phone=f"0120{n:07d}",
                     consent_at=now) for n in range(count)],
        batch_size=5000,
    )  # fmt: skip
    batch = []
    prefix = f"B{contest.pk % 1000:03d}"
    for n, person in enumerate(people):
        took = rng.randint(60_000, 1_800_000)
        submitted = round_.opens_at + timedelta(seconds=rng.randint(0, 6 * 86400))
        batch.append(ContestEntry(
            participant=person, round=round_, state=ContestEntry.State.SUBMITTED,
            question_ids=ids, answers={}, score=min(QUESTIONS, int(rng.triangular(0, 11, 9))),
            prediction=rng.randint(0, 30000), started_at=submitted - timedelta(milliseconds=took),
            submitted_at=submitted, duration_ms=took, receipt_code=f"{prefix}{n:06d}",
        ))  # fmt: skip
        if len(batch) == 5000:
            ContestEntry.objects.bulk_create(batch)
            batch = []
    ContestEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE models_campaign_contestentry")
    print(f"Freeze: {count} entries inserted in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    round_ = services.freeze_round(round_=round_, by=None)
    took = time.perf_counter() - began
    print(f"  freeze_round: {took:.2f} s; {round_.all_correct_count} all-correct entries, "
          f"{round_.ranked_count} ranked, {round_.entries.filter(rank__isnull=False).count()} "
          "prizes")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--freeze", type=int, default=100_000)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-freeze", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Cần PostgreSQL: đặt DATABASE_URL.")
    if not args.skip_load:
        load(args.entries, args.clients, args.workers)
    if not args.skip_freeze:
        freeze(args.freeze)


if __name__ == "__main__":
    main()
