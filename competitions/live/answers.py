"""PROTOCOL.md ``answer``: checked, scored and stored, the first per player per question only.

Answers that arrive together (the hub batches them, answer_batches.py) go in
one transaction under the round's shared lock (locks.py) and one INSERT …
ON CONFLICT DO NOTHING against the unique constraint
``live_answer_first_counts``: whatever arrives first is the answer, from
this phone or another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction

from questionbank import marking
from questionbank.models import Choice, Question

from . import locks, rules
from .models import LiveAnswer, LiveQuestion, LiveRound

Status = LiveRound.Status


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
    # marking.right_answer's: for ``order``, every step in the right order; else the right choices.
    right: tuple[int, ...]


@lru_cache(maxsize=4096)
def answer_key(question_id: int) -> Key:
    question = Question.objects.only("kind").get(pk=question_id)
    choices = list(Choice.objects.filter(question_id=question_id).only("key", "position", "is_correct"))
    return Key(
        kind=question.kind,
        keys=frozenset(c.key for c in choices),
        right=tuple(marking.right_answer(question.kind, choices)),
    )


def _choice_ids(choices) -> list[int] | None:
    """The ids of an answer's ``choices`` in the order sent, or None when they are not a short list of integers."""
    if not isinstance(choices, list) or not choices or len(choices) > 20:
        return None
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
        return None
    return choices


@dataclass(frozen=True)
class Answer:
    """An ``answer`` message as the server received it."""

    player_id: int
    question_id: object
    choices: object
    received_at_ms: int

    def refused(self, reason: str) -> Ack:
        return Ack(self.question_id, False, self.received_at_ms, reason)


# What accept_answers reads of each answered question (its fields), then of its round.
_QUESTION_FIELDS = ("id", "question", "position", "points", "revealed_at_ms")
_ROUND_FIELDS = ("status", "question_index", "grace_ms", "opens_at_ms", "closes_at_ms")
# The keys _check reads them by.
_KEYS = ("pk", "question_id", "position", "points", "revealed_at_ms", *(f"live_round__{f}" for f in _ROUND_FIELDS))


def accept_answer(*, player_id: int, round_id: int, question_id, choices, received_at_ms: int) -> Ack:
    """PROTOCOL.md ``answer``: the first acceptable answer per player per question is stored; the rest get a reason."""
    return accept_answers(round_id, [Answer(player_id, question_id, choices, received_at_ms)])[0]


def accept_answers(round_id: int, answers: list[Answer]) -> list[Ack]:
    """Answers that arrived together (answer_batches.py batches them), in one transaction and one INSERT.

    Each gets the ack it would get alone: among several from one player for
    one question, the first received counts.
    """
    acks: list[Ack | None] = [None] * len(answers)
    with transaction.atomic():
        locks.lock(round_id, shared=True)
        questions = _asked_questions(round_id, {a.question_id for a in answers if is_id(a.question_id)})
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


def _asked_questions(round_id: int, asked: set[int]) -> dict[int, dict]:
    """The round's questions among ``asked``, each with its round's state, in one statement.

    Every batch of answers reads this, and building it with the ORM was two
    thirds of accepting a batch (py-spy, a round of 2,000 players), so it is
    written out, as the INSERT below is. Keys as ``_check`` reads them.
    """
    if not asked:
        return {}
    question, live = LiveQuestion._meta, LiveRound._meta
    columns = [f"q.{question.get_field(name).column}" for name in _QUESTION_FIELDS] + [
        f"r.{live.get_field(name).column}" for name in _ROUND_FIELDS
    ]
    places = ", ".join(["%s"] * len(asked))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {question.db_table} q "
            f"JOIN {live.db_table} r ON r.{live.pk.column} = q.{question.get_field('live_round').column} "
            f"WHERE q.{question.pk.column} IN ({places}) AND r.{live.pk.column} = %s",
            [*asked, round_id],
        )
        return {row[0]: dict(zip(_KEYS, row, strict=True)) for row in cursor.fetchall()}


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
    # Left out, repeated, foreign, or more than one where one is the answer (a hotspot has one right area).
    if chosen is None or marking.answer_problem(key.kind, key.keys, chosen):
        return "invalid_choice", []
    chosen = marking.stored(key.kind, chosen)
    duration_ms = closes_at_ms - opens_at_ms
    elapsed = rules.elapsed_ms(received_at_ms=answer.received_at_ms, opens_at_ms=opens_at_ms, duration_ms=duration_ms)
    correct = marking.is_right(key.kind, key.right, chosen)
    points = rules.points_for(points=row["points"], elapsed_ms=elapsed, duration_ms=duration_ms) if correct else 0
    return "", [
        answer.player_id,
        answer.question_id,
        chosen,
        answer.received_at_ms,
        elapsed,
        correct,
        points,
    ]


def _insert_first_answers(rows: list[list]) -> set[tuple[int, int]]:
    """One statement: insert each row unless that player already answered that question; the unique constraint
    decides. Returns the (player, question) pairs stored.

    On PostgreSQL the rows go as one JSON parameter of a statement that never
    changes: psycopg reads a statement's placeholders in Python, and those of
    a batch of hundreds of rows were a third of accepting an answer in a round
    of 10,000 players (py-spy); a fixed statement is read once and kept.
    """
    if not rows:
        return set()
    table = LiveAnswer._meta.db_table
    columns = "player_id, question_id, choices, received_at_ms, elapsed_ms, correct, points"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "
                "SELECT (r->>0)::bigint, (r->>1)::bigint, r->2, (r->>3)::bigint, (r->>4)::integer, (r->>5)::boolean, "
                "(r->>6)::integer FROM jsonb_array_elements(%s::jsonb) AS r "
                "ON CONFLICT (player_id, question_id) DO NOTHING RETURNING player_id, question_id",
                [json.dumps(rows)],
            )
        else:
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                "ON CONFLICT (player_id, question_id) DO NOTHING RETURNING player_id, question_id",
                [
                    value
                    for player, question, chosen, *rest in rows
                    for value in (player, question, json.dumps(chosen), *rest)
                ],
            )
        return {(player, question) for player, question in cursor.fetchall()}
