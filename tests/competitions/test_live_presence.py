"""Team mode ``average`` divides by the players present (PROTOCOL.md v2), over the real ASGI application.

Present for a question: the player's socket was open when the question
opened, or they answered it. A player who joined on the page and never opened
a socket is never present: fifty idle guests must not turn a right answer's
points into a fiftieth.
"""

# ruff: noqa: F811 - the `sockets` fixture is imported from test_live_protocol and taken by name

from __future__ import annotations

import asyncio
import time

import pytest
from django.test import Client

from competitions.live import joining, presence
from competitions.live.models import LivePresence, LiveRound
from tests.competitions.test_live_protocol import (  # noqa: F401  (fixtures)
    HOST,
    PLAY,
    dba,
    questions_of,
    right_keys,
    sockets,
    wrong_key,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _average(live, settings):
    settings.LIVE_QUESTION_LEAD_MS = 0
    LiveRound.objects.filter(pk=live.pk).update(team_mode=LiveRound.TeamMode.AVERAGE)


def join_as_guests_on_the_page(live, team, how_many: int) -> None:
    """Guests who fill in the join form, each in a browser of their own on an address of its own (phones on
    mobile data: one address would meet the guests-per-address limit first), and never open the game's socket."""
    for n in range(how_many):
        phone = Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250 + 1}")
        answer = phone.post(f"/live/{live.code}/", {"nickname": f"Khách {n + 1}", "team": team.pk})
        assert answer.status_code in (200, 302), answer.status_code
    assert live.players.filter(team=team, user__isnull=True).count() == how_many


@dba
def presences(question) -> set[int]:
    return set(LivePresence.objects.filter(question=question).values_list("player_id", flat=True))


async def until_present(question, how_many: int) -> set[int]:
    """The hub records presence off the event loop, after the frames: wait for its rows (a hub's lead is 1.5 s)."""
    deadline = time.monotonic() + 10
    while len(found := await presences(question)) < how_many and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return found


async def team_score(host, team) -> int:
    """Team's score on the leaderboard after the reveal (the host shows it)."""
    await host.send(type="reveal")
    await host.next("reveal")
    await host.send(type="leaderboard")
    board = await host.next("leaderboard")
    return next(e["score"] for e in board["entries"] if e["team_id"] == team.pk)


async def start(sockets, organiser_a):
    host = await sockets(HOST, organiser_a)
    await host.read()
    return host


async def test_fifty_guests_who_never_opened_a_socket_do_not_divide_their_team_s_points(
    sockets, live, member_a, organiser_a, team_a
):
    await dba(join_as_guests_on_the_page)(live, team_a, 50)
    q0 = (await questions_of(live))[0]
    host = await start(sockets, organiser_a)
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    await a.next("question")
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    assert ack["accepted"] is True
    await until_present(q0, 1)
    score = await team_score(host, team_a)
    reveal = await a.next("reveal")
    assert reveal["my_points"] > 900
    assert score == reveal["my_points"]  # the full points, not a 51st of them
    await host.send(type="finish")
    finished = await host.next("finished")
    assert next(e["score"] for e in finished["leaderboard"] if e["team_id"] == team_a.pk) == reveal["my_points"]


async def test_the_host_s_progress_counts_the_players_present_not_the_guests_who_never_came(
    sockets, live, member_a, organiser_a, team_a
):
    await dba(join_as_guests_on_the_page)(live, team_a, 5)
    q0 = (await questions_of(live))[0]
    host = await start(sockets, organiser_a)
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    await a.next("question")
    await until_present(q0, 1)
    await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    progress = await host.next("progress", where=lambda m: m["answered"] == 1)
    assert progress["players"] == 1  # "1/1 answered", not "1/6"


async def test_a_player_on_a_socket_when_the_question_opened_counts_even_without_answering(
    sockets, live, member_a, leader_a, organiser_a, team_a
):
    q0 = (await questions_of(live))[0]
    host = await start(sockets, organiser_a)
    a = await sockets(PLAY, member_a)
    await a.read()
    watcher = await sockets(PLAY, leader_a)  # open, never answers
    await watcher.read()
    await host.send(type="start")
    await a.next("question")
    await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    assert len(await until_present(q0, 2)) == 2
    score = await team_score(host, team_a)
    points = (await a.next("reveal"))["my_points"]
    assert score == (2 * points + 2) // 4  # over two players, rounded half up


async def test_a_player_whose_socket_closed_before_the_question_opened_and_who_did_not_answer_is_not_counted(
    sockets, live, member_a, leader_a, organiser_a, team_a
):
    q0 = (await questions_of(live))[0]
    host = await start(sockets, organiser_a)
    gone = await sockets(PLAY, leader_a)
    await gone.read()
    await gone.communicator.disconnect()  # in the lobby, then the phone is put away
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    await a.next("question")
    await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    await until_present(q0, 1)
    score = await team_score(host, team_a)
    assert score == (await a.next("reveal"))["my_points"]
    leader = await dba(live.players.get)(user=leader_a)
    assert leader.pk not in await presences(q0)


async def test_a_player_who_opened_the_socket_late_but_answered_is_counted(
    sockets, live, member_a, leader_a, organiser_a, team_a
):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await start(sockets, organiser_a)
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    await a.next("question")
    await a.reply("ack", type="answer", question_id=q0.pk, choices=right)
    late = await sockets(PLAY, leader_a)  # after the question opened: present only by answering
    assert (await late.read())["question"]["id"] == q0.pk
    await late.reply("ack", type="answer", question_id=q0.pk, choices=[wrong_key(q0, right)])
    await until_present(q0, 1)
    leader = await dba(live.players.get)(user=leader_a)
    assert leader.pk not in await presences(q0)  # not by its socket…
    score = await team_score(host, team_a)
    assert score == (2 * (await a.next("reveal"))["my_points"] + 2) // 4  # …but by its answer


async def test_a_player_whose_socket_opens_during_the_get_ready_is_present(
    sockets, live, member_a, leader_a, organiser_a, team_a, settings
):
    settings.LIVE_QUESTION_LEAD_MS = 1500
    q0 = (await questions_of(live))[0]
    host = await start(sockets, organiser_a)
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    question = await a.next("question")
    ready = await sockets(PLAY, leader_a)  # during the "get ready": the question went by before it
    state = await ready.read()
    assert state["question"]["id"] == q0.pk and state["server_time_ms"] < question["opens_at_ms"]
    await asyncio.sleep(max(0, question["opens_at_ms"] / 1000 - time.time()) + 0.05)
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    assert ack["accepted"] is True, ack
    assert len(await until_present(q0, 2)) == 2
    score = await team_score(host, team_a)
    assert score == (2 * (await a.next("reveal"))["my_points"] + 2) // 4


def test_a_question_sent_again_records_each_player_present_once(live, member_a, leader_a):
    a, _ = joining.join_member(live, member_a)
    b, _ = joining.join_member(live, leader_a)
    question = live.questions.get(position=0)
    presence.record_presence(question_id=question.pk, player_ids=[a.pk, a.pk])  # two phones of one player
    presence.record_presence(question_id=question.pk, player_ids=[a.pk, b.pk])  # resumed, or caught up
    assert sorted(LivePresence.objects.filter(question=question).values_list("player_id", flat=True)) == sorted(
        [a.pk, b.pk]
    )
