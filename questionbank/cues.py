"""Cues in a question's own wording or drawing that let a player guess without knowing.

The pages send nothing that says which choice is right, but the words can:
in the demo bank the right answer is the longest choice far more often than
chance. So can a drawing (the right area is the largest) or a step's own
words ("Bước 1", "Cuối cùng"). The question page warns its author and
reviewer; it never blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Choice, Question

# The right answer stands out when it is this much longer than every wrong one.
LONGER_BY = 1.3


def right_answer_stands_out_by_length(question: Question, choices: Sequence[Choice]) -> bool:
    """Whether the right choices are all clearly longer than every wrong one ("pick the longest" wins).

    True/false questions have fixed texts; a question with one wrong choice
    says little either way.
    """
    if question.kind == Question.Kind.TRUE_FALSE:
        return False
    right = [len(c.text.strip()) for c in choices if c.is_correct]
    wrong = [len(c.text.strip()) for c in choices if not c.is_correct]
    if not right or len(wrong) < 2:
        return False
    return min(right) >= LONGER_BY * max(wrong)


def right_area_stands_out_by_size(question: Question, choices: Sequence[Choice]) -> bool:
    """Whether a hotspot question's right area is clearly larger than every other ("tap the biggest" wins)."""
    if question.kind != Question.Kind.HOTSPOT:
        return False
    right = [c.area_w * c.area_h for c in choices if c.is_correct and c.area_w is not None]
    wrong = [c.area_w * c.area_h for c in choices if not c.is_correct and c.area_w is not None]
    if not right or not wrong:
        return False
    return min(right) >= LONGER_BY * max(wrong)


# Words at a step's start that say where it goes: "Bước 2", "1.", "2)", "Đầu tiên", "Sau đó", "Cuối cùng", "Step 3".
_PLACE_WORDS = re.compile(
    r"^\s*(?:(?:bước|step)\s*\d+|\d+\s*[.):/-]"
    r"|đầu tiên|trước tiên|tiếp theo|sau đó|sau cùng|cuối cùng|first|then|finally)",
    re.IGNORECASE,
)


def steps_say_their_place(question: Question, choices: Sequence[Choice]) -> bool:
    """Whether an order question's steps number themselves or say "first" / "finally": then no skill is needed."""
    if question.kind != Question.Kind.ORDER:
        return False
    return sum(bool(_PLACE_WORDS.match(c.text)) for c in choices) >= 2
