"""Closing rounds: finish what is left past the deadlines, take the prediction's actual number."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import answers_shown
from .attempts import finish_expired_attempts
from .item_statistics import compute_question_statistics
from .models import Attempt, Round
from .results_changed import round_results_changed

logger = logging.getLogger(__name__)


def _take_results(round: Round, *, now: datetime) -> Round:
    """Once every attempt of the closed round is finished: the prediction's actual number, and
    its answers recorded as shown (its players may look at them from now on)."""
    round.prediction_actual = (
        Attempt.objects.finished().filter(round=round, correct_all=True).values("user_id").distinct().count()
    )
    round.results_taken_at = now
    round.save(update_fields=["prediction_actual", "results_taken_at"])
    answers_shown.record_closed_round(round=round, now=now)
    round_results_changed(round_id=round.pk)  # the actual number reorders ties, and the round is no longer provisional
    return round


def close_rounds(*, now: datetime | None = None) -> list[Round]:
    """The periodic job: expired attempts everywhere, then rounds that closed.

    When a round closed, the item statistics are rebuilt once the closing is
    committed; their failure is logged and never undoes or stops the closing
    (the hourly item_stats job rebuilds them anyway).
    """
    now = now or timezone.now()
    finish_expired_attempts(now=now)  # every round's, once: no closed round has one left after this
    closed = Round.objects.closed(now).filter(mode=Round.Mode.SELF_PACED, results_taken_at__isnull=True)
    rounds = [_take_results(r, now=now) for r in closed]
    if rounds:
        transaction.on_commit(lambda: _refresh_item_statistics(now=now))
    return rounds


def _refresh_item_statistics(*, now: datetime) -> None:
    try:
        compute_question_statistics(now=now)
    except Exception:
        logger.exception("Item statistics were not refreshed after closing rounds")
