"""Every change of a live round, made in the database so any process can carry on from it.

Host commands and the auto-close take the round's lock; answers take it
shared, so an answer is either stored before a question closes (and counted in
its reveal) or refused as ``closed`` after it. On PostgreSQL that lock is an
advisory lock on the round; SQLite runs one write at a time anyway.

Each change returns the ``Event`` list the hub broadcasts (hub.py): the
messages are built here, once, from what was just committed. The message
that carries the change (``question``, ``reveal``…) goes before its
``status``: a process writes each to a thousand sockets in turn, so the
last phone gets its question one pass sooner.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import answers_shown
from competitions.results_changed import round_results_changed
from questionbank.models import Choice, Question

from . import access, messages, names, rules
from .models import LiveAnswer, LiveEntry, LivePlayer, LivePresence, LiveQuestion, LiveRound

Status = LiveRound.Status
# Arbitrary first key of the two-key advisory locks, so ours never meet another program's.
LOCK_CLASS = 7_301


def now_ms() -> int:
    return time.time_ns() // 1_000_000


# --- Events: what a change sends ----------------------------------------------

ALL = "all"
WATCHERS = "watchers"  # the host and the screens


@dataclass
class Event:
    """One message for the sockets of a round: ``frame`` is its JSON text, encoded once."""

    kind: str
    frame: str
    audience: str = ALL
    # For a reveal: the question whose per-player points the hub adds to each player's copy.
    question_id: int | None = None
    # For a reveal: each team's rank now, so each phone can say where its team stands.
    team_ranks: dict | None = None
    # For a question: when it closes, so every process can close it by itself.
    closes_at_ms: int | None = None

    @classmethod
    def of(cls, message: dict, audience: str = ALL, **extra) -> Event:
        return cls(kind=message["type"], frame=encode(message), audience=audience, **extra)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "frame": self.frame,
            "audience": self.audience,
            "question_id": self.question_id,
            "closes_at_ms": self.closes_at_ms,
            "team_ranks": self.team_ranks,
        }


def encode(message: dict) -> str:
    # allow_nan=False: NaN and Infinity are not JSON; a browser's JSON.parse would refuse the whole frame.
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class CommandRefused(Exception):
    """A host command that does not fit the round's status; nothing changed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# --- Locks ----------------------------------------------------------------------


def _lock(round_id: int, *, shared: bool = False) -> None:
    """Within a transaction: the round's lock, exclusive for changes, shared for answers."""
    if connection.vendor == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s, %s)", [LOCK_CLASS, round_id])


def _locked_round(round_id: int) -> LiveRound:
    _lock(round_id)
    return LiveRound.objects.select_related("round").get(pk=round_id)


# --- Joining --------------------------------------------------------------------


def player_name(user) -> str:
    """What the lobby and the leaderboard call a member: their name (cleaned), never their phone or e-mail."""
    return names.member_name(user.full_name)


def join_member(live_round: LiveRound, user) -> tuple[LivePlayer | None, bool]:
    """The player row of a signed-in member of an entered team (made on first join), and whether it is new."""
    player = LivePlayer.objects.select_related("team").filter(live_round=live_round, user=user).first()
    if player is not None:
        return player, False
    team = access.entered_team_of(user, live_round)
    if team is None:
        return None, False
    try:
        with transaction.atomic():
            return LivePlayer.objects.create(
                live_round=live_round, user=user, team=team, display_name=player_name(user)
            ), True
    except IntegrityError:  # the same person on two phones at once: one row
        return LivePlayer.objects.get(live_round=live_round, user=user), False


# --- Presence ------------------------------------------------------------------


def record_presence(*, question_id: int, player_ids: Iterable[int]) -> None:
    """These players had a socket open when the question opened (PROTOCOL.md v2 "present", for ``average``).

    One INSERT that skips the rows already there, so a question sent again
    (a resume, a catch-up, a second phone of the same player) adds nothing twice.
    On PostgreSQL the ids go as one array: 5,000 players take about 110 ms
    instead of bulk_create's 190–360 ms, 10,000 parameters and 5,000 objects.
    """
    players = sorted(set(player_ids))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {LivePresence._meta.db_table} (question_id, player_id) "
                "SELECT %s, unnest(%s::bigint[]) ON CONFLICT (question_id, player_id) DO NOTHING",
                [question_id, players],
            )
        return
    rows = [LivePresence(question_id=question_id, player_id=player_id) for player_id in players]
    LivePresence.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


# --- Answers --------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    question_id: object
    accepted: bool
    received_at_ms: int
    reason: str = ""

    def message(self) -> dict:
        message = {
            "type": "ack",
            "question_id": self.question_id,
            "accepted": self.accepted,
            "received_at_ms": self.received_at_ms,
        }
        if not self.accepted:
            message["reason"] = self.reason
        return message


@dataclass(frozen=True)
class Key:
    """What checking an answer needs of a question version, which never changes once used."""

    kind: str
    keys: frozenset[int]
    correct: frozenset[int]


@lru_cache(maxsize=4096)
def answer_key(question_id: int) -> Key:
    question = Question.objects.only("kind").get(pk=question_id)
    choices = list(Choice.objects.filter(question_id=question_id).values_list("key", "is_correct"))
    return Key(
        kind=question.kind,
        keys=frozenset(k for k, _ in choices),
        correct=frozenset(k for k, right in choices if right),
    )


def _choice_ids(choices) -> list[int] | None:
    if not isinstance(choices, list) or not choices or len(choices) > 20:
        return None
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
        return None
    if len(set(choices)) != len(choices):
        return None
    return sorted(choices)


@dataclass(frozen=True)
class Answer:
    """An ``answer`` message as the server received it."""

    player_id: int
    question_id: object
    choices: object
    received_at_ms: int

    def refused(self, reason: str) -> Ack:
        return Ack(self.question_id, False, self.received_at_ms, reason)


# What accept_answers reads of each answered question and of the round.
_QUESTION_FIELDS = (
    "pk",
    "question_id",
    "position",
    "points",
    "revealed_at_ms",
    "live_round__status",
    "live_round__question_index",
    "live_round__grace_ms",
    "live_round__opens_at_ms",
    "live_round__closes_at_ms",
)


def accept_answer(*, player_id: int, round_id: int, question_id, choices, received_at_ms: int) -> Ack:
    """PROTOCOL.md ``answer``: the first acceptable answer per player per question is stored; the rest get a reason."""
    return accept_answers(round_id, [Answer(player_id, question_id, choices, received_at_ms)])[0]


def accept_answers(round_id: int, answers: list[Answer]) -> list[Ack]:
    """Answers that arrived together (hub.Hub batches them), in one transaction and one INSERT.

    Each gets the ack it would get alone: among several from one player for
    one question, the first received counts.
    """
    acks: list[Ack | None] = [None] * len(answers)
    with transaction.atomic():
        _lock(round_id, shared=True)
        asked = {a.question_id for a in answers if is_id(a.question_id)}
        questions = {
            row["pk"]: row
            for row in LiveQuestion.objects.filter(pk__in=asked, live_round_id=round_id).values(*_QUESTION_FIELDS)
        }
        rows: list[tuple[int, list]] = []
        seen: set[tuple[int, int]] = set()
        for index in sorted(range(len(answers)), key=lambda i: answers[i].received_at_ms):
            answer = answers[index]
            reason, values = _check(answer, questions.get(answer.question_id))
            if reason:
                acks[index] = answer.refused(reason)
            elif (answer.player_id, answer.question_id) in seen:
                acks[index] = answer.refused("already_answered")
            else:
                seen.add((answer.player_id, answer.question_id))
                rows.append((index, values))
        stored = _insert_first_answers([values for _, values in rows])
        for index, _values in rows:
            answer = answers[index]
            first = (answer.player_id, answer.question_id) in stored
            acks[index] = (
                Ack(answer.question_id, True, answer.received_at_ms) if first else answer.refused("already_answered")
            )
    return acks


# The database's largest id (a BigAutoField's bigint): a bigger ``question_id`` would make the
# query itself fail, so it is a malformed message (``bad_answer``), not a server that is busy.
ID_MAX = 2**63 - 1


def is_id(value) -> bool:
    """An id a client may send (a question's, a choice's): an integer (``true`` is not one) from 1 to what the
    database holds."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX


def _check(answer: Answer, row: dict | None) -> tuple[str, list]:
    """("", the row to insert) for an acceptable answer, else (the ack's reason, [])."""
    if row is None or row["position"] > row["live_round__question_index"]:
        return "not_open", []
    status = row["live_round__status"]
    if row["revealed_at_ms"] is not None or row["position"] < row["live_round__question_index"]:
        return "closed", []
    if status == Status.FINISHED:
        return "closed", []
    if status != Status.QUESTION:
        return "not_open", []
    opens_at_ms, closes_at_ms = row["live_round__opens_at_ms"], row["live_round__closes_at_ms"]
    if answer.received_at_ms < opens_at_ms:
        return "not_open", []
    if answer.received_at_ms > closes_at_ms + row["live_round__grace_ms"]:
        return "closed", []
    key = answer_key(row["question_id"])
    chosen = _choice_ids(answer.choices)
    if chosen is None or not set(chosen) <= key.keys:
        return "invalid_choice", []
    if key.kind != Question.Kind.MULTIPLE and len(chosen) != 1:
        return "invalid_choice", []
    duration_ms = closes_at_ms - opens_at_ms
    elapsed = rules.elapsed_ms(received_at_ms=answer.received_at_ms, opens_at_ms=opens_at_ms, duration_ms=duration_ms)
    correct = frozenset(chosen) == key.correct
    points = rules.points_for(points=row["points"], elapsed_ms=elapsed, duration_ms=duration_ms) if correct else 0
    return "", [
        answer.player_id,
        answer.question_id,
        json.dumps(chosen),
        answer.received_at_ms,
        elapsed,
        correct,
        points,
    ]


def _insert_first_answers(rows: list[list]) -> set[tuple[int, int]]:
    """One statement: insert each row unless that player already answered that question; the unique constraint
    decides. Returns the (player, question) pairs stored."""
    if not rows:
        return set()
    table = LiveAnswer._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (player_id, question_id, choices, received_at_ms, elapsed_ms, correct, points) "
            f"VALUES {values} ON CONFLICT (player_id, question_id) DO NOTHING RETURNING player_id, question_id",
            [value for row in rows for value in row],
        )
        return {(player, question) for player, question in cursor.fetchall()}


# --- Host commands ----------------------------------------------------------------


def _not_now(command: str, live: LiveRound) -> CommandRefused:
    return CommandRefused(
        "not_now",
        _("Không thể thực hiện “%(command)s” lúc này (vòng thi đang ở trạng thái “%(status)s”).")
        % {"command": command, "status": live.get_status_display()},
    )


def _status(live: LiveRound) -> Event:
    return Event.of({"type": "status", "status": live.status})


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
        _status(live),
    ]


def start(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = _locked_round(round_id)
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
        live = _locked_round(round_id)
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
        live = _locked_round(round_id)
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
        live = _locked_round(round_id)
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
        answers_shown.record(question_ids=[question.question_id])
    ranks = messages.team_ranks(live)
    return [Event.of(messages.reveal(question), question_id=question.pk, team_ranks=ranks), _status(live)]


def show_leaderboard(round_id: int, *, now: int | None = None) -> list[Event]:
    with transaction.atomic():
        live = _locked_round(round_id)
        if live.status != Status.REVEAL:
            raise _not_now("leaderboard", live)
        live.status = Status.LEADERBOARD
        live.save(update_fields=["status"])
        return [Event.of(messages.leaderboard(live)), _status(live)]


def pause(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = _locked_round(round_id)
        if live.status in (Status.PAUSED, Status.FINISHED):
            raise _not_now("pause", live)
        if live.status == Status.QUESTION:
            if now >= live.closes_at_ms + live.grace_ms:  # too late to pause: it has closed
                return _reveal(live, now)
            live.paused_remaining_ms = max(0, live.closes_at_ms - max(now, live.opens_at_ms))
        live.paused_status = live.status
        live.status = Status.PAUSED
        live.save(update_fields=["status", "paused_status", "paused_remaining_ms"])
        return [_status(live)]


def resume(round_id: int, *, now: int | None = None) -> list[Event]:
    """Back to where the pause was; a question gets its remaining time from now, and elapsed time skips the pause."""
    now = now or now_ms()
    with transaction.atomic():
        live = _locked_round(round_id)
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
        return [*events, _status(live)]


def finish(round_id: int, *, now: int | None = None) -> list[Event]:
    now = now or now_ms()
    with transaction.atomic():
        live = _locked_round(round_id)
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
    return [*events, Event.of({"type": "finished", "leaderboard": entries}), _status(live)]


def store_results(live: LiveRound) -> list[dict]:
    """Per player and per team, for standings and award lists; returns the final leaderboard entries."""
    totals = messages.player_totals(live)
    players = list(LivePlayer.objects.filter(live_round=live))
    for player in players:
        score, correct_count, elapsed = totals.get(player.pk, (0, 0, 0))
        player.score, player.correct_count, player.correct_elapsed_ms = score, correct_count, elapsed
    LivePlayer.objects.bulk_update(players, ["score", "correct_count", "correct_elapsed_ms"], batch_size=1000)
    standings = messages.standings(live)
    entries = rules.leaderboard_entries(standings, messages.standings(live, before_last=True))
    by_team = {s.team_id: s for s in standings}
    ranks = {e["team_id"]: e["rank"] for e in entries}
    rows = list(LiveEntry.objects.filter(live_round=live))
    for entry in rows:
        standing = by_team[entry.team_id]
        entry.score, entry.correct_elapsed_ms, entry.rank = (
            standing.score,
            standing.correct_elapsed_ms,
            ranks[entry.team_id],
        )
    LiveEntry.objects.bulk_update(rows, ["score", "correct_elapsed_ms", "rank"])
    type(live.round).objects.filter(pk=live.pk).update(results_taken_at=timezone.now())
    round_results_changed(round_id=live.pk)  # the stage's and period's boards count this round now
    return entries


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
        events.append(Event.of({"type": "finished", "leaderboard": messages.leaderboard_entries(live)}))
    events.append(_status(live))
    return events


COMMANDS = {
    "start": start,
    "next": next_question,
    "reveal": reveal,
    "leaderboard": show_leaderboard,
    "pause": pause,
    "resume": resume,
    "finish": finish,
}


def progress(round_id: int) -> dict | None:
    """PROTOCOL.md ``progress`` for the open question, or None when none is open."""
    live = LiveRound.objects.filter(pk=round_id).values("status", "question_index").first()
    if live is None or live["status"] not in (Status.QUESTION, Status.PAUSED) or live["question_index"] < 0:
        return None
    question_id = (
        LiveQuestion.objects.filter(live_round_id=round_id, position=live["question_index"])
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "type": "progress",
        "question_id": question_id,
        "answered": LiveAnswer.objects.filter(question_id=question_id).count(),
        # Those present for it (PROTOCOL.md v2), as ``average`` counts them: fifty guests who joined on the page
        # and never opened a socket do not make the host's "1/51 answered".
        "players": messages.present_count(question_id),
    }
