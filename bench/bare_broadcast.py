"""The physical limit of a live round's fan-out on this machine: a bare ``websockets`` server.

    .venv/bin/python bench/bare_broadcast.py --port 8201 [--questions 5 --duration-seconds 20]

It speaks just enough of docs/PROTOCOL (version 1) for bench/live_round.py to
drive it exactly as it drives the real server: ``state`` on connect (a
socket whose path ends in ``/host/`` is the host), the host's ``start`` /
``next`` / ``reveal`` / ``leaderboard`` / ``finish``, the players' ``answer``
(``ack``: the first per player and question is accepted), ``ping`` and
``sync``. There is no database, no channel layer, no Django: a ``question``
is one JSON text built once and written to every socket of the process with
``websockets.broadcast`` (one frame, encoded once, no awaits), so the time it
takes is what the kernel, the event loop and the clients cost. A question
closes by itself at ``closes_at_ms`` like the real one.

Run several processes (one per core) on several ports: each process keeps
its own state and the bench's host sends each of them the same commands, so
the processes go through the round in step. Only loopback is bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import signal
import time

from websockets.asyncio.server import ServerConnection, broadcast, serve

PADDING = "Theo Quyết định 06/QĐ-TTg về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử."


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class Game:
    """One process's view of the round: the same for every bench host command, so processes stay in step."""

    def __init__(self, questions: int, duration_seconds: int, ready_ms: int):
        self.count, self.duration_ms, self.ready_ms = questions, duration_seconds * 1000, ready_ms
        self.players: set[ServerConnection] = set()
        self.hosts: set[ServerConnection] = set()
        self.status, self.index = "lobby", -1
        self.opens_at_ms = self.closes_at_ms = 0
        self.answered: dict[ServerConnection, list[int]] = {}
        self.closer: asyncio.TimerHandle | None = None
        self.progress_due = False
        rng = random.Random(7)
        # Nine-digit opaque choice ids, as the real server sends (questionbank.Choice.key).
        self.choices = [[rng.randrange(10**8, 10**9) for _ in range(4)] for _ in range(questions)]

    @property
    def everyone(self) -> set[ServerConnection]:
        return self.players | self.hosts

    def question_id(self, index: int) -> int:
        return 1000 + index

    def round_info(self) -> dict:
        return {
            "code": "000000",
            "title": "Bare broadcast",
            "status": self.status,
            "question_index": self.index,
            "question_count": self.count,
            "team_mode": "sum",
        }

    def state(self, role: str) -> str:
        return json.dumps(
            {"type": "state", "protocol": 2, "role": role, "round": self.round_info(), "server_time_ms": now_ms()}
        )

    def send_all(self, message: dict) -> None:
        # Built and encoded once, then the same frame to every socket of this process.
        broadcast(self.everyone, json.dumps(message, ensure_ascii=False))

    def open_next(self) -> None:
        self.index += 1
        if self.index >= self.count:
            self.finish()
            return
        self.status = "question"
        self.opens_at_ms = now_ms() + self.ready_ms
        self.closes_at_ms = self.opens_at_ms + self.duration_ms
        self.answered = {}
        choices = [
            {"id": cid, "text": f"Phương án {n + 1}: {PADDING[: 40 + 7 * n]}"}
            for n, cid in enumerate(self.choices[self.index])
        ]
        self.send_all(
            {
                "type": "question",
                "question": {
                    "id": self.question_id(self.index),
                    "index": self.index,
                    "count": self.count,
                    "text": f"Câu hỏi {self.index + 1}: {PADDING}",
                    "image_url": None,
                    "kind": "single",
                    "choices": choices,
                    "points": 1000,
                },
                "opens_at_ms": self.opens_at_ms,
                "closes_at_ms": self.closes_at_ms,
                "server_time_ms": now_ms(),
            }
        )
        loop = asyncio.get_running_loop()
        self.closer = loop.call_later((self.closes_at_ms - now_ms()) / 1000, self.reveal)

    def reveal(self) -> None:
        if self.status != "question":
            return
        if self.closer:
            self.closer.cancel()
        self.status = "reveal"
        distribution = {str(c): 0 for c in self.choices[self.index]}
        for choices in self.answered.values():
            for c in choices:
                distribution[str(c)] = distribution.get(str(c), 0) + 1
        self.send_all(
            {
                "type": "reveal",
                "question_id": self.question_id(self.index),
                "correct": [self.choices[self.index][0]],
                "distribution": distribution,
                "explanation": PADDING,
            }
        )

    def leaderboard(self) -> None:
        self.status = "leaderboard"
        entries = [{"rank": r + 1, "team_id": r + 1, "team": f"Tổ {r + 1}", "score": 0, "delta": 0} for r in range(10)]
        self.send_all({"type": "leaderboard", "entries": entries, "question_index": self.index})

    def finish(self) -> None:
        self.status = "finished"
        if self.closer:
            self.closer.cancel()
        self.send_all({"type": "finished", "leaderboard": []})

    def answer(self, socket: ServerConnection, message: dict) -> dict:
        received = now_ms()
        ack = {"type": "ack", "question_id": message.get("question_id"), "received_at_ms": received}
        if self.status != "question" or message.get("question_id") != self.question_id(self.index):
            return {**ack, "accepted": False, "reason": "not_open"}
        if received > self.closes_at_ms:
            return {**ack, "accepted": False, "reason": "closed"}
        if socket in self.answered:
            return {**ack, "accepted": False, "reason": "already_answered"}
        choices = message.get("choices")
        if not isinstance(choices, list) or not choices or not set(choices) <= set(self.choices[self.index]):
            return {**ack, "accepted": False, "reason": "invalid_choice"}
        self.answered[socket] = choices
        self.schedule_progress()
        return {**ack, "accepted": True}

    def schedule_progress(self) -> None:
        # At most ten progress messages a second to the hosts, like a real server would throttle them.
        if not self.progress_due:
            self.progress_due = True
            asyncio.get_running_loop().call_later(0.1, self.send_progress)

    def send_progress(self) -> None:
        self.progress_due = False
        message = {
            "type": "progress",
            "question_id": self.question_id(self.index),
            "answered": len(self.answered),
            "players": len(self.players),
        }
        broadcast(self.hosts, json.dumps(message))

    async def handle(self, socket: ServerConnection) -> None:
        path = socket.request.path if socket.request else ""
        role = "host" if path.rstrip("/").endswith("host") else "player"
        group = self.hosts if role == "host" else self.players
        group.add(socket)
        try:
            await socket.send(self.state(role))
            async for text in socket:
                try:
                    message = json.loads(text)
                    kind = message["type"]
                except (ValueError, TypeError, KeyError):
                    await socket.send(json.dumps({"type": "error", "code": "bad_message", "message": "?"}))
                    continue
                if kind == "answer" and role == "player":
                    await socket.send(json.dumps(self.answer(socket, message)))
                elif kind == "ping":
                    await socket.send(json.dumps({"type": "pong", "t": message.get("t"), "server_time_ms": now_ms()}))
                elif kind == "sync":
                    await socket.send(self.state(role))
                elif role == "host" and kind in {"start", "next"}:
                    self.open_next()
                elif role == "host" and kind == "reveal":
                    self.reveal()
                elif role == "host" and kind == "leaderboard":
                    self.leaderboard()
                elif role == "host" and kind == "finish":
                    self.finish()
                else:
                    await socket.send(json.dumps({"type": "error", "code": "not_allowed", "message": kind}))
        finally:
            group.discard(socket)


async def serve_forever(port: int, game: Game) -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with serve(
        game.handle,
        "127.0.0.1",
        port,
        compression=None,
        ping_interval=None,
        max_size=2**16,
        backlog=1024,
        server_header=None,
    ):
        print(f"bare broadcast server on 127.0.0.1:{port}", flush=True)
        await stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--duration-seconds", type=int, default=20)
    parser.add_argument("--ready-ms", type=int, default=0, help="a question is sent this long before it opens")
    args = parser.parse_args(argv)
    asyncio.run(serve_forever(args.port, Game(args.questions, args.duration_seconds, args.ready_ms)))


if __name__ == "__main__":
    main()
