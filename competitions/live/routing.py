"""The live round's WebSocket routes (PROTOCOL.md "Joining")."""

from __future__ import annotations

from django.urls import re_path

from .consumers import HostConsumer, PlayConsumer, ScreenConsumer

websocket_urlpatterns = [
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/play/$", PlayConsumer.as_asgi()),
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/host/$", HostConsumer.as_asgi()),
    re_path(r"^ws/live/(?P<code>[^/]{1,32})/screen/$", ScreenConsumer.as_asgi()),
]
