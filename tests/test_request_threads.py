"""RequestThreads: HTTP requests' sync code on a fixed set of reused threads (one DB connection each)."""

from __future__ import annotations

import asyncio
import importlib.metadata
import re
import threading
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.testing import HttpCommunicator

from quizsite.asgi import application
from quizsite.request_threads import MINIMUM_ASGIREF, RequestThreads, require_executor_contexts

ROOT = Path(__file__).resolve().parent.parent


def recording_app(threads: list[int], running: list[int], peak: list[int]):
    """An ASGI app whose sync part notes its thread and how many requests overlap."""

    def work() -> None:
        threads.append(threading.get_ident())

    async def app(scope, receive, send) -> None:
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        await asyncio.sleep(0.01)
        await sync_to_async(work)()
        running[0] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


async def request(app) -> int:
    communicator = HttpCommunicator(app, "GET", "/")
    response = await communicator.get_response()
    return response["status"]


async def test_concurrent_requests_share_the_configured_number_of_threads():
    threads: list[int] = []
    running, peak = [0], [0]
    app = RequestThreads(recording_app(threads, running, peak), size=3)

    statuses = await asyncio.gather(*(request(app) for _ in range(20)))

    assert statuses == [200] * 20
    assert len(threads) == 20
    assert len(set(threads)) == 3
    assert peak[0] == 3


def test_it_refuses_zero_threads():
    with pytest.raises(ValueError):
        RequestThreads(recording_app([], [0], [0]), size=0)


async def test_the_site_answers_http_through_the_request_threads():
    response = await HttpCommunicator(application, "GET", "/healthz", headers=[(b"host", b"testserver")]).get_response()

    assert response["status"] == 200
    assert response["body"] == b"ok"


class ContextOfAsgiref312:
    """asgiref 3.12's ThreadSensitiveContext: it takes no executor."""

    def __init__(self):
        self.token = None


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_it_refuses_an_asgiref_whose_contexts_take_no_executor():
    with pytest.raises(ImportError, match=re.escape(f"needs asgiref >= {MINIMUM_ASGIREF}")):
        require_executor_contexts(ContextOfAsgiref312)


def test_the_pinned_asgiref_is_installed_and_recent_enough():
    pinned = re.search(r"^asgiref==([\d.]+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)

    assert pinned, "requirements.txt must pin asgiref"
    assert version(pinned[1]) >= version(MINIMUM_ASGIREF)
    assert importlib.metadata.version("asgiref") == pinned[1]
    require_executor_contexts()  # the installed class passes
