"""The host's seven commands (PROTOCOL.md): start, next, reveal, leaderboard, pause, resume, finish; and the auto-close.

Each is one transaction under the round's exclusive lock (locks.py) and
returns the events the hub broadcasts (events.py), built here, once, from
what was just committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import locks, messages, notices, scores
from .events import Event, now_ms, status_event
from .models import LiveQuestion, LiveRound
from .results import store_results

Status = LiveRound.Status


class CommandRefused(Exception):
    """A host command that does not fit the round's status; nothing changed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _not_now(command: str, live: LiveRound) -> CommandRefused:
    return CommandRefused(
        "not_now",
        _("Không thể thực hiện “%(command)s” lúc này (vòng thi đang ở trạng thái “%(status)s”).")
        % {"command": command, "status": live.get_status_display()},
    )


def _question_count(live: LiveRound) -> int:
    return live.questions.count()


def _open_question(live: LiveRound, position: int, now: int) -> list[Event]:
    question = live.questions.select_related("question").get(position=position)
    lead = settings.LIVE_QUESTION_LEAD_MS
    live.status = Status.QUESTION
    live.question_index = position
    live.opens_at_ms = now + lead
    live.closes_at_ms = live.opens_at_ms + question.duration_ms
    live.paused_status = ""
    live.paused_remaining_ms = None
    live.save(
        update_fields=[
            "status",
            "question_index",
            "opens_at_ms",
            "closes_at_ms",
            "paused_status",
            "paused_remaining_ms",
            "started_at",
        ]
    )
    return [
        Event.of(messages.question(live, question, now=now), closes_at_ms=live.closes_at_ms),
        status_event(live),
    ]


def start(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status != Status.LOBBY:
            raise _not_now("start", live)
        return _start(live, now)


def _start(live: LiveRound, now: int) -> list[Event]:
    """Lobby → the first question: ``start``, and ``next`` from the lobby."""
    if not _question_count(live):
        raise CommandRefused("no_questions", _("Vòng thi chưa có câu hỏi nào."))
    live.started_at = timezone.now()
    return _open_question(live, 0, now)


def next_question(round_id: int, *, now: int | None = None) -> list[Event]:
    """Opens the next question, or finishes after the last; from the lobby it is ``start``."""
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status == Status.LOBBY:
            return _start(live, now)
        if live.status not in (Status.REVEAL, Status.LEADERBOARD):
            raise _not_now("next", live)
        if live.question_index + 1 >= _question_count(live):
            return _finish(live, now)
        return _open_question(live, live.question_index + 1, now)


def reveal(round_id: int, *, now: int | None = None) -> list[Event]:
    """Closes the open question now (the host's command) and reveals it."""
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        in_question = live.status == Status.QUESTION or (
            live.status == Status.PAUSED and live.paused_status == Status.QUESTION
        )
        if not in_question:
            raise _not_now("reveal", live)
        return _reveal(live, now)


def close_if_due(round_id: int, *, now: int | None = None) -> list[Event]:
    """The auto-close: the open question's time (and grace) is over. Whoever comes first reveals; others get []."""
    now = now or now_ms()
    quick = LiveRound.objects.filter(pk=round_id).values("status", "closes_at_ms", "grace_ms").first()
    if quick is None or quick["status"] != Status.QUESTION or now < quick["closes_at_ms"] + quick["grace_ms"]:
        return []
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status != Status.QUESTION or now < live.closes_at_ms + live.grace_ms:
            return []
        return _reveal(live, now)


def _reveal(live: LiveRound, now: int) -> list[Event]:
    question = live.questions.select_related("question").get(position=live.question_index)
    marked = LiveQuestion.objects.filter(pk=question.pk, revealed_at_ms__isnull=True).update(revealed_at_ms=now)
    if not marked:  # pragma: no cover - the round lock makes this the only path; kept as the last word
        return []
    question.revealed_at_ms = now
    live.status = Status.REVEAL
    live.closes_at_ms = min(live.closes_at_ms, now)
    if live.opens_at_ms >= live.closes_at_ms:  # revealed during the "get ready": nobody could answer
        live.opens_at_ms = live.closes_at_ms - 1
    live.paused_status = ""
    live.paused_remaining_ms = None
    live.save(update_fields=["status", "opens_at_ms", "closes_at_ms", "paused_status", "paused_remaining_ms"])
    if live.round.answers_shown != live.round.AnswersShown.NEVER:
        notices.answers_shown(question_ids=[question.question_id])
    ranks = scores.team_ranks(live)
    return [Event.of(messages.reveal(question), question_id=question.pk, team_ranks=ranks), status_event(live)]


def show_leaderboard(round_id: int, *, now: int | None = None) -> list[Event]:
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status != Status.REVEAL:
            raise _not_now("leaderboard", live)
        live.status = Status.LEADERBOARD
        live.save(update_fields=["status"])
        return [Event.of(messages.leaderboard(live)), status_event(live)]


def pause(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status in (Status.PAUSED, Status.FINISHED):
            raise _not_now("pause", live)
        if live.status == Status.QUESTION:
            if now >= live.closes_at_ms + live.grace_ms:  # too late to pause: it has closed
                return _reveal(live, now)
            live.paused_remaining_ms = max(0, live.closes_at_ms - max(now, live.opens_at_ms))
        live.paused_status = live.status
        live.status = Status.PAUSED
        live.save(update_fields=["status", "paused_status", "paused_remaining_ms"])
        return [status_event(live)]


def resume(round_id: int, *, now: int | None = None) -> list[Event]:
    """Back to where the pause was; a question gets its remaining time from now, and elapsed time skips the pause."""
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status != Status.PAUSED:
            raise _not_now("resume", live)
        live.status = live.paused_status or Status.LOBBY
        events = []
        if live.status == Status.QUESTION:
            question = live.questions.select_related("question").get(position=live.question_index)
            live.closes_at_ms = now + live.paused_remaining_ms
            live.opens_at_ms = live.closes_at_ms - question.duration_ms
            events.append(Event.of(messages.question(live, question, now=now), closes_at_ms=live.closes_at_ms))
        live.paused_status = ""
        live.paused_remaining_ms = None
        live.save(update_fields=["status", "opens_at_ms", "closes_at_ms", "paused_status", "paused_remaining_ms"])
        return [*events, status_event(live)]


def finish(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = locks.locked_round(round_id)
        if live.status == Status.FINISHED:
            raise _not_now("finish", live)
        return _finish(live, now)


def _finish(live: LiveRound, now: int) -> list[Event]:
    events = []
    if live.status == Status.QUESTION or (live.status == Status.PAUSED and live.paused_status == Status.QUESTION):
        events += _reveal(live, now)
    live.status = Status.FINISHED
    live.paused_status = ""
    live.paused_remaining_ms = None
    live.finished_at = timezone.now()
    live.save(update_fields=["status", "paused_status", "paused_remaining_ms", "finished_at"])
    entries = store_results(live)
    return [*events, Event.of({"type": "finished", "leaderboard": entries}), status_event(live)]


COMMANDS = {
    "start": start,
    "next": next_question,
    "reveal": reveal,
    "leaderboard": show_leaderboard,
    "pause": pause,
    "resume": resume,
    "finish": finish,
}
