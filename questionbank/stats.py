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
  multiple-choice question one attempt may choose several; for a hotspot
  question, how many tapped each area). For an order question it is per
  step: how many attempts put that step in its right place.

The numbers are computed from the rounds' attempts by
``competitions.item_statistics.compute_question_statistics`` (the question
bank knows nothing of rounds); this module holds the definitions, the
thresholds and what the pages show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Choice, Question, QuestionStatistics

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


def count_label(kind: str) -> str:
    """The heading of the choice distribution's count column: what ``choice_counts`` counts for this kind."""
    if kind == Question.Kind.ORDER:
        return _("Số lượt đặt bước này đúng chỗ")
    if kind == Question.Kind.HOTSPOT:
        return _("Số lượt chạm vùng này")
    return _("Số lượt chọn")


def help_text() -> str:
    return HELP_TEXT % {"min_seen": min_seen()}
