"""Sending one Web Push message to one browser, with pywebpush: encrypted for it, signed with the site's VAPID key.

Only the reminder job imports this (pywebpush and its HTTP clients stay out of
the web processes). No database here: the job (competitions/reminders.py) calls ``Pusher.send``
from its threads and records the answers itself (push_subscriptions.record_deliveries).
"""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid01
from pywebpush import WebPusher

# Seconds to wait for a push service: a slow one holds a thread of the job, never a page.
TIMEOUT = 10
# A signed VAPID header is good for 12 hours (pywebpush's own choice); one is made per push service an hour.
VAPID_TOKEN_SECONDS = 12 * 3600
VAPID_REUSE_SECONDS = 3600
# What a push service answers for a subscription that no longer exists: the subscription is deleted.
GONE = frozenset({404, 410})


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key_pair() -> tuple[str, str]:
    """(public, private) as VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY want them: base64url, raw P-256 points."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return _b64url(public), _b64url(private)


@dataclass(frozen=True)
class Message:
    """One message for one browser subscription."""

    subscription_id: int
    info: dict
    payload: bytes
    # How long the push service keeps it for a phone that is off (seconds).
    ttl: int
    # Browsers replace an earlier message with the same topic still waiting at the push service.
    topic: str = ""


class Pusher:
    """Sends messages from many threads: one VAPID key, one HTTP session per thread (kept-alive connections)."""

    def __init__(self, *, private_key: str | None = None, subject: str | None = None, timeout: float = TIMEOUT):
        self.vapid = Vapid01.from_string(private_key or settings.VAPID_PRIVATE_KEY)
        self.subject = subject or settings.VAPID_SUBJECT
        self.timeout = timeout
        self._local = threading.local()
        self._headers: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _vapid_headers(self, endpoint: str) -> dict:
        """The signed VAPID header for the endpoint's push service, made once an hour, not once a message."""
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        with self._lock:
            made = self._headers.get(audience)
            if made is None or now - made[0] > VAPID_REUSE_SECONDS:
                claims = {"sub": self.subject, "aud": audience, "exp": int(now) + VAPID_TOKEN_SECONDS}
                made = (now, self.vapid.sign(claims))
                self._headers[audience] = made
            return dict(made[1])

    def send(self, message: Message) -> int:
        """The push service's HTTP status (201 when accepted); 0 when it could not be reached in time."""
        headers = {**self._vapid_headers(message.info["endpoint"]), "Urgency": "high"}
        if message.topic:
            headers["Topic"] = message.topic
        pusher = WebPusher(message.info, requests_session=self._session())
        try:
            answer = pusher.send(message.payload, headers, ttl=message.ttl, timeout=self.timeout)
        except requests.RequestException:
            return 0
        return answer.status_code
