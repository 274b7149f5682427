"""Item statistics computed from the attempts of closed rounds (definitions: questionbank/stats.py).

``choice_counts`` counts, per choice key, the answers that chose it (a
hotspot's tapped area among them); for an order question, per step, the
answers that put that step in its right place (marking.in_right_place).

``compute_question_statistics`` rebuilds every row from two streamed reads
(the showings and the answers of closed rounds, merged) and one bulk upsert,
so it costs a handful of queries whatever the number of attempts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from questionbank import marking
from questionbank.models import Choice, Question, QuestionStatistics
from questionbank.stats import discrimination

from .models import Answer, AttemptQuestion

CHUNK = 5000


@dataclass
class _Tally:
    question_id: int
    # (−attempt score, attempt id, right): sorting gives the ranking of the docstring.
    showings: list[tuple[int, int, bool]] = field(default_factory=list)
    rounds: set[int] = field(default_factory=set)
    choices: Counter = field(default_factory=Counter)
    unanswered: int = 0
    # An order question's steps in the author's order: its counts are per step, of answers with it in that place.
    right_order: list[int] | None = None

    def add(self, *, attempt_id: int, score: int, round_id: int, chosen: list[int], correct: bool | None) -> None:
        self.showings.append((-score, attempt_id, correct is True))
        self.rounds.add(round_id)
        # An answer given after the deadline (correct is None) was not counted: unanswered.
        if correct is None or not chosen:
            self.unanswered += 1
        elif self.right_order is not None:
            self.choices.update(str(key) for key in marking.in_right_place(self.right_order, chosen))
        else:
            self.choices.update(str(choice_id) for choice_id in chosen)

    def row(self, now: datetime) -> QuestionStatistics:
        ranked = [right for _score, _attempt, right in sorted(self.showings)]
        seen, correct = len(ranked), sum(ranked)
        return QuestionStatistics(
            question_id=self.question_id,
            seen=seen,
            correct=correct,
            unanswered=self.unanswered,
            facility=correct / seen,
            discrimination=discrimination(ranked),
            choice_counts=dict(self.choices),
            rounds_counted=len(self.rounds),
            computed_at=now,
        )


FIELDS = [
    "seen",
    "correct",
    "unanswered",
    "facility",
    "discrimination",
    "choice_counts",
    "rounds_counted",
    "computed_at",
]


def compute_question_statistics(*, now: datetime | None = None) -> int:
    """Recompute the statistics of every question version; returns how many rows were written.

    The showings and the answers are read as two streams in the same order
    (question, attempt) and merged, so memory holds one question's showings
    at a time, however many rounds have closed.
    """
    now = now or timezone.now()
    counted = {"attempt__submitted_at__isnull": False, "attempt__round__closes_at__lte": now}
    showings = (
        AttemptQuestion.objects.filter(**counted)
        .order_by("question_id", "attempt_id")
        .values_list("question_id", "attempt_id", "attempt__score", "attempt__round_id", "question__kind")
    )
    answers = (
        Answer.objects.filter(**counted)
        .order_by("question_id", "attempt_id")
        .values_list("question_id", "attempt_id", "choices", "correct")
        .iterator(chunk_size=CHUNK)
    )
    answer = next(answers, None)
    right_orders: dict[int, list[int]] | None = None  # read at the first order question, if any
    rows: list[QuestionStatistics] = []
    tally: _Tally | None = None
    for question_id, attempt_id, score, round_id, kind in showings.iterator(chunk_size=CHUNK):
        if tally is None or tally.question_id != question_id:
            if tally is not None:
                rows.append(tally.row(now))
            if kind in marking.SEQUENCE_KINDS and right_orders is None:
                right_orders = _right_orders()
            right_order = right_orders.get(question_id, []) if kind in marking.SEQUENCE_KINDS else None
            tally = _Tally(question_id, right_order=right_order)
        key = (question_id, attempt_id)
        while answer is not None and answer[:2] < key:  # an answer without its showing: skip it
            answer = next(answers, None)
        chosen, correct = [], None
        if answer is not None and answer[:2] == key:
            _q, _a, chosen, correct = answer
            answer = next(answers, None)
        tally.add(attempt_id=attempt_id, score=score or 0, round_id=round_id, chosen=chosen, correct=correct)
    if tally is not None:
        rows.append(tally.row(now))

    # A question that had statistics but no counted showing now (a round reopened) goes back to zero.
    computed = {row.question_id for row in rows}
    gone = set(QuestionStatistics.objects.values_list("question_id", flat=True)) - computed
    rows += [QuestionStatistics(question_id=question_id, computed_at=now) for question_id in gone]
    QuestionStatistics.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["question"], update_fields=FIELDS
    )
    return len(rows)


def _right_orders() -> dict[int, list[int]]:
    """Every order question's right answer (marking.right_answer: its steps in the author's order), by question id."""
    steps: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question__kind=Question.Kind.ORDER).only("question_id", "key", "position"):
        steps.setdefault(choice.question_id, []).append(choice)
    return {question_id: marking.right_answer(Question.Kind.ORDER, c) for question_id, c in steps.items()}
