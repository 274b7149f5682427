"""Where a live round's own pages are: the player's page, the host console, the projector.

Those pages are the ``live:`` URLs; while they are not installed (they are
built apart) the paths below, the ones PROTOCOL.md and the organiser's
printouts promise, are used as they are.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def _path(name: str, code: str, fallback: str) -> str:
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return fallback


def player_path(code: str) -> str:
    return _path("live:play", code, f"/live/{code}/")


def host_path(code: str) -> str:
    return _path("live:host", code, f"/live/{code}/host/")


def screen_path(code: str, token: str) -> str:
    """The projector's page: the token lets a laptop with no organiser signed in show the round."""
    return _path("live:screen", code, f"/live/{code}/screen/") + "?" + urlencode({"token": token})
