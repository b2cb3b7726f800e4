"""Public pages of the contests. Contests come from `Contest.objects.published()` only; a round is
public with its contest. The pages of an attempt are personal: never cached, and they never hold
the answer key (questions are read without their `correct` and `explanation` columns)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from models_campaign import stats
from models_campaign.contests import services
from models_campaign.contests.forms import PURPOSE, LookupForm, ParticipantForm
from models_campaign.contests.models import Contest, ContestEntry, ContestRound, Question
from portal.clientip import client_ip

PUBLIC_QUESTION_FIELDS = ("pk", "text", "option_a", "option_b", "option_c", "option_d")


def published_contest(slug: str) -> Contest:
    return get_object_or_404(Contest.objects.published().select_related("organiser"), slug=slug)


def contest_round(slug: str, number: int) -> ContestRound:
    contest = published_contest(slug)
    round_ = get_object_or_404(ContestRound, contest=contest, number=number)
    round_.contest = contest
    return round_


def refusal(request, error: services.ContestError, *, round_=None, contest=None):
    context = {"message": error.message, "round": round_, "contest": contest or (
        round_.contest if round_ else None)}  # fmt: skip
    return render(request, "models_campaign/contest_message.html", context, status=error.status)


class ContestListView(ListView):
    template_name = "models_campaign/contest_list.html"
    context_object_name = "contests"

    def get_queryset(self):
        return Contest.objects.published().select_related("organiser").order_by("-starts_at", "-pk")


def detail_context(contest: Contest) -> dict:
    rounds = list(contest.rounds.order_by("number"))
    for round_ in rounds:
        round_.contest = contest
    return {
        "contest": contest,
        "object": contest,
        "rounds": rounds,
        "frozen_rounds": [r for r in rounds if r.is_frozen],
        "now": timezone.now(),
    }


class ContestDetailView(DetailView):
    template_name = "models_campaign/contest_detail.html"

    def get_object(self, queryset=None):
        return published_contest(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **detail_context(self.object)}

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The page says which round is open: near a round's opening or closing it is not kept
        # in the page cache, so it never shows a stale state.
        now, soon = timezone.now(), timedelta(seconds=settings.PAGE_CACHE_SECONDS)
        if any(now <= moment <= now + soon for r in context["rounds"]
               for moment in (r.opens_at, r.closes_at)):  # fmt: skip
            add_never_cache_headers(response)
        return response


@method_decorator(never_cache, name="dispatch")
class RoundView(View):
    """The round's page: the participant form while the round is open."""

    template_name = "models_campaign/contest_round.html"

    def context(self, round_, form) -> dict:
        months = settings.CONTEST_PERSONAL_DATA_MONTHS
        return {"round": round_, "contest": round_.contest, "form": form,
                "purpose": PURPOSE.format(months=months)}  # fmt: skip

    def get(self, request, slug: str, number: int):
        round_ = contest_round(slug, number)
        return render(request, self.template_name, self.context(round_, ParticipantForm()))

    def post(self, request, slug: str, number: int):
        round_ = contest_round(slug, number)
        form = ParticipantForm(request.POST)
        if form.is_robot:
            return refusal(request, services.ContestError("Không gửi được bài dự thi."),
                           round_=round_)  # fmt: skip
        if not round_.is_open:
            return render(request, self.template_name, self.context(round_, form), status=403)
        if not form.is_valid():
            return render(request, self.template_name, self.context(round_, form), status=400)
        try:
            services.check_rate(address=client_ip(request), phone=form.cleaned_data["phone"])
            entry = services.start_attempt(round_=round_, data=form.participant_data())
        except services.ContestError as exc:
            return refusal(request, exc, round_=round_)
        token = services.attempt_token(entry)
        return HttpResponseRedirect(
            reverse("contests:attempt", kwargs={"slug": slug, "number": number, "token": token})
        )


def attempt_questions(entry: ContestEntry) -> list[dict]:
    """The questions of an attempt in the order handed out, without the answer key."""
    found = {
        q["pk"]: q
        for q in Question.objects.filter(pk__in=entry.question_ids).values(*PUBLIC_QUESTION_FIELDS)
    }
    questions = []
    for position, pk in enumerate(entry.question_ids, start=1):
        q = found.get(pk)
        if q is None:
            continue
        questions.append({
            "pk": pk, "position": position, "text": q["text"], "chosen": entry.answers.get(str(pk)),
            "options": [(key, q[f"option_{key}"]) for key in ("a", "b", "c", "d")],
        })  # fmt: skip
    return questions


@method_decorator(never_cache, name="dispatch")
class AttemptView(View):
    """The questions of one attempt (GET) and its submission (POST)."""

    template_name = "models_campaign/contest_attempt.html"

    def entry(self, slug, number, token) -> ContestEntry:
        entry = services.entry_for_token(token)
        if entry.round.contest.slug != slug or entry.round.number != number:
            raise services.ContestError("Liên kết bài thi không hợp lệ.", status=404)
        if not entry.round.contest.is_published:
            raise Http404
        return entry

    def receipt_url(self, slug, number, token) -> str:
        return reverse("contests:receipt", kwargs={"slug": slug, "number": number, "token": token})

    def render_form(self, request, entry, token, *, error="", status=200):
        limit = services.deadline(entry)
        context = {
            "entry": entry, "round": entry.round, "contest": entry.round.contest, "token": token,
            "questions": attempt_questions(entry), "deadline": limit,
            "seconds_left": max(0, int((limit - timezone.now()).total_seconds())),
            "error": error, "prediction": request.POST.get("prediction", ""),
        }  # fmt: skip
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug: str, number: int, token: str):
        try:
            entry = self.entry(slug, number, token)
        except services.ContestError as exc:
            return refusal(request, exc)
        if entry.state != ContestEntry.State.STARTED:
            return HttpResponseRedirect(self.receipt_url(slug, number, token))
        return self.render_form(request, entry, token)

    def post(self, request, slug: str, number: int, token: str):
        try:
            entry = self.entry(slug, number, token)
        except services.ContestError as exc:
            return refusal(request, exc)
        raw = (request.POST.get("prediction") or "").strip().replace(".", "")
        if not raw.isdigit() or len(raw) > 9:
            entry.answers = {k[1:]: v for k, v in request.POST.items() if k.startswith("q")}
            return self.render_form(
                request, entry, token, status=400,
                error="Hãy nhập dự đoán của bạn: một số nguyên, không âm.",
            )  # fmt: skip
        answers = {key[1:]: value for key, value in request.POST.items() if key.startswith("q")}
        try:
            services.submit_attempt(token=token, answers=answers, prediction=int(raw))
        except services.ContestError as exc:
            return refusal(request, exc)
        return HttpResponseRedirect(self.receipt_url(slug, number, token))


@method_decorator(never_cache, name="dispatch")
class ReceiptView(AttemptView):
    template_name = "models_campaign/contest_receipt.html"

    def get(self, request, slug: str, number: int, token: str):
        try:
            entry = self.entry(slug, number, token)
        except services.ContestError as exc:
            return refusal(request, exc)
        if entry.state == ContestEntry.State.STARTED:
            return HttpResponseRedirect(
                reverse(
                    "contests:attempt", kwargs={"slug": slug, "number": number, "token": token}
                )  # fmt: skip
            )
        context = {"entry": entry, "round": entry.round, "contest": entry.round.contest}
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


def round_results(round_: ContestRound) -> dict:
    data = round_.statistics or {}
    winners = list(
        round_.entries.filter(rank__isnull=False)
        .select_related("participant__unit", "participant__locality")
        .order_by("rank")
    )
    for entry in winners:
        entry.masked_name = services.mask_name(entry.participant.full_name)
        entry.masked_phone = services.mask_phone(entry.participant.phone)
    total = data.get("participants", 0)
    units = [(name, n) for name, n in data.get("units", [])]
    localities = [(name, n) for name, n in data.get("localities", [])]
    return {
        "round": round_,
        "winners": winners,
        "participants": total,
        "entries": data.get("entries", 0),
        "collective": data.get("collective", []),
        "charts": [
            stats.bar_chart(f"vong-{round_.number}-don-vi", f"Vòng {round_.number}: người dự thi "
                            "theo đơn vị", "Đơn vị", units, whole=total),
            stats.bar_chart(f"vong-{round_.number}-dia-ban", f"Vòng {round_.number}: người dự thi "
                            "theo địa bàn", "Địa bàn", localities, whole=total),
        ],
    }  # fmt: skip


class ResultsView(DetailView):
    template_name = "models_campaign/contest_results.html"

    def get_object(self, queryset=None):
        return published_contest(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        rounds = list(self.object.rounds.filter(frozen_at__isnull=False).order_by("-number"))
        for round_ in rounds:
            round_.contest = self.object
        return {
            **super().get_context_data(**kwargs),
            "contest": self.object,
            "results": [round_results(r) for r in rounds],
        }


def own_entry_view(entry: ContestEntry) -> dict:
    """What a participant sees of one of their entries: the score and the answer key only once
    the round has closed."""
    closed = entry.round.is_closed
    questions = []
    if closed and entry.state == ContestEntry.State.SUBMITTED:
        bank = {q.pk: q for q in Question.objects.filter(pk__in=entry.question_ids)}
        for position, pk in enumerate(entry.question_ids, start=1):
            q = bank.get(pk)
            if q is None:
                continue
            chosen = entry.answers.get(str(pk))
            questions.append({
                "position": position, "text": q.text, "explanation": q.explanation,
                "chosen": getattr(q, f"option_{chosen}") if chosen else "",
                "correct": getattr(q, f"option_{q.correct}"), "ok": chosen == q.correct,
            })  # fmt: skip
    return {"entry": entry, "closed": closed, "questions": questions}


@method_decorator(never_cache, name="dispatch")
class OwnDataView(View):
    """See or delete one's own data with the phone and a receipt code."""

    template_name = "models_campaign/contest_own_data.html"

    def post(self, request, slug: str):
        contest = published_contest(slug)
        form = LookupForm(request.POST)
        context = {"contest": contest, "form": form}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        try:
            services.check_rate(address=client_ip(request), phone=None)
        except services.ContestError as exc:
            return refusal(request, exc, contest=contest)
        found = services.find_own_entry(contest=contest, phone=form.cleaned_data["phone"],
                                        receipt=form.cleaned_data["receipt"])  # fmt: skip
        if found is None:
            context["not_found"] = True
            return render(request, self.template_name, context, status=404)
        if request.POST.get("action") == "delete":
            if request.POST.get("confirm") != "yes":
                context.update(participant=found.participant, confirm_error=True,
                               entries=self.entries(found))  # fmt: skip
                return render(request, self.template_name, context, status=400)
            services.delete_own_data(entry=found)
            return render(request, self.template_name, {"contest": contest, "deleted": True})
        context.update(participant=found.participant, entries=self.entries(found))
        return render(request, self.template_name, context)

    def entries(self, found: ContestEntry) -> list[dict]:
        entries = found.participant.entries.select_related("round")
        entries = entries.order_by("round__number", "attempt")
        return [own_entry_view(e) for e in entries]

    def get(self, request, slug: str):
        contest = published_contest(slug)
        return render(request, self.template_name, {"contest": contest, "form": LookupForm()})
