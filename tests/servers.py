"""Real server processes for tests: the site served by uvicorn as production runs it, or by daphne.

uvicorn's command is deploy/uvicorn@.service's ExecStart itself (bench/harness.py
``server_command`` reads it), on a loopback socket the test binds and hands over
(``--fd``): no other program can take the port between choosing and serving.
daphne is what ``make run`` serves with; the tests that start servers run on both.

The servers share the test's database (the transactional test database, by its
name) and Redis under prefixes of their own; without a real PostgreSQL and
Redis the tests that need them skip, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.harness import APPLICATION, PRODUCTION_SERVER, server_command
from tests.components import missing, postgres_url, redis_url

ROOT = Path(__file__).resolve().parent.parent
# What production serves with first; daphne after it (make run).
SERVERS = (PRODUCTION_SERVER, "daphne")
# Larger than a join storm of the tests: the kernel queues the handshakes the server has not accepted yet.
BACKLOG = 2048


@dataclass
class Server:
    """One server process serving the project on a loopback port of its own."""

    kind: str  # uvicorn or daphne
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, deadline: float) -> None:
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.origin}/healthz", timeout=10) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self} not ready in time:\n{self.tail()}")
            time.sleep(0.3)

    def kill(self) -> None:
        """kill -9: no goodbye to the sockets, the database or Redis."""
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, as systemd stops it; killed if it has not ended within 10 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def __str__(self) -> str:
        return f"{self.kind} {self.name} (port {self.port})"


def require_postgres_and_redis(why: str) -> None:
    """Before any fixture touches the database: skip (or fail in CI) without PostgreSQL and Redis."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing(f"DATABASE_URL does not point at PostgreSQL: {why} (SQLite is one process's)")
    if not os.environ.get("REDIS_URL"):
        missing(f"REDIS_URL is not set: {why} (the in-memory channel layer is one process's)")
    redis_url()  # and it answers


def shared_database_url() -> str:
    """The servers' DATABASE_URL, pointing at the test database this test's data is committed to."""
    url = urllib.parse.urlsplit(postgres_url())
    return urllib.parse.urlunsplit(url._replace(path="/" + urllib.parse.quote(connection.settings_dict["NAME"])))


def server_env(redis: str | None, **extra: str) -> dict[str, str]:
    """The servers' environment: this test's database and secret key, Redis under prefixes of their own."""
    mine = ("DJANGO", "DATABASE", "REDIS", "CHANNEL_PREFIX", "CACHE_PREFIX", "LIVE_", "DEBUG", "SECRET_KEY")
    unique = uuid.uuid4().hex[:12]
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith(mine)},
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "DEBUG": "false",
        # The session cookies are made in this process: the servers must check them with the same key.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": shared_database_url(),
        **({"REDIS_URL": redis} if redis else {}),
        "CHANNEL_PREFIX": f"test-live-{unique}",
        "CACHE_PREFIX": f"test-live-cache-{unique}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def bound_socket() -> socket.socket:
    """A loopback TCP socket on a port of its own, bound but not listening: a connection to it is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def start(
    kind: str,
    name: str,
    env: dict[str, str],
    log_dir: Path,
    *,
    sock: socket.socket | None = None,
    app: str = APPLICATION,
) -> Server:
    """Starts ``kind`` (uvicorn or daphne) on ``sock`` (a new listening one by default), which is handed over.

    A ``sock`` that is only bound (``bound_socket``) refuses connections until the server is up: uvicorn
    listens on it itself (with its ``--backlog``); daphne needs one that listens already.
    """
    if sock is None:
        sock = bound_socket()
        sock.listen(BACKLOG)
    port = sock.getsockname()[1]
    log = log_dir / f"{kind}-{name}.log"
    try:
        with open(log, "w") as out:
            process = subprocess.Popen(
                server_command(kind, fd=sock.fileno(), app=app),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=[sock.fileno()],
                start_new_session=True,
            )
    finally:
        sock.close()
    return Server(kind, name, port, process, log)
