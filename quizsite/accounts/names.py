"""Vietnamese names in the order a Vietnamese reader expects.

A Vietnamese list of people is sorted by the given name (the last word of
"Nguyễn Văn An"), then by the family and middle names. Letters compare
without their marks first, so "Ân" sits beside "An" rather than after "Z",
but "Đ" is a letter of its own and comes after every "D". Marks only break
ties: a < ă < â, e < ê, o < ô < ơ, u < ư, and the tones in dictionary order
(ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import unicodedata

# Combining marks that make a new vowel letter, in alphabet order.
_SHAPES = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tone marks in dictionary order; no mark (ngang) is 0.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

Key = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]


def vietnamese_key(text: str) -> Key:
    """(primary, secondary) weights of ``text``: letters without marks first, marks to break ties."""
    primary: list[int] = []
    secondary: list[tuple[int, int]] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char):
            if secondary:
                shape, tone = secondary[-1]
                secondary[-1] = (_SHAPES.get(char, shape), _TONES.get(char, tone))
            continue
        # Doubling the code point leaves room for đ just after d.
        primary.append(ord("d") * 2 + 1 if char == "đ" else ord(char) * 2)
        secondary.append((0, 0))
    return tuple(primary), tuple(secondary)


def name_sort_key(full_name: str) -> tuple:
    """Sort people by given name, then family and middle names: An, Ân, Bình, Dũng, Đức."""
    words = full_name.split()
    given = words[-1] if words else ""
    rest = " ".join(words[:-1])
    return (*vietnamese_key(given), *vietnamese_key(rest), full_name)


def fold(text: str) -> str:
    """Lower case without marks, đ as d, for searching: "Nguyễn Đức" and "nguyen duc" fold alike."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
