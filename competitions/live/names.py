"""The names a live round shows: a guest's nickname, a member's name, cleaned of what could fool a screen.

A name is drawn beside other text on the projector, the host's console and
every phone. Control and format characters could reverse that text
(U+202E turns "Tổ A 120 điểm" around), hide a name entirely (zero-width
characters), or break lines; they are taken out, the rest is NFC (the form
Vietnamese keyboards mostly send, so "Lan" typed two ways is one name) with
its spaces collapsed. The pages also show each name inside ``<bdi>``.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NICKNAME_MAX = 40

# Unicode's control (Cc), format (Cf: bidi marks, embeddings, overrides and isolates, zero-width
# spaces and joiners, the BOM), surrogate, private-use and unassigned characters.
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
# Letters and symbols that draw nothing: the Hangul fillers and the blank Braille pattern.
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def clean(text: str) -> str:
    """``text`` without control, format and blank characters, NFC, its spaces collapsed; may be ""."""
    kept = []
    for char in unicodedata.normalize("NFC", str(text or "")):
        if char.isspace():
            kept.append(" ")  # a tab or a line break is a space, not nothing
        elif unicodedata.category(char) not in _REMOVED_CATEGORIES and char not in _BLANK:
            kept.append(char)
    # Again: taking a character out may have put a letter next to its accent.
    text = unicodedata.normalize("NFC", "".join(kept))
    name = " ".join(text.split())
    return name if _visible(name) else ""


def _visible(name: str) -> bool:
    """At least one character that is not a space or a mark (an accent alone draws nothing by itself)."""
    return any(unicodedata.category(char)[0] not in "MZ" for char in name)


def nickname(text: str) -> str:
    """A guest's nickname, cleaned; ValidationError in the user's language when nothing visible is left."""
    name = clean(text)
    if not name:
        raise ValidationError(_("Tên hiển thị cần có chữ hoặc số nhìn thấy được."), code="invisible")
    if len(name) > NICKNAME_MAX:
        raise ValidationError(_("Tên hiển thị dài tối đa %(n)d ký tự.") % {"n": NICKNAME_MAX}, code="max_length")
    return name


def member_name(full_name: str) -> str:
    """What a live round calls a signed-in member: their name, cleaned and cut to fit, or "Người chơi"."""
    return clean(full_name)[:NICKNAME_MAX].strip() or _("Người chơi")


def told_apart(name: str, taken: set[str]) -> str:
    """``name``, or "name (2)", "name (3)"… when a teammate already has it; ``taken`` holds casefolded names."""
    if name.casefold() not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NICKNAME_MAX - len(suffix)].rstrip() + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1
