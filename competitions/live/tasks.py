"""The hub's background tasks: told to stop, they stop, whatever error the stopping turned into.

A task cancelled inside a library's await does not always get its
``CancelledError`` back: channels_redis, tidying up a cancelled ``receive``,
or redis-py, dropping a connection mid-read, may raise their own error
instead; and asgiref, when the thread it waits on finishes anyway, may return
its result as if nothing had happened. A loop that catches ``Exception`` to
try again, or simply goes round, would then go on for ever, and the process
(or a test's event loop) would wait for it at shutdown. So the hub's loops
ask ``stopping()`` on every turn and on every error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

log = logging.getLogger(__name__)


def stopping() -> bool:
    """The running task has been cancelled, even if the error in hand says something else."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def stop(tasks: Iterable[asyncio.Task | None], *, wait_s: float) -> None:
    """Cancel ``tasks`` and give them ``wait_s`` seconds to end (a thread they wait on must finish first)."""
    running = [task for task in tasks if task is not None and not task.done()]
    for task in running:
        task.cancel()
    if not running:
        return
    _done, pending = await asyncio.wait(running, timeout=wait_s)
    for task in pending:
        log.warning("a live round's task did not stop within %.0f s: %r", wait_s, task)
