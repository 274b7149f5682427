"""A push service on loopback for the reminder tests, and browsers that subscribe to it.

It answers 201 to ``/push/<n>`` and 410 to ``/gone/<n>`` (a subscription the
phone has dropped), and keeps every message; ``messages`` decrypts a
browser's with that browser's own keys, as the phone would.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from quizsite.accounts import push_subscriptions


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Browser:
    """One phone's browser: its endpoint at the fake service and the keys the site encrypts for."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def keys(self) -> dict[str, str]:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(public), "auth": b64url(self.auth)}

    def subscribe(self, user, language: str = "vi", device: str = "") -> push_subscriptions.PushSubscription:
        """As the reminder card does it, without the page: the row the server keeps (``device``: the cookie's id)."""
        return push_subscriptions.subscribe(
            user=user, keys=push_subscriptions.Keys(self.endpoint, **self.keys), language=language, device=device
        )


class FakePushService:
    def __init__(self) -> None:
        self.received: dict[str, list[tuple[dict[str, str], bytes]]] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                endpoint = f"{service.origin}{self.path}"
                with service._lock:
                    service.received.setdefault(endpoint, []).append((dict(self.headers), body))
                self.send_response(410 if self.path.startswith("/gone/") else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def browser(self, *, gone: bool = False) -> Browser:
        return Browser(endpoint=f"{self.origin}/{'gone' if gone else 'push'}/{next(self._numbers)}")

    def messages(self, browser: Browser) -> list[dict]:
        """What this browser was sent, decrypted with its keys."""
        return [
            json.loads(http_ece.decrypt(body, private_key=browser.private_key, auth_secret=browser.auth))
            for _headers, body in self.received.get(browser.endpoint, [])
        ]

    def headers(self, browser: Browser) -> list[dict[str, str]]:
        return [headers for headers, _body in self.received.get(browser.endpoint, [])]

    def total(self) -> int:
        return sum(len(got) for got in self.received.values())

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
