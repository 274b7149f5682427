"""Member pages of a self-paced round: the round, the attempt, the result, my team.

Every page works as plain HTML forms; static/js/attempt.js only adds
autosave, the countdown and the share sheet. The server decides the
deadline: every read of an attempt finishes it first if time is up.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from questionbank import marking
from questionbank.models import Question
from quizsite.accounts.devices import device_id, remember_device
from quizsite.accounts.models import Membership

from . import (
    answer_forms,
    answers_shown,
    attempt_steps,
    attempts,
    cards,
    eligibility,
    round_links,
    selectors,
    share_views,
)
from .models import Answer, Attempt, AttemptQuestion
from .permissions import get_attempt_for_player, get_led_team_for_round, get_round_for_player


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round_for_player(request.user, pk)
    now = timezone.now()
    attempts = list(Attempt.objects.filter(round=round, user=request.user).order_by("number"))
    context = {
        "round": round,
        "now": now,
        "status": round.status_at(now),
        "seconds_to_close": max(0, int((round.closes_at - now).total_seconds())),
        "attempts": attempts,
        "under_way": next((a for a in attempts if a.submitted_at is None and now < a.deadline), None),
        "problem": eligibility.entry_problem(round=round, user=request.user, now=now),
        "attempts_left": max(0, round.attempts_allowed - len(attempts)),
        "minutes": -(-round.time_limit_seconds // 60),
        "question_count": sum(item.count for item in round.blueprint.all()),
        "is_leader": Membership.objects.leading().filter(user=request.user).exists(),
        "og": cards.round_card(request, round),
    }
    return remember_device(request, render(request, "competitions/round_detail.html", context))


@login_required
@require_POST
def round_start(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_round_for_player(request.user, pk)
    try:
        attempt = attempts.start_attempt(
            round=round,
            user=request.user,
            device_id=device_id(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return remember_device(request, redirect("competitions:round_detail", pk=round.pk))
    return remember_device(request, redirect("competitions:attempt", pk=attempt.pk))


def _slots(attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("question").order_by("position"))


def _answers(attempt: Attempt) -> dict[int, list[int]]:
    return {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}


@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One question per page (?q=1..n); ?q=n+1 is the submit page."""
    attempt = attempts.finish_if_expired(attempt=get_attempt_for_player(request.user, pk))
    if attempt.is_finished:
        return redirect("competitions:attempt_result", pk=attempt.pk)
    slots = _slots(attempt)
    answers = _answers(attempt)
    if request.method == "POST":
        return _save_and_go(request, attempt, slots, answers)
    prefetch_related_objects(slots, "question__choices")  # every question's, for the page's steps
    first_open = next((i for i, s in enumerate(slots, 1) if not answers.get(s.question_id)), len(slots) + 1)
    q = _page_number(request.GET.get("q"), default=first_open, last=len(slots) + 1)
    now = timezone.now()
    context = {
        "attempt": attempt,
        "round": attempt.round,
        "q": q,
        "total": len(slots),
        "seconds_left": attempt.seconds_left(now),
        "navigator": [
            {"number": i, "answered": bool(answers.get(s.question_id)), "current": i == q}
            for i, s in enumerate(slots, 1)
        ],
        "answered_count": sum(1 for s in slots if answers.get(s.question_id)),
        # Order or hotspot questions in this attempt: practice.js and practice.css draw them. The page of such
        # a question loads them with it; any other page fetches them once it is drawn (attempt.js), so a
        # move to one offline still draws it and the first page on 2G does not wait for them.
        "practice": any(s.question.kind in marking.PRACTICE_KINDS for s in slots),
        "practice_here": q <= len(slots) and slots[q - 1].question.kind in marking.PRACTICE_KINDS,
        "prediction_max": attempts.PREDICTION_MAX,
        # Every question of the attempt as drawn (never its key), for attempt.js to move between them offline.
        "steps": attempt_steps.steps_json(slots, answers),
    }
    if q <= len(slots):
        slot = slots[q - 1]
        chosen = answers.get(slot.question_id, [])
        # The random key and the text only, in this attempt's order (an order question's steps in the
        # member's, once moved): the right-answer flag and the primary key never reach the page.
        choices = attempt_steps.shown_choices(slot, chosen)
        context.update(
            slot=slot,
            question=slot.question,
            kind=slot.question.kind,
            multiple=slot.question.kind == Question.Kind.MULTIPLE,
            chosen=chosen,
            choices=choices,
        )
        if slot.question.kind == Question.Kind.HOTSPOT:
            context.update(
                tap_width=answer_forms.TAP_WIDTH,
                tap_height=answer_forms.tap_height(slot.question),
                chosen_area=answer_forms.area_style(next((c["area"] for c in choices if c["key"] in chosen), None)),
            )
    return remember_device(request, render(request, "competitions/attempt.html", context))


def _page_number(raw: str | None, *, default: int, last: int) -> int:
    try:
        return min(max(int(raw), 1), last)
    except (TypeError, ValueError):
        return default


def _save_and_go(request: HttpRequest, attempt: Attempt, slots: list[AttemptQuestion], answers: dict) -> HttpResponse:
    """The no-JavaScript path: save the page's answer, then show the page asked for."""
    url = reverse("competitions:attempt", kwargs={"pk": attempt.pk})
    question_id = _int(request.POST.get("question"))
    go = _page_number(request.POST.get("go"), default=len(slots) + 1, last=len(slots) + 1)
    current = next((s for s in slots if s.question_id == question_id), None)
    if current is None:
        return redirect(f"{url}?q={go}")
    here = slots.index(current) + 1
    try:
        choice_ids = answer_forms.posted_choices(current, request.POST, saved=answers.get(question_id))
        if "tap.x" in request.POST:
            go = here  # the image was the button: the member sees the area they tapped, chosen
        # An empty page is only a save when it clears an earlier answer to a multiple-choice question.
        if choice_ids or (answers.get(question_id) and current.question.kind == Question.Kind.MULTIPLE):
            attempts.record_answer(attempt=attempt, question_id=question_id, choice_ids=choice_ids)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        attempt.refresh_from_db()
        if attempt.is_finished:
            return redirect("competitions:attempt_result", pk=attempt.pk)
        return redirect(f"{url}?q={here}")
    return redirect(f"{url}?q={go}")


def _int(raw: str | None) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def attempt_save(request: HttpRequest, pk: int) -> JsonResponse:
    """attempt.js saves each tap here: {saved: true, answered_at} or {saved: false, error}."""
    try:
        if "prediction" in request.POST:
            attempt = get_attempt_for_player(request.user, pk)
            attempts.record_prediction(attempt=attempt, prediction=request.POST["prediction"])
            return JsonResponse({"saved": True, "answered_at": timezone.now().isoformat()})
        answer = attempts.save_answer(
            user=request.user,
            attempt_id=pk,
            question_id=_int(request.POST.get("question")),
            choice_ids=request.POST.getlist("choice"),
        )
    except ValidationError as error:
        attempt = get_attempt_for_player(request.user, pk)
        body = {"saved": False, "error": _error_text(error), "finished": attempt.is_finished}
        if attempt.is_finished:
            body["result_url"] = reverse("competitions:attempt_result", kwargs={"pk": attempt.pk})
        return JsonResponse(body, status=409 if attempt.is_finished else 400)
    if answer is None:
        raise Http404
    return JsonResponse({"saved": True, "answered_at": answer.updated_at.isoformat()})


@login_required
@require_POST
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_attempt_for_player(request.user, pk)
    try:
        attempts.submit_attempt(attempt=attempt, prediction=request.POST.get("prediction"))
    except ValidationError as error:
        # A prediction out of range: the attempt is still open, back to the submit step to correct it.
        messages.error(request, _error_text(error))
        total = attempt.questions.count()
        return redirect(reverse("competitions:attempt", kwargs={"pk": attempt.pk}) + f"?q={total + 1}")
    return redirect("competitions:attempt_result", pk=attempt.pk)


@login_required
@require_GET
def attempt_result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempts.finish_if_expired(attempt=get_attempt_for_player(request.user, pk))
    if not attempt.is_finished:
        return redirect("competitions:attempt", pk=attempt.pk)
    round = attempt.round
    now = timezone.now()
    show = round.answers_visible(attempt, now)
    context = {
        "attempt": attempt,
        "round": round,
        "total": attempt.questions.count(),
        "show_answers": show,
        "closed": round.status_at(now) == round.Status.CLOSED,
        "flags": list(attempt.flags.all()),
    }
    if show:
        withheld = answers_shown.withheld_question_ids(attempt=attempt, now=now)
        review = [item for item in _review(attempt) if item["question"].pk not in withheld]
        context["review"] = review
        context["practice"] = any(item["kind"] in marking.PRACTICE_KINDS for item in review)
        context["withheld"] = len(withheld)
        answers_shown.record(question_ids=[item["question"].pk for item in review], now=now)
    # Shown from the first submit: while the round is open (or not yet closed by close_rounds) the page
    # says the rank is provisional, since later attempts and the prediction tie-break can still move it.
    context["place"] = selectors.place_in_round(round, request.user)
    context.update(share_views.share_context(request, attempt))
    return render(request, "competitions/result.html", context)


def _review(attempt: Attempt) -> list[dict]:
    """Each question as the person saw it, with the right choices, their own and the verdict the score counted.

    Right or wrong is ``Answer.correct`` as the scoring stored it (an answer
    given after the deadline did not count), never worked out again here.
    """
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    review = []
    for slot in attempt.questions.select_related("question").prefetch_related("question__choices"):
        by_key = {c.key: c for c in slot.question.choices.all()}
        answer = answers.get(slot.question_id)
        mine = answer.choices if answer else []
        item = {
            "question": slot.question,
            "kind": slot.question.kind,
            "choices": [
                {"text": by_key[key].text, "right": by_key[key].is_correct, "mine": key in mine}
                for key in slot.choice_order
                if key in by_key
            ],
            "ok": answer is not None and answer.correct is True,
        }
        if slot.question.kind == Question.Kind.ORDER:
            item.update(_order_review(slot.question.kind, list(by_key.values()), mine))
        elif slot.question.kind == Question.Kind.HOTSPOT:
            right = next((c for c in by_key.values() if c.is_correct), None)
            tapped = by_key.get(mine[0]) if mine else None
            item.update(
                right_area=right,
                right_style=answer_forms.area_style(right.area if right else None),
                tapped=tapped,
                tapped_style=answer_forms.area_style(tapped.area if tapped else None),
            )
        review.append(item)
    return review


def _order_review(kind: str, choices: list, mine: list[int]) -> dict:
    """The right order, and the member's beside it with each step marked in its right place or not."""
    right = marking.right_answer(kind, choices)
    texts = {c.key: c.text for c in choices}
    in_place = set(marking.in_right_place(right, mine))
    return {
        "right_steps": [texts[key] for key in right],
        "my_steps": [{"text": texts[key], "in_place": key in in_place} for key in mine if key in texts],
    }


@login_required
@require_GET
def round_team(request: HttpRequest, pk: int) -> HttpResponse:
    """For the team leader: who has not played yet (with a number to call), who has, and a link to share."""
    round = get_round_for_player(request.user, pk)
    team = get_led_team_for_round(request.user, round)
    context = {
        "round": round,
        "team": team,
        "progress": selectors.team_progress(round, team),
        "closed": round.is_closed,
        "round_url": request.build_absolute_uri(round_links.path(round.pk)),  # signed: its card shows in Zalo
    }
    return render(request, "competitions/round_team.html", context)
