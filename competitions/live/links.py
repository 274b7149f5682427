"""Where a live round's own pages are: the player's page, the host console, the projector."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def player_path(code: str) -> str:
    return reverse("live:play", args=[code])


def host_path(code: str) -> str:
    return reverse("live:host", args=[code])


def screen_path(code: str, token: str | None = None) -> str:
    """The projector's page: the token lets a laptop with no organiser signed in show the round."""
    path = reverse("live:screen", args=[code])
    return f"{path}?{urlencode({'token': token})}" if token else path


def qr_png_path(code: str) -> str:
    """The join link's QR code as a PNG to download (to print, or to post in a Zalo group)."""
    return reverse("live:qr_png", args=[code])
