from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from competitions.live import host_commands
from competitions.live.models import LiveAnswer
from questionbank.models import Choice
from tests.competitions.live_sockets import CODE, next_of, socket

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_round_from_lobby_to_finish(live, member_a, member_b, organiser_a, team_a):
    host = await socket(f"/ws/live/{CODE}/host/", organiser_a)
    state = await host.receive_json_from()
    assert state["role"] == "host" and state["round"]["status"] == "lobby"
    a = await socket(f"/ws/live/{CODE}/play/", member_a)
    state = await a.receive_json_from()
    assert state["me"]["team_id"] == team_a.pk and state["me"]["team"] == team_a.name
    await host.send_json_to({"type": "start"})
    question = await next_of(a, "question")
    right = await database_sync_to_async(
        Choice.objects.filter(question__live_questions__pk=question["question"]["id"], is_correct=True)
        .values_list("key", flat=True)
        .first
    )()
    await a.send_json_to({"type": "answer", "question_id": question["question"]["id"], "choices": [right]})
    ack = await next_of(a, "ack")
    assert ack["accepted"] is False and ack["reason"] == "not_open"  # still in the get-ready lead
    await asyncio.sleep((question["opens_at_ms"] - question["server_time_ms"]) / 1000 + 0.1)  # now it is open
    await a.send_json_to({"type": "answer", "question_id": question["question"]["id"], "choices": [right]})
    ack = await next_of(a, "ack")
    assert ack["accepted"] is True, ack
    await a.send_json_to({"type": "answer", "question_id": question["question"]["id"], "choices": [right]})
    ack = await next_of(a, "ack")
    assert ack["reason"] == "already_answered"
    progress = await next_of(host, "progress")
    assert progress["answered"] == 1
    await host.send_json_to({"type": "reveal"})
    reveal = await next_of(a, "reveal")
    assert reveal["correct"] == [right] and reveal["my_correct"] is True and reveal["my_points"] > 900
    await host.send_json_to({"type": "leaderboard"})
    board = await next_of(a, "leaderboard")
    assert board["entries"][0]["score"] == reveal["my_points"]
    await host.send_json_to({"type": "finish"})
    finished = await next_of(a, "finished")
    assert finished["leaderboard"][0]["score"] == reveal["my_points"]
    assert await database_sync_to_async(LiveAnswer.objects.count)() == 1
    await a.disconnect()
    await host.disconnect()


async def test_a_change_whose_broadcast_was_lost_reaches_the_players_when_the_host_comes_back(
    live, member_a, organiser_a
):
    """A process died between committing ``start`` and broadcasting it: the players hear it when the host is back."""
    a = await socket(f"/ws/live/{CODE}/play/", member_a)
    assert (await a.receive_json_from())["round"]["status"] == "lobby"
    assert (await a.receive_json_from())["type"] == "lobby"  # the others hear of them
    await database_sync_to_async(host_commands.start)(live.pk)  # committed; its events never sent
    assert await a.receive_nothing(timeout=0.3)

    host = await socket(f"/ws/live/{CODE}/host/", organiser_a)

    question = await next_of(a, "question")
    assert (await next_of(a, "status"))["status"] == "question"
    assert question["question"]["index"] == 0
    await a.disconnect()
    await host.disconnect()


async def test_a_change_whose_broadcast_was_lost_reaches_the_players_without_the_host(live, member_a, settings):
    """Each process looks at the round now and then: a change it never heard of is sent from the database."""
    settings.LIVE_WATCH_EVERY_S = 0.2
    a = await socket(f"/ws/live/{CODE}/play/", member_a)
    assert (await a.receive_json_from())["round"]["status"] == "lobby"
    await asyncio.sleep(0.5)  # the watcher has seen the lobby
    await database_sync_to_async(host_commands.start)(live.pk)  # committed; its events never sent

    question = await next_of(a, "question", timeout=5)

    assert question["question"]["index"] == 0
    assert (await next_of(a, "status"))["status"] == "question"
    await a.disconnect()
