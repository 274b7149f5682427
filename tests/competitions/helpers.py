from __future__ import annotations

from competitions.models import Attempt, AttemptQuestion


def slots(attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.select_related("question").order_by("position"))


def right_ids(slot: AttemptQuestion) -> list[int]:
    return [c.pk for c in slot.question.choices.all() if c.is_correct]


def wrong_id(slot: AttemptQuestion) -> int:
    return next(c.pk for c in slot.question.choices.all() if not c.is_correct)
