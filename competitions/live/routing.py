"""The live round's WebSocket routes (PROTOCOL.md "Joining")."""

from __future__ import annotations

from channels.auth import AuthMiddleware
from channels.sessions import SessionMiddleware
from django.urls import re_path

from .consumers import HostConsumer, PlayConsumer, ScreenConsumer


def signed_in(consumer):
    """The session and user in the socket's scope, as Channels' AuthMiddlewareStack gives them (inside its cookies)."""
    return SessionMiddleware(AuthMiddleware(consumer))


websocket_urlpatterns = [
    # Players read their sessions and users by the hundred (door.py), not one socket at a time.
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/play/$", PlayConsumer.as_asgi()),
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/host/$", signed_in(HostConsumer.as_asgi())),
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/screen/$", signed_in(ScreenConsumer.as_asgi())),
]
