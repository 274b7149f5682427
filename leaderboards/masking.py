"""What a public page may show of a person's phone number: its first four and last three digits."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """``+84912345678`` → ``0912***678``; empty for no number. Never more than seven digits survive."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.startswith("+84"):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return "***"
    return f"{digits[:4]}***{digits[-3:]}"
