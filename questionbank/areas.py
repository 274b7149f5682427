"""A hotspot question's area as people write it: four numbers, "x; y; rộng; cao", in percent of the image.

The one way an area is written and read, whether typed in the question
form's cell or in a workbook's "Vùng" column: the left edge, the top edge,
the width and the height, each in percent of the image's width or height.
Separated by ";" the decimals may use a dot or a comma ("8,5; 41; 60; 7");
separated by "," or spaces they use a dot ("8.5, 41, 60, 7"). Whether an area
lies on its image, is large enough or overlaps another is for
services.question_problems.
"""

from __future__ import annotations

import re

from .services import Area

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def read(text: str) -> Area | None:
    """The area ``text`` writes, as fractions of the image; None when it is not four numbers."""
    text = text.strip()
    if ";" in text:
        parts = [part.strip().replace(",", ".") for part in text.split(";")]
    else:
        parts = [part for part in re.split(r"[,\s]+", text) if part]
    if len(parts) != 4 or not all(_NUMBER.fullmatch(part) for part in parts):
        return None
    x, y, w, h = (float(part.replace(",", ".")) / 100 for part in parts)
    return Area(x, y, w, h)


def written(area: dict[str, float] | None) -> str:
    """An area ({"x", "y", "w", "h"} in fractions, as Choice.area gives it) as it is written: percent to 0.01,
    dot decimals; "" for none."""
    if not area:
        return ""
    return "; ".join(_percent(area[side]) for side in ("x", "y", "w", "h"))


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 2):.2f}".rstrip("0").rstrip(".")
