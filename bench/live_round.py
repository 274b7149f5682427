"""Bench: a whole live round played by N players on 2 daphne processes, against a bare broadcast server.

    .venv/bin/python bench/live_round.py --players 2000 [--questions 5 --only both|daphne|bare ...]

What one run does (see docs/BENCHMARKS.md, "Live round"):

1. *bare*: ``--bare-processes`` (2) processes of bench/bare_broadcast.py, a
   ``websockets`` server that writes one pre-built frame to every socket on a
   trigger: the physical limit of the fan-out on this machine, with the same
   clients, the same host and the same number of processes as daphne.
2. *daphne*: the bench database is recreated, migrated, ``seed_demo`` then
   ``bench/fixture.py --live-round --players N --sessions`` make a live round
   with N players entered in teams of ten and a session cookie each; then
   ``--processes`` (2) daphne processes with production settings
   (PostgreSQL, the Redis channel layer; bench/harness.py) serve it.

For each server, ``--client-processes`` forked asyncio processes (the
``websockets`` client) open one socket per player on
``/ws/live/<code>/play/`` (players spread round-robin over the ports, as
nginx would), each with its own session cookie, an allowed ``Origin`` and
``X-Forwarded-Proto: https``, at most ``--connect-concurrency`` handshakes at
a time. A host on ``/ws/live/<code>/host/`` (one per process for the bare
server, which has no channel layer) drives the round: ``start``, then per
question the ``question`` message, every player answering one random choice
at a random time within ``--answer-window`` (2 s) of receiving it (a
``--double-share`` of them send a second answer after their ack, which must
be refused as ``already_answered``), ``reveal`` once every player has
answered (or the question closes by itself), ``leaderboard``, ``next``; the
``next`` after the last question finishes the round.

Figures: join time (all N connected and got ``state``); fan-out, the time
from the host's ``start``/``next`` send until each player has the
``question`` (p50/p95/max per question and overall; the last player is the
max); ``ack`` latency (answer sent → ack received) p50/p95/max; daphne CPU
seconds and RSS, per process and per 1,000 sockets; and the database check:
every accepted ack is exactly one LiveAnswer row, and no row is there
without one. The run exits non-zero when the check fails or a player missed
a message. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
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
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException  # noqa: E402
from websockets.typing import Origin  # noqa: E402

from bench import harness  # noqa: E402

ROOT = harness.ROOT
PYTHON = harness.PYTHON


def raise_open_files() -> tuple[int, int]:
    """Soft limit of open files up to the hard one (inherited by the forked clients and the servers)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


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
    host_ports: list[int]  # one host per port for the bare server (no channel layer), one for daphne
    cookie_name: str = "sessionid"
    host_session: str = ""
    players: list[tuple[int, str]] = field(default_factory=list)  # (user id, session key)


@dataclass
class PlayerLog:
    user_id: int
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


async def open_socket(port: int, path: str, cookie_name: str, session: str):
    return await connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=Origin(f"https://127.0.0.1:{port}"),
        additional_headers=_headers(cookie_name, session),
        compression=None,
        user_agent_header=None,
        proxy=None,
        ping_interval=None,
        open_timeout=120,
        close_timeout=5,
        max_size=2**22,
    )


async def play(
    log: PlayerLog, port: int, path: str, cookie: str, session: str, gate: asyncio.Semaphore, rng: random.Random, opts
) -> None:
    loop = asyncio.get_running_loop()
    try:
        async with gate:
            socket = await open_socket(port, path, cookie, session)
    except InvalidStatus as e:
        log.error = f"handshake HTTP {e.response.status_code}"
        return
    except (TimeoutError, OSError, WebSocketException) as e:
        log.error = f"connect {type(e).__name__}: {e}"[:200]
        return
    pending: deque[tuple[int, float]] = deque()  # (question id, sent at): acks come back in order
    doubled: set[int] = set()

    async def send_answer(question: dict, second: bool = False) -> None:
        choices = [c["id"] for c in question["choices"]]
        picked = rng.sample(choices, 2 if question.get("kind") == "multiple" and len(choices) > 2 else 1)
        pending.append((question["id"], time.monotonic()))
        log.sent += 1
        log.doubles_sent += second
        try:
            await socket.send(json.dumps({"type": "answer", "question_id": question["id"], "choices": picked}))
        except ConnectionClosed:
            pass

    def later(delay: float, question: dict, second: bool = False) -> None:
        loop.call_later(max(0.0, delay), lambda: asyncio.ensure_future(send_answer(question, second)))

    open_question: dict | None = None
    try:
        async for text in socket:
            now = time.monotonic()
            message = json.loads(text)
            kind = message.get("type")
            if kind == "question":
                question = message["question"]
                log.question_at.setdefault(question["index"], now)
                open_question = question
                # Not before it opens (a "get ready" moment may come first), then at a random time.
                wait_open = max(0.0, message.get("opens_at_ms", 0) / 1000 - time.time())
                later(wait_open + rng.uniform(0.05, opts["answer_window"]), question)
            elif kind == "ack":
                sent_qid, sent_at = pending.popleft() if pending else (None, now)
                log.ack_latencies.append(now - sent_at)
                if message.get("accepted"):
                    log.accepted.append(message.get("question_id"))
                    qid = message.get("question_id")
                    if open_question and qid == open_question["id"] and qid not in doubled:
                        if rng.random() < opts["double_share"]:
                            doubled.add(qid)
                            later(0.05, open_question, second=True)
                else:
                    log.reasons[message.get("reason", "?")] += 1
                if sent_qid != message.get("question_id"):
                    log.other["ack_for_other_question"] += 1
            elif kind == "state":
                log.state_at = log.state_at or now
            elif kind == "reveal":
                if open_question:
                    log.reveal_at.setdefault(open_question["index"], now)
            elif kind == "leaderboard":
                log.leaderboard_at.setdefault(message.get("question_index", -1), now)
            elif kind == "lobby":
                log.lobby += 1
            elif kind == "finished":
                log.finished_at = now
                break
            else:
                log.other[kind] += 1
                if kind == "error":
                    log.error = log.error or f"error message: {message.get('code')}"
    except ConnectionClosed as e:
        log.close_code = e.rcvd.code if e.rcvd else None
    except (OSError, WebSocketException, ValueError) as e:
        log.error = log.error or f"{type(e).__name__}: {e}"[:200]
    finally:
        try:
            await asyncio.wait_for(socket.close(), 5)
        except (TimeoutError, OSError, WebSocketException):
            pass
        if socket.close_code and log.close_code is None and not log.finished_at:
            log.close_code = socket.close_code


def client_process(number: int, target: Target, share: list[tuple[int, int, str]], opts: dict, go, stop, queue) -> None:
    """One forked client process: its share of the players, reported back to the parent."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        queue.put(("ready", number, None))
        go.wait()
        asyncio.run(_client(number, target, share, opts, stop, queue))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        queue.put(("error", number, f"{type(exc).__name__}: {exc}"))


async def _client(number: int, target: Target, share, opts, stop, queue) -> None:
    gate = asyncio.Semaphore(opts["gate"])
    rng = random.Random(opts["seed"] * 1000 + number)
    logs = [PlayerLog(user_id) for user_id, _, _ in share]
    started = time.monotonic()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    lags: list[float] = []

    async def watch_loop() -> None:
        # How late this process's event loop runs a 20 ms timer: the client's own share of every delay.
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.02)
            lags.append(time.monotonic() - before - 0.02)

    watcher = asyncio.create_task(watch_loop())
    tasks = [
        asyncio.create_task(play(log, port, target.play_path, target.cookie_name, session, gate, rng, opts))
        for log, (_, port, session) in zip(logs, share, strict=True)
    ]
    # "joined" once every player has its state or has failed.
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
    queue.put(
        (
            "done",
            number,
            {"logs": [log.__dict__ for log in logs], "cpu_seconds": cpu, "loop_lag_max": max(lags, default=0.0)},
        )
    )


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


def run_target(target: Target, opts: dict, server_pids: list[int], redis_url: str) -> dict:
    """Plays one round against ``target``: client processes forked first, then the host on this process."""
    share_of: list[list[tuple[int, int, str]]] = [[] for _ in range(opts["client_processes"])]
    for i, (user_id, session) in enumerate(target.players):
        share_of[i % len(share_of)].append((user_id, target.ports[i % len(target.ports)], session))
    context = multiprocessing.get_context("fork")
    queue, go, stop = context.Queue(), context.Event(), context.Event()
    opts = {**opts, "gate": max(1, math.ceil(opts["connect_concurrency"] / len(share_of)))}
    processes = [
        context.Process(target=client_process, args=(n, target, share, opts, go, stop, queue), daemon=True)
        for n, share in enumerate(share_of)
    ]
    for process in processes:
        process.start()
    try:
        return asyncio.run(_host_side(target, opts, processes, queue, go, stop, server_pids, redis_url))
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


async def _host_side(target: Target, opts: dict, processes, queue, go, stop, server_pids, redis_url) -> dict:
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
            "cpu": [harness._cpu_seconds([pid]) for pid in server_pids],
            "rss_kib": [rss_kib(pid) for pid in server_pids],
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
    go.set()
    joined = await from_clients("joined", opts["join_timeout"])
    after_join = snapshot()
    state_times = [t for times in joined.values() for t in times]
    await asyncio.sleep(opts["settle"])
    settled = snapshot()
    players = len(state_times)
    try:
        driven = await drive_round(host, players, opts)
        error = ""
    except (TimeoutError, RuntimeError, ConnectionClosed) as e:
        driven, error = None, f"{type(e).__name__}: {e}"
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
    result = {
        "target": target.name,
        "players": len(target.players),
        "joined": len(state_times),
        "join_s": round(max(state_times) - before["t"], 2) if state_times else None,
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
        "client_cpu_s": round(sum(payload["cpu_seconds"] for payload in done.values()), 1),
        "client_loop_lag_max_ms": round(1000 * max(payload["loop_lag_max"] for payload in done.values()), 1),
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
    print(f"\n== {r['target']}: {r['joined']}/{r['players']} joined in {r['join_s']} s", flush=True)
    if r["connect_errors"] or r["host_error"]:
        print(f"   errors: {r['connect_errors']} {r['first_errors']} host: {r['host_error']}")
    if "question" in r:
        q = r["question"]
        for row in q["per_question"]:
            print(
                f"   question {row['index'] + 1}: p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  "
                f"last {row['max_ms']} ms" + (f"  missing {row['missing']}" if row["missing"] else "")
            )
        print(f"   all questions: p50 {q['p50_ms']} p95 {q['p95_ms']} max {q['max_ms']} ms; missing {q['missing']}")
        for key in ("reveal", "leaderboard"):
            f = r[key]
            print(
                f"   {key}: p50 {f['p50_ms']} p95 {f['p95_ms']} max {f['max_ms']} ms; missing {f['missing']} "
                f"{[q['missing'] for q in f['per_question']]}"
            )
    print(
        f"   acks: {r['acks']} (accepted {r['accepted']}, refused {r['refused']}), "
        f"p50 {r['ack_p50_ms']} p95 {r['ack_p95_ms']} max {r['ack_max_ms']} ms; "
        f"lobby msgs {r['lobby_messages']}; finished {r['finished']}; close codes {r['close_codes']}"
    )
    for p in r["processes"]:
        print(
            f"   :{p['port']} {p['sockets']} sockets, RSS {p['rss_before_mib']} → {p['rss_joined_mib']} → "
            f"{p['rss_end_mib']} MiB ({p['rss_mib_per_1000_sockets']} MiB/1000), CPU join {p['join_cpu_s']} s "
            f"round {p['round_cpu_s']} s"
        )
    print(
        f"   redis CPU join {r['redis_cpu_s_join']} s round {r['redis_cpu_s_round']} s; machine "
        f"{r['machine_cpu_pct_join']}% (join) {r['machine_cpu_pct_round']}% (round); clients {r['client_cpu_s']} s "
        f"CPU, their event loops up to {r['client_loop_lag_max_ms']} ms late",
        flush=True,
    )


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

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

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
        "connect_concurrency": args.connect_concurrency,
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
    p.add_argument("--duration-seconds", type=int, default=10, help="each question's time (the round's setting)")
    p.add_argument("--answer-window", type=float, default=2.0, help="players answer within this many seconds")
    p.add_argument("--double-share", type=float, default=0.1, help="share of players sending a second answer")
    p.add_argument("--only", choices=["both", "daphne", "bare"], default="both")
    p.add_argument("--processes", type=int, default=2, help="daphne processes")
    p.add_argument("--bare-processes", type=int, default=2, help="bare broadcast server processes")
    p.add_argument("--client-processes", type=int, default=0, help="load client processes (0: 1 per 1,000, ≤ 4)")
    p.add_argument("--connect-concurrency", type=int, default=100, help="WebSocket handshakes in flight at most")
    p.add_argument("--auto-close", action="store_true", help="the host never sends reveal: questions close by time")
    p.add_argument("--pause", type=float, default=1.0, help="seconds on the leaderboard before next")
    p.add_argument("--settle", type=float, default=2.0, help="seconds after the join before start")
    p.add_argument("--join-timeout", type=float, default=300)
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
    harness.assert_loopback(args.pg)
    harness.assert_loopback(args.redis)
    soft, hard = raise_open_files()
    needed = args.players // max(1, min(args.processes, args.bare_processes)) + 200
    print(f"open files: {soft} (hard {hard}); a server process needs ~{needed}")
    if soft < needed:
        raise SystemExit(f"raise the open-file limit (ulimit -n) to at least {needed}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGALRM, harness._out_of_time)
    signal.alarm(int(args.timeout))
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-live-"))
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
    checks: list[tuple[bool, str]] = []
    try:
        background = harness.background_load()
        print(
            f"live round: {args.players} players, {opts['client_processes']} client processes; "
            f"machine {background:.0f}% busy"
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
                results.append(run_target(target, opts, bare.pids, ""))
                print_result(results[-1])
        if args.only in {"both", "daphne"}:
            database_url = harness.recreate_database(args.pg, args.database)
            env = harness.production_env(database_url, args.redis, args.conn_max_age, workdir)
            fixture = seed_live_round(source, env, args)
            ports = [args.base_port + i for i in range(args.processes)]
            with harness.Servers(source, env, ports, harness.RESULTS) as servers:
                servers.wait_ready(timeout=60)
                target = Target(
                    name=f"daphne + Channels + Redis ({len(ports)} processes)",
                    ports=ports,
                    play_path=args.play_path.format(code=fixture["code"]),
                    host_path=args.host_path.format(code=fixture["code"]),
                    host_ports=ports[:1],
                    cookie_name=fixture["session_cookie"],
                    host_session=fixture["host_session"],
                    players=list(zip(fixture["player_user_ids"], fixture["player_sessions"], strict=True)),
                )
                try:
                    results.append(run_target(target, opts, servers.pids, args.redis))
                except (RuntimeError, TimeoutError):
                    for port in ports:
                        print(f"--- daphne {port} log ---\n{servers.log_tail(port)}", file=sys.stderr)
                    raise
                print_result(results[-1])
                checks.append(database_check(database_url, fixture["round_id"], results[-1]))
                print(f"\n{'CHECK PASSED' if checks[-1][0] else 'CHECK FAILED'}: {checks[-1][1]}", flush=True)
        ratio = None
        if len(results) == 2 and "question" in results[0] and "question" in results[1]:
            bare_q, real_q = results[0]["question"], results[1]["question"]
            ratio = {
                key: round(real_q[key] / bare_q[key], 1) if bare_q[key] else None
                for key in ("p50_ms", "p95_ms", "max_ms", "last_player_median_ms")
            }
            print(f"\ndaphne ÷ bare (fan-out): {ratio}")
        for r in results:
            r.pop("accepted_pairs", None)
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
            "results": results,
            "ratio_daphne_to_bare": ratio,
            "checks": [{"held": held, "text": text} for held, text in checks],
        }
        out = args.json or harness.RESULTS / f"live_round-{args.players}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        print(f"\nwritten to {out}")
        complete = all(
            "question" in r and not r["question"]["missing"] and r["joined"] == r["players"] for r in results
        )
        return 0 if complete and all(held for held, _ in checks) else 1
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
