"""One process's fan-out: a socket that cannot be written to costs the others nothing."""

from __future__ import annotations

import pytest

from competitions.live import hub, play


class Socket:
    """What the hub needs of a consumer: its round, role, player, and the ASGI send."""

    def __init__(self, round_id: int, *, broken: bool = False):
        self.round_id, self.role, self.player_id, self.held = round_id, "player", None, None
        self.broken = broken
        self.frames: list[str] = []

    async def base_send(self, message: dict) -> None:
        if self.broken:  # as autobahn raises for a protocol daphne has already closed
            raise ConnectionError("Attempt to send on a closed protocol")
        self.frames.append(message["text"])


@pytest.fixture
def round_hub():
    local = hub.Hub(987_654)
    hub._hubs[local.round_id] = local
    yield local
    hub._hubs.pop(local.round_id, None)


async def test_a_socket_killed_during_its_handshake_neither_stops_the_broadcast_nor_stays(round_hub):
    first, dead, last = Socket(987_654), Socket(987_654, broken=True), Socket(987_654)
    round_hub.sockets.update({first, dead, last})

    await round_hub.deliver(play.Event.of({"type": "status", "status": "leaderboard"}))

    assert first.frames == last.frames == ['{"type":"status","status":"leaderboard"}']
    assert dead not in round_hub.sockets and {first, last} <= round_hub.sockets


async def test_frames_wait_for_the_socket_s_state_then_follow_it_in_order(round_hub):
    joining = Socket(987_654)
    joining.held = []
    round_hub.sockets.add(joining)

    await round_hub.deliver(play.Event.of({"type": "status", "status": "question"}))
    assert joining.frames == []
    joining.frames.append("state")
    await hub.ready(joining)

    assert joining.frames == ["state", '{"type":"status","status":"question"}']
