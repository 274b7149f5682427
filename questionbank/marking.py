"""What a right answer is, for every kind of question: the one rule that weekly and live rounds both follow.

An answer is a list of choice keys (``Choice.key``). For ``single``,
``true_false`` and ``hotspot`` it holds one key (for ``hotspot``, the tapped
area); for ``multiple``, one or more, in any order; for ``order``, every step
exactly once, in the order the member put them. Right is all or nothing: the
same set of keys as the right choices, or for ``order`` the same sequence as
the author's.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from .models import Question

Kind = Question.Kind
# One key, whatever the member tapped. A hotspot question has exactly one right area (services.question_problems):
# PROTOCOL.md lets several be right, but a player's screen could not tell how many to tap.
ONE_CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.TRUE_FALSE, Kind.HOTSPOT})
# Every choice once, in the member's order.
SEQUENCE_KINDS = frozenset({Kind.ORDER})
# The kinds that recall a fact (PROTOCOL.md version 1), and those that practise a skill (version 2), which the
# pages draw with code of their own (static/js/practice.js, static/live/play_practice.js).
RECALL_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE})
PRACTICE_KINDS = frozenset({Kind.ORDER, Kind.HOTSPOT})


class ChoiceLike(Protocol):
    key: int
    position: int
    is_correct: bool


def right_answer(kind: str, choices: Iterable[ChoiceLike]) -> list[int]:
    """The right answer's keys: for ``order``, every step in the author's order; else the right choices'."""
    if kind in SEQUENCE_KINDS:
        return [c.key for c in sorted(choices, key=lambda c: c.position)]
    return sorted(c.key for c in choices if c.is_correct)


def is_right(kind: str, right: Sequence[int], chosen: Sequence[int]) -> bool:
    """Whether ``chosen`` (an answer as stored) is ``right`` (as right_answer gives it)."""
    if not chosen:
        return False
    if kind in SEQUENCE_KINDS:
        return list(chosen) == list(right)
    return set(chosen) == set(right)


def answer_problem(kind: str, keys: Collection[int], chosen: Sequence[int]) -> str:
    """Why ``chosen`` cannot be an answer to a question with these choice ``keys`` ("" if it can).

    The reason is a code, not a message: ``foreign`` (a key that is not one
    of the question's), ``repeated``, ``count`` (one key is needed, or for
    ``order`` every step), ``empty``.
    """
    if not chosen:
        return "empty"
    if len(set(chosen)) != len(chosen):
        return "repeated"
    if not set(chosen) <= set(keys):
        return "foreign"
    if kind in ONE_CHOICE_KINDS and len(chosen) != 1:
        return "count"
    if kind in SEQUENCE_KINDS and len(chosen) != len(keys):
        return "count"
    return ""


def stored(kind: str, chosen: Iterable[int]) -> list[int]:
    """An acceptable answer as it is stored: the member's order for ``order``, sorted otherwise."""
    return list(chosen) if kind in SEQUENCE_KINDS else sorted(chosen)


def shuffled(kind: str, keys: Sequence[int], rng: random.Random) -> list[int]:
    """``keys`` in an order for one person (or one live round) to see.

    The steps of an ``order`` question are never shown already in their
    right order (``keys`` is the author's order): a member who moves nothing
    has not answered. Every other order is as likely as any other.
    """
    order = list(keys)
    rng.shuffle(order)
    while kind in SEQUENCE_KINDS and len(order) > 1 and order == list(keys):
        rng.shuffle(order)
    return order


def in_right_place(right: Sequence[int], chosen: Sequence[int]) -> list[int]:
    """The keys of an ``order`` answer that stand in their right place (PROTOCOL.md's ``distribution``)."""
    return [key for key, want in zip(chosen, right, strict=False) if key == want]


def area_at(areas: Iterable[tuple[int, dict | None]], x: float, y: float) -> int | None:
    """The key of the area that holds the point (x, y), fractions of the image; None outside every area.

    ``areas`` are (key, area) pairs; areas never overlap (services.question_problems).
    """
    for key, area in areas:
        if area and area["x"] <= x <= area["x"] + area["w"] and area["y"] <= y <= area["y"] + area["h"]:
            return key
    return None
