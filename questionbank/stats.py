"""Item statistics: how each question version did in the rounds that have closed.

Definitions (the question page shows the same in Vietnamese, ``HELP_TEXT``):

- What counts: every *finished* attempt (submitted, or ended by its deadline)
  of a round whose ``closes_at`` has passed. Nothing is counted while a round
  is open, so the statistics never hint at an answer during play. When a
  round allows several attempts, each finished attempt counts: each one is a
  real showing of the question.
- ``seen``: how many of those attempts showed the question version.
- Facility ``p = correct / seen``. An answer is correct as the attempt's
  score counted it (``Answer.correct``): a multiple-choice answer only if the
  chosen set equals the right set. A question left unanswered, or answered
  after the deadline, is wrong.
- Discrimination ``D = p_upper − p_lower``, per question among the attempts
  that saw it. Those attempts are ranked by their total score, highest first,
  and among equal scores the lower attempt id first, so the cut is
  deterministic. The upper group is the first ``k`` of that ranking, the
  lower group the last ``k``, with ``k = ⌈27% × seen⌉`` and at least 1.
- Flags, only when ``seen ≥ QUESTION_STATS_MIN_SEEN`` (setting, default 10):
  too easy ``p > 0.90``, too hard ``p < 0.20``, negative discrimination
  ``D < 0`` (the strong players miss it more than the weak ones: probably a
  wrong key). Below that the question has "not enough data".
- Choice distribution: how many attempts chose each choice in time (for a
  multiple-choice question one attempt may choose several).

``compute_question_statistics`` rebuilds every row from two streamed reads
(the showings and the answers of closed rounds, merged) and one bulk upsert,
so it costs a handful of queries whatever the number of attempts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Answer, AttemptQuestion

from .models import Choice, QuestionStatistics

# Kelley's classic cut for upper and lower groups.
GROUP_PERCENT = 27
TOO_EASY_ABOVE = 0.90
TOO_HARD_BELOW = 0.20
DEFAULT_MIN_SEEN = 10
CHUNK = 5000

HELP_TEXT = _(
    "Chỉ tính các lượt thi đã kết thúc của những vòng thi đã đóng; mọi lượt đều được tính, kể cả lượt thứ hai "
    "của cùng một người. “Số lượt gặp” là số lượt thi có câu này. “Độ dễ” p = số lượt trả lời đúng / số lượt gặp "
    "(câu nhiều đáp án chỉ đúng khi chọn đủ và đúng tất cả; bỏ trống tính là sai). “Độ phân biệt” D = p của "
    "27%% lượt có tổng điểm cao nhất − p của 27%% lượt có tổng điểm thấp nhất (trong các lượt gặp câu này). "
    "Chỉ gắn cờ khi có ít nhất %(min_seen)d lượt gặp: quá dễ khi p > 90%%, quá khó khi p < 20%%, "
    "có thể sai đáp án khi D < 0."
)


class Flag:
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NEGATIVE = "negative"

    LABELS = {
        TOO_EASY: _("Quá dễ"),
        TOO_HARD: _("Quá khó"),
        NEGATIVE: _("Có thể sai đáp án"),
    }


def min_seen() -> int:
    return getattr(settings, "QUESTION_STATS_MIN_SEEN", DEFAULT_MIN_SEEN)


def group_size(seen: int) -> int:
    """⌈27% × seen⌉, at least 1 (integer arithmetic: 0.27 × 100 is not 27 in floats)."""
    return max(1, (GROUP_PERCENT * seen + 99) // 100)


def discrimination(ranked: list[bool]) -> float | None:
    """D from the right/wrong of each attempt that saw a question, best attempt first."""
    if not ranked:
        return None
    k = group_size(len(ranked))
    return (sum(ranked[:k]) - sum(ranked[-k:])) / k


def flags(stat: QuestionStatistics | None) -> list[str]:
    """The Flag values that apply; none without enough data."""
    if stat is None or stat.seen < min_seen() or stat.facility is None:
        return []
    found = []
    if stat.facility > TOO_EASY_ABOVE:
        found.append(Flag.TOO_EASY)
    if stat.facility < TOO_HARD_BELOW:
        found.append(Flag.TOO_HARD)
    if stat.discrimination is not None and stat.discrimination < 0:
        found.append(Flag.NEGATIVE)
    return found


def needs_review_q(prefix: str = "statistics__") -> Q:
    """``flags()`` as a filter: the rows with at least one flag."""
    return Q(**{f"{prefix}seen__gte": min_seen()}) & (
        Q(**{f"{prefix}facility__gt": TOO_EASY_ABOVE})
        | Q(**{f"{prefix}facility__lt": TOO_HARD_BELOW})
        | Q(**{f"{prefix}discrimination__lt": 0})
    )


# --- Computing ----------------------------------------------------------------


@dataclass
class _Tally:
    question_id: int
    # (−attempt score, attempt id, right): sorting gives the ranking of the docstring.
    showings: list[tuple[int, int, bool]] = field(default_factory=list)
    rounds: set[int] = field(default_factory=set)
    choices: Counter = field(default_factory=Counter)
    unanswered: int = 0

    def add(self, *, attempt_id: int, score: int, round_id: int, chosen: list[int], correct: bool | None) -> None:
        self.showings.append((-score, attempt_id, correct is True))
        self.rounds.add(round_id)
        # An answer given after the deadline (correct is None) was not counted: unanswered.
        if correct is None or not chosen:
            self.unanswered += 1
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
        .values_list("question_id", "attempt_id", "attempt__score", "attempt__round_id")
    )
    answers = (
        Answer.objects.filter(**counted)
        .order_by("question_id", "attempt_id")
        .values_list("question_id", "attempt_id", "choices", "correct")
        .iterator(chunk_size=CHUNK)
    )
    answer = next(answers, None)
    rows: list[QuestionStatistics] = []
    tally: _Tally | None = None
    for question_id, attempt_id, score, round_id in showings.iterator(chunk_size=CHUNK):
        if tally is None or tally.question_id != question_id:
            if tally is not None:
                rows.append(tally.row(now))
            tally = _Tally(question_id)
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


# --- What the pages show ------------------------------------------------------


@dataclass(frozen=True)
class ChoiceCount:
    choice: Choice
    count: int
    percent: float


@dataclass(frozen=True)
class ItemReport:
    """One question version's statistics as the pages show them."""

    stat: QuestionStatistics | None
    flags: list[tuple[str, str]]
    enough_data: bool
    choice_counts: list[ChoiceCount]

    @property
    def facility_percent(self) -> float | None:
        return None if self.stat is None or self.stat.facility is None else 100 * self.stat.facility


def report(stat: QuestionStatistics | None, choices: Iterable[Choice] = ()) -> ItemReport:
    counts = []
    if stat is not None and stat.seen:
        for choice in choices:
            count = stat.choice_counts.get(str(choice.key), 0)
            counts.append(ChoiceCount(choice, count, 100 * count / stat.seen))
    return ItemReport(
        stat=stat,
        flags=[(flag, Flag.LABELS[flag]) for flag in flags(stat)],
        enough_data=stat is not None and stat.seen >= min_seen(),
        choice_counts=counts,
    )


def help_text() -> str:
    return HELP_TEXT % {"min_seen": min_seen()}
