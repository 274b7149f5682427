"""Closing rounds: finish what is left past the deadlines, take the prediction's actual number."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questionbank.stats import compute_question_statistics

from . import answers_shown
from .attempts import finish_expired_attempts
from .models import Attempt, Round

logger = logging.getLogger(__name__)


def close_round(*, round: Round, now: datetime | None = None) -> Round:
    """Once a round has closed: finish what is left, take the prediction's actual number,
    and record its answers as shown (its players may look at them from now on)."""
    now = now or timezone.now()
    if round.status_at(now) != Round.Status.CLOSED:
        raise ValidationError(_("Vòng thi chưa đóng."))
    finish_expired_attempts(now=now, round=round)
    round.prediction_actual = Attempt.objects.filter(round=round, correct_all=True).values("user_id").distinct().count()
    round.save(update_fields=["prediction_actual"])
    answers_shown.record_closed_round(round=round, now=now)
    return round


def close_rounds(*, now: datetime | None = None) -> list[Round]:
    """The periodic job: expired attempts everywhere, then rounds that closed.

    When a round closed, the item statistics are rebuilt once the closing is
    committed; their failure is logged and never undoes or stops the closing
    (the hourly item_stats job rebuilds them anyway).
    """
    now = now or timezone.now()
    finish_expired_attempts(now=now)
    closed = Round.objects.closed(now).filter(mode=Round.Mode.SELF_PACED, prediction_actual__isnull=True)
    rounds = [close_round(round=r, now=now) for r in closed.select_related("stage__competition__unit")]
    if rounds:
        transaction.on_commit(lambda: _refresh_item_statistics(now=now))
    return rounds


def _refresh_item_statistics(*, now: datetime) -> None:
    try:
        compute_question_statistics(now=now)
    except Exception:
        logger.exception("Item statistics were not refreshed after closing rounds")
