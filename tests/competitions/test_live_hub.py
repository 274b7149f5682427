"""One process's fan-out: a socket that cannot be written to costs the others nothing; a hub told to stop stops."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import DEFAULT_CHANNEL_LAYER, InMemoryChannelLayer, channel_layers

from competitions.live import answers, host_commands, hub, joining
from competitions.live.events import Event


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

    await round_hub.deliver(Event.of({"type": "status", "status": "leaderboard"}))

    assert first.frames == last.frames == ['{"type":"status","status":"leaderboard"}']
    assert dead not in round_hub.sockets and {first, last} <= round_hub.sockets


async def test_frames_wait_for_the_socket_s_state_then_follow_it_in_order(round_hub):
    joining = Socket(987_654)
    joining.held = []
    round_hub.sockets.add(joining)

    await round_hub.deliver(Event.of({"type": "status", "status": "question"}))
    assert joining.frames == []
    joining.frames.append("state")
    await hub.ready(joining)

    assert joining.frames == ["state", '{"type":"status","status":"question"}']


@pytest.mark.django_db
def test_answers_that_arrive_together_get_the_acks_they_would_get_alone(live, member_a, member_b):
    a, _ = joining.join_member(live, member_a)
    b, _ = joining.join_member(live, member_b)
    host_commands.start(live.pk, now=1_000_000)
    live.refresh_from_db()
    question = live.questions.get(position=0)
    right, wrong = _right_and_wrong(question)
    opens = live.opens_at_ms

    acks = answers.accept_answers(
        live.pk,
        [
            answers.Answer(a.pk, question.pk, [wrong], opens + 900),  # a's second: the first received counts
            answers.Answer(a.pk, question.pk, [right], opens + 400),
            answers.Answer(b.pk, question.pk, [123], opens + 500),  # no such choice
            answers.Answer(b.pk, question.pk, [right], opens - 1),  # before it opened
            answers.Answer(b.pk, question.pk + 99, [right], opens + 500),  # no such question
        ],
    )

    assert [(ack.accepted, ack.reason) for ack in acks] == [
        (False, "already_answered"),
        (True, ""),
        (False, "invalid_choice"),
        (False, "not_open"),
        (False, "not_open"),
    ]
    stored = question.answers.get()
    assert (stored.player_id, stored.choices, stored.received_at_ms) == (a.pk, [right], opens + 400)
    assert stored.points == 990  # round(1000 × (1 − 0.5 × 400 / 20000))


def _right_and_wrong(question):
    keys = dict(question.question.choices.values_list("key", "is_correct"))
    return next(k for k, ok in keys.items() if ok), next(k for k, ok in keys.items() if not ok)


class LayerThatMasksItsCancel(InMemoryChannelLayer):
    """As channels_redis can, tidying up a ``receive`` cancelled mid-read: its own error instead of the cancel."""

    async def receive(self, channel):
        try:
            return await super().receive(channel)
        except asyncio.CancelledError:
            raise ConnectionError("Connection closed by server.") from None


async def test_the_last_socket_leaving_stops_its_hub_even_if_redis_answers_the_cancel_with_its_own_error(settings):
    settings.LIVE_WATCH_EVERY_S = 0.05
    channel_layers.backends[DEFAULT_CHANNEL_LAYER] = LayerThatMasksItsCancel()
    socket = Socket(987_654)
    local = await hub.join(socket)
    running = [task for task in local.running() if task is not None]
    await asyncio.sleep(0.01)  # the reader is waiting in receive

    await hub.leave(socket)
    _done, still_running = await asyncio.wait(running, timeout=2)

    assert running and not still_running, f"went on after the hub was told to stop: {still_running}"
    assert hub._hubs == {}
