"""Flags for the organiser on finished attempts (too fast, several accounts on one device). They never block."""

from __future__ import annotations

from datetime import timedelta

from .models import Attempt, AttemptFlag

Reason = Attempt.FinishedReason
# Under two seconds a question on average nobody reads the questions.
TOO_FAST_SECONDS_PER_QUESTION = 2


def flag_finished_attempt(attempt: Attempt, *, question_count: int) -> None:
    if (
        attempt.finished_reason == Reason.SUBMITTED
        and question_count
        and attempt.duration < timedelta(seconds=TOO_FAST_SECONDS_PER_QUESTION * question_count)
    ):
        AttemptFlag.objects.get_or_create(
            attempt=attempt,
            kind=AttemptFlag.Kind.TOO_FAST,
            defaults={"details": {"questions": question_count, "seconds": int(attempt.duration.total_seconds())}},
        )
    if attempt.device_id:
        _flag_shared_device(attempt)


def _flag_shared_device(attempt: Attempt) -> None:
    """Flag every account's attempts in this round from this device, once a second account finishes on it.

    Both sides are flagged, so the organiser sees the pair whichever attempt
    they open. A flag already reviewed is left as the organiser saw it; the
    newer attempt's own flag names everyone.
    """
    on_device = list(
        Attempt.objects.filter(round_id=attempt.round_id, device_id=attempt.device_id).select_related("user")
    )
    names = {a.user_id: str(a.user) for a in on_device}
    if len(names) < 2:
        return
    flags = {
        f.attempt_id: f for f in AttemptFlag.objects.filter(attempt__in=on_device, kind=AttemptFlag.Kind.SHARED_DEVICE)
    }
    for other in on_device:
        details = {"names": sorted(name for uid, name in names.items() if uid != other.user_id)}
        flag = flags.get(other.pk)
        if flag is None:
            AttemptFlag.objects.get_or_create(
                attempt=other, kind=AttemptFlag.Kind.SHARED_DEVICE, defaults={"details": details}
            )
        elif flag.reviewed_at is None and flag.details != details:
            flag.details = details
            flag.save(update_fields=["details"])
