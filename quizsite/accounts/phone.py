"""Vietnamese phone numbers: what people type, and the one form we store.

Which numbers are mobiles is Google's libphonenumber metadata (the
``phonenumbers`` package), kept up to date by its maintainers as the
ministry hands out prefixes; upgrading the package is how a new prefix
arrives. Landlines (024 3825 1234) are refused: a member signs in with the
phone they carry, and a later SMS code could not reach a landline.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

# What people put between digits in forms and on Zalo.
_SEPARATORS = re.compile(r"[\s.\-()]")
# Digits with at most a leading "+": phonenumbers would otherwise read letters
# as a keypad spelling ("0912 FLOWER") and accept them.
_DIALLED = re.compile(r"^\+?\d{7,15}$")
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(raw: str) -> str | None:
    """Return the number as +84xxxxxxxxx, or None if it is not a Vietnamese mobile.

    Accepts what people write in forms and Zalo: ``0912 345 678``,
    ``0912.345.678``, ``+84 912 345 678``, ``84912345678``, ``(+84) 912…``,
    ``0084 912…`` and ``+84 0912…``.
    """
    value = _SEPARATORS.sub("", raw or "")
    if not _DIALLED.match(value):
        return None
    if value.startswith("84") and len(value) == 11:
        value = "+" + value  # 84912345678: the country code without its "+"
    try:
        number = phonenumbers.parse(value, "VN")
    except NumberParseException:
        return None
    if phonenumbers.region_code_for_number(number) != "VN" or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(stored: str) -> str:
    """+84912345678 → 0912 345 678, the way people read numbers here."""
    if not stored or not stored.startswith("+84"):
        return stored or ""
    local = "0" + stored[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"
