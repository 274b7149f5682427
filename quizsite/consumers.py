from __future__ import annotations

import time

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers ``ping`` with ``pong`` and the server clock (as in PROTOCOL.md)."""

    async def connect(self):
        await self.accept()

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong", "t": content.get("t"), "server_time_ms": int(time.time() * 1000)})
        else:
            await self.send_json({"type": "error", "code": "bad_message", "message": "Unknown message"})

    async def decode_json(self, text_data):
        import json

        try:
            return json.loads(text_data)
        except ValueError:
            return None
