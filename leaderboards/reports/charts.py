"""Charts drawn on the server as inline SVG: no JavaScript library, nothing to download, fine on paper.

Each builder takes plain labels and numbers (percentages, None for “no
data”) and returns a safe SVG string. Every label is escaped here, since
unit names are typed by organisers. The drawing is 360 units wide and
scales to its box (``viewBox``, width 100%), so it is readable on a 360-px
phone and on A4. ``<title>`` and ``<desc>`` tell a screen reader the same
figures the table beside the chart holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .numbers import percent

WIDTH = 360
BAR_SPACE = 290  # 100 % of a horizontal bar; the rest holds its value
ROW = 50
LABEL_MAX = 40
COLUMN_AREA = 130  # 100 % of a vertical bar
# Presentation attributes rather than a stylesheet: the drawing looks the same printed or saved alone.
LABEL = 'font-size="15" fill="#1b1f24"'
VALUE = 'font-size="14" font-weight="600" fill="#1b1f24"'
SMALL_LABEL = 'font-size="13" fill="#1b1f24"'
BAR = 'fill="#0b5cad"'
TRACK = 'fill="#e8eaed"'


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _open(chart_id: str, height: int, title: str, desc: str) -> str:
    chart_id = re.sub(r"[^a-z0-9-]", "", chart_id.lower()) or "chart"
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" font-family="system-ui, sans-serif" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _describe(points: Sequence[tuple[str, float | None]]) -> str:
    return "; ".join(f"{label}: {percent(value)}" for label, value in points)


def rate_bars(rows: Sequence[tuple[str, float | None]], *, title: str, chart_id: str) -> SafeString:
    """Horizontal bars, one per row: the label above its bar, the value at the bar's end."""
    if not rows:
        return mark_safe("")
    height = ROW * len(rows) + 4
    parts = [_open(chart_id, height, title, _describe(rows))]
    for i, (label, value) in enumerate(rows):
        y = ROW * i
        length = 0 if value is None else round(BAR_SPACE * min(max(value, 0), 100) / 100, 1)
        parts.append(
            f'<text x="0" y="{y + 16}" {LABEL}>{escape(_short(label))}<title>{escape(label)}</title></text>'
            f'<rect x="0" y="{y + 23}" width="{BAR_SPACE}" height="20" {TRACK}/>'
            f'<rect x="0" y="{y + 23}" width="{length}" height="20" {BAR}/>'
            f'<text x="{length + 4}" y="{y + 38}" {VALUE}>{escape(percent(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_columns(points: Sequence[tuple[str, float | None]], *, title: str, chart_id: str) -> SafeString:
    """Vertical bars over time, oldest on the left, the value above each bar and the month below."""
    if not points:
        return mark_safe("")
    height = COLUMN_AREA + 60
    step = WIDTH / len(points)
    base = 26 + COLUMN_AREA
    parts = [_open(chart_id, height, title, _describe(points))]
    parts.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#5b6470"/>')
    for i, (label, value) in enumerate(points):
        middle = round(step * i + step / 2, 1)
        tall = 0 if value is None else round(COLUMN_AREA * min(max(value, 0), 100) / 100, 1)
        parts.append(
            f'<rect x="{middle - 16}" y="{base - tall}" width="32" height="{tall}" {BAR}/>'
            f'<text x="{middle}" y="{base - tall - 6}" text-anchor="middle" {VALUE}>'
            f"{escape(percent(value))}</text>"
            f'<text x="{middle}" y="{base + 20}" text-anchor="middle" {SMALL_LABEL}>{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
