from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration_text(value: timedelta | None) -> str:
    """4 phút 05 giây: how long an attempt took, the way a member says it."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    if not minutes:
        return _("%(s)d giây") % {"s": seconds}
    return _("%(m)d phút %(s)02d giây") % {"m": minutes, "s": seconds}


@register.filter
def clock(seconds: int | None) -> str:
    """5:29:59 — the same reading as the countdown attempt.js keeps ticking."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
