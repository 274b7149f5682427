"""The order of attempts within a round (DESIGN.md section 4), written once, for the database.

Score first; then prediction closeness |guess − actual| once the round's
actual number is known (a person without a guess after everyone with one);
then time taken; then who submitted first. A person's best attempt in a
round is the first of theirs in this order; the round's ranking and every
period standing (leaderboards) take their best attempts from here.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, F, IntegerField, OrderBy, Q, QuerySet, Value, When, Window
from django.db.models.functions import Abs, Coalesce, RowNumber

from .models import Attempt

# The annotations the order is made of, under these names.
ORDER_FIELDS = ("order_score", "order_no_guess", "order_gap", "duration", "submitted_at")


def with_order_fields(attempts: QuerySet[Attempt]) -> QuerySet[Attempt]:
    """``attempts`` annotated with the parts of the round's order that are not plain columns."""
    actual = F("round__prediction_actual")
    return attempts.annotate(
        order_score=Coalesce("score", 0),
        order_no_guess=Case(
            When(round__prediction_actual__isnull=False, prediction__isnull=True, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        order_gap=Case(
            When(
                round__prediction_actual__isnull=False,
                prediction__isnull=False,
                then=Abs(F("prediction") - actual),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def order() -> list[OrderBy]:
    """Best first; use on a queryset from ``with_order_fields``."""
    return [
        F("order_score").desc(),
        F("order_no_guess").asc(),
        F("order_gap").asc(),
        F("duration").asc(nulls_last=True),
        F("submitted_at").asc(),
    ]


def key(attempt: Attempt) -> tuple:
    """The same order as a tuple, for an attempt read through ``with_order_fields``: equal keys tie."""
    return (
        -attempt.order_score,
        attempt.order_no_guess,
        attempt.order_gap,
        attempt.duration if attempt.duration is not None else timedelta.max,
        attempt.submitted_at,
    )


def better_than(attempt: Attempt) -> Q:
    """Attempts strictly before ``attempt`` (read through ``with_order_fields``) in the same order, as a
    filter on a queryset from ``with_order_fields``: ``key`` compared field by field."""
    duration = attempt.duration
    parts = [
        ("order_score", "gt", attempt.order_score),
        ("order_no_guess", "lt", attempt.order_no_guess),
        ("order_gap", "lt", attempt.order_gap),
        # nulls last: any time is before no time; nothing is before it when it has none.
        ("duration", "lt", duration) if duration is not None else ("duration__isnull", "exact", False),
        ("submitted_at", "lt", attempt.submitted_at),
    ]
    equal = {"order_score": attempt.order_score, "order_no_guess": attempt.order_no_guess}
    equal |= {"order_gap": attempt.order_gap, "duration": duration, "submitted_at": attempt.submitted_at}
    before, same = Q(), Q()
    for field, lookup, value in parts:
        before |= same & Q(**{f"{field}__{lookup}" if lookup != "exact" else field: value})
        name = field.removesuffix("__isnull")
        same &= Q(**{f"{name}__isnull": True}) if equal[name] is None else Q(**{name: equal[name]})
    return before


def best_attempts(attempts: QuerySet[Attempt]) -> QuerySet[Attempt]:
    """Of these finished attempts, each person's best in each round (one row per round and person)."""
    return (
        with_order_fields(attempts.filter(submitted_at__isnull=False))
        .annotate(place=Window(RowNumber(), partition_by=[F("round_id"), F("user_id")], order_by=order()))
        .filter(place=1)
    )
