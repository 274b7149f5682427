"""Load-test harness: the production set-up on loopback, a load client, figures.

What one run does:

1. Recreates a dedicated PostgreSQL database (``quiz_bench``), migrates it,
   collects static files and loads the demo data (``seed_demo --json`` when
   the command exists, else ``bench/fixture.py``), plus ``--questions`` extra
   questions for the signed-in author so list pages have realistic volume.
2. Starts ``--processes`` uvicorn processes on consecutive loopback ports with
   production settings (``DJANGO_ENV=production``, DEBUG off, PostgreSQL,
   Redis), as systemd would (deploy/uvicorn@.service's very command), and
   waits for /healthz (``--server daphne|granian|hypercorn``: the same
   application served by another ASGI server, see ``server_command``).
3. Forks a load client (asyncio; aiohttp for HTTP/1.1 with keep-alive,
   ``websockets`` for WebSockets): each virtual user signs in if the
   scenario needs it, keeps one connection to one server port (users are spread round-robin over the ports, as nginx
   would) and sends requests back to back.
4. Prints requests/s and p50/p95/p99 latency for a BASELINE (/healthz, the
   smallest Django view on the same server in the same run) and for each
   scenario, with the ratio scenario/baseline, and writes them as JSON to
   bench/results/.
5. Stops every process it started, always, and gives up after ``--timeout``.

Scenarios are small objects (see ``Scenario``); later benchmarks subclass it
(answer saves, live rounds) and call ``main`` with their own list.
Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import multiprocessing
import os
import platform
import re
import resource
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as connect_websocket
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BASE_PORT = 8101


# --- The clients: aiohttp for HTTP, websockets for WebSocket ---------------------


class Unexpected(Exception):
    """A step got an answer it should not have (counted as an error, with this text)."""


# What a failed step may raise: counted as an error of that step, never the end of the run.
REQUEST_ERRORS: tuple[type[BaseException], ...] = (
    Unexpected,
    OSError,  # TimeoutError included
    ValueError,
    RuntimeError,
    aiohttp.ClientError,
    WebSocketException,
)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http_client() -> aiohttp.ClientSession:
    """One keep-alive connection to one server, reopened by aiohttp after the server closes it.

    The cookies are the ``Session``'s: the server's cookies are ``Secure``
    (it believes it is behind nginx's HTTPS), which a cookie jar would not
    send back over loopback HTTP. No compression is asked for, as before.
    """
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=1),
        cookie_jar=aiohttp.DummyCookieJar(),
        skip_auto_headers=("User-Agent", "Accept-Encoding"),
        auto_decompress=False,
    )


class Session:
    """A virtual user: one connection, a cookie jar, and what a browser behind nginx sends.

    It sends ``X-Forwarded-Proto: https`` as nginx does in deploy/nginx.conf,
    so the production security settings (secure cookies, CSRF origin checks)
    behave exactly as they do behind the proxy.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.origin = f"https://{host}:{port}"
        self.http: aiohttp.ClientSession | None = None  # made on the load client's event loop
        self.cookies: dict[str, str] = {}
        self.sockets: list[ClientConnection] = []

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    async def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, data: Any = None
    ) -> Response:
        """One request, redirects not followed; ``data`` is what aiohttp sends as the body (a dict: a form)."""
        self.http = self.http or http_client()
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "vi", **(headers or {}), **self._cookie_header()}
        url = f"http://{self.host}:{self.port}{path}"
        async with self.http.request(method, url, headers=sent, data=data, allow_redirects=False) as answer:
            response = Response(answer.status, [(k.lower(), v) for k, v in answer.headers.items()], await answer.read())
        for value in answer.headers.getall("Set-Cookie", []):
            key, _, rest = value.partition("=")
            self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    def _same_origin(self, referer: str) -> dict[str, str]:
        return {
            "Origin": self.origin,
            "Referer": self.origin + referer,
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }

    async def post_form(self, path: str, data: dict[str, str], *, referer: str | None = None) -> Response:
        """A plain HTML form POST (application/x-www-form-urlencoded) with the CSRF token."""
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return await self.request("POST", path, headers=self._same_origin(referer or path), data=data)

    async def post_multipart(self, path: str, fields: list[tuple[str, str]], *, referer: str) -> Response:
        """What ``fetch(url, {method: "POST", body: new FormData(), headers: {"X-CSRFToken": …}})`` sends."""
        form = aiohttp.FormData(fields, default_to_multipart=True)
        return await self.request("POST", path, headers=self._same_origin(referer), data=form)

    async def login(self, login: str, password: str) -> None:
        page = await self.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or not match:
            raise RuntimeError(f"login page answered {page.status} without a CSRF token")
        answer = await self.post_form(
            "/accounts/login/", {"login": login, "password": password, "csrfmiddlewaretoken": match.group(1)}
        )
        if answer.status != 302 or "login" in (answer.header("location") or ""):
            raise RuntimeError(f"signing in as {login} failed: HTTP {answer.status}")

    async def websocket(self, path: str) -> ClientConnection:
        """A WebSocket on the same server with this user's cookies and an allowed Origin.

        No compression (no server here grants it), no client pings, no proxy:
        the socket carries only what the scenario sends; server pings are
        answered by ``websockets`` itself.
        """
        socket = await connect_websocket(
            f"ws://{self.host}:{self.port}{path}",
            origin=Origin(self.origin),
            additional_headers={"X-Forwarded-Proto": "https", **self._cookie_header()},
            compression=None,
            user_agent_header=None,
            proxy=None,
            ping_interval=None,
        )
        self.sockets.append(socket)
        return socket

    async def close(self) -> None:
        """Closes the connections; a later request opens a new one (the cookies stay)."""
        sockets, self.sockets = self.sockets, []
        for socket in sockets:
            await socket.close()
        if self.http is not None:
            http, self.http = self.http, None
            await http.close()


# --- Scenarios ------------------------------------------------------------------


@dataclass
class Scenario:
    """GET one path over and over, optionally signed in as a demo account.

    ``account`` names a role in the demo data ("author", "member", ...);
    subclasses override ``prepare`` (once per virtual user, not measured)
    and ``step`` (one measured request; returns True when it went right).
    """

    name: str
    path: str
    account: str | None = None
    expect_status: int = 200
    # Sign in once and give every virtual user the same session cookie:
    # a password hash costs a few hundred ms of server CPU, which would
    # otherwise dominate the set-up of a run with many users.
    share_login: bool = True
    _signed_in: dict[str, str] | None = field(default=None, init=False, repr=False)
    _lock: asyncio.Lock | None = field(default=None, init=False, repr=False)

    async def prepare(self, session: Session, accounts: dict[str, dict[str, str]]) -> None:
        if not self.account:
            return
        if self.account not in accounts:
            raise RuntimeError(f"no demo account for role {self.account!r}; known: {sorted(accounts)}")
        who = accounts[self.account]
        if not self.share_login:
            await session.login(who["login"], who["password"])
            return
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self._signed_in is None:
                await session.login(who["login"], who["password"])
                self._signed_in = dict(session.cookies)
        session.cookies.update(self._signed_in)

    async def step(self, session: Session) -> bool:
        response = await session.get(self.path)
        if response.status != self.expect_status:
            raise Unexpected(f"HTTP {response.status} for GET {self.path}")
        return True

    async def measure(self, options: dict[str, Any]) -> list[Figures]:
        """The figures of this scenario: one row, by default, from ``step`` repeated for the duration."""
        return [await run_scenario(self, **options)]

    async def verify(self, options: dict[str, Any]) -> tuple[bool, str] | None:
        """After every scenario ran: (held?, what was checked) or None when there is nothing to check."""
        return None


BASELINE = Scenario(name="BASELINE /healthz", path="/healthz")


@dataclass
class Figures:
    name: str
    path: str
    clients: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    client_cpu_pct: float
    server_cpu_pct: float
    machine_cpu_pct: float
    db_connections_peak: int
    first_error: str = ""
    ratio_to_baseline: float | None = None


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    index = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def _machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot, from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)


def background_load(seconds: float = 2) -> float:
    """How busy the machine is before we start anything (other jobs skew every figure)."""
    busy0, total0 = _machine_busy()
    time.sleep(seconds)
    busy1, total1 = _machine_busy()
    return round(100 * (busy1 - busy0) / max(1, total1 - total0), 0)


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


class Meter:
    """CPU of the client, the servers and the machine, and peak DB connections, over a measured window."""

    def __init__(self, server_pids: list[int], pg_url: str = "", database: str = ""):
        self.server_pids, self.pg_url, self.database = server_pids, pg_url, database

    def start(self) -> None:
        self.peak_connections = [0]
        self.watcher = (
            asyncio.create_task(_watch_connections(self.pg_url, self.database, self.peak_connections))
            if self.pg_url
            else None
        )
        self.wall0, self.cpu0 = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
        self.srv0 = _cpu_seconds(self.server_pids)
        self.busy0, self.total0 = _machine_busy()

    def stop(self) -> dict[str, Any]:
        wall = time.monotonic() - self.wall0
        cpu1, srv1 = resource.getrusage(resource.RUSAGE_SELF), _cpu_seconds(self.server_pids)
        busy1, total1 = _machine_busy()
        if self.watcher:
            self.watcher.cancel()
        client_cpu = (cpu1.ru_utime - self.cpu0.ru_utime) + (cpu1.ru_stime - self.cpu0.ru_stime)
        return {
            "wall": wall,
            "client_cpu_pct": round(100 * client_cpu / wall, 0) if wall else 0.0,
            "server_cpu_pct": round(100 * (srv1 - self.srv0) / wall, 0) if wall else 0.0,
            # All cores together, 100% = every core busy (PostgreSQL and Redis included).
            "machine_cpu_pct": round(100 * (busy1 - self.busy0) / max(1, total1 - self.total0), 0),
            "db_connections_peak": self.peak_connections[0],
        }


def make_figures(
    name: str, path: str, *, clients: int, latencies: list[float], errors: int, first_error: str, meter: dict
) -> Figures:
    latencies = sorted(latencies)
    wall = meter["wall"]
    return Figures(
        name=name,
        path=path,
        clients=clients,
        seconds=round(wall, 2),
        requests=len(latencies),
        errors=errors,
        rps=round(len(latencies) / wall, 1) if wall else 0.0,
        p50_ms=round(percentile(latencies, 50) * 1000, 1),
        p95_ms=round(percentile(latencies, 95) * 1000, 1),
        p99_ms=round(percentile(latencies, 99) * 1000, 1),
        max_ms=round((latencies[-1] if latencies else float("nan")) * 1000, 1),
        client_cpu_pct=meter["client_cpu_pct"],
        server_cpu_pct=meter["server_cpu_pct"],
        machine_cpu_pct=meter["machine_cpu_pct"],
        db_connections_peak=meter["db_connections_peak"],
        first_error=first_error,
    )


async def run_scenario(
    scenario: Scenario,
    *,
    ports: list[int],
    accounts: dict[str, dict[str, str]],
    clients: int,
    duration: float,
    max_requests: int,
    warmup: float,
    server_pids: list[int],
    pg_url: str = "",
    database: str = "",
    **_other: Any,
) -> Figures:
    sessions = [Session("127.0.0.1", ports[i % len(ports)]) for i in range(clients)]
    await asyncio.gather(*(scenario.prepare(s, accounts) for s in sessions))
    latencies: list[float] = []
    errors = 0
    first_error = ""
    measuring = False
    stop_at = time.monotonic() + warmup + duration
    budget = [max_requests or 10**12]

    async def user(session: Session) -> None:
        nonlocal errors, first_error
        while time.monotonic() < stop_at and budget[0] > 0:
            counted = measuring
            if counted:
                budget[0] -= 1
            started = time.perf_counter()
            try:
                ok = await asyncio.wait_for(scenario.step(session), 30)
                note = "" if ok else "unexpected answer"
            except REQUEST_ERRORS as exc:
                ok, note = False, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            if counted:
                latencies.append(elapsed)
                if not ok:
                    errors += 1
                    first_error = first_error or note

    tasks = [asyncio.create_task(user(s)) for s in sessions]
    await asyncio.sleep(warmup)
    measuring = True
    meter = Meter(server_pids, pg_url, database)
    meter.start()
    await asyncio.gather(*tasks)
    window = meter.stop()
    await asyncio.gather(*(s.close() for s in sessions))
    return make_figures(
        scenario.name,
        scenario.path,
        clients=clients,
        latencies=latencies,
        errors=errors,
        first_error=first_error,
        meter=window,
    )


async def _watch_connections(pg_url: str, database: str, peak: list[int]) -> None:
    """Highest number of server connections to the bench database, sampled every half second."""
    import psycopg

    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as conn:
        while True:
            cursor = await conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database])
            peak[0] = max(peak[0], (await cursor.fetchone())[0])
            await asyncio.sleep(0.5)


def _client_process(queue, scenarios, options: dict[str, Any]) -> None:
    """Runs in a forked process so the load client never shares a Python interpreter with a server."""
    try:
        results = []
        for scenario in scenarios:
            for figures in asyncio.run(scenario.measure(options)):
                print(format_row(figures), flush=True)
                results.append(asdict(figures))
        checks = [check for scenario in scenarios if (check := asyncio.run(scenario.verify(options)))]
        queue.put(("ok", (results, checks)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the servers
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


# --- The server side ------------------------------------------------------------


def assert_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return
    if not host or not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing {url}: the bench only talks to loopback addresses")


def production_env(database_url: str, redis_url: str, conn_max_age: int, workdir: Path) -> dict[str, str]:
    """The environment of a server process (and of manage.py): production settings on loopback."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE", "REDIS"))},
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CHANNEL_PREFIX": f"bench{os.getpid()}",
        "CACHE_PREFIX": f"benchcache{os.getpid()}",
        "DISABLE_RATE_LIMITS": "true",  # the bench server only: every user signs in from 127.0.0.1
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": str(conn_max_age),
    }


def recreate_database(admin_url: str, name: str) -> str:
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"bad database name {name!r}")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def manage(source: Path, env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=source, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def find_accounts(data: Any) -> dict[str, dict[str, str]]:
    """Demo accounts by role from ``seed_demo --json``, whatever its exact nesting.

    Any object with a password and a phone/login/email counts; its role is
    read from ``role``/``roles``/``kind`` or from the key it was found under.
    """
    found: dict[str, dict[str, str]] = {}

    def visit(node: Any, label: str) -> None:
        if isinstance(node, dict):
            login = node.get("phone") or node.get("login") or node.get("email")
            if isinstance(login, str) and isinstance(node.get("password"), str):
                roles = node.get("roles") or node.get("role") or node.get("kind") or label
                for role in roles if isinstance(roles, list) else [roles]:
                    found.setdefault(str(role).lower(), {"login": login, "password": node["password"]})
            for key, value in node.items():
                visit(value, str(key) if isinstance(value, dict) else label)
        elif isinstance(node, list):
            for item in node:
                visit(item, label)

    visit(data, "")
    return found


def parse_json_output(text: str) -> Any:
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise RuntimeError(f"no JSON in the output:\n{text[:500]}")
    return json.JSONDecoder().raw_decode(text[start:])[0]


def seed(
    source: Path, env: dict[str, str], extra_questions: int, members: int | None = None
) -> tuple[dict[str, dict[str, str]], str, dict[str, Any]]:
    """Demo data and bench/fixture.py; ``members`` (not None) adds the weekly round's players."""
    has_seed_demo = (
        subprocess.run(
            [PYTHON, "manage.py", "help", "seed_demo"], cwd=source, env=env, capture_output=True, timeout=60
        ).returncode
        == 0
    )
    accounts: dict[str, dict[str, str]] = {}
    how = "bench/fixture.py"
    if has_seed_demo:
        accounts = find_accounts(parse_json_output(manage(source, env, "seed_demo", "--json")))
        how = "seed_demo --json"
    fixture_args = ["--questions", str(extra_questions)]
    if "author" in accounts:
        fixture_args += ["--author", accounts["author"]["login"]]
    if members is not None:
        fixture_args += ["--weekly-round", "--members", str(members)]
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "fixture.py"), *fixture_args],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench/fixture.py failed:\n{out.stdout}\n{out.stderr}")
    fixture = parse_json_output(out.stdout)
    for role, who in find_accounts(fixture.get("accounts", [])).items():
        accounts.setdefault(role, who)
    return accounts, how, fixture


SERVERS = ("uvicorn", "daphne", "granian", "hypercorn")
PRODUCTION_SERVER = "uvicorn"
APPLICATION = "quizsite.asgi:application"
PRODUCTION_UNIT = ROOT / "deploy" / "uvicorn@.service"


def production_options(unit: Path = PRODUCTION_UNIT) -> list[str]:
    """uvicorn's options and application as ``unit``'s ExecStart runs them, without its binary, host and port."""
    text = unit.read_text().replace("\\\n", " ")  # systemd's continued lines
    line = next((line for line in text.splitlines() if line.startswith("ExecStart=")), None)
    if line is None:
        raise ValueError(f"{unit}: no ExecStart")
    binary, *words = shlex.split(line.removeprefix("ExecStart="))
    if Path(binary).name != "uvicorn":
        raise ValueError(f"{unit}: ExecStart runs {binary}, not uvicorn")
    options = []
    while words:
        word = words.pop(0)
        if word in ("--host", "--port", "--fd", "--uds"):
            words.pop(0)  # each caller binds its own
        else:
            options.append(word)
    if not options or not re.fullmatch(r"[\w.]+:[\w.]+", options[-1]):
        raise ValueError(f"{unit}: ExecStart must end with the application (quizsite.asgi:application)")
    return options


def server_command(
    server: str,
    *,
    port: int | None = None,
    fd: int | None = None,
    app: str = APPLICATION,
    uvicorn_ws: str | None = None,
) -> list[str]:
    """The command that serves ``app`` with ``server`` on a loopback ``port``, or on the listening socket ``fd``.

    uvicorn as production runs it: deploy/uvicorn@.service's ExecStart
    (``production_options``), so the bench and the tests that start real
    server processes (tests/servers.py) measure and check that very command;
    ``uvicorn_ws`` replaces its WebSocket protocol (``wsproto``) to
    compare others. daphne as ``make run`` and production before issue 15 ran
    it. granian and hypercorn run as uvicorn does: no per-message
    compression (hypercorn's wsproto and granian accept it only when the
    client asks, which the bench's clients never do), no access log,
    warnings only, uvloop as the event loop, and no lifespan (granian runs its
    ``asginl`` interface, ASGI without lifespan; hypercorn logs that Channels'
    router has none and goes on). One worker process each: the bench runs
    one server process per core.
    """
    if (port is None) == (fd is None):
        raise ValueError("server_command needs a port or a file descriptor, not both")
    if server == "uvicorn":
        options = production_options()
        if uvicorn_ws is not None:
            options[options.index("--ws") + 1] = uvicorn_ws
        options[-1] = app
        bind = ["--fd", str(fd)] if fd is not None else ["--host", "127.0.0.1", "--port", str(port)]
        return [PYTHON, "-m", "uvicorn", *bind, *options]
    if server == "daphne":
        bind = ["--fd", str(fd)] if fd is not None else ["--bind", "127.0.0.1", "--port", str(port)]
        return [PYTHON, "-m", "daphne", *bind, "--proxy-headers", "--verbosity", "0", app]
    if fd is not None:
        raise ValueError(f"{server} is started on a port here, not on a file descriptor")
    if server == "granian":
        return [
            *[PYTHON, "-m", "granian", "--interface", "asginl", "--host", "127.0.0.1", "--port", str(port)],
            *["--workers", "1", "--loop", "uvloop", "--no-access-log", "--log-level", "warning", app],
        ]
    if server == "hypercorn":
        return [
            *[PYTHON, "-m", "hypercorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            *["--worker-class", "uvloop", "--log-level", "warning", app],
        ]
    raise ValueError(f"unknown server {server!r}; known: {', '.join(SERVERS)}")


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (granian serves from a child of the process it starts)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


class Servers:
    """N server processes (uvicorn, as production, by default) with production settings; always stopped on exit."""

    def __init__(
        self,
        source: Path,
        env: dict[str, str],
        ports: list[int],
        log_dir: Path,
        server: str = PRODUCTION_SERVER,
        **options,
    ):
        self.source, self.env, self.ports, self.log_dir = source, env, ports, log_dir
        self.server, self.options = server, options
        server_command(server, port=0, **options)  # an unknown server fails here, before anything starts
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Any] = []

    def log_path(self, port: int) -> Path:
        return self.log_dir / f"{self.server}-{port}.log"

    def __enter__(self) -> Servers:
        self.processes = [self._start(port) for port in self.ports]
        return self

    def _start(self, port: int, mode: str = "w") -> subprocess.Popen:
        log = open(self.log_path(port), mode)  # noqa: SIM115 - closed in __exit__
        self.logs.append(log)
        return subprocess.Popen(
            server_command(self.server, port=port, **self.options),
            cwd=self.source,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        for port, process in zip(self.ports, self.processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{self.server} on port {port} exited:\n{self.log_tail(port)}")
                try:
                    if asyncio.run(_probe(port)) == 200:
                        break
                except (OSError, aiohttp.ClientError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{self.server} on port {port} not ready after {timeout}s:\n{self.log_tail(port)}"
                    )
                time.sleep(0.2)

    def log_tail(self, port: int) -> str:
        return "\n".join(self.log_path(port).read_text(errors="replace").splitlines()[-30:])

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def trees(self) -> list[list[int]]:
        """Each server's process and its children, for CPU and memory (a granian worker is a child)."""
        return [process_tree(pid) for pid in self.pids]

    def __exit__(self, *exc_info: object) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self.logs:
            log.close()


async def _probe(port: int) -> int:
    session = Session("127.0.0.1", port)
    try:
        return (await asyncio.wait_for(session.get("/healthz"), 5)).status
    finally:
        await session.close()


# --- Report -----------------------------------------------------------------------


def format_row(f: Figures | dict) -> str:
    f = f if isinstance(f, dict) else asdict(f)
    ratio = f"  ratio {f['ratio_to_baseline']:.2f}" if f.get("ratio_to_baseline") is not None else ""
    return (
        f"{f['name']:<28} {f['rps']:>8.1f} req/s  p50 {f['p50_ms']:>7.1f} ms  p95 {f['p95_ms']:>7.1f} ms  "
        f"p99 {f['p99_ms']:>7.1f} ms  errors {f['errors']}/{f['requests']}  "
        f"cpu server {f['server_cpu_pct']:.0f}% client {f['client_cpu_pct']:.0f}% "
        f"machine {f['machine_cpu_pct']:.0f}%  db conns {f.get('db_connections_peak', '?')}{ratio}"
        + (f"\n    first error: {f['first_error']}" if f["first_error"] else "")
    )


def _first_line(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def machine(admin_url: str, redis_url: str) -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown"
    )
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    try:
        import psycopg

        with psycopg.connect(admin_url) as conn:
            postgres = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001
        postgres = "unknown"
    try:
        import redis

        redis_version = redis.Redis.from_url(redis_url).info("server")["redis_version"]
    except Exception:  # noqa: BLE001
        redis_version = "unknown"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "redis": redis_version,
        "daphne": _first_line([PYTHON, "-c", "import daphne; print(daphne.__version__)"]),
        "servers": _first_line(
            [
                PYTHON,
                "-c",
                "from importlib.metadata import version as v; "
                "print(*(f'{n} {v(n)}' for n in ('uvicorn', 'granian', 'hypercorn', 'uvloop', 'httptools')), sep=', ')",
            ]
        ),
        "django": _first_line([PYTHON, "-c", "import django; print(django.get_version())"]),
    }


# --- Command line -------------------------------------------------------------


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--processes", type=int, default=2, help="server processes (about one per core)")
    p.add_argument(
        "--server", choices=SERVERS, default=PRODUCTION_SERVER, help="the ASGI server of the project's application"
    )
    p.add_argument("--clients", type=int, default=32, help="concurrent virtual users")
    p.add_argument("--duration", type=float, default=20, help="measured seconds per scenario")
    p.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each measurement")
    p.add_argument("--requests", type=int, default=0, help="stop a scenario after this many requests (0: no limit)")
    p.add_argument("--questions", type=int, default=300, help="extra questions for the signed-in author")
    p.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE (seconds), as in deploy/env.example")
    p.add_argument(
        "--members", type=int, default=None, help="bench members added for the weekly round (none: no round data)"
    )
    p.add_argument("--base-port", type=int, default=BASE_PORT)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="admin URL (loopback)")
    p.add_argument("--database", default="quiz_bench", help="dropped and recreated every run")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/2", help="Redis URL (loopback)")
    p.add_argument("--snapshot", action="store_true", help="run the committed HEAD (git archive), not the work tree")
    p.add_argument("--timeout", type=float, default=900, help="hard limit for the whole run, in seconds")
    p.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/results/)")
    return p


def raise_open_files() -> tuple[int, int]:
    """Soft limit of open files up to the hard one (inherited by the forked clients and the servers)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def _out_of_time(*_: object) -> None:
    raise TimeoutError("the bench ran past --timeout; stopping everything")


def begin(timeout: float, prefix: str) -> Path:
    """A bench run starts: SIGTERM and ``timeout`` end it through its finally blocks; its results folder exists;
    a fresh work directory (named ``prefix``…) is returned."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks run
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(int(timeout))
    RESULTS.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix))


def run(args: argparse.Namespace, scenarios: list[Scenario], title: str) -> int:
    assert_loopback(args.pg)
    assert_loopback(args.redis)
    workdir = begin(args.timeout, "quiz-bench-")
    source = ROOT
    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if args.snapshot:
        source = workdir / "src"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    else:
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True)
        commit += " (+ uncommitted changes)" if dirty.stdout.strip() else ""
    started = time.time()
    deadline = time.monotonic() + args.timeout
    ports = [args.base_port + i for i in range(args.processes)]
    try:
        print(f"{title}: {args.processes} {args.server} processes, {args.clients} clients, {args.duration:.0f} s each")
        background = background_load()
        if background > 15:
            print(f"WARNING: the machine is already {background:.0f}% busy before the bench; figures will be low")
        database_url = recreate_database(args.pg, args.database)
        env = production_env(database_url, args.redis, args.conn_max_age, workdir)
        manage(source, env, "migrate", "--noinput")
        manage(source, env, "collectstatic", "--noinput")  # the hashed names production serves
        accounts, seeded_by, fixture = seed(source, env, args.questions, args.members)
        print(f"database {args.database} seeded by {seeded_by}; accounts: {', '.join(sorted(accounts))}")
        with Servers(source, env, ports, RESULTS, server=args.server) as servers:
            servers.wait_ready(timeout=max(5, min(60, deadline - time.monotonic())))
            options = {
                "ports": ports,
                "accounts": accounts,
                "clients": args.clients,
                "duration": args.duration,
                "max_requests": args.requests,
                "warmup": args.warmup,
                "server_pids": servers.pids,
                "pg_url": args.pg,
                "database": args.database,
                "fixture": fixture,
            }
            queue = multiprocessing.get_context("fork").Queue()
            client = multiprocessing.get_context("fork").Process(
                target=_client_process, args=(queue, [BASELINE, *scenarios], options), daemon=True
            )
            client.start()
            try:
                status, payload = queue.get(timeout=max(1, deadline - time.monotonic()))
            finally:
                if client.is_alive():
                    client.terminate()
                client.join(5)
            if status != "ok":
                for port in ports:
                    print(f"--- {args.server} {port} log ---\n{servers.log_tail(port)}", file=sys.stderr)
                raise RuntimeError(f"load client failed: {payload}")
        payload, checks = payload
        baseline = payload[0]
        for row in payload[1:]:
            row["ratio_to_baseline"] = round(row["rps"] / baseline["rps"], 3) if baseline["rps"] else None
        print("\nSummary (ratio = scenario req/s ÷ baseline req/s):")
        for row in payload:
            print(format_row(row))
        for held, text in checks:
            print(f"\n{'CHECK PASSED' if held else 'CHECK FAILED'}: {text}", file=sys.stdout if held else sys.stderr)
        report = {
            "title": title,
            "date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "commit": commit,
            "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            "settings": {k: v for k, v in vars(args).items() if k not in {"json"}},
            "machine": machine(args.pg, args.redis),
            "background_cpu_pct_before": background,
            "seeded_by": seeded_by,
            "results": payload,
            "checks": [{"held": held, "text": text} for held, text in checks],
        }
        out = args.json or RESULTS / f"{title}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        print(f"\nwritten to {out}; server logs in {RESULTS}/{args.server}-*.log")
        return 0 if all(row["errors"] == 0 for row in payload) and all(held for held, _ in checks) else 1
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
