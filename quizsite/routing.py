"""WebSocket routes of every app, gathered for asgi.py."""

from __future__ import annotations

from django.urls import path

from competitions.live.routing import websocket_urlpatterns as live_urlpatterns
from quizsite.consumers import PingConsumer

websocket_urlpatterns = [
    # A tiny consumer so deployments can check the WebSocket path end to end.
    path("ws/ping/", PingConsumer.as_asgi()),
    # PROTOCOL.md: /ws/live/<code>/play/, /host/, /screen/.
    *live_urlpatterns,
]
