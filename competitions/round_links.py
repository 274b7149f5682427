"""A round's link as the site gives it out to share: its address with a signature, ``/rounds/5/?s=…``.

Someone signed out who opens a round's link (Zalo's and Facebook's preview
fetchers among them) is sent to sign in, and the sign-in page shows the
round's card (competitions/templatetags/og_cards.py) — only for a link the
site signed. Anyone may ask ``/accounts/login/?next=/rounds/N/`` for every
N; without the signature they learn nothing of any round, those of another
commune included.

The signature is django.core.signing's HMAC of the round's id under its own
salt, cut to 16 characters (96 bits: out of reach of guessing one request at
a time, and short in a Zalo message). It never expires: a link lives in a
Zalo group for weeks, and its card says no more than the group was sent.
Keys in SECRET_KEY_FALLBACKS still check, so a new key keeps old links' cards.
The round's page itself ignores the parameter.
"""

from __future__ import annotations

from django.core.signing import Signer
from django.urls import reverse
from django.utils.crypto import constant_time_compare

SALT = "competitions.round-link"
PARAM = "s"
LENGTH = 16


def _signer() -> Signer:
    return Signer(salt=SALT, algorithm="sha256")


def signature(pk: int) -> str:
    return _signer().signature(str(pk))[:LENGTH]


def path(pk: int) -> str:
    """The round's address as a member shares it (base64url: nothing in it needs quoting)."""
    return f"{reverse('competitions:round_detail', args=[pk])}?{PARAM}={signature(pk)}"


def is_signed(pk: int, given: str) -> bool:
    """Whether ``given`` is the site's signature of round ``pk`` (no database read)."""
    signer = _signer()
    return any(
        constant_time_compare(given, signer.signature(str(pk), key)[:LENGTH])
        for key in (signer.key, *signer.fallback_keys)
    )
