"""Signing out empties this browser of the person: a shared phone shows the next one nothing of theirs.

Nor tells them anything: the member's reminder subscriptions made from this
browser are deleted on the server at every sign-out (push_subscriptions.signed_out).
"""

from __future__ import annotations

from allauth.account.views import logout as allauth_logout
from django.http import HttpRequest, HttpResponse

# The browser drops this site's caches and storage (the service worker and its caches among them).
# Cookies stay: the device id outlives sign-outs on purpose (quizsite/accounts/devices.py).
CLEAR_SITE_DATA = '"cache", "storage"'


def sign_out(request: HttpRequest) -> HttpResponse:
    """allauth's sign-out, whose answer also tells the browser to forget this site's caches and storage."""
    response = allauth_logout(request)
    if request.method == "POST":
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
