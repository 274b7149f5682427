"""Fixtures and form data shared by the organiser page tests (tests/competitions/test_organise_*.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from quizsite.accounts.models import RoleAssignment

Role = RoleAssignment.Role
LOCAL = "%Y-%m-%dT%H:%M"


def url(name: str, *args) -> str:
    return reverse(f"organise:{name}", args=args)


def local(at: datetime) -> str:
    return timezone.localtime(at).strftime(LOCAL)


def round_post(*, topic, rows: list[tuple] | None = None, **overrides) -> dict:
    """The round form as a browser posts it: fields plus the blueprint formset (8 rows)."""
    now = timezone.now()
    rows = rows if rows is not None else [(topic.pk, "", 3)]
    data = {
        "title": "Tuần 2: Thanh toán trực tuyến",
        "opens_at": local(now - timedelta(hours=1)),
        "closes_at": local(now + timedelta(days=6)),
        "time_limit_minutes": "10",
        "attempts_allowed": "1",
        "entry": "team_members",
        "prediction_enabled": "on",
        "prediction_prompt": "Có bao nhiêu người trả lời đúng tất cả?",
        "answers_shown": "after_close",
        "bp-TOTAL_FORMS": "8",
        "bp-INITIAL_FORMS": "0",
        "bp-MIN_NUM_FORMS": "0",
        "bp-MAX_NUM_FORMS": "50",
    }
    for i in range(8):
        topic_pk, difficulty, count = rows[i] if i < len(rows) else ("", "", "")
        data[f"bp-{i}-topic"] = str(topic_pk)
        data[f"bp-{i}-difficulty"] = str(difficulty)
        data[f"bp-{i}-count"] = str(count)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class _FormFields(HTMLParser):
    """The values a browser would post from the page's forms (inputs, checked boxes, selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_fields(html: str) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    parser.data.pop("language", None)
    parser.data.pop("next", None)
    return parser.data
