"""Bench: WebSocket round trips on /ws/ping/ against the /healthz baseline.

    .venv/bin/python bench/ws_ping.py [--clients 32 --duration 20 ...]

Each virtual user keeps one WebSocket open (through the Origin check and the
session middleware, as a live round will) and sends ``ping`` after each
``pong``. It measures the floor under the live-round protocol: the server,
Channels routing and JSON, with no database and no channel layer.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

_ids = itertools.count()


@dataclass
class WsPing(harness.Scenario):
    async def prepare(self, session: harness.Session, accounts: dict[str, dict[str, str]]) -> None:
        await super().prepare(session, accounts)
        await session.websocket(self.path)

    async def step(self, session: harness.Session) -> bool:
        socket = session.sockets[0]
        sent = next(_ids)
        await socket.send(json.dumps({"type": "ping", "t": sent}))
        reply = json.loads(await socket.recv())
        if reply.get("type") != "pong" or reply.get("t") != sent or "server_time_ms" not in reply:
            raise harness.Unexpected(f"answer to ping: {reply}")
        return True


def scenarios() -> list[harness.Scenario]:
    return [WsPing(name="ws ping /ws/ping/", path="/ws/ping/")]


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(__doc__.splitlines()[0]).parse_args(argv)
    return harness.run(args, scenarios(), title="ws_ping")


if __name__ == "__main__":
    sys.exit(main())
