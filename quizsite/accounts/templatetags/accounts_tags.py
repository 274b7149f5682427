from __future__ import annotations

from django import template

from quizsite.accounts.phone import display_phone

register = template.Library()


@register.filter
def phone(value: str | None) -> str:
    """+84912345678 → 0912 345 678."""
    return display_phone(value or "")
