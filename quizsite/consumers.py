"""WebSocket building blocks: a consumer base that reads JSON safely, refusals with a close code, the ping socket.

The live-round consumers (PROTOCOL.md) build on SafeJsonConsumer: it turns
whatever a client sends into either one JSON object with a ``type`` or an
``error`` reply in the user's language; the socket stays open either way.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from quizsite.middleware import chosen_language

# Close codes of PROTOCOL.md.
NOT_ALLOWED = 4403
NOT_FOUND = 4404

ERRORS = {
    "binary_frame": _("Chỉ nhận tin nhắn dạng văn bản (JSON), không nhận dữ liệu nhị phân."),
    "too_large": _("Tin nhắn quá dài (tối đa %(n)d ký tự)."),
    "too_deep": _("Tin nhắn lồng nhau quá sâu (tối đa %(n)d tầng)."),
    "bad_json": _("Tin nhắn không phải JSON hợp lệ."),
    "bad_message": _("Tin nhắn phải là một đối tượng JSON có trường “type” là chuỗi ký tự."),
    "unknown_type": _("Không hiểu loại tin nhắn “%(type)s”."),
    "not_a_number": _("Tin nhắn không phải JSON hợp lệ: JSON không có NaN, Infinity hay số lớn đến vô cực."),
    "bad_ping": _("“t” của “ping” phải là thời điểm tính bằng mili giây (một số không quá %(n)d)."),
}

# The largest integer a browser's number holds exactly (Number.MAX_SAFE_INTEGER): a ``t`` past it
# would come back changed, so it is no clock.
SAFE_INTEGER = 2**53 - 1


class NotANumber(ValueError):
    """``NaN``, ``Infinity`` or a number too big for a float: Python's json reads them, JSON has none."""


def _not_json(constant: str) -> float:
    raise NotANumber(constant)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise NotANumber(text)
    return value


# One decoder for every message: ``json.loads`` with these hooks would build a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_not_json, parse_float=_finite_float)


class BadMessage(Exception):
    """What a client sent cannot be read; ``code`` is the ``error`` reply's code (see ERRORS)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


class SafeJsonConsumer(AsyncWebsocketConsumer):
    """A consumer that never crashes on what a client sends.

    Each text frame must be one JSON object with a string ``type``, at most
    ``max_message_chars`` long and ``max_depth`` levels deep. Anything else (a
    binary frame, a huge or 100,000-deep message, broken JSON, a list) gets an
    ``error`` reply; valid messages go to ``receive_message``, which
    subclasses override. Refuse a socket with ``refuse(NOT_ALLOWED)``.
    """

    # PROTOCOL.md's messages are a few hundred characters at most.
    max_message_chars = 16 * 1024
    # {"type": ..., "choices": [...]} is 2 levels deep.
    max_depth = 8

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = self.parse(text_data)
        except BadMessage as bad:
            await self.send_error(bad.code, **bad.params)
            return
        await self.receive_message(message)

    def parse(self, text_data: str | None) -> dict[str, Any]:
        """One JSON object with a string ``type``, or BadMessage."""
        if text_data is None:
            raise BadMessage("binary_frame")
        if len(text_data) > self.max_message_chars:
            raise BadMessage("too_large", n=self.max_message_chars)
        try:
            message = _DECODER.decode(text_data)
        except RecursionError:
            raise BadMessage("too_deep", n=self.max_depth) from None
        except NotANumber:
            raise BadMessage("not_a_number") from None
        except ValueError:
            raise BadMessage("bad_json") from None
        if _depth_exceeds(message, self.max_depth):
            raise BadMessage("too_deep", n=self.max_depth)
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise BadMessage("bad_message")
        return message

    async def receive_message(self, message: dict[str, Any]) -> None:
        """One valid message from the client; override it. Unknown types get an error."""
        await self.send_error("unknown_type", type=message["type"][:40])

    async def send_json(self, content: dict[str, Any]) -> None:
        # allow_nan=False: NaN and Infinity are not JSON, and a browser's JSON.parse would refuse the frame.
        await self.send(text_data=json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False))

    async def pong(self, message: dict[str, Any]) -> None:
        """``ping`` → ``pong`` with ``t`` echoed and the server's clock; a number ``t`` a browser cannot hold
        exactly gets an ``error`` instead (PROTOCOL.md's times are integers of milliseconds)."""
        t = message.get("t")
        if isinstance(t, int | float) and not isinstance(t, bool) and abs(t) > SAFE_INTEGER:
            await self.send_error("bad_ping", n=SAFE_INTEGER)
            return
        await self.send_json({"type": "pong", "t": t, "server_time_ms": time.time_ns() // 1_000_000})

    async def send_error(self, code: str, message: str = "", **params: object) -> None:
        """PROTOCOL.md's ``error``: a code for programs, a message for people in the user's language."""
        if not message:
            with translation.override(self.language):
                message = str(ERRORS[code]) % params if params else str(ERRORS[code])
        await self.send_json({"type": "error", "code": code, "message": message})

    async def refuse(self, code: int) -> None:
        """In connect(), instead of accept(): close with a PROTOCOL.md code (NOT_ALLOWED, NOT_FOUND).

        The socket is accepted first so the client can read the code; one
        closed during the handshake only shows an HTTP 403 and code 1006.
        """
        await self.accept()
        await self.close(code)

    @property
    def language(self) -> str:
        return chosen_language(self.scope.get("cookies") or {})


def _depth_exceeds(value: object, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (an object holding a list is 2 deep), without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class Refuse:
    """An ASGI app that accepts a WebSocket and closes it at once with ``code``.

    Accepting first lets the client read the code (4403, 4404); a socket
    closed during the handshake is only an HTTP 403 and close code 1006.
    """

    def __init__(self, code: int):
        self.code = code

    async def __call__(self, scope, receive, send) -> None:
        if (await receive())["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": self.code})


class PingConsumer(SafeJsonConsumer):
    """Answers ``ping`` with ``pong`` and the server clock (as in PROTOCOL.md)."""

    async def connect(self) -> None:
        await self.accept()

    async def receive_message(self, message: dict[str, Any]) -> None:
        if message["type"] == "ping":
            await self.pong(message)
        else:
            await super().receive_message(message)
