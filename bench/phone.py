"""What a phone's live page does, in the numbers the load clients copy, and a cheap look at a frame.

- ``reconnect_delay``: ``static/live/socket.js``'s ``retry()``: after a lost
  socket or a failed handshake the page waits min(15 s, 1 s × 2^tries) ×
  (0.7 … 1.3), kept within 1 s and 15 s; ``tries`` counts the failures since
  the last socket that opened (it starts at 0 again when one opens). A socket
  closed with 4403 or 4404 is not tried again (``FINAL_CLOSE_CODES``).
  tests/test_bench_phone.py reads socket.js and fails when its numbers move.
- ``HANDSHAKE_TIMEOUT``: how long a phone waits for a handshake before it
  counts the socket as failed (and retries). A browser has no timeout of its
  own that a page can set; 10 s is what a member waits before reloading.
- ``frame_type``: the ``type`` of a server frame read from its first bytes
  (the server writes ``{"type":"…",`` first), so a load client can skip the
  frames whose content it does not need (``lobby``, ``status``, ``progress``)
  without parsing them: a ``lobby`` frame lists every team (tens of KB), and
  parsing 100,000 of them was most of the clients' CPU in a join of 10,000.
"""

from __future__ import annotations

import re

RECONNECT_MIN = 1.0
RECONNECT_MAX = 15.0
RECONNECT_BASE = 1.0
JITTER_LOW, JITTER_SPAN = 0.7, 0.6
FINAL_CLOSE_CODES = frozenset({4403, 4404})
HANDSHAKE_TIMEOUT = 10.0


def reconnect_delay(tries: int, draw: float) -> float:
    """Seconds before the next try after ``tries`` failures since the last open; ``draw`` uniform in [0, 1)."""
    delay = min(RECONNECT_MAX, RECONNECT_BASE * 2.0 ** min(tries, 30)) * (JITTER_LOW + draw * JITTER_SPAN)
    return max(RECONNECT_MIN, min(RECONNECT_MAX, delay))


def reconnect_bounds(tries: int) -> tuple[float, float]:
    """The shortest and the longest wait ``reconnect_delay`` can give after ``tries`` failures."""
    return reconnect_delay(tries, 0.0), reconnect_delay(tries, 1.0)


_TYPE = re.compile(r'\{\s*"type"\s*:\s*"([A-Za-z_.]+)"')
_QUESTION_INDEX = re.compile(r'"question_index"\s*:\s*(-?\d+)')


def frame_type(text: str) -> str | None:
    """The frame's ``type`` when it is the object's first key, else None (then parse the whole frame)."""
    found = _TYPE.match(text, 0, 64)
    return found[1] if found else None


def question_index(text: str) -> int | None:
    """The first ``question_index`` in a frame (a ``leaderboard`` has one), without parsing it."""
    found = _QUESTION_INDEX.search(text)
    return int(found[1]) if found else None
