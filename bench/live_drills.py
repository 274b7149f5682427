"""The drills of bench/drills.py against a live round: players on both daphne processes, through nginx.

A live round made by bench/fixture.py (``--live-round``) is played by
``--live-players`` players and a host, every socket through nginx (so spread
over both daphne processes by ``least_conn``). Each player behaves as
static/live/socket.js and play.js do: on a lost socket it reconnects after
1, 2, 4 … s (at most 15, with jitter) and sends ``sync``; an answer not yet
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
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

RECONNECT_MAX = 15.0


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
        self.p.sent.setdefault(question["id"], time.monotonic())
        await self.send_answer()

    def acknowledge(self, qid: int, how: str) -> None:
        self.resend_delay = 1.0
        self.p.acknowledged.setdefault(qid, (how, time.monotonic()))
        if self.pending and self.pending[0] == qid:
            self.pending = None

    async def handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "state":
            question = message.get("question")
            self.question = question["question"] if question and "question" in question else question
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

    async def run(self, stop: asyncio.Event) -> None:
        tries = 0
        while not stop.is_set() and not self.p.finished:
            if self.offline():
                await asyncio.sleep(0.2)
                continue
            try:
                self.ws = await asyncio.wait_for(open_socket(self.url, self.cookie, self.p.session), 30)
            except (OSError, WebSocketException, TimeoutError):
                self.p.failed_connects += 1
                delay = min(RECONNECT_MAX, 2.0**tries) * self.rng.uniform(0.7, 1.3)
                tries += 1
                await asyncio.sleep(max(1.0, min(RECONNECT_MAX, delay)))
                continue
            tries = 0
            self.p.connections += 1
            reconnected = self.p.connections > 1
            watcher = asyncio.create_task(self._cut_when_offline())
            try:
                if reconnected:
                    await self.ws.send(json.dumps({"type": "sync"}))
                async for text in self.ws:
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
                await asyncio.sleep(self.rng.uniform(0.7, 1.3))

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
