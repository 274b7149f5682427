"""The door of this process's live rounds: play sockets let in together, and their first ``state`` built together.

Sockets knocking at one code while the database is busy with earlier ones
go in the next trip together (together.py); so do the states of sockets that
have just joined one round's hub. Both batchers are per process, made on the
first knock and dropped when idle, so a script knocking at a thousand wrong
codes leaves nothing behind.
"""

from __future__ import annotations

from functools import partial

from . import admission
from .database import one_thread
from .events import Event
from .models import LivePlayer
from .together import Together

# At most this many sockets per trip: a trip stays well under a second even at 5,000 waiting.
MOST = 500
# In a join storm, a trip waits this long for more sockets (together.py): a phone's join may take 25 ms more,
# a trip carries several times as many sockets for the same fixed cost. 500 new sockets a second on each of two
# processes: 0.88–0.91 ms of CPU per player against 1.19–1.21 without, time to ``state`` p95 unchanged (73–78 ms
# against 66–90); 10 ms gave 1.05–1.07 (docs/BENCHMARKS.md).
LINGER_S = 0.025

_doors: dict[str, Together] = {}
_states: dict[int, Together] = {}


async def let_in(code: str, session_key: str) -> admission.Admitted | None:
    """The player this browser's session is at the round ``code`` names; None: ask the usual way (consumers)."""
    door = _doors.get(code)
    if door is None:
        door = _doors[code] = Together(
            partial(admission.admit, code), most=MOST, thread_sensitive=one_thread(), linger=LINGER_S
        )
    try:
        return await door(session_key)
    finally:
        _drop_if_idle(_doors, code, door)


async def state_of(round_id: int, player: LivePlayer) -> tuple[dict, list[Event]]:
    """The player's ``state`` (its socket is in the hub already), and events to broadcast first (or [])."""
    states = _states.get(round_id)
    if states is None:
        states = _states[round_id] = Together(
            partial(admission.states, round_id), most=MOST, thread_sensitive=one_thread()
        )
    try:
        return await states(player)
    finally:
        _drop_if_idle(_states, round_id, states)


def _drop_if_idle(batchers: dict, key, batcher: Together) -> None:
    if batcher.idle and batchers.get(key) is batcher:
        del batchers[key]


def forget() -> None:
    """Tests: no batcher outlives its event loop."""
    _doors.clear()
    _states.clear()
