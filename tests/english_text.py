"""Finding Django's and allauth's own English on a page, and the forms a page offers.

The English is what the libraries ship: every message of Django's core,
django.contrib.auth and allauth catalogues of three words or more, its
placeholders (``%(limit_value)s``) matching any short text. A page that shows
one of them untranslated fails, whatever the form or the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django

CATALOGUES = [
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    Path(allauth.__file__).parent / "locale/en/LC_MESSAGES/django.po",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sd]")


def msgids(po: Path) -> list[str]:
    """The msgids and msgid_plurals of a .po file."""
    found, current = [], None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            current = [line.split(" ", 1)[1]]
            found.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            current = None
    return [
        "".join(part[1:-1] for part in parts).replace('\\"', '"').replace("\\n", "\n")
        for parts in found
        if parts != ['""']
    ]


@dataclass(frozen=True)
class Message:
    text: str
    literal: str  # the longest part without a placeholder: a cheap test before the pattern
    pattern: re.Pattern


@cache
def english_messages() -> tuple[Message, ...]:
    messages = {}
    for po in CATALOGUES:
        for text in msgids(po):
            words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub(" ", text))
            if len(words) < 3 or "<" in text:
                continue
            parts = PLACEHOLDER.split(" ".join(text.split()))
            pattern = ".{0,80}?".join(r"\s+".join(re.escape(word) for word in part.split(" ")) for part in parts)
            messages[text] = Message(text, max(parts, key=len).split(" ")[0], re.compile(pattern))
    return tuple(messages.values())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_on(html: str) -> list[str]:
    """The library messages shown in English on this page."""
    text = visible_text(html)
    return [m.text for m in english_messages() if m.literal in text and m.pattern.search(text)]


# --- The forms of a page -----------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "textarea", "select" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.forms = page, []
        self._form: Form | None = None
        self._open: Field | None = None  # a textarea or select being read

    def handle_starttag(self, tag, attrs) -> None:
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = Form(self.page, attrs.get("action") or self.page)
                self.forms.append(self._form)
            return
        if self._form is None or not attrs.get("name") or "disabled" in attrs:
            if tag == "option" and self._open is not None:
                self._open.options.append(attrs.get("value", ""))
                if "selected" in attrs:
                    self._open.value = attrs.get("value", "")
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            self._form.fields.append(Field(name, kind, attrs.get("value", ""), checked="checked" in attrs))
        elif tag == "button" and "formaction" not in attrs:
            # A button with its own formaction (the live form's team picker) is not the form's own submit.
            self._form.fields.append(Field(name, "button", attrs.get("value", "")))
        elif tag in ("textarea", "select"):
            self._open = Field(name, tag)
            self._form.fields.append(self._open)

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag in ("textarea", "select"):
            if self._open is not None and self._open.kind == "select" and not self._open.value and self._open.options:
                self._open.value = self._open.options[0]
            self._open = None

    def handle_data(self, data) -> None:
        if self._open is not None and self._open.kind == "textarea":
            self._open.value += data


def post_forms(html: str, page: str) -> list[Form]:
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms
