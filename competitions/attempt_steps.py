"""An attempt's questions as the browser gets them, so that attempt.js can move between them offline.

Only what the server has already drawn for this member: each question's
kind, text, image and choices (their random keys and texts, a hotspot
area's rectangle) in the attempt's order, and the member's own saved
choices (an order question's steps in the member's order). Never a choice's ``is_correct``,
its primary key or its author's position (the primary key follows the
author's order, where the right answer often comes first), nor the
explanation: the page's JSON says exactly what the page's HTML already says
about the current question, for every question of the attempt.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from questionbank.models import Question

from .models import AttemptQuestion

LETTERS = "ABCDEFGH"
# What json_script escapes, so that no text can close the <script> element; the rest stays UTF-8, not \\u-escaped
# (Vietnamese is half diacritics: ensure_ascii would nearly double the bytes on 2G).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def letter(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def shown_choices(slot: AttemptQuestion, saved: list[int] | None = None) -> list[dict[str, Any]]:
    """The slot's choices in this attempt's order: key, text and letter, and a hotspot area's place, nothing else.

    An order question's steps come in the member's saved order (``saved``)
    once they have moved one, in the attempt's shuffled order before.
    """
    by_key = {c.key: c for c in slot.question.choices.all()}
    shown = [key for key in slot.choice_order if key in by_key]
    if slot.question.kind == Question.Kind.ORDER and saved and sorted(saved) == sorted(shown):
        shown = list(saved)
    return [
        {"key": key, "text": by_key[key].text, "letter": letter(i), "area": by_key[key].area}
        for i, key in enumerate(shown)
    ]


def _browser_choice(choice: dict[str, Any]) -> list:
    """[key, text], and for a hotspot area its [x, y, w, h] (fractions of the image): alike for right and wrong."""
    area = choice["area"]
    if area is None:
        return [choice["key"], choice["text"]]
    return [choice["key"], choice["text"], [area["x"], area["y"], area["w"], area["h"]]]


def browser_steps(slots: list[AttemptQuestion], answers: dict[int, list[int]]) -> dict[str, Any]:
    """What attempt.js renders each question from (the page's ``attempt-steps`` JSON).

    ``slots`` with their questions and choices loaded; ``answers``: the
    member's saved choices by question id.
    """
    return {
        "questions": [
            {
                "id": slot.question_id,
                "text": slot.question.text,
                "image": slot.question.image_small.url if slot.question.image_small else "",
                "kind": slot.question.kind,
                "multiple": slot.question.kind == Question.Kind.MULTIPLE,
                # In the attempt's shuffled order (attempt.js puts an order question's steps in the member's).
                "choices": [_browser_choice(c) for c in shown_choices(slot)],
            }
            for slot in slots
        ],
        "chosen": {str(slot.question_id): answers[slot.question_id] for slot in slots if answers.get(slot.question_id)},
    }


def steps_json(slots: list[AttemptQuestion], answers: dict[int, list[int]]) -> SafeString:
    """browser_steps as the body of a ``<script type="application/json">``."""
    text = json.dumps(browser_steps(slots, answers), ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - the three characters above are escaped
