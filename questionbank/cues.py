"""Cues in a question's own wording that let a player guess without knowing.

The pages send nothing that says which choice is right, but the words can:
in the demo bank the right answer is the longest choice far more often than
chance. The question page warns its author and reviewer; it never blocks.
"""

from __future__ import annotations

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
