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


def stopping() -> bool:
    """The running task has been cancelled, even if the error in hand says something else."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
