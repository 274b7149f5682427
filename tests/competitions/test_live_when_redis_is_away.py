"""A live round goes on while the channel layer's Redis is away, and nothing is lost or doubled when it is back.

The layer is channels_redis as production configures it, pointed at a port
nothing listens on, or at a redis-server of the test's own that is stopped
and started mid-round. "Another process" is a change committed to the
database (host_commands.start, host_commands.reveal, ...) whose broadcast this process never
hears: its watcher (LIVE_WATCH_EVERY_S) has to bring it, as it would from a
second server process. Frames are counted after the fact: no timing is asserted.
"""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer

from competitions.live import host_commands, hub
from competitions.live.models import LiveAnswer, LiveQuestion, LiveRound
from questionbank.models import Choice
from tests.competitions.live_sockets import CODE, next_of, socket
from tests.redis_away import RedisServer, dead_url, redis_away, redis_layer  # noqa: F401  (redis_away: a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PLAY = f"/ws/live/{CODE}/play/"
HOST = f"/ws/live/{CODE}/host/"

dba = database_sync_to_async


@pytest.fixture(autouse=True)
def _quick_round(settings, live):
    """Answers open as a question is sent; the first question lasts 5 s with no grace, so it closes by itself soon."""
    settings.LIVE_QUESTION_LEAD_MS = 0
    LiveQuestion.objects.filter(live_round=live, position=0).update(duration_seconds=5)
    LiveRound.objects.filter(pk=live.pk).update(grace_ms=0)


@dba
def _right_choices(live, position: int) -> tuple[int, list[int]]:
    question = LiveQuestion.objects.get(live_round=live, position=position)
    right = set(Choice.objects.filter(question_id=question.question_id, is_correct=True).values_list("key", flat=True))
    return question.pk, [key for key in question.choice_order if key in right]


@dba
def _answers_stored(player_user) -> list[int]:
    return sorted(LiveAnswer.objects.filter(player__user=player_user).values_list("question__position", flat=True))


async def _rest(communicator) -> list[dict]:
    """Every frame still to read, without waiting long."""
    frames = []
    while not await communicator.receive_nothing(timeout=0.5):
        frames.append(await communicator.receive_json_from())
    return frames


@pytest.mark.usefixtures("redis_away")  # the sessions' cache too: the sockets are signed in from PostgreSQL
async def test_with_the_layer_away_a_player_is_served_from_the_database(live, member_a, organiser_a, settings):
    settings.CHANNEL_LAYERS = redis_layer(dead_url())
    settings.LIVE_WATCH_EVERY_S = 0.2

    player = await socket(PLAY, member_a)
    state = await player.receive_json_from(timeout=5)
    assert state["type"] == "state" and state["round"]["status"] == "lobby"
    await asyncio.sleep(0.5)  # the watcher has seen the lobby

    await dba(host_commands.start)(live.pk)  # another process starts the round; nobody hears its broadcast
    question = await next_of(player, "question", timeout=5)
    q0, right = await _right_choices(live, 0)
    assert question["question"]["id"] == q0

    await player.send_json_to({"type": "answer", "question_id": q0, "choices": right})
    ack = await next_of(player, "ack")
    assert ack["accepted"] is True

    # Nobody reveals: the question's own clock closes it here, and the reveal reaches this process's player.
    reveal = await next_of(player, "reveal", timeout=10)
    assert reveal["question_id"] == q0 and reveal["my_correct"] is True and reveal["my_points"] > 0

    # The host, on this process, still runs the round.
    host = await socket(HOST, organiser_a)
    assert (await host.receive_json_from(timeout=5))["type"] == "state"
    await host.send_json_to({"type": "next"})
    second = await next_of(player, "question", timeout=5)
    q1, right = await _right_choices(live, 1)
    assert second["question"]["id"] == q1
    await player.send_json_to({"type": "answer", "question_id": q1, "choices": right})
    assert (await next_of(player, "ack"))["accepted"] is True

    await dba(host_commands.reveal)(live.pk)  # another process reveals; only the watcher can tell this one
    revealed = await next_of(player, "reveal", timeout=5)
    assert revealed["question_id"] == q1 and revealed["my_correct"] is True

    later = await _rest(player)
    assert [f for f in later if f["type"] == "reveal"] == []  # each reveal once
    assert await _answers_stored(member_a) == [0, 1]
    await host.disconnect()
    await player.disconnect()


@pytest.mark.needs_redis
async def test_redis_stopped_and_started_mid_round_loses_and_doubles_nothing(live, member_a, organiser_a, settings):
    with RedisServer() as redis_server:
        await dba(redis_server.start)()
        settings.CHANNEL_LAYERS = redis_layer(redis_server.url)
        settings.LIVE_WATCH_EVERY_S = 60  # after the restart, only the layer can bring the other process's change
        await _play_through_a_restart(live, member_a, organiser_a, redis_server)


async def _play_through_a_restart(live, member_a, organiser_a, redis_server: RedisServer) -> None:
    player = await socket(PLAY, member_a)
    assert (await player.receive_json_from(timeout=5))["type"] == "state"
    host = await socket(HOST, organiser_a)
    assert (await host.receive_json_from(timeout=5))["type"] == "state"
    await host.send_json_to({"type": "start"})
    q0, right = await _right_choices(live, 0)
    assert (await next_of(player, "question"))["question"]["id"] == q0

    await dba(redis_server.stop)()
    await player.send_json_to({"type": "answer", "question_id": q0, "choices": right})
    assert (await next_of(player, "ack"))["accepted"] is True
    await host.send_json_to({"type": "reveal"})
    reveal = await next_of(player, "reveal")
    assert reveal["question_id"] == q0 and reveal["my_correct"] is True

    await dba(redis_server.start)()  # empty: the group's membership is gone with it
    # Back in the group, the hub brings its sockets up to date from the database.
    assert (await next_of(player, "status", timeout=10))["status"] == "reveal"

    # Another process moves the round on and broadcasts through Redis: it arrives through the layer again.
    events = await dba(host_commands.next_question)(live.pk)
    other_process = RedisChannelLayer(**settings_layer_config())
    await other_process.group_send(
        hub.group_name(live.pk), {"type": "live.events", "events": [e.as_dict() for e in events]}
    )
    q1, right = await _right_choices(live, 1)
    assert (await next_of(player, "question", timeout=5))["question"]["id"] == q1
    await player.send_json_to({"type": "answer", "question_id": q1, "choices": right})
    assert (await next_of(player, "ack"))["accepted"] is True
    await player.send_json_to({"type": "answer", "question_id": q1, "choices": right})  # a resend after a reconnect
    again = await next_of(player, "ack")
    assert again["accepted"] is False and again["reason"] == "already_answered"

    later = await _rest(player)
    assert [f for f in later if f["type"] in ("reveal", "question")] == []
    assert await _answers_stored(member_a) == [0, 1]  # once each
    await host.disconnect()
    await player.disconnect()


def settings_layer_config() -> dict:
    """The configuration of the layer this process uses, for a second layer object standing for another process."""
    layer = get_channel_layer()
    return {"hosts": layer.hosts, "prefix": layer.prefix}
