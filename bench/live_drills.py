"""The drills of bench/drills.py against a live round: players on both server processes, through nginx.

A live round made by bench/fixture.py (``--live-round``) is played by
``--live-players`` players and a host, every socket through nginx (so spread
over both server processes by ``least_conn``). Each player behaves as
static/live/socket.js and play.js do: on a lost socket it reconnects after
1, 2, 4 … s (at most 15, with jitter: bench/phone.py ``reconnect_delay``),
gives a handshake ``--handshake-timeout`` (10 s), and sends ``sync``; an answer not yet
acknowledged is kept and sent again when the ``state`` shows the question
still open; a ``state`` with ``my_answer`` is the acknowledgement of an
answer whose ``ack`` was lost. The host drives the round from ``state``
(``sync``) alone, so it survives its own reconnects without skipping a
question: it opens question *i* only while the round is still before it,
lets the question close by itself and shows the leaderboard.

Every other question carries a drill, started as it opens (quiet, drill,
quiet, drill …). Per drill: answers sent, acknowledged (by ``ack`` or by a
``state``), refused by reason; the longest time from an answer's first send
to its acknowledgement; reconnects; for the drill's question, how many
players had its ``reveal``, how many caught up with a ``state`` after
reconnecting, and how many had neither; and the database check:
every acknowledged answer is one ``LiveAnswer`` row (none lost, none
doubled), rows with no acknowledgement counted apart (the server took the
answer but the phone never heard).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import random
import resource
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

from bench import phone

# Frames a phone here does nothing with: not parsed (a ``lobby`` lists every team).
UNPARSED = frozenset({"lobby", "status", "progress", "pong"})


@dataclass
class LivePlayer:
    """What one phone sent, heard and had acknowledged."""

    number: int
    user_id: int
    session: str
    connections: int = 0
    failed_connects: int = 0
    drops: list[float] = field(default_factory=list)  # when a socket was lost
    sent: dict[int, float] = field(default_factory=dict)  # question id -> first send (monotonic)
    resent: int = 0
    acknowledged: dict[int, tuple[str, float]] = field(default_factory=dict)  # question id -> (how, when)
    refused: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # ``error`` messages by code (not_saved: "send it again")
    error_at: list[float] = field(default_factory=list)
    reveals: set[int] = field(default_factory=set)  # question indexes whose reveal came
    # index -> when a state (after a reconnect, or pushed by the server) first showed it revealed or past
    caught_up: dict[int, float] = field(default_factory=dict)
    finished: bool = False
    states_at: list[float] = field(default_factory=list)  # when each ``state`` came
    # The reconnect storm's deliberate second send of an answer acknowledged before the socket was lost:
    # "" (none), "sent", then the ack's outcome ("already_answered", or "accepted": a doubled answer).
    resend: str = ""


def caught_up_by_state(state: dict[str, Any]) -> set[int]:
    """The question indexes a ``state`` shows as revealed or past (so the phone can draw their outcome)."""
    round_ = state.get("round") or {}
    index, status = round_.get("question_index", -1), round_.get("status", "")
    if status == "finished":
        return set(range(round_.get("question_count", 0)))
    past = set(range(max(0, index)))
    if index >= 0 and (status in {"reveal", "leaderboard"} or state.get("reveal")):
        past.add(index)
    return past


class Phone:
    """One player's socket through nginx, reconnecting as static/live/socket.js does."""

    def __init__(self, player: LivePlayer, url: str, cookie: str, network, rng: random.Random, opts: dict):
        self.p, self.url, self.cookie, self.network, self.rng, self.opts = player, url, cookie, network, rng, opts
        self.ws: ClientConnection | None = None
        self.question: dict | None = None  # the open question
        self.pending: tuple[int, list[int]] | None = None
        self.resending = False
        self.resend_delay = 1.0
        self.chosen: dict[int, list[int]] = {}  # question id -> the choices tapped
        self.on_ack = None  # called with a question id the first time its answer is acknowledged
        self.storm_qid: int | None = opts.get("storm_qid")

    async def resend_later(self, answer: tuple[int, list[int]]) -> None:
        await asyncio.sleep(self.resend_delay)
        self.resend_delay = min(self.resend_delay * 2, 4.0)
        self.resending = False
        if self.pending == answer and self.question and self.question["id"] == answer[0]:
            self.p.resent += 1
            await self.send_answer()

    def offline(self) -> bool:
        return self.network.offline(self.p.number)

    async def send_answer(self) -> None:
        if self.pending and self.ws is not None:
            qid, choices = self.pending
            try:
                await self.ws.send(json.dumps({"type": "answer", "question_id": qid, "choices": choices}))
            except (WebSocketException, OSError):
                pass

    async def answer_later(self, question: dict, opens_at_ms: int | None) -> None:
        """A tap at a random moment within the answer window after the question opens (not before)."""
        wait_open = max(0.0, (opens_at_ms or 0) / 1000 - time.time())
        await asyncio.sleep(wait_open + self.rng.uniform(0.3, self.opts["answer_window"]))
        if self.question is not question or question["id"] in self.p.acknowledged:
            return
        if self.pending and self.pending[0] == question["id"]:
            return  # already sent, waiting for its ack
        choices = [c["id"] for c in question["choices"]]
        self.pending = (question["id"], [self.rng.choice(choices)])
        self.chosen[question["id"]] = self.pending[1]
        self.p.sent.setdefault(question["id"], time.monotonic())
        await self.send_answer()

    def acknowledge(self, qid: int, how: str) -> None:
        self.resend_delay = 1.0
        if qid not in self.p.acknowledged and self.on_ack is not None:
            self.on_ack(qid)
        self.p.acknowledged.setdefault(qid, (how, time.monotonic()))
        if self.pending and self.pending[0] == qid:
            self.pending = None

    async def handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "state":
            self.p.states_at.append(time.monotonic())
            question = message.get("question")
            self.question = question["question"] if question and "question" in question else question
            await self.storm_resend(message)
            mine = message.get("my_answer")
            if mine:
                self.acknowledge(mine["question_id"], "state")
            elif (
                self.pending
                and message["round"].get("status") == "question"
                and self.question
                and self.pending[0] == self.question["id"]
            ):
                self.p.resent += 1
                await self.send_answer()
            elif (
                message["round"].get("status") == "question"
                and self.question
                and not self.pending
                and self.question["id"] not in self.p.acknowledged
            ):
                # Back on a question it had not answered (or had not seen): the member taps now.
                asyncio.create_task(self.answer_later(self.question, message.get("opens_at_ms")))
            for index in caught_up_by_state(message):
                self.p.caught_up.setdefault(index, time.monotonic())
            if message["round"].get("status") == "finished":
                self.p.finished = True
        elif kind == "question":
            self.question = message["question"]
            if self.pending and self.pending[0] != self.question["id"]:
                self.pending = None  # an answer to a question that has closed: play.js lets it go too
            asyncio.create_task(self.answer_later(self.question, message.get("opens_at_ms")))
        elif kind == "ack":
            qid = message.get("question_id")
            if qid == self.storm_qid and self.p.resend == "sent":
                self.p.resend = "accepted" if message.get("accepted") else message.get("reason", "?")
            if message.get("accepted"):
                self.acknowledge(qid, "ack")
            else:
                self.p.refused[message.get("reason", "?")] += 1
                if self.pending and self.pending[0] == qid:
                    self.pending = None
                if message.get("reason") == "already_answered" and self.ws is not None:
                    await self.ws.send(json.dumps({"type": "sync"}))
                elif message.get("reason") == "not_open" and self.question and self.question["id"] == qid:
                    asyncio.create_task(self.answer_later(self.question, self.question.get("opens_at_ms")))
        elif kind == "reveal":
            if self.question:
                self.p.reveals.add(self.question["index"])
        elif kind == "finished":
            self.p.finished = True
        elif kind == "error":
            # As play.js: the message is shown and the answer stays pending; after not_saved it is
            # sent again, 1, 2, then every 4 s, while its question is open.
            self.p.errors[message.get("code", "?")] += 1
            self.p.error_at.append(time.monotonic())
            if message.get("code") == "not_saved" and self.pending and not self.resending:
                self.resending = True
                asyncio.create_task(self.resend_later(self.pending))

    async def storm_resend(self, state: dict) -> None:
        """The reconnect storm: back on a socket, a phone whose answer was acknowledged before it lost
        the last one sends that answer once more (as a page that forgot it would); it must be refused."""
        qid = self.storm_qid
        if not qid or not self.p.drops or self.p.resend or self.ws is None:
            return
        acknowledged = self.p.acknowledged.get(qid)
        if not acknowledged or acknowledged[0] != "ack" or acknowledged[1] >= self.p.drops[-1]:
            return
        if state["round"].get("status") != "question" or not self.question or self.question["id"] != qid:
            return
        self.p.resend = "sent"
        with contextlib.suppress(WebSocketException, OSError):
            await self.ws.send(json.dumps({"type": "answer", "question_id": qid, "choices": self.chosen[qid]}))

    async def run(self, stop: asyncio.Event, gate: asyncio.Semaphore | None = None) -> None:
        """Connects, reads, and reconnects as socket.js does; ``gate`` spaces out the first connect only."""
        tries = 0  # failures since the last socket that opened (socket.js's ``tries``)
        timeout = self.opts.get("handshake_timeout", phone.HANDSHAKE_TIMEOUT)
        while not stop.is_set() and not self.p.finished:
            if self.offline():
                await asyncio.sleep(0.2)
                continue
            try:
                async with gate if gate is not None and not self.p.connections else contextlib.nullcontext():
                    self.ws = await asyncio.wait_for(open_socket(self.url, self.cookie, self.p.session), timeout)
            except (OSError, WebSocketException, TimeoutError):
                self.p.failed_connects += 1
                await asyncio.sleep(phone.reconnect_delay(tries, self.rng.random()))
                tries += 1
                continue
            tries = 0
            self.p.connections += 1
            reconnected = self.p.connections > 1
            watcher = asyncio.create_task(self._cut_when_offline())
            try:
                if reconnected:
                    await self.ws.send(json.dumps({"type": "sync"}))
                async for text in self.ws:
                    if phone.frame_type(text) in UNPARSED:
                        continue
                    await self.handle(json.loads(text))
                    if self.p.finished:
                        break
            except (OSError, WebSocketException, ValueError):
                pass
            finally:
                watcher.cancel()
                ws, self.ws = self.ws, None
                await close_quietly(ws)
            if not self.p.finished and not stop.is_set():
                self.p.drops.append(time.monotonic())
                await asyncio.sleep(phone.reconnect_delay(tries, self.rng.random()))
                tries += 1

    async def _cut_when_offline(self) -> None:
        """The network drill: the phone's connection goes away under the open socket."""
        while not self.offline():
            await asyncio.sleep(0.1)
        if self.ws is not None and self.ws.transport is not None:
            self.ws.transport.abort()


async def open_socket(url: str, cookie: str, session: str) -> ClientConnection:
    return await connect(
        url,
        origin=Origin("https://127.0.0.1"),
        additional_headers={"X-Forwarded-Proto": "https", "Cookie": f"{cookie}={session}"},
        compression=None,
        user_agent_header=None,
        proxy=None,
        ping_interval=None,
        open_timeout=30,
        close_timeout=2,
        max_size=2**22,
    )


async def close_quietly(ws: ClientConnection | None) -> None:
    if ws is not None:
        try:
            await asyncio.wait_for(ws.close(), 3)
        except (OSError, WebSocketException, TimeoutError):
            pass


class Host:
    """The organiser's socket through nginx; every decision from a fresh ``state``; reconnects."""

    def __init__(self, url: str, cookie: str, session: str):
        self.url, self.cookie, self.session = url, cookie, session
        self.ws: ClientConnection | None = None
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.reader: asyncio.Task | None = None
        self.reconnects = 0

    async def _connect(self) -> None:
        await self.close()
        self.ws = await asyncio.wait_for(open_socket(self.url, self.cookie, self.session), 30)
        self.inbox = asyncio.Queue()
        self.reader = asyncio.create_task(self._read(self.ws, self.inbox))

    @staticmethod
    async def _read(ws: ClientConnection, inbox: asyncio.Queue) -> None:
        try:
            async for text in ws:
                await inbox.put(json.loads(text))
        except (OSError, WebSocketException, ValueError):
            pass
        await inbox.put({"type": "_closed"})

    async def state(self, deadline: float) -> dict:
        """A fresh ``state`` (``sync``), reconnecting as often as needed until ``deadline``."""
        while time.monotonic() < deadline:
            try:
                if self.ws is None:
                    await self._connect()
                    self.reconnects += 1
                else:
                    await self.ws.send(json.dumps({"type": "sync"}))
                while True:
                    message = await asyncio.wait_for(self.inbox.get(), 10)
                    if message["type"] == "state":
                        return message
                    if message["type"] == "_closed":
                        raise OSError("host socket closed")
            except (OSError, WebSocketException, TimeoutError):
                self.ws = None
                await asyncio.sleep(1)
        raise TimeoutError("the host got no state before its deadline")

    async def command(self, kind: str) -> None:
        try:
            if self.ws is not None:
                await self.ws.send(json.dumps({"type": kind}))
        except (OSError, WebSocketException):
            self.ws = None

    async def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        ws, self.ws = self.ws, None
        await close_quietly(ws)


async def drive(host: Host, opts: dict, on_open) -> dict[str, Any]:
    """The round, question by question; ``on_open(index)`` is awaited as each question opens."""
    deadline = time.monotonic() + opts["live_deadline"]
    state = await host.state(deadline)
    count = state["round"]["question_count"]
    opened: dict[int, float] = {}
    for index in range(count):
        while True:
            state = await host.state(deadline)
            r = state["round"]
            if r["question_index"] >= index and r["status"] not in {"lobby"}:
                break
            await host.command("start" if r["status"] == "lobby" else "next")
            await asyncio.sleep(0.5)
        opened[index] = time.monotonic()
        await on_open(index)
        # Let it close by itself (the server reveals it); then the leaderboard.
        while True:
            state = await host.state(deadline)
            r = state["round"]
            if r["question_index"] > index or r["status"] in {"reveal", "leaderboard", "finished"}:
                break
            closes = (state.get("question") or {}).get("closes_at_ms")
            wait = (closes / 1000 - time.time() + 0.5) if closes else 1
            await asyncio.sleep(min(5, max(0.5, wait)))
        await asyncio.sleep(opts["live_reveal_seconds"])  # the organiser talks over the answer a moment
        await host.command("leaderboard")
        await asyncio.sleep(opts["live_pause"])
    while True:
        state = await host.state(deadline)
        if state["round"]["status"] == "finished":
            break
        await host.command("next")
        await asyncio.sleep(0.5)
    return {"questions": count, "opened": opened, "host_reconnects": host.reconnects}


def live_summary(
    players: list[LivePlayer],
    drills_at: dict[str, int],
    windows: dict[str, tuple[float, float]],
    question_ids: list[int],
    rows: list[tuple[int, int]],
    *,
    now: float,
    opened: dict[int, float] | None = None,
) -> dict[str, Any]:
    """Per drill and in total: answers, acknowledgements, waits, reveals, and the database check.

    ``rows``: (user id, live question id) of every stored LiveAnswer;
    ``opened``: when the host saw each question open. A player who missed a
    reveal is caught up when a ``state`` (after a reconnect, or pushed by the
    server when the channel layer is back) showed that question revealed or
    past before the question after the next one opened (or before ``now``):
    a state only many questions later (the next drill's reconnect) is not it.
    """
    opened = opened or {}
    stored = Counter(rows)
    acknowledged = {(p.user_id, qid) for p in players for qid in p.acknowledged}
    lost = sorted(pair for pair in acknowledged if stored[pair] == 0)
    doubled = sorted(pair for pair, n in stored.items() if n > 1)
    unheard = sorted(pair for pair in stored if pair not in acknowledged)

    def per_question(index: int) -> dict[str, Any]:
        qid = question_ids[index]
        sent = [p for p in players if qid in p.sent]
        waits = [p.acknowledged[qid][1] - p.sent[qid] for p in sent if qid in p.acknowledged]
        waits += [now - p.sent[qid] for p in sent if qid not in p.acknowledged]
        revealed = sum(1 for p in players if index in p.reveals)
        by = opened.get(index + 2, now)
        by_state = sum(1 for p in players if index not in p.reveals and p.caught_up.get(index, by) < by)
        return {
            "question_index": index,
            "answers_sent": len(sent),
            "acknowledged": sum(1 for p in sent if qid in p.acknowledged),
            "acknowledged_by_state": sum(1 for p in sent if p.acknowledged.get(qid, ("",))[0] == "state"),
            "never_acknowledged": sum(1 for p in sent if qid not in p.acknowledged),
            "longest_wait_s": round(max(waits, default=0.0), 2),
            "reveal": revealed,
            "caught_up_by_state": by_state,
            "neither": len(players) - revealed - by_state,
            "lost": sum(1 for user, q in lost if q == qid),
            "doubled": sum(1 for user, q in doubled if q == qid),
            "stored_unheard": sum(1 for user, q in unheard if q == qid),
        }

    drills = []
    for name, index in drills_at.items():
        start, end = windows.get(name, (0.0, 0.0))
        row = {"drill": name, **per_question(index)}
        row["reconnects"] = sum(1 for p in players for t in p.drops if start <= t < end)
        row["error_messages"] = sum(1 for p in players for t in p.error_at if start <= t < end)
        row["refused"] = dict(sum((p.refused for p in players), Counter()))  # the whole round; by reason
        row["goals"] = {
            "no_lost_or_doubled": row["lost"] == 0 and row["doubled"] == 0,
            "everyone_reveal_or_state": row["neither"] == 0,
        }
        drills.append(row)
    quiet = [per_question(i) for i in range(len(question_ids)) if i not in drills_at.values()]
    every = [per_question(i) for i in range(len(question_ids))]
    return {
        "players": len(players),
        "drills": drills,
        "quiet_questions": quiet,
        "reveal_per_question": [q["reveal"] for q in every],
        "caught_up_per_question": [q["caught_up_by_state"] for q in every],
        "total": {
            "acknowledged": len(acknowledged),
            "rows": sum(stored.values()),
            "lost": len(lost),
            "doubled": len(doubled),
            "stored_unheard": len(unheard),
            "finished": sum(1 for p in players if p.finished),
            "failed_connects": sum(p.failed_connects for p in players),
            "refused": dict(sum((p.refused for p in players), Counter())),
            "errors": dict(sum((p.errors for p in players), Counter())),
        },
        "check": {
            "held": not lost and not doubled,
            "text": (
                f"{len(acknowledged)} acknowledged live answers, {sum(stored.values())} LiveAnswer rows: "
                f"{len(lost)} lost, {len(doubled)} doubled, {len(unheard)} stored without an acknowledgement"
            ),
        },
    }


async def live(fixture: dict[str, Any], services: dict[str, Any], database_url: str, names: list[str], opts: dict):
    """The live round under the drills (bench/drills.py calls this after the weekly round)."""
    from bench.drills import Drill, Network, apply_fault  # the drills themselves live there

    base = f"ws://127.0.0.1:{opts['port']}"
    network = Network()
    rng = random.Random(7)
    players = [
        LivePlayer(n, user, session)
        for n, (user, session) in enumerate(zip(fixture["player_user_ids"], fixture["player_sessions"], strict=True))
    ]
    play_url = f"{base}/ws/live/{fixture['code']}/play/"
    phones = [
        Phone(p, play_url, fixture["session_cookie"], network, random.Random(rng.random()), opts) for p in players
    ]
    stop = asyncio.Event()
    gate = asyncio.Semaphore(50)

    async def start_phone(phone: Phone) -> None:
        async with gate:
            await asyncio.sleep(0)
        await phone.run(stop)

    tasks = [asyncio.create_task(start_phone(phone)) for phone in phones]
    host = Host(f"{base}/ws/live/{fixture['code']}/host/", fixture["session_cookie"], fixture["host_session"])
    drills_at = {name: 2 * i + 1 for i, name in enumerate(names)}
    windows: dict[str, tuple[float, float]] = {}
    faults: list[asyncio.Task] = []
    drill_notes: dict[str, str] = {}
    # Everyone in before the first question.
    join_deadline = time.monotonic() + 60
    while sum(1 for p in players if p.connections) < len(players) and time.monotonic() < join_deadline:
        await asyncio.sleep(0.2)
    joined = sum(1 for p in players if p.connections)

    async def fault(name: str) -> None:
        drill = Drill(name, start=time.monotonic())
        await apply_fault(drill, services, network, {**opts, "clients": len(players)})
        drill.repaired = time.monotonic()
        await asyncio.sleep(opts["settle"])
        windows[name] = (drill.start, time.monotonic())
        drill_notes[name] = drill.note

    async def on_open(index: int) -> None:
        for name, at in drills_at.items():
            if at == index:
                print(f"  live drill {name} as question {index + 1} opens", flush=True)
                faults.append(asyncio.create_task(fault(name)))

    try:
        driven = await drive(host, opts, on_open)
        error = ""
    except (TimeoutError, OSError, WebSocketException) as e:
        driven, error = {}, f"{type(e).__name__}: {e}"
        print(f"  the live host stopped: {error}", flush=True)
    await asyncio.gather(*faults, return_exceptions=True)
    # Stragglers: a few seconds for the last messages and reconnects.
    deadline = time.monotonic() + 15
    while not all(p.finished for p in players) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    stop.set()
    await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await host.close()
    now = time.monotonic()
    import psycopg

    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            """SELECT p.user_id, a.question_id FROM competitions_liveanswer a
               JOIN competitions_liveplayer p ON p.id = a.player_id
               JOIN competitions_livequestion lq ON lq.id = a.question_id
               WHERE lq.live_round_id = %s""",
            [fixture["round_id"]],
        )
        rows = [tuple(row) for row in await cursor.fetchall()]
    opened = driven.get("opened", {})
    summary = live_summary(players, drills_at, windows, fixture["question_ids"], rows, now=now, opened=opened)
    summary.update(
        {"joined": joined, "host_error": error, "driven": {k: v for k, v in driven.items() if k != "opened"}}
    )
    for row in summary["drills"]:
        row["note"] = drill_notes.get(row["drill"], "")
    return summary


def print_live(summary: dict[str, Any]) -> None:
    print(f"\n== live round: {summary['joined']}/{summary['players']} joined; host: {summary['host_error'] or 'ok'}")
    for row in summary["drills"]:
        goals = ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in row["goals"].items())
        print(
            f"   {row['drill']} (question {row['question_index'] + 1}; {row.get('note', '')}):\n"
            f"     answers {row['answers_sent']} sent, {row['acknowledged']} acknowledged "
            f"({row['acknowledged_by_state']} by state), {row['never_acknowledged']} never; "
            f"longest wait {row['longest_wait_s']} s; reconnects {row['reconnects']}; "
            f"error messages {row['error_messages']}\n"
            f"     reveal {row['reveal']}, caught up by state {row['caught_up_by_state']}, neither {row['neither']}; "
            f"lost {row['lost']}, doubled {row['doubled']}, stored unheard {row['stored_unheard']}; goals: {goals}"
        )
    quiet = summary["quiet_questions"]
    print(
        f"   quiet questions: answers {sum(q['answers_sent'] for q in quiet)}, acknowledged "
        f"{sum(q['acknowledged'] for q in quiet)}, reveal missing {sum(q['neither'] for q in quiet)}"
    )
    print(f"   reveal per question: {summary['reveal_per_question']}")
    print(f"   caught up by a state instead: {summary['caught_up_per_question']}")
    print(f"   total: {summary['total']}")


def live_markdown(summary: dict[str, Any], label: str) -> str:
    """One docs/DRILLS.md table of a run's live drills."""
    lines = [
        f"| {label} | answers sent → acknowledged (by state) | never acknowledged | longest wait "
        "| reveal / caught up by state / neither | lost / doubled / stored unheard | reconnects | error messages |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in summary["drills"]:
        lines.append(
            f"| {row['drill']} (question {row['question_index'] + 1}) "
            f"| {row['answers_sent']} → {row['acknowledged']} ({row['acknowledged_by_state']}) "
            f"| {row['never_acknowledged']} | {row['longest_wait_s']:.1f} s "
            f"| {row['reveal']} / {row['caught_up_by_state']} / {row['neither']} "
            f"| {row['lost']} / {row['doubled']} / {row['stored_unheard']} | {row['reconnects']} "
            f"| {row.get('error_messages', 0)} |"
        )
    return "\n".join(lines) + "\n"
    held = summary["check"]["held"]
    print(f"\n{'LIVE CHECK PASSED' if held else 'LIVE CHECK FAILED'}: {summary['check']['text']}", flush=True)


# --- The reconnect storm (issue 15): kill -9 one of two processes mid-question ------------------


def back_times(players: list[LivePlayer], kill_at: float) -> tuple[list[float], int, int]:
    """(seconds from the kill until each phone it dropped had a ``state`` again, dropped, never back)."""
    back, dropped, never = [], 0, 0
    for p in players:
        drops = [t for t in p.drops if t >= kill_at]
        if not drops:
            continue
        dropped += 1
        again = next((t for t in p.states_at if t > drops[0]), None)
        if again is None:
            never += 1
        else:
            back.append(again - kill_at)
    return back, dropped, never


def _seconds(values: list[float], p: float, digits: int = 2) -> float | None:
    """The p-th percentile (harness.percentile's rule), rounded; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))], digits)


def storm_summary(
    players: list[LivePlayer],
    *,
    kill_at: float,
    storm_index: int,
    question_ids: list[int],
    rows: list[tuple[int, int]],
    now: float,
    opened: dict[int, float] | None = None,
    goal_s: float = 20.0,
) -> dict[str, Any]:
    """The reconnect storm's report: who was dropped and how soon each was back, and what happened to the answers.

    ``kill_at``: when the process was killed (monotonic); ``rows``: (user id,
    live question id) of every stored LiveAnswer. On top of ``live_summary``
    (the storm question as its one drill, and the whole round's check):
    the phones the kill dropped, the time from the kill until each had a
    ``state`` again (p50/p95/max, and how many within ``goal_s``); the
    answers to the storm question acknowledged before the kill and whether
    each is still stored once; the deliberate second sends of those answers
    after the reconnect, by outcome (``already_answered`` expected; one
    ``accepted`` is a doubled answer).
    """
    qid = question_ids[storm_index]
    base = live_summary(
        players,
        {"reconnect-storm": storm_index},
        {"reconnect-storm": (kill_at, now)},
        question_ids,
        rows,
        now=now,
        opened=opened,
    )
    back, dropped, never = back_times(players, kill_at)
    stored = Counter(rows)
    before = [p for p in players if qid in p.acknowledged and p.acknowledged[qid][1] < kill_at]
    kept = sum(1 for p in before if stored[(p.user_id, qid)] == 1)
    resends = Counter(p.resend for p in players if p.resend)
    total = base["total"]
    storm = {
        "players": len(players),
        "acknowledged_before_kill": len(before),
        "dropped": dropped,
        "back": len(back),
        "never_back": never,
        "back_p50_s": _seconds(back, 50),
        "back_p95_s": _seconds(back, 95),
        "back_max_s": _seconds(back, 100),
        "back_within_goal": sum(1 for t in back if t <= goal_s),
        "goal_s": goal_s,
        "kept_before_kill": kept,
        "lost_before_kill": len(before) - kept,
        "resent": sum(resends.values()),
        "resend_refused_already_answered": resends.get("already_answered", 0),
        "resend_accepted": resends.get("accepted", 0),
        "resend_unanswered": resends.get("sent", 0),
        "resend_other": {k: v for k, v in resends.items() if k not in {"already_answered", "accepted", "sent"}},
    }
    storm["goals"] = {
        "every_phone_back_within_goal": never == 0 and storm["back_within_goal"] == dropped,
        "answers_before_kill_kept": storm["lost_before_kill"] == 0,
        "no_lost_or_doubled": total["lost"] == 0 and total["doubled"] == 0 and storm["resend_accepted"] == 0,
        "re_answers_refused": storm["resend_refused_already_answered"] == storm["resent"],
    }
    held = all(storm["goals"].values())
    return {
        **base,
        "storm": storm,
        "check": {
            "held": held,
            "text": (
                f"{dropped} phones dropped by the kill, {len(back)} back (p50 {storm['back_p50_s']} s, p95 "
                f"{storm['back_p95_s']} s, max {storm['back_max_s']} s; {storm['back_within_goal']} within "
                f"{goal_s:g} s), {never} never; {len(before)} answers acknowledged before the kill, {kept} kept; "
                f"{storm['resent']} sent again: {storm['resend_refused_already_answered']} refused already_answered, "
                f"{storm['resend_accepted']} accepted; whole round: {base['check']['text']}"
            ),
        },
    }


def print_storm(summary: dict[str, Any]) -> None:
    s = summary["storm"]
    row = summary["drills"][0]
    print(
        f"\n== reconnect storm ({summary.get('note', '')}): {summary['joined']}/{summary['players']} joined; "
        f"host: {summary['host_error'] or 'ok'}\n"
        f"   {s['acknowledged_before_kill']} answers acknowledged when the process was killed; "
        f"{s['dropped']} phones dropped, {s['back']} back: p50 {s['back_p50_s']} s, p95 {s['back_p95_s']} s, "
        f"max {s['back_max_s']} s ({s['back_within_goal']} within {s['goal_s']:g} s), {s['never_back']} never\n"
        f"   answers acknowledged before the kill kept: {s['kept_before_kill']} of {s['acknowledged_before_kill']}; "
        f"sent again after the reconnect: {s['resent']} ({s['resend_refused_already_answered']} refused "
        f"already_answered, {s['resend_accepted']} accepted, {s['resend_unanswered']} no ack, other "
        f"{s['resend_other']})\n"
        f"   the storm question: {row['answers_sent']} answers sent, {row['acknowledged']} acknowledged "
        f"({row['acknowledged_by_state']} by state), {row['never_acknowledged']} never; reveal {row['reveal']}, "
        f"caught up by state {row['caught_up_by_state']}, neither {row['neither']}; failed connects "
        f"{summary['total']['failed_connects']}\n"
        f"   clients: {summary['clients']['processes']} processes, {summary['clients']['cpu_s']} s CPU, event loops "
        f"late p95 {summary['clients']['late_p95_ms']} ms (storm: {summary['clients']['storm_late_p95_ms']} ms), "
        f"at most {summary['clients']['late_max_ms']} ms"
    )
    goals = ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in s["goals"].items())
    print(f"   goals: {goals}")
    held = summary["check"]["held"]
    print(f"\n{'STORM CHECK PASSED' if held else 'STORM CHECK FAILED'}: {summary['check']['text']}", flush=True)


def storm_markdown(summary: dict[str, Any], label: str) -> str:
    """One docs/DRILLS.md table of a reconnect storm."""
    s, c = summary["storm"], summary["clients"]
    rows = [
        ("players (joined)", f"{summary['players']} ({summary['joined']})"),
        ("answers acknowledged when the process was killed", s["acknowledged_before_kill"]),
        ("phones dropped by the kill", s["dropped"]),
        ("back with a `state`: p50 / p95 / max", f"{s['back_p50_s']} / {s['back_p95_s']} / {s['back_max_s']} s"),
        (f"back within {s['goal_s']:g} s / never back", f"{s['back_within_goal']} / {s['never_back']}"),
        ("answers acknowledged before the kill, kept", f"{s['kept_before_kill']} of {s['acknowledged_before_kill']}"),
        (
            "sent again after the reconnect: refused `already_answered` / accepted",
            f"{s['resend_refused_already_answered']} / {s['resend_accepted']} (of {s['resent']})",
        ),
        ("whole round: lost / doubled", f"{summary['total']['lost']} / {summary['total']['doubled']}"),
        ("failed connects (all phones)", summary["total"]["failed_connects"]),
        ("clients' event loops late, p95 in the storm / max", f"{c['storm_late_p95_ms']} / {c['late_max_ms']} ms"),
    ]
    lines = [f"| {label} | |", "| --- | ---: |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


def _storm_client(number: int, players: list[LivePlayer], fixture: dict, opts: dict, acked, joined, stop, queue):
    """One forked client process: its share of the phones, on uvloop; reports back to the parent."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        import uvloop

        uvloop.run(_storm_phones(number, players, fixture, opts, acked, joined, stop, queue))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        queue.put(("error", number, f"{type(exc).__name__}: {exc}"))


async def _storm_phones(number: int, players, fixture, opts, acked, joined, stop, queue) -> None:
    from bench.drills import Network

    url = f"ws://127.0.0.1:{opts['port']}/ws/live/{fixture['code']}/play/"
    rng = random.Random(opts["seed"] * 1000 + number)
    network = Network()
    phones = [Phone(p, url, fixture["session_cookie"], network, random.Random(rng.random()), opts) for p in players]
    storm_qid = opts["storm_qid"]

    def count(qid: int) -> None:
        if qid == storm_qid:
            with acked.get_lock():
                acked.value += 1

    for one in phones:
        one.on_ack = count
    gate = asyncio.Semaphore(opts["storm_connect_concurrency"])
    halt = asyncio.Event()
    lags: list[tuple[float, float]] = []
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)

    async def watch_loop() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.02)
            after = time.monotonic()
            lags.append((round(after, 4), round(max(0.0, after - before - 0.02), 4)))

    watcher = asyncio.create_task(watch_loop())
    tasks = [asyncio.create_task(one.run(halt, gate)) for one in phones]
    while not stop.is_set() and not all(task.done() for task in tasks):
        joined[number] = sum(1 for p in players if p.connections)
        await asyncio.sleep(0.2)
    halt.set()
    await asyncio.sleep(0.5)
    for task in [*tasks, watcher]:
        task.cancel()
    await asyncio.gather(*tasks, watcher, return_exceptions=True)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime
    queue.put(("done", number, {"players": players, "lags": lags, "cpu_s": cpu}))


def storm(fixture: dict[str, Any], services: dict[str, Any], database_url: str, opts: dict) -> dict[str, Any]:
    """The reconnect storm: phones in forked client processes, the host and the kill here."""
    players = [
        LivePlayer(n, user, session)
        for n, (user, session) in enumerate(zip(fixture["player_user_ids"], fixture["player_sessions"], strict=True))
    ]
    storm_index = 1
    opts = {**opts, "storm_qid": fixture["question_ids"][storm_index]}
    count = opts["storm_clients"] or min(4, max(1, -(-len(players) // 1000)))
    context = multiprocessing.get_context("fork")
    acked, joined = context.Value("i", 0), context.Array("i", count)
    stop, queue = context.Event(), context.Queue()
    processes = [
        context.Process(
            target=_storm_client, args=(n, players[n::count], fixture, opts, acked, joined, stop, queue), daemon=True
        )
        for n in range(count)
    ]
    for process in processes:
        process.start()
    try:
        return asyncio.run(_storm_host(fixture, services, database_url, opts, storm_index, acked, joined, stop, queue))
    finally:
        stop.set()
        for process in processes:
            process.join(15)
            if process.is_alive():
                process.terminate()


async def _storm_host(fixture, services, database_url, opts, storm_index, acked, joined, stop, queue) -> dict:
    loop = asyncio.get_running_loop()
    players = len(fixture["player_user_ids"])
    servers = services["servers"]
    victim = len(servers.ports) - 1
    host = Host(
        f"ws://127.0.0.1:{opts['port']}/ws/live/{fixture['code']}/host/",
        fixture["session_cookie"],
        fixture["host_session"],
    )
    join_started = time.monotonic()
    while sum(joined[:]) < players and time.monotonic() - join_started < opts["storm_join_timeout"]:
        await asyncio.sleep(0.5)
    join_s = round(time.monotonic() - join_started, 1)
    print(f"  {sum(joined[:])}/{players} phones joined in {join_s} s", flush=True)
    kill: dict[str, Any] = {}

    async def strike() -> None:
        # Mid-question: once half the players' answers are acknowledged.
        deadline = time.monotonic() + opts["storm_question_seconds"] / 2
        while acked.value < players / 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        kill["acknowledged"] = acked.value
        kill["at"] = time.monotonic()
        await asyncio.to_thread(servers.kill, victim)
        print(f"  kill -9 of :{servers.ports[victim]} with {kill['acknowledged']} answers acknowledged", flush=True)

    strikes: list[asyncio.Task] = []

    async def on_open(index: int) -> None:
        if index == storm_index:
            strikes.append(asyncio.create_task(strike()))

    try:
        driven = await drive(host, opts, on_open)
        error = ""
    except (TimeoutError, OSError, WebSocketException) as e:
        driven, error = {}, f"{type(e).__name__}: {e}"
        print(f"  the live host stopped: {error}", flush=True)
    await asyncio.gather(*strikes, return_exceptions=True)
    await asyncio.sleep(opts["settle"])
    stop.set()
    done: dict[int, dict] = {}
    deadline = time.monotonic() + 120
    while len(done) < len(joined[:]) and time.monotonic() < deadline:
        try:
            status, number, payload = await loop.run_in_executor(
                None, queue.get, True, max(0.1, deadline - time.monotonic())
            )
        except Exception:  # noqa: BLE001 - queue.Empty: a client process that never reported
            break
        if status == "error":
            raise RuntimeError(f"storm client process {number}: {payload}")
        done[number] = payload
    await host.close()
    now = time.monotonic()
    import psycopg

    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            """SELECT p.user_id, a.question_id FROM competitions_liveanswer a
               JOIN competitions_liveplayer p ON p.id = a.player_id
               JOIN competitions_livequestion lq ON lq.id = a.question_id
               WHERE lq.live_round_id = %s""",
            [fixture["round_id"]],
        )
        rows = [tuple(row) for row in await cursor.fetchall()]
    everyone = sorted((p for payload in done.values() for p in payload["players"]), key=lambda p: p.number)
    lags = [lag for payload in done.values() for lag in payload["lags"]]
    kill_at = kill.get("at", now)
    summary = storm_summary(
        everyone,
        kill_at=kill_at,
        storm_index=storm_index,
        question_ids=fixture["question_ids"],
        rows=rows,
        now=now,
        opened=driven.get("opened", {}),
        goal_s=opts["storm_goal"],
    )
    storm_lags = [lag for t, lag in lags if kill_at <= t <= kill_at + opts["storm_goal"]]
    summary.update(
        {
            "joined": sum(1 for p in everyone if p.connections),
            "join_s": join_s,
            "host_error": error,
            "driven": {k: v for k, v in driven.items() if k != "opened"},
            "note": f"kill -9 of {servers.server} :{servers.ports[victim]}, not restarted, "
            f"with {kill.get('acknowledged')} of {players} answers acknowledged",
            "clients": {
                "processes": len(done),
                "cpu_s": round(sum(payload["cpu_s"] for payload in done.values()), 1),
                "late_p95_ms": _ms(_seconds([lag for _, lag in lags], 95, 4)),
                "late_max_ms": _ms(max((lag for _, lag in lags), default=None)),
                "storm_late_p95_ms": _ms(_seconds(storm_lags, 95, 4)),
            },
        }
    )
    return summary


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)
