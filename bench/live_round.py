"""Bench: a whole live round played by N players on 2 server processes, against a bare broadcast server.

    .venv/bin/python bench/live_round.py --players 2000 [--questions 5 --only both|server|bare ...]
    .venv/bin/python bench/live_round.py --players 2000 --join-rate 500 --retry --join-only   # a join storm
    .venv/bin/python bench/live_round.py --players 2000 --server daphne|granian|hypercorn      # another server

What one run does (see docs/BENCHMARKS.md, "Live round"):

1. *bare*: ``--bare-processes`` (2) processes of bench/bare_broadcast.py, a
   ``websockets`` server that writes one pre-built frame to every socket on a
   trigger: the physical limit of the fan-out on this machine, with the same
   clients, the same host and the same number of processes as the server.
2. *server*: the bench database is recreated, migrated, ``seed_demo`` then
   ``bench/fixture.py --live-round --players N --sessions`` make a live round
   with N players entered in teams of ten and a session cookie each; then
   ``--processes`` (2) processes of ``--server`` (uvicorn as
   deploy/uvicorn@.service runs it; or daphne, granian, hypercorn:
   bench/harness.py ``server_command``) serve ``quizsite.asgi``
   with production settings (PostgreSQL, the Redis channel layer). Before
   the players come, each process is asked for a round that does not exist
   and from a foreign ``Origin``: the run checks that the client reads the
   close codes 4404 and 4403 (PROTOCOL.md) whatever the server.

For each server, ``--client-processes`` forked processes (uvloop, the
``websockets`` client) open one socket per player on
``/ws/live/<code>/play/`` (players spread round-robin over the ports, as
nginx would), each with its own session cookie, an allowed ``Origin`` and
``X-Forwarded-Proto: https``. The join is either closed-loop (at most
``--connect-concurrency`` handshakes in flight) or, with ``--join-rate R``,
open-loop: R new sockets per second per server process, each on its own
timer whatever happened to the earlier ones (a join storm). A phone waits
``--handshake-timeout`` (10 s) for its handshake and then for its ``state``;
each try ends as *joined* (``state`` came), *refused* (an HTTP status other
than 101, or a close code before the ``state``), *timed out*, or *failed*
(the connection broke with no HTTP answer). With ``--retry`` a phone whose
try did not end in ``state`` tries again after socket.js's backoff
(bench/phone.py: 1, 2, 4 … 15 s with jitter), until ``--join-timeout``; a
close with 4403/4404 is final, as on the page.

A host on ``/ws/live/<code>/host/`` (one per process for the bare server,
which has no channel layer) drives the round: ``start``, then per question
the ``question`` message, every player answering one random choice (for
``order``, every step in a random order; ``--kinds`` makes a round of those
kinds) at a random time within ``--answer-window`` (2 s) of receiving it (a
``--double-share`` of them send a second answer after their ack, which must
be refused as ``already_answered``), ``reveal`` once every player has
answered (or the question closes by itself), ``leaderboard``, ``next``; the
``next`` after the last question finishes the round (``--join-only``: no
round, the join alone).

The clients parse only the frames whose content they need: a frame's type is
read from its first bytes (bench/phone.py ``frame_type``); ``lobby``,
``status``, ``progress`` are counted unparsed, ``reveal`` and ``finished``
are timed unparsed (``--client-parse full`` parses everything, as before).
Each client process measures how late its own event loop runs a 20 ms timer,
all through the run: the clients' share of every delay below.

The run's LAST line on stdout is one JSON object with exactly these keys
(``null`` when not measured; the server's figures are those of ``--server``):

- ``players``: N, the players asked for.
- ``joined``: players of the server that got their ``state`` (after retries with ``--retry``).
- ``join_s``: from the first socket opened until the last ``state`` (seconds).
- ``join_cpu_ms_per_player``: the server processes' CPU (user + system, all
  processes and their children) from the first socket until every player had
  joined, divided by ``joined``, in ms.
- ``last_player_ms``: the median over the questions of each question's
  slowest player: the time from the host's ``start``/``next`` until the last
  player had the ``question``.
- ``bare_last_player_ms``: the same against the bare server, same run.
- ``ratio_last_player``: ``last_player_ms`` ÷ ``bare_last_player_ms``.
- ``leaderboard_p95_ms``: the host's ``leaderboard`` send → a player has the
  ``leaderboard``, p95 over every player and question.
- ``ack_p95_ms``: a player's ``answer`` sent → its ``ack`` received, p95 over every answer.
- ``mib_per_1000``: the server processes' RSS after the join (and a
  ``--settle``) minus before it, per 1,000 sockets.
- ``bare_mib_per_1000``: the same for the bare server.
- ``lost``: accepted acks with no ``LiveAnswer`` row (the database check).
- ``doubled``: second acceptances of one player's answer to one question,
  plus rows beyond one per player and question.
- ``client_late_ms``: how late the load clients' event loops ran a 20 ms
  timer, p95 over every sample of every client process during the server's
  join and round: a figure above is the client's as much as the server's by
  about this much. The results file has it per phase (join, each question's
  fan-out, the round) beside each figure, and the printed report too.

Other figures (fan-out p50/p95 per question, reveal, join attempts by
outcome, CPU and RSS per process, Redis CPU, the database check's counts) go
to the printed report and the results file (bench/results/live_round-*.json).
The run exits non-zero when the database check or the close-code check
fails, or a player missed a message. Only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import multiprocessing
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import (  # noqa: E402
    ConnectionClosed,
    InvalidMessage,
    InvalidStatus,
    WebSocketException,
)
from websockets.typing import Origin  # noqa: E402

from bench import harness, phone  # noqa: E402

ROOT = harness.ROOT
PYTHON = harness.PYTHON
LAST_LINE_KEYS = (
    "players",
    "joined",
    "join_s",
    "join_cpu_ms_per_player",
    "last_player_ms",
    "bare_last_player_ms",
    "ratio_last_player",
    "leaderboard_p95_ms",
    "ack_p95_ms",
    "mib_per_1000",
    "bare_mib_per_1000",
    "lost",
    "doubled",
    "client_late_ms",
)
# Frames whose content the players never need: counted, not parsed.
UNPARSED = frozenset({"lobby", "status", "progress", "pong"})


raise_open_files = harness.raise_open_files


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pct(values: list[float], p: float) -> float:
    return round(harness.percentile(sorted(values), p) * 1000, 1) if values else float("nan")


# --- What the client processes do ------------------------------------------------------


@dataclass
class Target:
    """A server to play against: where the players and the host connect, with which cookies."""

    name: str
    ports: list[int]
    play_path: str
    host_path: str
    host_ports: list[int]  # one host per port for the bare server (no channel layer), one for the server
    cookie_name: str = "sessionid"
    host_session: str = ""
    players: list[tuple[int, str]] = field(default_factory=list)  # (user id, session key)


@dataclass
class PlayerLog:
    user_id: int
    scheduled_at: float = 0.0  # when its first try was due (open-loop) or began (closed-loop)
    late_start: float = 0.0  # how late the client's loop started the first try (open-loop)
    attempts: list[list] = field(default_factory=list)  # [began, outcome, detail, handshake s, state s]
    state_at: float = 0.0
    question_at: dict[int, float] = field(default_factory=dict)  # question index -> monotonic time received
    reveal_at: dict[int, float] = field(default_factory=dict)
    leaderboard_at: dict[int, float] = field(default_factory=dict)
    finished_at: float = 0.0
    accepted: list[int] = field(default_factory=list)  # question ids of accepted acks
    ack_latencies: list[float] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    sent: int = 0
    doubles_sent: int = 0
    lobby: int = 0
    other: Counter = field(default_factory=Counter)
    error: str = ""
    close_code: int | None = None


def _headers(cookie_name: str, session: str) -> dict[str, str]:
    headers = {"X-Forwarded-Proto": "https"}
    if session:
        headers["Cookie"] = f"{cookie_name}={session}"
    return headers


async def open_socket(port: int, path: str, cookie_name: str, session: str, *, timeout: float = 120, origin: str = ""):
    return await connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=Origin(origin or f"https://127.0.0.1:{port}"),
        additional_headers=_headers(cookie_name, session),
        compression=None,
        user_agent_header=None,
        proxy=None,
        ping_interval=None,
        open_timeout=timeout,
        close_timeout=5,
        max_size=2**22,
    )


def answer_for(question: dict, rng: random.Random) -> list[int]:
    """A random answer of the form PROTOCOL.md asks for the question's kind: for ``order`` every step once (a
    random permutation), for ``multiple`` two choices, else (``hotspot``: an area) one."""
    choices = [c["id"] for c in question["choices"]]
    kind = question.get("kind")
    if kind == "order":
        return rng.sample(choices, len(choices))
    return rng.sample(choices, 2 if kind == "multiple" and len(choices) > 2 else 1)


def _kind(text: str, sniff: bool) -> tuple[str | None, dict | None]:
    """(type, message): the type from the frame's first bytes when ``sniff``; the message when parsed."""
    kind = phone.frame_type(text) if sniff else None
    if kind is not None:
        return kind, None
    message = json.loads(text)
    return message.get("type"), message


class Player:
    """One phone's socket in the bench: its join (with retries), then the round."""

    def __init__(self, log: PlayerLog, port: int, target: Target, session: str, rng: random.Random, opts: dict):
        self.log, self.port, self.target, self.session, self.rng, self.opts = log, port, target, session, rng, opts
        self.socket = None
        self.pending: deque[tuple[int, float]] = deque()  # (question id, sent at): acks come back in order
        self.doubled: set[int] = set()
        self.open_question: dict | None = None
        self.early: list[str] = []  # frames before the state (none expected), handled after it

    async def run(self, gate: asyncio.Semaphore | None, start_at: float) -> None:
        try:
            if await self.join(gate, start_at):
                await self.play()
        finally:
            if self.socket is not None:
                with contextlib.suppress(TimeoutError, OSError, WebSocketException):
                    await asyncio.wait_for(self.socket.close(), 5)
                if self.socket.close_code and self.log.close_code is None and not self.log.finished_at:
                    self.log.close_code = self.socket.close_code

    async def join(self, gate: asyncio.Semaphore | None, start_at: float) -> bool:
        """Tries until a ``state`` comes, or the first failure without ``--retry``; True when joined."""
        log = self.log
        if start_at:
            await asyncio.sleep(max(0.0, start_at - time.monotonic()))
            log.late_start = max(0.0, time.monotonic() - start_at)
        log.scheduled_at = start_at or time.monotonic()
        deadline = log.scheduled_at + self.opts["join_timeout"]
        tries = 0
        while True:
            outcome, detail = await self.attempt(gate)
            if outcome == "joined":
                return True
            if not self.opts["retry"] or detail in FINAL_DETAILS or time.monotonic() >= deadline:
                log.error = f"{outcome}: {detail}"
                return False
            await asyncio.sleep(phone.reconnect_delay(tries, self.rng.random()))
            tries += 1

    async def attempt(self, gate: asyncio.Semaphore | None) -> tuple[str, str]:
        """One try: (outcome, detail), recorded in the log's ``attempts``."""
        timeout = self.opts["handshake_timeout"]
        began = time.monotonic()
        record = [began, "", "", None, None]
        self.log.attempts.append(record)
        try:
            async with gate or contextlib.nullcontext():
                opened = time.monotonic()
                self.socket = await open_socket(
                    self.port, self.target.play_path, self.target.cookie_name, self.session, timeout=timeout
                )
            record[3] = round(time.monotonic() - opened, 4)
            async with asyncio.timeout(timeout):
                while True:
                    text = await self.socket.recv()
                    if _kind(text, self.opts["sniff"])[0] == "state":
                        break
                    self.early.append(text)
            record[4] = round(time.monotonic() - began, 4)
            self.log.state_at = time.monotonic()
            record[1:3] = ["joined", ""]
        except InvalidStatus as e:
            record[1:3] = ["refused", f"HTTP {e.response.status_code}"]
        except TimeoutError:
            record[1:3] = ["timed_out", "handshake" if record[3] is None else "no state"]
        except ConnectionClosed as e:
            record[1:3] = ["refused", f"close {e.rcvd.code if e.rcvd else None}"]
        except InvalidMessage as e:
            cause = type(e.__cause__).__name__ if e.__cause__ else "?"
            record[1:3] = ["failed", f"no HTTP response ({cause})"]
        except (OSError, WebSocketException, ValueError) as e:
            record[1:3] = ["failed", type(e).__name__]
        if record[1] != "joined" and self.socket is not None:
            socket, self.socket = self.socket, None
            with contextlib.suppress(TimeoutError, OSError, WebSocketException):
                await asyncio.wait_for(socket.close(), 2)
        return record[1], record[2]

    async def send_answer(self, question: dict, second: bool = False) -> None:
        picked = answer_for(question, self.rng)
        self.pending.append((question["id"], time.monotonic()))
        self.log.sent += 1
        self.log.doubles_sent += second
        with contextlib.suppress(ConnectionClosed):
            await self.socket.send(json.dumps({"type": "answer", "question_id": question["id"], "choices": picked}))

    def later(self, delay: float, question: dict, second: bool = False) -> None:
        loop = asyncio.get_running_loop()
        loop.call_later(max(0.0, delay), lambda: asyncio.ensure_future(self.send_answer(question, second)))

    def on_frame(self, text: str, now: float) -> bool:
        """One frame from the server; True when the round is over for this player."""
        log = self.log
        kind, message = _kind(text, self.opts["sniff"])
        if kind in UNPARSED:
            log.lobby += kind == "lobby"
            return False
        if kind == "reveal":
            if self.open_question:
                log.reveal_at.setdefault(self.open_question["index"], now)
            return False
        if kind == "finished":
            log.finished_at = now
            return True
        if kind == "leaderboard" and message is None:
            index = phone.question_index(text)
            if index is not None:
                log.leaderboard_at.setdefault(index, now)
                return False
        if message is None:
            message = json.loads(text)
        if kind == "question":
            question = message["question"]
            log.question_at.setdefault(question["index"], now)
            self.open_question = question
            # Not before it opens (a "get ready" moment may come first), then at a random time.
            wait_open = max(0.0, message.get("opens_at_ms", 0) / 1000 - time.time())
            self.later(wait_open + self.rng.uniform(0.05, self.opts["answer_window"]), question)
        elif kind == "ack":
            sent_qid, sent_at = self.pending.popleft() if self.pending else (None, now)
            log.ack_latencies.append(now - sent_at)
            qid = message.get("question_id")
            if message.get("accepted"):
                log.accepted.append(qid)
                if self.open_question and qid == self.open_question["id"] and qid not in self.doubled:
                    if self.rng.random() < self.opts["double_share"]:
                        self.doubled.add(qid)
                        self.later(0.05, self.open_question, second=True)
            else:
                log.reasons[message.get("reason", "?")] += 1
            if sent_qid != qid:
                log.other["ack_for_other_question"] += 1
        elif kind == "state":
            pass
        elif kind == "leaderboard":
            log.leaderboard_at.setdefault(message.get("question_index", -1), now)
        else:
            log.other[kind] += 1
            if kind == "error":
                log.error = log.error or f"error message: {message.get('code')}"
        return False

    async def play(self) -> None:
        try:
            for text in self.early:
                if self.on_frame(text, time.monotonic()):
                    return
            async for text in self.socket:
                if self.on_frame(text, time.monotonic()):
                    break
        except ConnectionClosed as e:
            self.log.close_code = e.rcvd.code if e.rcvd else None
        except (OSError, WebSocketException, ValueError) as e:
            self.log.error = self.log.error or f"{type(e).__name__}: {e}"[:200]


# A try that ended like this is not tried again (socket.js stops on these close codes).
FINAL_DETAILS = frozenset(f"close {code}" for code in phone.FINAL_CLOSE_CODES)


def client_process(number: int, target: Target, share: list[tuple], opts: dict, go, stop, start, queue) -> None:
    """One forked client process: its share of the players, reported back to the parent."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        queue.put(("ready", number, None))
        go.wait()
        coroutine = _client(number, target, share, opts, stop, start.value, queue)
        if opts["client_loop"] == "uvloop":
            import uvloop

            uvloop.run(coroutine)
        else:
            asyncio.run(coroutine)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        queue.put(("error", number, f"{type(exc).__name__}: {exc}"))


async def _client(number: int, target: Target, share, opts, stop, t0: float, queue) -> None:
    gate = None if opts["join_rate"] else asyncio.Semaphore(opts["gate"])
    # Open-loop: player j (of all client processes) is due at t0 + j / (rate per process × processes).
    rate = opts["join_rate"] * len(target.ports)
    rng = random.Random(opts["seed"] * 1000 + number)
    logs = [PlayerLog(user_id) for _, user_id, _, _ in share]
    started = time.monotonic()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    lags: list[tuple[float, float]] = []

    async def watch_loop() -> None:
        # How late this process's event loop runs a 20 ms timer: the client's own share of every delay.
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.02)
            after = time.monotonic()
            lags.append((round(after, 4), round(max(0.0, after - before - 0.02), 4)))

    watcher = asyncio.create_task(watch_loop())
    players = [
        Player(log, port, target, session, random.Random(rng.random()), opts)
        for log, (_, _, port, session) in zip(logs, share, strict=True)
    ]
    tasks = [
        asyncio.create_task(player.run(gate, t0 + j / rate if rate else 0.0))
        for player, (j, _, _, _) in zip(players, share, strict=True)
    ]
    # "joined" once every player has its state or has given up.
    while any(not log.state_at and not log.error and not task.done() for log, task in zip(logs, tasks, strict=True)):
        await asyncio.sleep(0.05)
    queue.put(("joined", number, [log.state_at for log in logs if log.state_at]))
    while not all(task.done() for task in tasks):
        if stop.is_set() or time.monotonic() - started > opts["deadline"]:
            break
        await asyncio.sleep(0.1)
    for task in [*tasks, watcher]:
        task.cancel()
    await asyncio.gather(*tasks, watcher, return_exceptions=True)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime
    queue.put(("done", number, {"logs": [log.__dict__ for log in logs], "cpu_seconds": cpu, "lags": lags}))


# --- The host and the parent process ---------------------------------------------------


class Host:
    """The organiser's socket(s): commands out, what the server says in, by type."""

    def __init__(self, sockets: list):
        self.sockets = sockets
        self.inbox: list[asyncio.Queue] = [asyncio.Queue() for _ in sockets]
        self.answered = [0] * len(sockets)
        self.readers = [asyncio.create_task(self._read(i, s)) for i, s in enumerate(sockets)]
        self.log: list[tuple[float, str]] = []
        self.tolerated: list[str] = []

    async def _read(self, i: int, socket) -> None:
        try:
            async for text in socket:
                message = json.loads(text)
                self.log.append((time.monotonic(), message.get("type", "?")))
                if message.get("type") == "progress":
                    self.answered[i] = message.get("answered", 0)
                await self.inbox[i].put(message)
        except ConnectionClosed as e:
            await self.inbox[i].put({"type": "_closed", "code": e.rcvd.code if e.rcvd else None})

    async def send(self, kind: str) -> float:
        sent = time.monotonic()
        for socket in self.sockets:
            await socket.send(json.dumps({"type": kind}))
        return sent

    async def expect(self, kinds: set[str], timeout: float, i: int = 0, tolerate: frozenset = frozenset()) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"host waited {timeout:.0f} s for {sorted(kinds)}")
            message = await asyncio.wait_for(self.inbox[i].get(), left)
            if message["type"] in kinds:
                return message
            if message["type"] == "error" and message.get("code") in tolerate:
                self.tolerated.append(message.get("code"))
                continue
            if message["type"] in {"_closed", "error"}:
                raise RuntimeError(f"host socket: {message}")

    def drain(self) -> list[str]:
        seen = []
        for inbox in self.inbox:
            while not inbox.empty():
                seen.append(inbox.get_nowait()["type"])
        return seen

    async def close(self) -> None:
        for task in self.readers:
            task.cancel()
        for socket in self.sockets:
            await socket.close()


async def drive_round(host: Host, players: int, opts: dict) -> dict:
    """start, then per question: wait for it, the answers, reveal, leaderboard; next; finished."""
    sends: list[float] = []
    reveals: list[float] = []
    leaderboards: list[float] = []
    host_question_ms: list[float] = []
    state = await host.expect({"state"}, 30)
    count = state["round"]["question_count"]
    for index in range(count):
        host.drain()
        sends.append(await host.send("start" if index == 0 else "next"))
        for i in range(len(host.sockets)):
            message = await host.expect({"question"}, 60, i)
        host_question_ms.append(round((time.monotonic() - sends[-1]) * 1000, 1))
        closes = message["closes_at_ms"] / 1000
        revealed = False
        # Every player answered (+ time for the doubles), or the question's own time is up.
        while time.time() < closes + 1:
            if sum(host.answered) >= players:
                await asyncio.sleep(0.5)
                break
            try:
                if (await host.expect({"progress", "reveal"}, 0.2))["type"] == "reveal":
                    revealed = True
                    break
            except TimeoutError:
                pass
        reveal_sent = time.monotonic()
        if not revealed and not opts["auto_close"]:
            reveal_sent = await host.send("reveal")
        reveals.append(reveal_sent)
        if not revealed:
            for i in range(len(host.sockets)):
                # The question may close by itself just as the host says reveal: "not now", then the reveal.
                await host.expect({"reveal"}, max(5, closes + 5 - time.time()), i, tolerate=frozenset({"not_now"}))
        leaderboards.append(await host.send("leaderboard"))
        for i in range(len(host.sockets)):
            # A reveal the question beat by closing itself is refused (not_now) after that reveal came.
            await host.expect({"leaderboard"}, 30, i, tolerate=frozenset({"not_now"}))
        host.answered = [0] * len(host.sockets)
        await asyncio.sleep(opts["pause"])
    finish_sent = await host.send("next")
    for i in range(len(host.sockets)):
        await host.expect({"finished"}, 60, i)
    return {
        "sends": sends,
        "reveals": reveals,
        "leaderboards": leaderboards,
        "finish_sent": finish_sent,
        "host_question_ms": host_question_ms,
        "count": count,
        "host_refused": host.tolerated,
    }


def fanout(sends: list[float], logs: list[dict], key: str) -> dict:
    """Time from the host's send until each player had the message, per question and overall."""
    # Players who never joined are counted once, as not joined, not as missing every message.
    logs = [log for log in logs if log["state_at"]]
    per_question, everything, missing = [], [], 0
    for index, sent in enumerate(sends):
        delays = [log[key][index] - sent for log in logs if index in log[key]]
        missed = sum(1 for log in logs if index not in log[key])
        missing += missed
        everything += delays
        per_question.append(
            {
                "index": index,
                "p50_ms": pct(delays, 50),
                "p95_ms": pct(delays, 95),
                "max_ms": pct(delays, 100),
                "missing": missed,
            }
        )
    return {
        "per_question": per_question,
        "p50_ms": pct(everything, 50),
        "p95_ms": pct(everything, 95),
        "max_ms": pct(everything, 100),
        "last_player_worst_ms": max((q["max_ms"] for q in per_question), default=float("nan")),
        "last_player_median_ms": pct([q["max_ms"] / 1000 for q in per_question], 50),
        "missing": missing,
    }


def run_target(target: Target, opts: dict, server_trees: list[list[int]], redis_url: str) -> dict:
    """Plays one round against ``target``: client processes forked first, then the host on this process."""
    share_of: list[list[tuple[int, int, int, str]]] = [[] for _ in range(opts["client_processes"])]
    for j, (user_id, session) in enumerate(target.players):
        share_of[j % len(share_of)].append((j, user_id, target.ports[j % len(target.ports)], session))
    context = multiprocessing.get_context("fork")
    queue, go, stop = context.Queue(), context.Event(), context.Event()
    start = context.Value("d", 0.0)
    opts = {**opts, "gate": max(1, math.ceil(opts["connect_concurrency"] / len(share_of)))}
    processes = [
        context.Process(target=client_process, args=(n, target, share, opts, go, stop, start, queue), daemon=True)
        for n, share in enumerate(share_of)
    ]
    for process in processes:
        process.start()
    try:
        return asyncio.run(_host_side(target, opts, processes, queue, go, stop, start, server_trees, redis_url))
    finally:
        stop.set()
        for process in processes:
            process.join(10)
            if process.is_alive():
                process.terminate()


def _redis_cpu(redis_url: str) -> float:
    import redis

    info = redis.Redis.from_url(redis_url).info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


async def _host_side(target: Target, opts: dict, processes, queue, go, stop, start, server_trees, redis_url) -> dict:
    loop = asyncio.get_running_loop()

    async def from_clients(kind: str, timeout: float) -> dict[int, Any]:
        got: dict[int, Any] = {}
        deadline = time.monotonic() + timeout
        while len(got) < len(processes):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"client processes: {len(got)}/{len(processes)} {kind} after {timeout:.0f} s")
            status, number, payload = await loop.run_in_executor(None, queue.get, True, left)
            if status == "error":
                raise RuntimeError(f"client process {number}: {payload}")
            if status == kind:
                got[number] = payload
        return got

    def snapshot() -> dict:
        return {
            "t": time.monotonic(),
            "cpu": [harness._cpu_seconds(tree) for tree in server_trees],
            "rss_kib": [sum(rss_kib(pid) for pid in tree) for tree in server_trees],
            "redis_cpu": _redis_cpu(redis_url) if redis_url else 0.0,
            "machine": harness._machine_busy(),
        }

    await from_clients("ready", 60)
    # Every server process loads its code (consumers, templates) before the "before" figures.
    for port in target.ports:
        if port not in target.host_ports:
            warm = await open_socket(port, target.host_path, target.cookie_name, target.host_session)
            await asyncio.wait_for(warm.recv(), 30)
            await warm.close()
    sockets = [
        await open_socket(port, target.host_path, target.cookie_name, target.host_session) for port in target.host_ports
    ]
    await asyncio.sleep(0.5)
    host = Host(sockets)
    before = snapshot()
    start.value = time.monotonic() + 0.2  # the open-loop join's time zero, the same in every client process
    if opts["join_rate"]:
        before["t"] = start.value  # the join's time counts from the first socket's timer
    go.set()
    joined = await from_clients("joined", opts["join_timeout"] + 60)
    after_join = snapshot()
    state_times = [t for times in joined.values() for t in times]
    await asyncio.sleep(opts["settle"])
    settled = snapshot()
    players = len(state_times)
    driven, error = None, ""
    if not opts["join_only"]:
        try:
            driven = await drive_round(host, players, opts)
        except (TimeoutError, RuntimeError, ConnectionClosed) as e:
            error = f"{type(e).__name__}: {e}"
            print(f"  the host stopped: {error}", flush=True)
    after_round = snapshot()
    await asyncio.sleep(1)
    stop.set()
    done = await from_clients("done", 120)
    await host.close()
    logs = [log for payload in done.values() for log in payload["logs"]]
    return summarise(target, opts, logs, before, after_join, settled, after_round, state_times, driven, error, done)


def _machine_pct(a: dict, b: dict) -> float:
    (busy0, total0), (busy1, total1) = a["machine"], b["machine"]
    return round(100 * (busy1 - busy0) / max(1, total1 - total0), 0)


def late_p95(lags: list[tuple[float, float]], windows: list[tuple[float, float]]) -> float | None:
    """p95 (ms) of the clients' loop lateness over ``windows``; None without a sample.

    A sample (t, lag) is a 20 ms timer that fired at ``t``, ``lag`` late: it
    covers [t − 20 ms − lag, t] and counts for every window it overlaps (so
    a fan-out shorter than a sample still has one).
    """
    inside = [lag for t, lag in lags if any(t >= a and t - 0.02 - lag <= b for a, b in windows)]
    return pct(inside, 95) if inside else None


def client_lateness(lags: list[tuple[float, float]], join: tuple[float, float], driven: dict | None, logs) -> dict:
    """The clients' own lateness (p95 of their loop's 20 ms timer, ms) beside each figure of the run."""
    late = {
        "p95_ms": late_p95(lags, [(join[0], float("inf"))]),
        "max_ms": round(1000 * max((lag for _, lag in lags), default=0.0), 1),
        "join_p95_ms": late_p95(lags, [join]),
    }
    if driven:
        for key, sends, at in (
            ("question", driven["sends"], "question_at"),
            ("reveal", driven["reveals"], "reveal_at"),
            ("leaderboard", driven["leaderboards"], "leaderboard_at"),
        ):
            # Each fan-out's window: from the host's send until the last player had it.
            windows = []
            for index, sent in enumerate(sends):
                last = max((log[at][index] for log in logs if index in log[at]), default=sent)
                windows.append((sent, last))
            late[f"{key}_p95_ms"] = late_p95(lags, windows)
            late[f"{key}_per_question_p95_ms"] = [late_p95(lags, [w]) for w in windows]
        late["round_p95_ms"] = late_p95(lags, [(driven["sends"][0], driven["finish_sent"])])
    return late


def join_report(logs: list[dict], *, join_rate: float, ports: int, handshake_timeout: float) -> dict:
    """The join by outcome: each socket's first try, and in the end (with retries).

    A try ends as ``joined`` (its ``state`` came), ``refused`` (an HTTP
    status, or a close code before the state), ``timed_out`` (no handshake
    or no state within ``handshake_timeout``) or ``failed`` (the connection
    broke without an HTTP answer). ``to_state``: from the socket's first try
    being due (open-loop: its timer; closed-loop: its start) to its
    ``state``, retries included.
    """
    first = Counter(log["attempts"][0][1] for log in logs if log["attempts"])
    details = Counter(f"{a[1]} {a[2]}".strip() for log in logs for a in log["attempts"] if a[1] != "joined")
    joined = [log for log in logs if log["state_at"]]
    tries = Counter(len(log["attempts"]) for log in joined)
    never = Counter(log["error"].split(":")[0] if log["error"] else "no try" for log in logs if not log["state_at"])
    to_state = [log["state_at"] - log["scheduled_at"] for log in joined]
    handshakes = [a[3] for log in logs for a in log["attempts"] if a[3] is not None]
    return {
        "mode": f"open-loop, {join_rate:g} new sockets/s per process" if join_rate else "closed-loop",
        "rate_per_s": join_rate * ports if join_rate else None,
        "handshake_timeout_s": handshake_timeout,
        "first_try": {k: first.get(k, 0) for k in ("joined", "refused", "timed_out", "failed")},
        "joined": len(joined),
        "joined_first_try": tries.get(1, 0),
        "joined_after_retries": len(joined) - tries.get(1, 0),
        "tries_of_joined": {str(k): tries[k] for k in sorted(tries)},
        "never_joined": dict(never),
        "failed_tries_by_detail": dict(details.most_common()),
        "to_state_p50_ms": pct(to_state, 50),
        "to_state_p95_ms": pct(to_state, 95),
        "to_state_max_ms": pct(to_state, 100),
        "handshake_p95_ms": pct(handshakes, 95),
        "client_started_late_p95_ms": pct([log["late_start"] for log in logs], 95) if join_rate else None,
    }


def summarise(target, opts, logs, before, after_join, settled, after_round, state_times, driven, error, done) -> dict:
    sockets_per_process = Counter(target.ports[i % len(target.ports)] for i in range(len(target.players)))
    processes = []
    for n, port in enumerate(target.ports):
        thousands = sockets_per_process[port] / 1000 or 1
        join_cpu = after_join["cpu"][n] - before["cpu"][n]
        round_cpu = after_round["cpu"][n] - settled["cpu"][n]
        rss_growth = (settled["rss_kib"][n] - before["rss_kib"][n]) / 1024
        processes.append(
            {
                "port": port,
                "sockets": sockets_per_process[port],
                "rss_before_mib": round(before["rss_kib"][n] / 1024, 1),
                "rss_joined_mib": round(settled["rss_kib"][n] / 1024, 1),
                "rss_end_mib": round(after_round["rss_kib"][n] / 1024, 1),
                "rss_mib_per_1000_sockets": round(rss_growth / thousands, 1),
                "join_cpu_s": round(join_cpu, 2),
                "round_cpu_s": round(round_cpu, 2),
                "join_cpu_s_per_1000": round(join_cpu / thousands, 2),
                "round_cpu_s_per_1000": round(round_cpu / thousands, 2),
            }
        )
    acks = [latency for log in logs for latency in log["ack_latencies"]]
    reasons = Counter()
    errors = Counter()
    close_codes = Counter()
    for log in logs:
        reasons.update(log["reasons"])
        if log["error"]:
            errors[log["error"].split(":")[0]] += 1
        if log["close_code"] is not None:
            close_codes[log["close_code"]] += 1
    joined = len(state_times)
    sockets = sum(sockets_per_process.values())
    rss_growth_mib = sum(s - b for s, b in zip(settled["rss_kib"], before["rss_kib"], strict=True)) / 1024
    join_cpu_s = sum(a - b for a, b in zip(after_join["cpu"], before["cpu"], strict=True))
    lags = [tuple(sample) for payload in done.values() for sample in payload["lags"]]
    result = {
        "target": target.name,
        "players": len(target.players),
        "joined": joined,
        "join_s": round(max(state_times) - before["t"], 2) if state_times else None,
        "join_cpu_ms_per_player": round(1000 * join_cpu_s / joined, 2) if joined else None,
        "mib_per_1000": round(1000 * rss_growth_mib / sockets, 1) if sockets else None,
        "join": join_report(
            logs, join_rate=opts["join_rate"], ports=len(target.ports), handshake_timeout=opts["handshake_timeout"]
        ),
        "connect_errors": dict(errors),
        "first_errors": sorted({log["error"] for log in logs if log["error"]})[:5],
        "close_codes": {str(k): v for k, v in close_codes.items()},
        "host_error": error,
        "processes": processes,
        "redis_cpu_s_round": round(after_round["redis_cpu"] - settled["redis_cpu"], 2),
        "redis_cpu_s_join": round(after_join["redis_cpu"] - before["redis_cpu"], 2),
        "machine_cpu_pct_join": _machine_pct(before, after_join),
        "machine_cpu_pct_round": _machine_pct(settled, after_round),
        "round_seconds": round(after_round["t"] - settled["t"], 1),
        "client_processes": len(done),
        "client_cpu_s": round(sum(payload["cpu_seconds"] for payload in done.values()), 1),
        "client_late": client_lateness(lags, (before["t"], after_join["t"]), driven, logs),
        "answers_sent": sum(log["sent"] for log in logs),
        "doubles_sent": sum(log["doubles_sent"] for log in logs),
        "acks": len(acks),
        "accepted": sum(len(log["accepted"]) for log in logs),
        "refused": dict(reasons),
        "ack_p50_ms": pct(acks, 50),
        "ack_p95_ms": pct(acks, 95),
        "ack_max_ms": pct(acks, 100),
        "lobby_messages": sum(log["lobby"] for log in logs),
        "other_messages": dict(sum((Counter(log["other"]) for log in logs), Counter())),
        "finished": sum(1 for log in logs if log["finished_at"]),
    }
    result["client_loop_lag_max_ms"] = result["client_late"]["max_ms"]
    if driven:
        result["questions"] = driven["count"]
        result["host_question_ms"] = driven["host_question_ms"]
        result["host_refused"] = driven["host_refused"]
        result["question"] = fanout(driven["sends"], logs, "question_at")
        # Auto-closed questions: the reveal's clock starts when the host had it, a lower bound.
        result["reveal"] = fanout(driven["reveals"], logs, "reveal_at")
        result["leaderboard"] = fanout(driven["leaderboards"], logs, "leaderboard_at")
        finished = [log["finished_at"] - driven["finish_sent"] for log in logs if log["finished_at"]]
        result["finished_p95_ms"] = pct(finished, 95)
        result["finished_max_ms"] = pct(finished, 100)
    result["accepted_pairs"] = [[log["user_id"], qid] for log in logs for qid in log["accepted"]]
    return result


def _number(value: Any) -> Any:
    """A figure for JSON: NaN (nothing measured) as null."""
    return None if isinstance(value, float) and math.isnan(value) else value


def last_line(players: int, server: dict | None, bare: dict | None) -> dict:
    """The run's last line: exactly LAST_LINE_KEYS (see the module's docstring), null where not measured."""
    server, bare = server or {}, bare or {}
    last = _number(server.get("question", {}).get("last_player_median_ms"))
    bare_last = _number(bare.get("question", {}).get("last_player_median_ms"))
    check = server.get("db_check") or {}
    line = {
        "players": players,
        "joined": server.get("joined"),
        "join_s": server.get("join_s"),
        "join_cpu_ms_per_player": server.get("join_cpu_ms_per_player"),
        "last_player_ms": last,
        "bare_last_player_ms": bare_last,
        "ratio_last_player": round(last / bare_last, 2) if last is not None and bare_last else None,
        "leaderboard_p95_ms": _number(server.get("leaderboard", {}).get("p95_ms")),
        "ack_p95_ms": _number(server.get("ack_p95_ms")) if server else None,
        "mib_per_1000": server.get("mib_per_1000"),
        "bare_mib_per_1000": bare.get("mib_per_1000"),
        "lost": check.get("lost"),
        "doubled": check["doubled_acks"] + check["doubled_rows"] if check else None,
        "client_late_ms": (server.get("client_late") or {}).get("p95_ms"),
    }
    assert tuple(line) == LAST_LINE_KEYS
    return line


def database_check(database_url: str, round_id: int, result: dict) -> tuple[bool, str]:
    """Every accepted ack is exactly one LiveAnswer; no LiveAnswer without an accepted ack."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """SELECT p.user_id, a.question_id, lq.question_id FROM competitions_liveanswer a
               JOIN competitions_liveplayer p ON p.id = a.player_id
               JOIN competitions_livequestion lq ON lq.id = a.question_id
               WHERE lq.live_round_id = %s""",
            [round_id],
        ).fetchall()
        live_players = conn.execute(
            "SELECT count(*) FROM competitions_liveplayer WHERE live_round_id = %s", [round_id]
        ).fetchone()[0]
    acked = Counter((user, qid) for user, qid in result["accepted_pairs"])
    by_live = Counter((user, live_q) for user, live_q, _ in rows)
    by_bank = Counter((user, bank_q) for user, _, bank_q in rows)
    # The protocol's question id is the live question's or the bank question's: whichever the acks name.
    stored = by_live if sum((acked & by_live).values()) >= sum((acked & by_bank).values()) else by_bank
    doubled_acks = sum(n - 1 for n in acked.values() if n > 1)
    doubled_rows = sum(n - 1 for n in stored.values() if n > 1)
    lost = sum(1 for pair in acked if pair not in stored)
    extra = sum(1 for pair in stored if pair not in acked)
    held = not (doubled_acks or doubled_rows or lost or extra) and len(rows) == len(acked)
    text = (
        f"{len(acked)} accepted acks, {len(rows)} LiveAnswer rows ({live_players} LivePlayer rows): "
        f"{lost} lost (acked, no row), {extra} extra (row, no accepted ack), "
        f"{doubled_acks} doubled acks, {doubled_rows} doubled rows"
    )
    result["db_check"] = {
        "held": held,
        "acked": len(acked),
        "rows": len(rows),
        "lost": lost,
        "extra": extra,
        "doubled_acks": doubled_acks,
        "doubled_rows": doubled_rows,
        "live_players": live_players,
    }
    return held, text


def print_result(r: dict) -> None:
    late = r["client_late"]

    def beside(key: str) -> str:
        value = late.get(f"{key}_p95_ms")
        return f"  [clients late p95 {value} ms]" if value is not None else ""

    print(
        f"\n== {r['target']}: {r['joined']}/{r['players']} joined in {r['join_s']} s, "
        f"{r['join_cpu_ms_per_player']} ms of server CPU per player{beside('join')}",
        flush=True,
    )
    j = r["join"]
    first = j["first_try"]
    print(
        f"   join ({j['mode']}, handshake timeout {j['handshake_timeout_s']:g} s): first try {first['joined']} joined, "
        f"{first['refused']} refused, {first['timed_out']} timed out, {first['failed']} failed; in the end "
        f"{j['joined']} joined ({j['joined_after_retries']} after retries; tries {j['tries_of_joined']}), "
        f"never {j['never_joined']}"
    )
    print(
        f"   time to state p50 {j['to_state_p50_ms']} p95 {j['to_state_p95_ms']} max {j['to_state_max_ms']} ms; "
        f"handshake p95 {j['handshake_p95_ms']} ms"
        + (
            f"; the clients opened sockets up to {j['client_started_late_p95_ms']} ms late (p95)"
            if j["client_started_late_p95_ms"] is not None
            else ""
        )
    )
    if j["failed_tries_by_detail"]:
        print(f"   tries that did not join: {j['failed_tries_by_detail']}")
    if r["connect_errors"] or r["host_error"]:
        print(f"   errors: {r['connect_errors']} {r['first_errors']} host: {r['host_error']}")
    if "question" in r:
        q = r["question"]
        for row, lag in zip(q["per_question"], late["question_per_question_p95_ms"], strict=True):
            print(
                f"   question {row['index'] + 1}: p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  "
                f"last {row['max_ms']} ms"
                + (f"  missing {row['missing']}" if row["missing"] else "")
                + f"  [clients late p95 {lag} ms]"
            )
        print(
            f"   all questions: p50 {q['p50_ms']} p95 {q['p95_ms']} max {q['max_ms']} ms; last player "
            f"{q['last_player_median_ms']} ms (median of questions); missing {q['missing']}{beside('question')}"
        )
        for key in ("reveal", "leaderboard"):
            f = r[key]
            print(
                f"   {key}: p50 {f['p50_ms']} p95 {f['p95_ms']} max {f['max_ms']} ms; missing {f['missing']} "
                f"{[q['missing'] for q in f['per_question']]}{beside(key)}"
            )
    if r["acks"]:
        print(
            f"   acks: {r['acks']} (accepted {r['accepted']}, refused {r['refused']}), "
            f"p50 {r['ack_p50_ms']} p95 {r['ack_p95_ms']} max {r['ack_max_ms']} ms{beside('round')}; "
            f"lobby msgs {r['lobby_messages']}; finished {r['finished']}; close codes {r['close_codes']}"
        )
    else:
        print(f"   no answers; lobby msgs {r['lobby_messages']}; close codes {r['close_codes']}")
    for p in r["processes"]:
        print(
            f"   :{p['port']} {p['sockets']} sockets, RSS {p['rss_before_mib']} → {p['rss_joined_mib']} → "
            f"{p['rss_end_mib']} MiB ({p['rss_mib_per_1000_sockets']} MiB/1000), CPU join {p['join_cpu_s']} s "
            f"round {p['round_cpu_s']} s"
        )
    print(
        f"   {r['mib_per_1000']} MiB per 1,000 sockets; redis CPU join {r['redis_cpu_s_join']} s round "
        f"{r['redis_cpu_s_round']} s; machine {r['machine_cpu_pct_join']}% (join) {r['machine_cpu_pct_round']}% "
        f"(round); {r['client_processes']} client processes, {r['client_cpu_s']} s CPU, their event loops late "
        f"p95 {late['p95_ms']} ms, at most {late['max_ms']} ms",
        flush=True,
    )


async def _closes_with(port: int, path: str, cookie_name: str, session: str, origin: str = "") -> str:
    """What a phone reads when it opens ``path``: "close 4404", "HTTP 403", "message state"…"""
    try:
        socket = await open_socket(port, path, cookie_name, session, timeout=15, origin=origin)
    except InvalidStatus as e:
        return f"HTTP {e.response.status_code}"
    try:
        text = await asyncio.wait_for(socket.recv(), 15)
        await socket.close()
        return f"message {phone.frame_type(text) or text[:40]}"
    except ConnectionClosed as e:
        return f"close {e.rcvd.code if e.rcvd else None}"


def close_code_check(target: Target, code: str) -> tuple[bool, str, dict]:
    """Each server process closes a socket for a round that does not exist with 4404, a foreign Origin with 4403."""
    wrong = "000000" if code != "000000" else "999999"
    wrong_path = target.play_path.replace(f"/{code}/", f"/{wrong}/")
    _, session = target.players[0]
    seen = {}
    for port in target.ports:
        seen[f":{port} round {wrong}"] = asyncio.run(_closes_with(port, wrong_path, target.cookie_name, session))
        seen[f":{port} Origin https://elsewhere.example"] = asyncio.run(
            _closes_with(port, target.play_path, target.cookie_name, session, origin="https://elsewhere.example")
        )
    expected = {k: "close 4404" if "round" in k else "close 4403" for k in seen}
    held = seen == expected
    return held, f"close codes read by the client: {seen}", seen


# --- Setting up the two servers ------------------------------------------------------


class BareServers:
    def __init__(self, ports: list[int], questions: int, duration_seconds: int, log_dir: Path):
        self.ports, self.questions, self.duration, self.log_dir = ports, questions, duration_seconds, log_dir
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> BareServers:
        for port in self.ports:
            log = open(self.log_dir / f"bare-{port}.log", "w")  # noqa: SIM115 - the child keeps it
            command = [PYTHON, str(ROOT / "bench" / "bare_broadcast.py"), "--port", str(port)]
            command += ["--questions", str(self.questions), "--duration-seconds", str(self.duration)]
            self.processes.append(
                subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            )
            log.close()
        deadline = time.monotonic() + 20
        for port in self.ports:
            while True:
                try:
                    asyncio.run(_probe_ws(port))
                    break
                except (OSError, WebSocketException):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        return self

    def trees(self) -> list[list[int]]:
        return [[p.pid] for p in self.processes]

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


async def _probe_ws(port: int) -> None:
    socket = await open_socket(port, "/probe/", "x", "")
    await socket.recv()
    await socket.close()


def seed_live_round(source: Path, env: dict[str, str], args) -> dict:
    harness.manage(source, env, "migrate", "--noinput")
    harness.manage(source, env, "collectstatic", "--noinput")
    harness.manage(source, env, "seed_demo", "--without-attempts")
    command = [PYTHON, str(ROOT / "bench" / "fixture.py"), "--live-round", "--players", str(args.players), "--sessions"]
    command += ["--live-questions", str(args.questions), "--duration-seconds", str(args.duration_seconds)]
    command += ["--seed", str(args.seed)]
    if args.kinds:
        command += ["--kinds", args.kinds]
    started = time.monotonic()
    out = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"bench/fixture.py failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    fixture = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"fixture: live round {fixture['code']}, {args.players} players, {time.monotonic() - started:.1f} s")
    return fixture


def options(args) -> dict:
    return {
        "answer_window": args.answer_window,
        "double_share": args.double_share,
        "client_processes": args.client_processes or min(4, max(1, math.ceil(args.players / 1000))),
        "client_loop": args.client_loop,
        "sniff": args.client_parse == "sniff",
        "connect_concurrency": args.connect_concurrency,
        "join_rate": args.join_rate,
        "retry": args.retry,
        "handshake_timeout": args.handshake_timeout,
        "join_only": args.join_only,
        "seed": args.seed,
        "deadline": args.timeout,
        "join_timeout": args.join_timeout,
        "settle": args.settle,
        "auto_close": args.auto_close,
        "pause": args.pause,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--players", type=int, default=200)
    p.add_argument("--questions", type=int, default=5, help="questions in the round")
    p.add_argument(
        "--kinds",
        default="",
        help="the server's round: each question's kind in turn, e.g. single,order,hotspot (bench/fixture.py "
        "--kinds; sets how many); the bare server's questions stay single",
    )
    p.add_argument("--duration-seconds", type=int, default=10, help="each question's time (the round's setting)")
    p.add_argument("--answer-window", type=float, default=2.0, help="players answer within this many seconds")
    p.add_argument("--double-share", type=float, default=0.1, help="share of players sending a second answer")
    p.add_argument(
        "--only", choices=["both", "server", "bare", "daphne"], default="both", help="daphne: server (its old name)"
    )
    p.add_argument(
        "--server", choices=harness.SERVERS, default=harness.PRODUCTION_SERVER, help="the ASGI server of quizsite.asgi"
    )
    p.add_argument(
        "--uvicorn-ws",
        choices=["websockets-sansio", "websockets", "wsproto"],
        default=None,
        help="uvicorn's WebSocket protocol (default: deploy/uvicorn@.service's)",
    )
    p.add_argument("--processes", type=int, default=2, help="server processes")
    p.add_argument("--bare-processes", type=int, default=2, help="bare broadcast server processes")
    p.add_argument("--client-processes", type=int, default=0, help="load client processes (0: 1 per 1,000, ≤ 4)")
    p.add_argument("--client-loop", choices=["uvloop", "asyncio"], default="uvloop", help="the clients' event loop")
    p.add_argument(
        "--client-parse", choices=["sniff", "full"], default="sniff", help="parse only the frames needed, or all"
    )
    p.add_argument("--connect-concurrency", type=int, default=100, help="closed-loop join: handshakes in flight")
    p.add_argument(
        "--join-rate", type=float, default=0, help="open-loop join: new sockets per second per server process"
    )
    p.add_argument("--retry", action="store_true", help="a failed join tries again with socket.js's backoff")
    p.add_argument(
        "--handshake-timeout", type=float, default=phone.HANDSHAKE_TIMEOUT, help="a phone's wait for its handshake"
    )
    p.add_argument("--join-only", action="store_true", help="the join alone, no round")
    p.add_argument("--auto-close", action="store_true", help="the host never sends reveal: questions close by time")
    p.add_argument("--pause", type=float, default=1.0, help="seconds on the leaderboard before next")
    p.add_argument("--settle", type=float, default=2.0, help="seconds after the join before start")
    p.add_argument("--join-timeout", type=float, default=300, help="a player gives up joining after this long")
    p.add_argument("--play-path", default="/ws/live/{code}/play/")
    p.add_argument("--host-path", default="/ws/live/{code}/host/")
    p.add_argument("--base-port", type=int, default=8101)
    p.add_argument("--bare-base-port", type=int, default=8201)
    p.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE (seconds)")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="admin URL (loopback)")
    p.add_argument("--database", default="quiz_bench_live", help="dropped and recreated every run")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/2", help="Redis URL (loopback)")
    p.add_argument("--snapshot", action="store_true", help="run the committed HEAD (git archive), not the work tree")
    p.add_argument("--source", type=Path, default=None, help="serve this source tree (another checkout) instead")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=1800, help="hard limit for the whole run, in seconds")
    p.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/results/)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.kinds:  # the bare server sends as many questions as the server's round has
        args.questions = len([kind for kind in args.kinds.split(",") if kind.strip()])
    harness.assert_loopback(args.pg)
    harness.assert_loopback(args.redis)
    soft, hard = raise_open_files()
    needed = args.players // max(1, min(args.processes, args.bare_processes)) + 200
    print(f"open files: {soft} (hard {hard}); a server process needs ~{needed}")
    if soft < needed:
        raise SystemExit(f"raise the open-file limit (ulimit -n) to at least {needed}")
    workdir = harness.begin(args.timeout, "quiz-bench-live-")
    opts = options(args)
    started = time.time()
    commit = harness._first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    source = args.source.resolve() if args.source else ROOT
    if args.source:
        commit = f"{args.source}"
    elif args.snapshot:
        source = workdir / "src"
        source.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    elif subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True
    ).stdout.strip():
        commit += " (+ uncommitted changes)"
    results: list[dict] = []
    bare_result = server_result = None
    checks: list[tuple[bool, str]] = []
    try:
        background = harness.background_load()
        print(
            f"live round: {args.players} players, {opts['client_processes']} client processes "
            f"({opts['client_loop']}, {'sniffing' if opts['sniff'] else 'parsing'} frames); machine "
            f"{background:.0f}% busy, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        if args.only in {"both", "bare"}:
            ports = [args.bare_base_port + i for i in range(args.bare_processes)]
            with BareServers(ports, args.questions, args.duration_seconds, harness.RESULTS) as bare:
                target = Target(
                    name=f"bare websockets broadcast ({len(ports)} processes)",
                    ports=ports,
                    play_path="/ws/live/000000/play/",
                    host_path="/ws/live/000000/host/",
                    host_ports=ports,
                    players=[(n + 1, "") for n in range(args.players)],
                )
                bare_result = run_target(target, opts, bare.trees(), "")
                results.append(bare_result)
                print_result(results[-1])
        if args.only in {"both", "server", "daphne"}:
            database_url = harness.recreate_database(args.pg, args.database)
            env = harness.production_env(database_url, args.redis, args.conn_max_age, workdir)
            fixture = seed_live_round(source, env, args)
            ports = [args.base_port + i for i in range(args.processes)]
            with harness.Servers(
                source, env, ports, harness.RESULTS, server=args.server, uvicorn_ws=args.uvicorn_ws
            ) as servers:
                servers.wait_ready(timeout=60)
                target = Target(
                    name=f"{args.server} + Channels + Redis ({len(ports)} processes)",
                    ports=ports,
                    play_path=args.play_path.format(code=fixture["code"]),
                    host_path=args.host_path.format(code=fixture["code"]),
                    host_ports=ports[:1],
                    cookie_name=fixture["session_cookie"],
                    host_session=fixture["host_session"],
                    players=list(zip(fixture["player_user_ids"], fixture["player_sessions"], strict=True)),
                )
                held, text, _ = close_code_check(target, fixture["code"])
                checks.append((held, text))
                print(f"{'CHECK PASSED' if held else 'CHECK FAILED'}: {text}", flush=True)
                try:
                    server_result = run_target(target, opts, servers.trees(), args.redis)
                    results.append(server_result)
                except (RuntimeError, TimeoutError):
                    for port in ports:
                        print(f"--- {args.server} {port} log ---\n{servers.log_tail(port)}", file=sys.stderr)
                    raise
                print_result(results[-1])
                if not args.join_only:
                    checks.append(database_check(database_url, fixture["round_id"], results[-1]))
                    print(f"\n{'CHECK PASSED' if checks[-1][0] else 'CHECK FAILED'}: {checks[-1][1]}", flush=True)
        ratio = None
        if bare_result and server_result and "question" in bare_result and "question" in server_result:
            bare_q, real_q = bare_result["question"], server_result["question"]
            ratio = {
                key: round(real_q[key] / bare_q[key], 1) if bare_q[key] else None
                for key in ("p50_ms", "p95_ms", "max_ms", "last_player_median_ms")
            }
            print(f"\n{args.server} ÷ bare (fan-out): {ratio}")
        for r in results:
            r.pop("accepted_pairs", None)
        line = last_line(args.players, server_result, bare_result)
        report = {
            "title": "live_round",
            "date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "commit": commit,
            "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            "settings": {k: str(v) for k, v in vars(args).items() if k != "json"},
            "options": opts,
            "open_files": [soft, hard],
            "machine": harness.machine(args.pg, args.redis),
            "background_cpu_pct_before": background,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "results": results,
            "ratio_server_to_bare": ratio,
            "checks": [{"held": held, "text": text} for held, text in checks],
            "last_line": line,
        }
        out = args.json or harness.RESULTS / f"live_round-{args.players}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        print(f"\nwritten to {out}")
        complete = all(
            ("question" in r and not r["question"]["missing"] or args.join_only) and r["joined"] == r["players"]
            for r in results
        )
        print(json.dumps(line), flush=True)
        return 0 if complete and all(held for held, _ in checks) else 1
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
