"""What a change of a live round sends: ``Event``s, each message encoded once, and the server's clock.

Every change (host_commands.py, the auto-close, catch_up.py) returns the
events the hub broadcasts (hub.py). The message that carries the change
(``question``, ``reveal``…) goes before its ``status``: a process writes
each to a thousand sockets in turn, so the last phone gets its question one
pass sooner.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

ALL = "all"
WATCHERS = "watchers"  # the host and the screens


def now_ms() -> int:
    """The server's clock as the game's times (``*_ms``) are kept: milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


@dataclass
class Event:
    """One message for the sockets of a round: ``frame`` is its JSON text, encoded once."""

    kind: str
    frame: str
    audience: str = ALL
    # For a reveal: the question whose per-player points the hub adds to each player's copy.
    question_id: int | None = None
    # For a reveal: each team's rank now, so each phone can say where its team stands.
    team_ranks: dict | None = None
    # For a question: when it closes, so every process can close it by itself.
    closes_at_ms: int | None = None

    @classmethod
    def of(cls, message: dict, audience: str = ALL, **extra) -> Event:
        return cls(kind=message["type"], frame=encode(message), audience=audience, **extra)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "frame": self.frame,
            "audience": self.audience,
            "question_id": self.question_id,
            "closes_at_ms": self.closes_at_ms,
            "team_ranks": self.team_ranks,
        }


def encode(message: dict) -> str:
    # allow_nan=False: NaN and Infinity are not JSON; a browser's JSON.parse would refuse the whole frame.
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def status_event(live) -> Event:
    """``status``: sent after every change of a ``LiveRound``, with its status now."""
    return Event.of({"type": "status", "status": live.status})
