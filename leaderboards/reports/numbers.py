"""Figures as the report writes them: one decimal, the reader's decimal sign, “—” where there is nothing."""

from __future__ import annotations

from django.utils.formats import number_format


def percent(value: float | None) -> str:
    """“52,5%” in Vietnamese, “52.5%” in English; “—” for no data."""
    return "—" if value is None else f"{number_format(value, 1)}%"


def signed(value: float | None) -> str:
    """A change in percentage points: “+12,5”, “−4,0”, “0,0”."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number_format(abs(value), 1)}"
