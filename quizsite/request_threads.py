"""A fixed set of long-lived threads for the sync code of HTTP requests, under uvicorn or daphne.

Django's ASGI handler runs each request's sync code (middleware, views, the
ORM) in a thread made for that request and thrown away after it. A database
connection belongs to a thread, so with ``DB_CONN_MAX_AGE`` above 0 every
request left a connection behind in a dead thread, and PostgreSQL's
``max_connections`` ran out (docs/BENCHMARKS.md); with 0 every request paid
for a new connection (a backend process forked by PostgreSQL, ~1–3 ms of
CPU), which costs more than a short view itself.

``RequestThreads`` hands each request one of ``size`` single-thread
executors for its whole life (asgiref's ThreadSensitiveContext with an
executor; Django's own context inside it then reuses it), and makes a
request wait when all are busy. So a process holds at most ``size``
connections, each reused by the requests that thread runs, and closed by
Django after ``DB_CONN_MAX_AGE`` seconds or when it breaks.

``ThreadSensitiveContext(executor=...)`` came with asgiref 3.13.0
(requirements.txt pins it); with an older asgiref every request would fail
with a TypeError, so importing this module refuses it instead.
"""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext

MINIMUM_ASGIREF = "3.13.0"


def require_executor_contexts(context_class: type = ThreadSensitiveContext) -> None:
    """Refuse an asgiref whose ThreadSensitiveContext cannot take an executor (before 3.13.0)."""
    if "executor" not in inspect.signature(context_class).parameters:
        import asgiref

        raise ImportError(
            f"quizsite.request_threads needs asgiref >= {MINIMUM_ASGIREF} (ThreadSensitiveContext(executor=...)); "
            f"asgiref {getattr(asgiref, '__version__', '?')} is installed: pip install -r requirements.txt"
        )


require_executor_contexts()


class RequestThreads:
    def __init__(self, app: Any, size: int):
        if size < 1:
            raise ValueError("RequestThreads needs at least one thread")
        self.app, self.size = app, size
        self._free: asyncio.Queue[ThreadPoolExecutor] | None = None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if self._free is None:  # made on the server's event loop, at the first request
            self._free = asyncio.Queue()
            for n in range(self.size):
                self._free.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{n}"))
        executor = await self._free.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            self._free.put_nowait(executor)


class SyncMiddlewareChain:
    """Last in MIDDLEWARE: the whole middleware chain then runs in the request's thread.

    Under ASGI Django runs each middleware in the mode of the one inside it.
    With the view handler innermost (async), every middleware able to do
    both ran async, and each of its process_request/process_view/
    process_response hooks hopped from the event loop to the request's
    thread and back: about ten hops per request behind WhiteNoise (sync
    only), each a future, a wake-up and a GIL hand-over. Being sync only and
    innermost, this makes Django run the chain once in the thread, with
    one hop to the view's handler and one back. It does nothing itself.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Any):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)
