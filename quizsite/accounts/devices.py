"""The device cookie: one id per browser, kept across sign-outs.

Two accounts playing a round on one phone leave the same id on their
attempts (the shared-device flag of competitions/flags.py).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVICE_COOKIE = "device_id"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600


def device_id(request: HttpRequest) -> str:
    """This browser's device id (a cookie), made on first visit.

    It outlives signing out, so two accounts playing a round on one phone
    leave the same id on their attempts and get the shared-device flag.
    """
    if not hasattr(request, "_device_id"):
        request._device_id = request.COOKIES.get(DEVICE_COOKIE, "")[:64] or secrets.token_urlsafe(16)
    return request._device_id


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set the device cookie on the home page and every page of a round, unless the browser has it already."""
    if request.COOKIES.get(DEVICE_COOKIE) != device_id(request):
        response.set_cookie(
            DEVICE_COOKIE,
            device_id(request),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
