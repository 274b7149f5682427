"""Fault drills: what a member sees when Redis, PostgreSQL, a server process or the phone's network goes away.

    .venv/bin/python bench/drills.py [--members 1000 --clients 16 --quiet 20 --only redis,postgres,server,network]

The set-up is production-like and isolated from the machine's shared services
(the PostgreSQL on 5432 and the Redis on 6379 are never touched):

- its own PostgreSQL instance (``initdb`` into a temporary directory, as the
  ``postgres`` user when run as root) on ``--pg-port`` (5440), and its own
  ``redis-server`` on ``--redis-port`` (6395), both started and stopped here;
- the bench database seeded as bench/weekly_round.py does (demo data plus
  ``--members`` bench members, each with a signed-in session);
- two uvicorn processes with production settings, started as
  deploy/uvicorn@.service starts them (bench/harness.py; ``--server daphne``
  for the old server), and
  Debian's nginx (``/usr/sbin/nginx``) in the foreground in front of them,
  with a configuration made from deploy/nginx.conf itself (same upstream,
  proxy and WebSocket settings; plain HTTP on a loopback port, no TLS).

The load is the weekly round of bench/weekly_round.py through nginx:
``--clients`` members at a time open the round, start, open each question and
save an answer as attempt.js does (about one in four changed once), then
submit. Each virtual member behaves like the current attempt.js: a request
that fails (HTTP 5xx, a broken connection, no network) is sent again after
1, 2, 4 s (at most ``--max-backoff``) until it is acknowledged; a member who
taps again while a save is pending sends only the latest choice.

While the load runs, the drills follow one another, each after ``--quiet``
seconds of normal load:

- ``redis``: the Redis server is stopped for ``--redis-seconds`` (10) and started again (empty);
- ``postgres``: PostgreSQL is stopped (fast) and started again after ``--pg-seconds`` (3);
- ``server`` (``daphne`` before issue 15, still accepted): one server process
  is killed with ``kill -9`` and started again after 2 s (systemd's ``RestartSec``);
- ``network``: ``--cut-share`` (30%) of the members lose their network for
  ``--cut-seconds`` (20): their requests fail on the phone, they keep their
  taps and send them again when the network is back.

For each drill: requests by status in the drill window (from the fault to
``--settle`` s after it was repaired) and in the whole run, the longest time
a member waited for an acknowledgement, answer saves acknowledged per second
in the drill window against the quiet window before it, and the database
check (bench/weekly_round.py's: every acknowledged save stored once with the
last acknowledged choice, every acknowledged submit stored), with any
problem put in the drill during which the answer was acknowledged.

``--storm``: the reconnect storm of issue 15 instead, alone (no weekly
round, no other drill): ``--live-players`` phones (5,000 in the issue)
join a live round of three questions of ``--storm-question-seconds`` (40)
through nginx, so half of them on each server process; as the second
question opens the host waits until half the players' answers are
acknowledged, then ``kill -9`` one process, which is not started again
(the drill measures the survivor taking everyone). The dropped phones
reconnect with socket.js's backoff through nginx, which sends them to the
other process, ``sync``, and carry on; each whose answer was acknowledged
before the kill sends it once more and must be refused ``already_answered``.
Reported (bench/live_drills.py ``storm_summary``): how many phones were
dropped, the time from the kill until each had a ``state`` again
(p50/p95/max, how many within ``--storm-goal`` s, never), the answers
acknowledged before the kill still stored once, the second sends by
outcome, and the whole round's check (lost, doubled), with the phones'
client processes' event-loop lateness beside them.

The run exits non-zero when the database check fails. Results go to
bench/results/drills-*.json; ``--markdown`` prints the tables of
docs/DRILLS.md from such a file. Only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402

from bench import harness, live_drills, weekly_round  # noqa: E402

ROOT = harness.ROOT
PYTHON = harness.PYTHON
NGINX = Path("/usr/sbin/nginx")
DRILLS = ("redis", "postgres", "server", "network")
OLD_NAMES = {"daphne": "server"}  # --only daphne, as docs/DRILLS.md's earlier runs name it


# --- Pure pieces: the nginx configuration, the tally, the report (tests/test_bench_drills.py) ---


def nginx_config(
    template: str,
    *,
    listen: int,
    upstreams: list[int],
    static_root: Path,
    media_root: Path,
    workdir: Path,
    worker_connections: int = 4096,
) -> str:
    """deploy/nginx.conf made runnable in the foreground on loopback, its proxy settings untouched.

    Kept from the file: the upstream block (with the drill's server ports),
    the ``map`` for WebSockets and the HTTPS server's locations. Changed:
    the server listens on plain HTTP on ``listen`` (no certificate), the
    port-80 redirect server goes, and ``$scheme`` becomes ``https`` so that
    the servers are told what the real nginx tells them (the load client sends the
    ``Origin`` of https://127.0.0.1, as a browser on the real site would).
    ``worker_connections``: a proxied socket takes two (the phone's and the
    upstream's), and during the reconnect storm the dead process's
    half-closed ones overlap with the phones' new ones: four per phone (at
    5,000 phones, two per phone ran out: docs/DRILLS.md).
    """
    # Drop the port-80 server (the redirect to HTTPS): the first "server {" block with "listen 80".
    text = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", template, count=1, flags=re.S)
    # The drill's ports, each with the parameters of the file's first server line (max_fails=…, …).
    first = re.search(r"upstream quiz_asgi \{.*?\n    server 127\.0\.0\.1:\d+([^;]*);", text, flags=re.S)
    parameters = first[1] if first else ""
    servers = "\n".join(f"    server 127.0.0.1:{port}{parameters};" for port in upstreams)
    text, n = re.subn(
        r"(upstream quiz_asgi \{.*?)((?:\n    server 127\.0\.0\.1:\d+[^;]*;)+)",
        lambda m: f"{m[1]}\n{servers}",
        text,
        flags=re.S,
    )
    if n != 1:
        raise ValueError("deploy/nginx.conf: no upstream quiz_asgi with server lines")
    text = re.sub(r"\n\s*listen \[::\]:443[^;]*;", "", text)
    text, n = re.subn(r"listen 443[^;]*;", f"listen 127.0.0.1:{listen};", text)
    if n != 1:
        raise ValueError("deploy/nginx.conf: no 'listen 443' line")
    text = re.sub(r"\n\s*ssl_certificate(_key)?\s[^;]*;", "", text)
    text = text.replace("$scheme", "https")
    text = text.replace("/srv/quiz/staticfiles/", f"{static_root}/").replace("/var/lib/quiz/media/", f"{media_root}/")
    temp = {name: workdir / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    paths = "\n".join(f"    {name}_temp_path {path};" for name, path in temp.items())
    return f"""# Made by bench/drills.py from deploy/nginx.conf; run with nginx -p {workdir} -c this file.
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{
    worker_connections {worker_connections};
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {workdir}/access.log;
{paths}
{text}
}}
"""


def outcome_label(status: int | None, *, offline: bool = False) -> str:
    """How one request ended, as the report counts it."""
    if offline:
        return "offline"
    if status is None:
        return "error"
    return str(status)


@dataclass
class Request:
    """One HTTP request as the phone saw it (``at``: monotonic time it ended)."""

    at: float
    kind: str
    outcome: str  # "200", "502", ..., "error" (no answer), "offline" (the phone had no network)
    seconds: float


@dataclass
class Wait:
    """One thing a member waited for, from the first try to the acknowledgement (``end`` 0: never)."""

    kind: str
    start: float
    end: float = 0.0
    tries: int = 1
    refused: bool = False  # a 4xx or an unexpected page: the member stopped, not a wait


@dataclass
class Drill:
    name: str
    start: float = 0.0  # the fault began
    repaired: float = 0.0  # the service was back (or the network)
    end: float = 0.0  # end of the drill window: ``repaired`` + settle
    note: str = ""


class Tally:
    """Every request and every wait of the run, with the save acknowledgements' times per answer."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.waits: list[Wait] = []
        self.first_errors: dict[str, str] = {}

    def request(self, kind: str, outcome: str, started: float, ended: float, error: str = "") -> None:
        self.requests.append(Request(ended, kind, outcome, ended - started))
        if error:
            self.first_errors.setdefault(outcome, error)


def by_status(requests: list[Request], start: float = float("-inf"), end: float = float("inf")) -> dict[str, int]:
    """Requests ended in [start, end) by outcome, plus the report's groups (ok, 4xx, 5xx, 500, errors)."""
    counts = Counter(r.outcome for r in requests if start <= r.at < end)
    numeric = {int(k): v for k, v in counts.items() if k.isdigit()}
    return {
        "total": sum(counts.values()),
        "ok": sum(v for k, v in numeric.items() if k < 400),
        "4xx": sum(v for k, v in numeric.items() if 400 <= k < 500),
        "5xx": sum(v for k, v in numeric.items() if k >= 500),
        "500": numeric.get(500, 0),
        "errors": counts.get("error", 0),
        "offline": counts.get("offline", 0),
        "by_code": {k: counts[k] for k in sorted(counts)},
    }


def saves_per_second(requests: list[Request], start: float, end: float) -> float:
    """Answer saves acknowledged (HTTP 200) per second in [start, end)."""
    if end <= start:
        return 0.0
    done = sum(1 for r in requests if r.kind == "answer save" and r.outcome == "200" and start <= r.at < end)
    return round(done / (end - start), 1)


def longest_wait(waits: list[Wait], start: float, end: float, *, now: float) -> dict[str, Any]:
    """The longest a member waited for an acknowledgement, among waits overlapping [start, end).

    A wait never acknowledged counts until ``now`` (the end of the run) and is
    reported as unfinished.
    """
    overlapping = [w for w in waits if not w.refused and w.start < end and (w.end or now) >= start]
    if not overlapping:
        return {"seconds": 0.0, "kind": "", "tries": 0, "unfinished": 0}
    worst = max(overlapping, key=lambda w: (w.end or now) - w.start)
    return {
        "seconds": round((worst.end or now) - worst.start, 2),
        "kind": worst.kind,
        "tries": worst.tries,
        "unfinished": sum(1 for w in overlapping if not w.end),
    }


def drill_of(at: float, drills: list[Drill]) -> str:
    """The drill whose window holds time ``at``, or "quiet"."""
    return next((d.name for d in drills if d.start <= at < d.end), "quiet")


def summarise(
    tally: Tally, drills: list[Drill], problems: list[tuple[float, str]], *, quiet: float, run_start: float, now: float
) -> dict[str, Any]:
    """The report: per drill and for the whole run."""
    rows = []
    for d in drills:
        before_start = max(run_start, d.start - quiet)
        problem_texts = [text for at, text in problems if drill_of(at, drills) == d.name]
        during = by_status(tally.requests, d.start, d.end)
        rows.append(
            {
                "drill": d.name,
                "note": d.note,
                "fault_seconds": round(d.repaired - d.start, 1),
                "window_seconds": round(d.end - d.start, 1),
                "requests": during,
                "longest_wait": longest_wait(tally.waits, d.start, d.end, now=now),
                "saves_per_s_before": saves_per_second(tally.requests, before_start, d.start),
                "saves_per_s_during": saves_per_second(tally.requests, d.start, d.end),
                "problems": problem_texts,
                "goals": {
                    "no_lost_or_doubled": not problem_texts,
                    "no_http_500": during["500"] == 0,
                },
            }
        )
        if d.name == "redis":
            rows[-1]["goals"]["saves_at_half_rate"] = (
                rows[-1]["saves_per_s_during"] >= rows[-1]["saves_per_s_before"] / 2
            )
    return {
        "drills": rows,
        "total": {
            "requests": by_status(tally.requests),
            "longest_wait": longest_wait(tally.waits, run_start, now + 1, now=now),
            "problems_outside_drills": [text for at, text in problems if drill_of(at, drills) == "quiet"],
        },
        "first_errors": tally.first_errors,
    }


def check_answers(
    ledger: DrillLedger, stored_rows: list[tuple[int, int, list[int]]], finished: set[int]
) -> tuple[list[tuple[float, str]], str]:
    """bench/weekly_round.py's database check, each problem with the time its answer was acknowledged.

    ``stored_rows``: (attempt, question, choices) of the run's attempts;
    ``finished``: the attempts with ``submitted_at``.
    """
    stored: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for attempt, question, choices in stored_rows:
        stored[(attempt, question)].append(sorted(choices))
    problems: list[tuple[float, str]] = []
    for key, choice in ledger.last.items():
        found = stored.get(key, [])
        at = ledger.acknowledged_at.get(key, 0.0)
        if len(found) != 1:
            problems.append((at, f"attempt {key[0]} question {key[1]}: {len(found)} rows, expected 1"))
        elif found[0] != choice and found[0] not in ledger.unanswered.get(key, []):
            problems.append((at, f"attempt {key[0]} question {key[1]}: {found[0]} stored, {choice} acknowledged last"))
    for key in stored:
        if key not in ledger.last and not ledger.unanswered.get(key):
            problems.append((0.0, f"attempt {key[0]} question {key[1]}: stored but never sent"))
    lost_submits = sorted(ledger.submitted - finished)
    problems += [
        (ledger.submitted_at.get(a, 0.0), f"attempt {a}: submit acknowledged, not stored") for a in lost_submits
    ]
    good = len(ledger.last) - sum(1 for _, text in problems if "question" in text and "never sent" not in text)
    text = (
        f"{ledger.saves} acknowledged answer saves on {len(ledger.last)} (attempt, question) pairs of "
        f"{len(ledger.attempts)} attempts: {good} stored once with the last acknowledged choice; "
        f"{len(ledger.submitted)} acknowledged submits, {len(ledger.submitted) - len(lost_submits)} stored"
    )
    if problems:
        text += f"; {len(problems)} PROBLEMS:\n  " + "\n  ".join(p for _, p in problems[:20])
    return problems, text


@dataclass
class DrillLedger(weekly_round.Ledger):
    """bench/weekly_round.py's ledger plus when each answer and submit was acknowledged."""

    acknowledged_at: dict[tuple[int, int], float] = field(default_factory=dict)
    submitted_at: dict[int, float] = field(default_factory=dict)

    def acknowledged(self, attempt: int, question: int, choices: list[int]) -> None:
        super().acknowledged(attempt, question, choices)
        self.acknowledged_at[(attempt, question)] = time.monotonic()

    def submit_acknowledged(self, attempt: int) -> None:
        self.submitted.add(attempt)
        self.submitted_at[attempt] = time.monotonic()


def markdown(report: dict[str, Any], other: dict[str, Any] | None = None) -> str:
    """The tables of docs/DRILLS.md: one per drill, ``report`` alone or ``other`` (before) beside it."""
    if not report.get("weekly"):
        return ""
    runs = (
        [("before", other if other and other.get("weekly") else None), ("after", report)] if other else [("", report)]
    )
    lines = []
    names = [row["drill"] for row in report["weekly"]["drills"]]
    for name in names:
        lines += [f"#### {name}", "", "| | " + " | ".join(label or "figure" for label, _ in runs) + " |"]
        lines.append("| --- |" + " ---: |" * len(runs))
        rows = [
            next((r for r in run["weekly"]["drills"] if r["drill"] == name), None) if run else None for _, run in runs
        ]

        def cell(row: dict | None, what: str) -> str:
            if row is None:
                return "—"
            q = row["requests"]
            return {
                "requests": f"{q['total']}: {q['ok']} ok, {q['4xx']} 4xx, {q['5xx']} 5xx, {q['errors']} errors"
                + (f", {q['offline']} offline" if q["offline"] else ""),
                "codes": ", ".join(f"{k} × {v}" for k, v in q["by_code"].items()),
                "500": str(q["500"]),
                "wait": f"{row['longest_wait']['seconds']:.1f} s ({row['longest_wait']['kind']}, "
                f"{row['longest_wait']['tries']} tries)",
                "saves": f"{row['saves_per_s_before']:.1f} → {row['saves_per_s_during']:.1f}",
                "check": "0 lost or doubled" if not row["problems"] else f"{len(row['problems'])} PROBLEMS",
                "window": f"{row['window_seconds']:.0f} s (fault {row['fault_seconds']:.0f} s)",
            }[what]

        for label, what in [
            ("window", "window"),
            ("requests in the window", "requests"),
            ("by status", "codes"),
            ("HTTP 500", "500"),
            ("longest wait for an ack", "wait"),
            ("answer saves/s, quiet → drill", "saves"),
            ("database check", "check"),
        ]:
            lines.append(f"| {label} | " + " | ".join(cell(row, what) for row in rows) + " |")
        lines.append("")
    return "\n".join(lines)


# --- The services: PostgreSQL, Redis, the server processes, nginx, each our own ------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while port_free(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")
        time.sleep(0.1)


def postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise SystemExit("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    return versions[-1].parent


class OwnPostgres:
    """A PostgreSQL instance of our own in ``directory`` on ``port``: initdb, start, stop; trust auth, loopback."""

    def __init__(self, directory: Path, port: int):
        self.data, self.port, self.bin = directory / "pgdata", port, postgres_bin()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str, timeout: float = 120) -> None:
        result = subprocess.run([*self.as_postgres, *command], capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def init(self) -> None:
        if not port_free(self.port):
            raise SystemExit(f"port {self.port} is taken: choose another --pg-port")
        self.data.parent.chmod(0o755)
        self.data.mkdir()
        if self.as_postgres:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections=200"
        log = str(self.data / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


class OwnRedis:
    """A redis-server of our own on ``port``, no persistence (a restart comes back empty)."""

    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if not port_free(self.port):
            raise SystemExit(f"port {self.port} is taken: choose another --redis-port")
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_port(self.port, 20)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class ServerProcesses(harness.Servers):
    """harness.Servers with one process at a time killed (``kill -9``) and started again."""

    def kill(self, index: int) -> None:
        process = self.processes[index]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart(self, index: int) -> None:
        self.processes[index] = self._start(self.ports[index], "a")


class Nginx:
    """Debian's nginx in the foreground with the drill's configuration."""

    def __init__(self, config: str, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.config = directory / "nginx.conf"
        self.config.write_text(config)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        test = subprocess.run(
            [str(NGINX), "-t", "-p", str(self.directory), "-c", str(self.config)], capture_output=True, text=True
        )
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t refused the drill's configuration:\n{test.stderr}")
        if not port_free(self.port):
            raise SystemExit(f"port {self.port} is taken: choose another --nginx-port")
        log = open(self.directory / "nginx.out", "w")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(
            [str(NGINX), "-p", str(self.directory), "-c", str(self.config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_port(self.port, 20)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# --- The members: the weekly round through nginx, as attempt.js would ---------------------------


class Offline(OSError):
    """The phone has no network (the ``network`` drill): the request never left it."""


class GiveUp(Exception):
    """An answer a member cannot do anything about (a 4xx, an unexpected page): the member stops."""


@dataclass
class Network:
    """Which members are cut off, until when (monotonic)."""

    cut: dict[int, float] = field(default_factory=dict)

    def offline(self, member: int) -> bool:
        return self.cut.get(member, 0.0) > time.monotonic()


class Phone:
    """One virtual member at a time on one phone: requests through nginx, retried as attempt.js does."""

    def __init__(self, number: int, port: int, tally: Tally, network: Network, opts: dict[str, Any]):
        self.number, self.port, self.tally, self.network, self.opts = number, port, tally, network, opts
        self.session = self._session()

    def _session(self) -> harness.Session:
        session = harness.Session("127.0.0.1", self.port)
        # What a browser on the real site sends: nginx passes Host without the port (``$host``).
        session.origin = "https://127.0.0.1"
        return session

    async def new_member(self) -> None:
        await self.session.close()
        self.session = self._session()

    async def once(self, kind: str, method: str, path: str, **kwargs: Any) -> harness.Response:
        """One request; its outcome counted, a failure raised as OSError."""
        started = time.monotonic()
        if self.network.offline(self.number):
            await asyncio.sleep(0.01)  # the browser notices at once
            self.tally.request(kind, "offline", started, time.monotonic())
            raise Offline("no network")
        try:
            response = await asyncio.wait_for(self.session.request(method, path, **kwargs), self.opts["timeout"])
        except harness.REQUEST_ERRORS as e:
            self.tally.request(kind, "error", started, time.monotonic(), f"{kind}: {type(e).__name__}: {e}")
            await self.session.close()  # a broken keep-alive connection is not used again
            raise OSError(f"{type(e).__name__}: {e}") from e
        outcome = outcome_label(response.status)
        error = f"{kind}: HTTP {response.status} {response.text[:200]}" if response.status >= 400 else ""
        self.tally.request(kind, outcome, started, time.monotonic(), error)
        return response

    async def until_acknowledged(self, kind: str, send, accept) -> harness.Response:
        """``send()`` again after 1, 2, 4 … s while it fails (5xx, no answer, offline), as attempt.js does.

        ``send`` is called for every try (so a save sends the latest choice);
        ``accept(response)`` says whether the answer is the acknowledgement;
        any other answer below 500 gives up this member.
        """
        wait = Wait(kind, time.monotonic(), tries=0)
        self.tally.waits.append(wait)
        delay = 1.0
        while True:
            wait.tries += 1
            try:
                response = await send()
                if accept(response):
                    wait.end = time.monotonic()
                    return response
                if response.status < 500:
                    wait.end, wait.refused = time.monotonic(), True
                    raise GiveUp(f"{kind}: HTTP {response.status} {response.text[:120]}")
            except OSError:
                pass
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.opts["max_backoff"])


async def play_member(phone: Phone, player: weekly_round.Player, round_pk: int, ledger: DrillLedger, seed: int) -> None:
    """The weekly round for one member, every step retried until acknowledged."""
    rng = random.Random(seed)
    phone.session.cookies[weekly_round.SESSION_COOKIE] = player.session_key

    def headers(referer: str) -> dict[str, str]:
        return {
            "Origin": phone.session.origin,
            "Referer": phone.session.origin + referer,
            "X-CSRFToken": phone.session.cookies.get("csrftoken", ""),
        }

    round_path = f"/rounds/{round_pk}/"
    await phone.until_acknowledged(
        "round page",
        lambda: phone.once("round page", "GET", round_path),
        lambda r: r.status == 200 and "csrftoken" in phone.session.cookies,
    )

    async def start() -> harness.Response:
        data = {"csrfmiddlewaretoken": phone.session.cookies.get("csrftoken", "")}
        return await phone.once("start", "POST", f"{round_path}start/", headers=headers(round_path), data=data)

    answer = await phone.until_acknowledged(
        "start", start, lambda r: r.status == 302 and bool(weekly_round.ATTEMPT_URL.search(r.header("location") or ""))
    )
    attempt = int(weekly_round.ATTEMPT_URL.search(answer.header("location") or "")[1])
    q = total = 1
    while q <= total:
        page = await phone.until_acknowledged(
            "question page",
            lambda q=q: phone.once("question page", "GET", f"/attempts/{attempt}/?q={q}"),
            lambda r: r.status == 200 and bool(weekly_round.QUESTION_ID.search(r.text)),
        )
        question = int(weekly_round.QUESTION_ID.search(page.text)[1])
        choices = weekly_round.CHOICE.findall(page.text)
        end = weekly_round.SUBMIT_BUTTON.search(page.text)
        if not choices or not end:
            raise GiveUp(f"question {q}: no choices")
        slot = weekly_round.Slot(question, [int(c) for _, c in choices], choices[0][0] == "checkbox", int(end[1]) - 1)
        total = slot.total
        taps = [weekly_round.pick(slot, rng)]
        if rng.random() < 0.25:
            taps.append(weekly_round.pick(slot, rng, other_than=taps[0]))
        for chosen in taps:
            await save(phone, ledger, attempt, q, slot, chosen, rng)
        q += 1
    submit_page = f"/attempts/{attempt}/?q={total + 1}"
    await phone.until_acknowledged(
        "submit page",
        lambda: phone.once("submit page", "GET", submit_page),
        lambda r: r.status == 200 and f"/attempts/{attempt}/submit/" in r.text,
    )

    async def submit() -> harness.Response:
        data = {
            "csrfmiddlewaretoken": phone.session.cookies.get("csrftoken", ""),
            "prediction": str(rng.randint(0, 200)),
        }
        return await phone.once(
            "submit", "POST", f"/attempts/{attempt}/submit/", headers=headers(submit_page), data=data
        )

    await phone.until_acknowledged(
        "submit",
        submit,
        lambda r: r.status == 302 and (r.header("location") or "").endswith(f"/attempts/{attempt}/result/"),
    )
    ledger.submit_acknowledged(attempt)


async def save(
    phone: Phone,
    ledger: DrillLedger,
    attempt: int,
    q: int,
    slot: weekly_round.Slot,
    chosen: list[int],
    rng: random.Random,
) -> None:
    """A tap saved as attempt.js saves it; while it is pending the member may tap again (latest wins)."""
    latest = [chosen]

    async def send() -> harness.Response:
        if phone.network.offline(phone.number) and rng.random() < 0.3:
            latest[0] = weekly_round.pick(slot, rng, other_than=latest[0])  # another tap, still offline
        fields = [("question", str(slot.question)), *(("choice", str(c)) for c in latest[0])]
        if not phone.network.offline(phone.number):
            ledger.sent(attempt, slot.question, latest[0])
        form = aiohttp.FormData(fields, default_to_multipart=True)
        referer = f"/attempts/{attempt}/?q={q}"
        return await phone.once(
            "answer save",
            "POST",
            f"/attempts/{attempt}/save/",
            headers={
                "Origin": phone.session.origin,
                "Referer": phone.session.origin + referer,
                "X-CSRFToken": phone.session.cookies.get("csrftoken", ""),
                "Accept": "application/json",  # as attempt.js asks (a 503 then comes as JSON)
            },
            data=form,
        )

    def acknowledged(response: harness.Response) -> bool:
        try:
            return response.status == 200 and json.loads(response.body).get("saved") is True
        except ValueError:
            return False

    await phone.until_acknowledged("answer save", send, acknowledged)
    ledger.acknowledged(attempt, slot.question, latest[0])


async def run_load(
    players: list[weekly_round.Player],
    round_pk: int,
    opts: dict[str, Any],
    tally: Tally,
    ledger: DrillLedger,
    network: Network,
    stop: asyncio.Event,
) -> dict[str, int]:
    """``clients`` phones, each playing one member after another until ``stop`` (or no member is left)."""
    queue = list(enumerate(players))
    queue.reverse()
    counts: Counter = Counter()

    async def phone_loop(number: int) -> None:
        phone = Phone(number, opts["port"], tally, network, opts)
        try:
            while queue and not stop.is_set():
                n, player = queue.pop()
                await phone.new_member()
                try:
                    await play_member(phone, player, round_pk, ledger, n)
                    counts["played"] += 1
                except GiveUp as e:
                    counts["gave up"] += 1
                    tally.first_errors.setdefault("gave up", str(e))
        finally:
            await phone.session.close()

    tasks = [asyncio.create_task(phone_loop(n)) for n in range(opts["clients"])]
    await stop.wait()
    # Members finish what they are doing (their pending taps included), for a while.
    done, pending = await asyncio.wait(tasks, timeout=opts["finish_seconds"])
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    counts["cut short"] = len(pending)
    counts["left unplayed"] = len(queue)
    if not queue:
        counts["ran out of members"] = 1
    return dict(counts)


# --- The drills ----------------------------------------------------------------------------


async def healthy(port: int, timeout: float) -> float:
    """Waits until /healthz answers 200 on ``port``; returns when (monotonic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, aiohttp.ClientError, TimeoutError):
            if await asyncio.wait_for(harness._probe(port), 5) == 200:
                return time.monotonic()
        await asyncio.sleep(0.2)
    raise RuntimeError(f"the server on {port} is not healthy after {timeout:.0f} s")


async def apply_fault(drill: Drill, services: dict[str, Any], network: Network, opts: dict[str, Any]) -> None:
    """Does the drill's fault and its repair (returns when the service is back); sets ``drill.note``."""
    pg: OwnPostgres = services["postgres"]
    redis: OwnRedis = services["redis"]
    servers: ServerProcesses = services["servers"]
    if drill.name == "redis":
        await asyncio.to_thread(redis.stop)
        await asyncio.sleep(opts["redis_seconds"])
        await asyncio.to_thread(redis.start)
        drill.note = f"redis-server stopped for {opts['redis_seconds']:g} s, started again empty"
    elif drill.name == "postgres":
        await asyncio.to_thread(pg.stop, "fast")
        await asyncio.sleep(opts["pg_seconds"])
        await asyncio.to_thread(pg.start)
        drill.note = f"pg_ctl stop -m fast, {opts['pg_seconds']:g} s, pg_ctl start"
    elif drill.name == "server":
        index = len(servers.ports) - 1
        await asyncio.to_thread(servers.kill, index)
        await asyncio.sleep(2)
        servers.restart(index)
        up = await healthy(servers.ports[index], 60)
        drill.note = (
            f"kill -9 of {servers.server} :{servers.ports[index]}, started again 2 s later, "
            f"serving {up - drill.start:.1f} s after the kill"
        )
    elif drill.name == "network":
        chosen = [n for n in range(opts["clients"]) if n % 10 < round(opts["cut_share"] * 10)]
        network.cut = dict.fromkeys(chosen, time.monotonic() + opts["cut_seconds"])
        await asyncio.sleep(opts["cut_seconds"])
        network.cut = {}
        drill.note = f"{len(chosen)} of {opts['clients']} phones without network for {opts['cut_seconds']:g} s"


async def run_drills(
    names: list[str],
    services: dict[str, Any],
    network: Network,
    opts: dict[str, Any],
    stop: asyncio.Event,
) -> list[Drill]:
    """The drills one after another, each after ``quiet`` seconds; ``stop`` set at the end."""
    drills = []
    try:
        for name in names:
            await asyncio.sleep(opts["quiet"])
            drill = Drill(name, start=time.monotonic())
            print(f"  drill {name}: fault at +{drill.start - opts['t0']:.0f} s", flush=True)
            await apply_fault(drill, services, network, opts)
            drill.repaired = time.monotonic()
            await asyncio.sleep(opts["settle"])
            drill.end = time.monotonic()
            drills.append(drill)
        await asyncio.sleep(opts["quiet"])
    finally:
        stop.set()
    return drills


async def database_rows(database_url: str, ledger: DrillLedger) -> tuple[list[tuple[int, int, list[int]]], set[int]]:
    import psycopg

    attempts = sorted(ledger.attempts | ledger.submitted)
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            "SELECT attempt_id, question_id, choices FROM competitions_answer WHERE attempt_id = ANY(%s)", [attempts]
        )
        rows = [(a, q, c if isinstance(c, list) else json.loads(c)) for a, q, c in await cursor.fetchall()]
        cursor = await conn.execute(
            "SELECT id FROM competitions_attempt WHERE id = ANY(%s) AND submitted_at IS NOT NULL", [attempts]
        )
        finished = {row[0] for row in await cursor.fetchall()}
    return rows, finished


async def weekly(
    fixture: dict[str, Any], services: dict[str, Any], database_url: str, names: list[str], opts: dict[str, Any]
) -> dict[str, Any]:
    """The weekly round under the drills; the summary and the database check."""
    round_pk, players = weekly_round.players_of({"fixture": fixture})
    tally, ledger, network, stop = Tally(), DrillLedger(), Network(), asyncio.Event()
    opts["t0"] = run_start = time.monotonic()
    load = asyncio.create_task(run_load(players, round_pk, opts, tally, ledger, network, stop))
    await asyncio.sleep(opts["warmup"])
    drills = await run_drills(names, services, network, opts, stop)
    members = await load
    now = time.monotonic()
    rows, finished = await database_rows(database_url, ledger)
    problems, check_text = check_answers(ledger, rows, finished)
    summary = summarise(tally, drills, problems, quiet=opts["quiet"], run_start=run_start + opts["warmup"], now=now)
    summary["members"] = members
    summary["check"] = {"held": not problems, "text": check_text}
    summary["run_seconds"] = round(now - run_start, 1)
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    for row in summary["drills"]:
        q, w = row["requests"], row["longest_wait"]
        goals = ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in row["goals"].items())
        print(
            f"\n== {row['drill']} ({row['note']}); window {row['window_seconds']} s\n"
            f"   requests {q['total']}: {q['by_code']}\n"
            f"   longest wait {w['seconds']} s ({w['kind']}, {w['tries']} tries; {w['unfinished']} unfinished)\n"
            f"   answer saves/s: {row['saves_per_s_before']} quiet → {row['saves_per_s_during']} drill\n"
            f"   problems: {len(row['problems'])}; goals: {goals}"
        )
    total = summary["total"]
    print(
        f"\n== whole run ({summary['run_seconds']} s): {total['requests']['by_code']}; "
        f"longest wait {total['longest_wait']}\n   members: {summary['members']}"
    )
    for outcome, text in summary["first_errors"].items():
        print(f"   first {outcome}: {text[:300]}")
    held = summary["check"]["held"]
    print(f"\n{'CHECK PASSED' if held else 'CHECK FAILED'}: {summary['check']['text']}", flush=True)


# --- Command line ----------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--members", type=int, default=1000, help="bench members added for the weekly round")
    p.add_argument("--clients", type=int, default=16, help="members playing at a time")
    p.add_argument("--only", default=",".join(DRILLS), help=f"drills to run, in order (of {', '.join(DRILLS)})")
    p.add_argument("--warmup", type=float, default=10, help="seconds of load before the first quiet window")
    p.add_argument("--quiet", type=float, default=20, help="seconds of normal load before each drill (and at the end)")
    p.add_argument("--settle", type=float, default=5, help="seconds after a repair still in the drill window")
    p.add_argument("--redis-seconds", type=float, default=10)
    p.add_argument("--pg-seconds", type=float, default=3)
    p.add_argument("--cut-share", type=float, default=0.3)
    p.add_argument("--cut-seconds", type=float, default=20)
    p.add_argument("--max-backoff", type=float, default=8, help="longest pause between a member's retries")
    p.add_argument("--request-timeout", type=float, default=30, help="a phone gives up waiting for an answer")
    p.add_argument("--finish-seconds", type=float, default=60, help="members finish their pending steps, at most")
    p.add_argument("--no-weekly", action="store_true", help="only the live round")
    p.add_argument("--live-players", type=int, default=200, help="players of the live round (0: no live round)")
    p.add_argument("--live-question-seconds", type=int, default=15, help="each live question's time")
    p.add_argument("--live-answer-window", type=float, default=4, help="players answer within this many seconds")
    p.add_argument("--live-reveal-seconds", type=float, default=4, help="seconds on the reveal before the leaderboard")
    p.add_argument("--live-pause", type=float, default=1, help="seconds on the leaderboard before the next question")
    p.add_argument("--processes", type=int, default=2, help="server processes")
    p.add_argument(
        "--server",
        choices=harness.SERVERS,
        default=harness.PRODUCTION_SERVER,
        help="the ASGI server behind nginx (harness.py)",
    )
    p.add_argument("--storm", action="store_true", help="the reconnect storm alone (issue 15; see above)")
    p.add_argument("--storm-question-seconds", type=int, default=40, help="each question's time in the storm")
    p.add_argument("--storm-goal", type=float, default=20, help="every dropped phone back within this (seconds)")
    p.add_argument("--storm-clients", type=int, default=0, help="phone processes (0: 1 per 1,000 phones, ≤ 4)")
    p.add_argument(
        "--storm-connect-concurrency", type=int, default=20, help="first connects in flight per phone process"
    )
    p.add_argument("--storm-join-timeout", type=float, default=300, help="seconds for every phone to join first")
    p.add_argument(
        "--handshake-timeout", type=float, default=10, help="a phone's wait for a handshake before it retries"
    )
    p.add_argument("--nginx-port", type=int, default=8380)
    p.add_argument(
        "--nginx-conf", type=Path, default=ROOT / "deploy" / "nginx.conf", help="the production config to run"
    )
    p.add_argument("--base-port", type=int, default=8381, help="server ports from here")
    p.add_argument("--pg-port", type=int, default=5440)
    p.add_argument("--redis-port", type=int, default=6395)
    p.add_argument("--conn-max-age", type=int, default=60)
    p.add_argument("--questions", type=int, default=0, help="extra questions for the author (not used by the drills)")
    p.add_argument("--timeout", type=float, default=1500, help="hard limit for the whole run, in seconds")
    p.add_argument("--label", default="", help="a word for the results file (before, after)")
    p.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/results/)")
    p.add_argument(
        "--markdown", nargs="+", type=Path, metavar="JSON", help="print docs/DRILLS.md tables of results (before after)"
    )
    return p


def seed_live_round(
    env: dict[str, str], args: argparse.Namespace, *, questions: int, seconds: int | None = None
) -> dict[str, Any]:
    """bench/fixture.py --live-round: the players (signed in) and the host of a round of ``questions``."""
    seconds = seconds or args.live_question_seconds
    command = [PYTHON, str(ROOT / "bench" / "fixture.py"), "--live-round", "--players", str(args.live_players)]
    command += ["--sessions", "--live-questions", str(questions), "--duration-seconds", str(seconds)]
    command += ["--seed", "1"]
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"bench/fixture.py --live-round failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.markdown:
        reports = [json.loads(path.read_text()) for path in args.markdown]
        print(markdown(reports[-1], reports[0] if len(reports) > 1 else None))
        for report in reports:
            if report.get("live"):
                print(live_drills.live_markdown(report["live"], report.get("label") or "live"))
            if report.get("storm"):
                print(live_drills.storm_markdown(report["storm"], report.get("label") or "reconnect storm"))
        return 0
    if args.storm:
        args.only, args.no_weekly = "", True
    names = [OLD_NAMES.get(n.strip(), n.strip()) for n in args.only.split(",") if n.strip()]
    if unknown := set(names) - set(DRILLS):
        raise SystemExit(f"unknown drills {sorted(unknown)}; known: {', '.join(DRILLS)}")
    if not NGINX.exists():
        raise SystemExit(f"{NGINX} is missing: install Debian's nginx (apt-get install nginx-light or nginx)")
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is missing (apt-get install redis-server)")
    soft, _ = harness.raise_open_files()
    needed = 2 * args.live_players + 1000  # nginx holds two descriptors per phone, a process one each
    if soft < needed:
        raise SystemExit(f"raise the open-file limit (ulimit -n) to at least {needed}")
    workdir = harness.begin(args.timeout, "quiz-drills-")
    started = time.time()
    commit = harness._first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True).stdout.strip():
        commit += " (+ uncommitted changes)"
    load_before = os.getloadavg()
    pg = OwnPostgres(workdir, args.pg_port)
    redis = OwnRedis(workdir, args.redis_port)
    ports = [args.base_port + i for i in range(args.processes)]
    try:
        what = (
            f"reconnect storm, {args.live_players} phones"
            if args.storm
            else f"drills {', '.join(names)}: {args.clients} members at a time"
        )
        print(f"{what}; work directory {workdir}", flush=True)
        pg.init()
        pg.start()
        redis.start()
        database_url = harness.recreate_database(pg.admin_url, "quiz_drills")
        env = harness.production_env(database_url, redis.url, args.conn_max_age, workdir)
        harness.manage(ROOT, env, "migrate", "--noinput")
        harness.manage(ROOT, env, "collectstatic", "--noinput")
        members = None if args.no_weekly else args.members
        accounts, seeded_by, fixture = harness.seed(ROOT, env, args.questions, members)
        print(f"seeded by {seeded_by} + {members or 0} bench members", flush=True)
        if args.storm:
            live_fixture = seed_live_round(env, args, questions=3, seconds=args.storm_question_seconds)
        else:
            live_fixture = seed_live_round(env, args, questions=2 * len(names) + 1) if args.live_players else None
        config = nginx_config(
            args.nginx_conf.read_text(),
            listen=args.nginx_port,
            upstreams=ports,
            static_root=ROOT / "staticfiles",
            media_root=workdir / "media",
            workdir=workdir,
            worker_connections=max(4096, 4 * args.live_players + 512),
        )
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (workdir / name).mkdir()
        servers = ServerProcesses(ROOT, env, ports, harness.RESULTS, server=args.server)
        with servers, Nginx(config, workdir, args.nginx_port):
            servers.wait_ready(timeout=60)
            opts = {
                "port": args.nginx_port,
                "clients": args.clients,
                "timeout": args.request_timeout,
                "max_backoff": args.max_backoff,
                "finish_seconds": args.finish_seconds,
                "warmup": args.warmup,
                "quiet": args.quiet,
                "settle": args.settle,
                "redis_seconds": args.redis_seconds,
                "pg_seconds": args.pg_seconds,
                "cut_share": args.cut_share,
                "cut_seconds": args.cut_seconds,
                "answer_window": args.live_answer_window,
                "live_pause": args.live_pause,
                "live_reveal_seconds": args.live_reveal_seconds,
                "live_deadline": 600 + 3 * args.storm_question_seconds if args.storm else 600,
                "handshake_timeout": args.handshake_timeout,
                "seed": 1,
                "storm_question_seconds": args.storm_question_seconds,
                "storm_goal": args.storm_goal,
                "storm_clients": args.storm_clients,
                "storm_connect_concurrency": args.storm_connect_concurrency,
                "storm_join_timeout": args.storm_join_timeout,
            }
            services = {"postgres": pg, "redis": redis, "servers": servers}
            summary = None
            if not args.no_weekly:
                summary = asyncio.run(weekly(fixture, services, database_url, names, opts))
                print_summary(summary)
            live_summary = storm_summary = None
            if args.storm:
                print(f"reconnect storm: {args.live_players} phones", flush=True)
                storm_summary = live_drills.storm(live_fixture, services, database_url, opts)
                live_drills.print_storm(storm_summary)
                live_fixture = None
            if live_fixture:
                print(f"live round: {args.live_players} players", flush=True)
                live_summary = asyncio.run(live_drills.live(live_fixture, services, database_url, names, opts))
                live_drills.print_live(live_summary)
        report = {
            "title": "drills",
            "label": args.label,
            "date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "commit": commit,
            "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            "settings": {k: str(v) for k, v in vars(args).items() if k not in {"json", "markdown"}},
            "machine": harness.machine(pg.admin_url, redis.url),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "nginx": subprocess.run([str(NGINX), "-v"], capture_output=True, text=True).stderr.strip(),
            "nginx_config": config,
            "weekly": summary,
            "live": live_summary,
            "storm": storm_summary,
        }
        kind = "storm" if args.storm else "drills"
        out = args.json or harness.RESULTS / f"{kind}-{args.label or 'run'}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        if (workdir / "error.log").exists():
            shutil.copy(workdir / "error.log", harness.RESULTS / "drills-nginx-error.log")
        print(f"\nwritten to {out}; logs: {servers.log_path(ports[0])} …, drills-nginx-error.log")
        live_held = all(s is None or s["check"]["held"] for s in (live_summary, storm_summary))
        return 0 if (summary is None or summary["check"]["held"]) and live_held else 1
    finally:
        signal.alarm(0)
        redis.stop()
        if pg.running():
            with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
                pg.stop("immediate")
        if os.environ.get("DRILLS_KEEP") != "1":
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
