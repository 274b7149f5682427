from __future__ import annotations

from datetime import timedelta

from django.db.models import F

from competitions.models import Answer, Attempt, AttemptQuestion


def slots(attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("question").order_by("position"))


def right_ids(slot: AttemptQuestion) -> list[int]:
    """The right choices' ids as a page sends them: their keys (Choice.key), sorted as answers store them."""
    return sorted(c.key for c in slot.question.choices.all() if c.is_correct)


def wrong_id(slot: AttemptQuestion) -> int:
    return next(c.key for c in slot.question.choices.all() if not c.is_correct)


def time_passes(attempt: Attempt, delta: timedelta) -> None:
    """Move the attempt and its answers ``delta`` into the past: the clock went on."""
    Attempt.objects.filter(pk=attempt.pk).update(started_at=F("started_at") - delta, deadline=F("deadline") - delta)
    Answer.objects.filter(attempt=attempt).update(
        answered_at=F("answered_at") - delta, updated_at=F("updated_at") - delta
    )


def finished_attempt(
    round, user, team=None, *, score: int, seconds: int = 100, minute: int = 5, number: int = 1, prediction=None
) -> Attempt:
    """A finished attempt written directly: submitted ``minute`` minutes after the round opened,
    ``seconds`` long, for ``team`` — the figures a ranking or a standing reads, nothing else."""
    submitted = round.opens_at + timedelta(minutes=minute)
    return Attempt.objects.create(
        round=round,
        user=user,
        team=team,
        number=number,
        started_at=submitted - timedelta(seconds=seconds),
        deadline=submitted + timedelta(minutes=10),
        submitted_at=submitted,
        finished_reason=Attempt.FinishedReason.SUBMITTED,
        score=score,
        prediction=prediction,
        duration=timedelta(seconds=seconds),
    )
