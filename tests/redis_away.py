"""Redis gone away, for tests: a port nothing listens on, and a redis-server of the test's own to stop and start.

Never the shared Redis (6379): other sessions use it. The server here runs
on a free port, keeps nothing on disk and is stopped after the test.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from functools import lru_cache

import pytest
import redis

from tests.components import missing
from tests.test_settings import load_settings


def free_port() -> int:
    """A port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


@lru_cache(maxsize=1)
def site_settings() -> dict:
    """CACHES, SESSION_ENGINE and SESSION_CACHE_ALIAS exactly as quizsite/settings.py makes them with REDIS_URL set."""
    return load_settings("CACHES", "SESSION_ENGINE", "SESSION_CACHE_ALIAS", REDIS_URL="redis://127.0.0.1:1/0")


def resilient_caches(url: str, **options) -> dict:
    """The site's caches (as settings.py configures them with REDIS_URL) pointed at ``url``, in a fresh namespace."""
    prefix = f"test-away-{uuid.uuid4().hex}"
    return {
        alias: {**config, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": {**config["OPTIONS"], **options}}
        for alias, config in site_settings()["CACHES"].items()
    }


def redis_layer(url: str) -> dict:
    """The site's channel layer settings (quizsite/settings.py with REDIS_URL) pointed at ``url``."""
    config = {"hosts": [{"address": url, "socket_timeout": 15}], "capacity": 1500, "expiry": 60}
    return {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {**config, "prefix": "test"}}}


class RedisServer:
    """A redis-server of this test's own, on a free port, with nothing kept on disk; not started yet.

    Use it in a ``with`` block: it is stopped at the end whatever happened.
    """

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            missing("redis-server is not installed: no Redis of the test's own to stop and start")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self, *options: str) -> None:
        """Start it (with redis-server ``options`` if given) and wait until it answers."""
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        pytest.fail(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@pytest.fixture
def redis_away(settings) -> str:
    """The site as production runs it (Redis cache, sessions in cached_db), with Redis gone: its URL."""
    url = dead_url()
    settings.CACHES = resilient_caches(url)
    settings.SESSION_ENGINE = site_settings()["SESSION_ENGINE"]
    settings.SESSION_CACHE_ALIAS = site_settings()["SESSION_CACHE_ALIAS"]
    return url
