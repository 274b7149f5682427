"""WebSocket routes of every app, gathered for asgi.py."""

from __future__ import annotations

from django.urls import path

from quizsite.consumers import PingConsumer

websocket_urlpatterns = [
    # A tiny consumer so deployments can check the WebSocket path end to end;
    # the live-round routes (PROTOCOL.md) join this list with competitions.
    path("ws/ping/", PingConsumer.as_asgi()),
]
