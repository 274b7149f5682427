"""Which right answers a player may see now, and the record of the answers shown so far.

The bank is for learning, so questions come back in later rounds; what must
not happen is that one round's answers give away a round still being played.

- "After submit" shows a finished attempt its answers before the round
  closes, while other people may still be playing. A question another round
  that has not closed (open, or published and about to open) could still
  draw keeps its answer hidden until that round closes: the province round
  open this week is not given away by a commune round's result page. So
  does a question a live round not finished will still ask.
- Every answer shown is recorded on the question (``answers_shown_at``), the
  first time it is shown to anyone, so that a round set to draw only unseen
  questions (``Round.unseen_only``) leaves it out. A record, not a query over
  the attempts: the draw runs at every start of an attempt and must stay
  cheap, and only the record knows which answers a result page withheld.

Two writers: the result page records what it shows, and closing a round
records everything it drew (from then on any of its players may look), so a
closed round's answers count as shown even if nobody has looked yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from questionbank.models import Question

from . import drawing
from .models import Attempt, AttemptQuestion, LiveQuestion, LiveRound, Round


def withheld_question_ids(*, attempt: Attempt, now: datetime | None = None) -> set[int]:
    """Questions of a finished attempt whose answers stay hidden for now.

    Only an "after submit" round before its close withholds anything: the
    questions (any version of them) that another round not yet closed could draw.
    """
    now = now or timezone.now()
    round = attempt.round
    if round.answers_shown != Round.AnswersShown.AFTER_SUBMIT or round.status_at(now) == Round.Status.CLOSED:
        return set()
    family_of = dict(attempt.questions.values_list("question_id", "question__family"))
    others = Round.objects.not_closed(now).exclude(pk=round.pk)
    hidden = drawing.families_drawable_by(others, family_of.values())
    hidden |= _asked_live_later(family_of.values())
    return {pk for pk, family in family_of.items() if family in hidden}


def _asked_live_later(families: Iterable) -> set:
    """Families that a live round not finished will still ask (its questions are fixed in advance)."""
    return set(
        LiveQuestion.objects.filter(question__family__in=list(families), revealed_at_ms__isnull=True)
        .exclude(live_round__status=LiveRound.Status.FINISHED)
        .filter(live_round__round__published_at__isnull=False)
        .values_list("question__family", flat=True)
    )


def record(*, question_ids: Iterable[int], now: datetime | None = None) -> int:
    """These questions' answers have just been shown; returns how many were shown for the first time."""
    ids = list(question_ids)
    if not ids:
        return 0
    return Question.objects.filter(pk__in=ids, answers_shown_at__isnull=True).update(
        answers_shown_at=now or timezone.now()
    )


def record_closed_round(*, round: Round, now: datetime | None = None) -> int:
    """A round has closed: every question it drew is shown from now on, unless it never shows answers."""
    if round.answers_shown == Round.AnswersShown.NEVER:
        return 0
    drawn = AttemptQuestion.objects.filter(attempt__round=round).values("question_id")
    return Question.objects.filter(pk__in=drawn, answers_shown_at__isnull=True).update(
        answers_shown_at=now or timezone.now()
    )
