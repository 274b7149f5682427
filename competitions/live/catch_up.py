"""The round's current messages again, from the database, for sockets that may have missed them.

A host who (re)connects sends current_events to every process; a process
that heard nothing of a change (its channel layer away, or the process that
made it killed before publishing) sends itself catch_up_events.
"""

from __future__ import annotations

from . import messages, scores
from .events import Event, now_ms, status_event
from .models import LiveRound

Status = LiveRound.Status


def current_events(round_id: int, *, now: int | None = None) -> list[Event]:
    """The last change's messages again, for every socket: sent when a host (re)connects.

    A process killed between committing a change and broadcasting it leaves
    the other processes' players on the screen before; the host coming back
    (on any process) tells them. Repeats are harmless: screens redraw the same.
    A reveal is the exception: it is sent once, ever, so after one only its
    ``status`` goes again (a phone that missed it shows the time up, and its
    next ``sync`` or question brings it back in step).
    """
    now = now or now_ms()
    live = LiveRound.objects.select_related("round").get(pk=round_id)
    if live.status == Status.LOBBY:
        return []  # nothing can have been missed before the start
    events = []
    if live.status == Status.QUESTION:
        question = live.questions.select_related("question").get(position=live.question_index)
        events.append(Event.of(messages.question(live, question, now=now), closes_at_ms=live.closes_at_ms))
    elif live.status == Status.LEADERBOARD:
        events.append(Event.of(messages.leaderboard(live)))
    elif live.status == Status.FINISHED:
        events.append(Event.of({"type": "finished", "leaderboard": scores.leaderboard_entries(live)}))
    events.append(status_event(live))
    return events


def catch_up_events(round_id: int) -> list[Event]:
    """The last change's messages (current_events), with the open reveal itself when there is one."""
    live = LiveRound.objects.select_related("round").get(pk=round_id)
    events = []
    if live.status == LiveRound.Status.REVEAL:
        question = live.questions.select_related("question").get(position=live.question_index)
        events.append(Event.of(messages.reveal(question), question_id=question.pk, team_ranks=scores.team_ranks(live)))
    return events + current_events(round_id)
