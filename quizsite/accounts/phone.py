"""Vietnamese phone numbers: what people type, and the one form we store."""

from __future__ import annotations

import re

# Mobile numbers after the 2018 renumbering: 03x, 05x, 07x, 08x, 09x, then 7 digits.
_MOBILE = re.compile(r"^\+84(3|5|7|8|9)\d{8}$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(raw: str) -> str | None:
    """Return the number as +84xxxxxxxxx, or None if it is not a Vietnamese mobile.

    Accepts what people write in forms and Zalo: ``0912 345 678``,
    ``0912.345.678``, ``+84 912 345 678``, ``84912345678``, ``(+84) 912…``.
    """
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+84"):
        pass
    elif value.startswith("84") and len(value) == 11:
        value = "+" + value
    elif value.startswith("0") and len(value) == 10:
        value = "+84" + value[1:]
    else:
        return None
    return value if _MOBILE.match(value) else None


def display_phone(stored: str) -> str:
    """+84912345678 → 0912 345 678, the way people read numbers here."""
    if not stored or not stored.startswith("+84"):
        return stored or ""
    local = "0" + stored[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"
