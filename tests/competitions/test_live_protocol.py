"""PROTOCOL.md, version 1, message by message, over the real ASGI application (quizsite.asgi.application).

Sockets are signed in with a real session cookie (a member, an organiser, a
guest's session), exactly as a browser or a third-party client would be.
Scoring and team modes are checked on a frozen clock: answers.accept_answer and
the host commands take the times, and every number is worked out by hand
from PROTOCOL.md's formula round(points × (1 − 0.5 × elapsed / duration)),
which for 1,000 points over 20 s is 1000 − elapsed / 40.
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.db import IntegrityError, connection, transaction
from django.test import Client

from competitions.live import answers, guests, host_commands, joining, presence
from competitions.live.events import now_ms
from competitions.live.models import LiveAnswer, LiveEntry, LivePlayer, LiveQuestion, LiveRound
from competitions.models import Round
from questionbank.models import Choice
from quizsite.accounts import services as accounts
from quizsite.asgi import application
from tests.competitions.live_helpers import make_live_round
from tests.competitions.live_sockets import CODE
from tests.components import postgres_url
from tests.test_asgi import SAME_ORIGIN

pytestmark = pytest.mark.django_db(transaction=True)

PLAY = f"/ws/live/{CODE}/play/"
HOST = f"/ws/live/{CODE}/host/"
SCREEN = f"/ws/live/{CODE}/screen/"
GUEST_KEY = "a" * 32
# Keys that say which choice is right; none may appear before the question's reveal.
ANSWER_KEY_FIELDS = {"correct", "is_correct", "my_correct", "my_points"}

dba = database_sync_to_async


@pytest.fixture(autouse=True)
def _fresh_live_state(settings):
    """Answers open the moment a question is sent (no get-ready lead) unless a test says otherwise."""
    settings.LIVE_QUESTION_LEAD_MS = 0


# --- sockets ---------------------------------------------------------------------


def cookie_header(user=None, *, guests: dict | None = None, language: str | None = None) -> list:
    client = Client()
    if user is not None:
        client.force_login(user)
    if guests is not None:
        session = client.session
        session["live_guests"] = guests
        session.save()
    cookies = [f"{name}={morsel.value}" for name, morsel in client.cookies.items()]
    if language:
        cookies.append(f"{django_settings.LANGUAGE_COOKIE_NAME}={language}")
    return [(b"cookie", "; ".join(cookies).encode())] if cookies else []


class Socket:
    """A connected socket that keeps every frame it receives, in order."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator
        self.frames: list[dict] = []

    async def send(self, **message) -> None:
        await self.communicator.send_json_to(message)

    async def send_text(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def read(self, timeout: float = 3) -> dict:
        message = await self.communicator.receive_json_from(timeout=timeout)
        self.frames.append(message)
        return message

    async def next(self, kind: str, timeout: float = 3, where=lambda message: True) -> dict:
        """The next message of ``kind`` (that ``where`` accepts); those before it are kept in ``frames``."""
        while True:
            message = await self.read(timeout)
            if message["type"] == kind and where(message):
                return message

    async def drain(self) -> list[dict]:
        """Everything that has come and is still to read, without waiting long (a timeout would kill the app)."""
        drained = []
        while not await self.communicator.receive_nothing(timeout=0.3):
            drained.append(await self.read())
        return drained

    async def reply(self, kind: str, **message) -> dict:
        """Send, and return the next message of ``kind`` (broadcasts such as ``lobby`` may come first)."""
        await self.send(**message)
        return await self.next(kind)


@pytest.fixture
async def sockets():
    """``connect(path, user, guests=, language=)``: a connected Socket; all are closed after the test."""
    opened: list[WebsocketCommunicator] = []

    async def connect(path: str, user=None, *, guests=None, language=None) -> Socket:
        headers = await dba(cookie_header)(user, guests=guests, language=language)
        communicator = WebsocketCommunicator(application, path, headers=[*SAME_ORIGIN, *headers])
        opened.append(communicator)
        connected, code = await communicator.connect()
        assert connected, code
        return Socket(communicator)

    yield connect
    for communicator in reversed(opened):
        try:
            await communicator.disconnect()
        # Refused or already gone; or cancelled: a test that timed out waiting for a message had asgiref cancel the
        # socket's application, and its CancelledError (not an Exception) would stop pytest's other finalizers,
        # the database's flush among them, failing every test after it.
        except (Exception, asyncio.CancelledError):  # noqa: BLE001
            pass


async def refused_with(connect, path: str, user=None, **kwargs) -> int | None:
    socket = await connect(path, user, **kwargs)
    message = await socket.communicator.receive_output(timeout=3)
    assert message["type"] == "websocket.close", message
    return message.get("code")


# --- the database, from async tests ------------------------------------------------------


@dba
def questions_of(live) -> list[LiveQuestion]:
    return list(LiveQuestion.objects.filter(live_round=live).select_related("question").order_by("position"))


@dba
def right_keys(live_question: LiveQuestion) -> list[int]:
    right = set(
        Choice.objects.filter(question_id=live_question.question_id, is_correct=True).values_list("key", flat=True)
    )
    return [key for key in live_question.choice_order if key in right]


def wrong_key(live_question: LiveQuestion, right: list[int]) -> int:
    return next(key for key in live_question.choice_order if key not in right)


@dba
def round_row(live) -> LiveRound:
    return LiveRound.objects.get(pk=live.pk)


@dba
def answer_rows(**filters) -> list[LiveAnswer]:
    return list(LiveAnswer.objects.filter(**filters))


@dba
def make_guest(live, *, team, nickname="Khách Mười", guest_key=GUEST_KEY) -> LivePlayer:
    return guests.join_guest(live, guest_key=guest_key, nickname=nickname, team_id=team.pk)


def walk(value):
    """Every (key, value) pair and every scalar in a decoded frame."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk(child)
    else:
        yield value


# === Joining: close codes ==================================================================


async def test_close_codes(sockets, live, member_a, organiser_a, organiser_b, nobody, hamlet_a, make_user):
    for code in ("135791", "abcdef", "24681", "2468100", "２４６８１０"):
        assert await refused_with(sockets, f"/ws/live/{code}/play/", member_a) == 4404, code
    assert await refused_with(sockets, "/ws/live/135791/host/", organiser_a) == 4404
    assert await refused_with(sockets, "/ws/live/135791/screen/", organiser_a) == 4404

    outsider = await dba(make_user)(name="Lý Ngoài Đội")
    team_c = await dba(accounts.create_team)(unit=hamlet_a, name="Tổ CNS Ấp 3 (không dự thi)")
    await dba(accounts.add_member)(team=team_c, user=outsider)
    assert await refused_with(sockets, PLAY) == 4403  # signed out, no guest identity
    assert await refused_with(sockets, PLAY, guests={str(live.pk): "f" * 32}) == 4403  # a guest key of nobody
    assert await refused_with(sockets, PLAY, nobody) == 4403  # in no team
    assert await refused_with(sockets, PLAY, outsider) == 4403  # a team not entered
    assert await refused_with(sockets, HOST) == 4403
    assert await refused_with(sockets, HOST, member_a) == 4403  # a player on the host socket
    assert await refused_with(sockets, HOST, organiser_b) == 4403  # the neighbouring commune's organiser
    assert await refused_with(sockets, SCREEN) == 4403
    assert await refused_with(sockets, SCREEN + "?token=wrong") == 4403
    assert await refused_with(sockets, SCREEN + "?token=wrong", member_a) == 4403
    assert await dba(LivePlayer.objects.count)() == 0

    screen = await sockets(f"{SCREEN}?token={live.screen_token}")  # the projector: no login
    assert (await screen.read())["role"] == "screen"
    watching = await sockets(SCREEN, organiser_a)  # the organiser needs no token
    assert (await watching.read())["role"] == "screen"

    # A round not published is no round to anyone.
    await dba(Round.objects.filter(pk=live.pk).update)(published_at=None)
    assert await refused_with(sockets, HOST, organiser_a) == 4404
    assert await refused_with(sockets, PLAY, member_a) == 4404


# === Server messages ==========================================================================


async def test_state_of_each_role_and_the_lobby(sockets, live, member_a, member_b, organiser_a, team_a, team_b):
    round_info = {
        "code": CODE,
        "title": "Chung kết trực tiếp",
        "status": "lobby",
        "question_index": -1,
        "question_count": 3,
        "team_mode": "sum",
    }
    host = await sockets(HOST, organiser_a)
    state = await host.read()
    assert state["type"] == "state" and state["protocol"] == 2 and state["role"] == "host"
    assert state["round"] == round_info and isinstance(state["server_time_ms"], int)
    assert "me" not in state and "question" not in state and "leaderboard" not in state
    screen = await sockets(f"{SCREEN}?token={live.screen_token}")
    state = await screen.read()
    assert state["role"] == "screen" and state["round"] == round_info and "me" not in state

    a = await sockets(PLAY, member_a)
    state = await a.read()
    assert state["role"] == "player" and state["round"] == round_info
    assert state["me"] == {
        "user": member_a.pk,
        "display_name": "Hoàng Thành Viên",
        "team_id": team_a.pk,
        "team": team_a.name,
    }
    assert "my_answer" not in state and "question" not in state

    b = await sockets(PLAY, member_b)
    assert (await b.read())["me"] == {
        "user": member_b.pk,
        "display_name": "Trần Thị Bình",
        "team_id": team_b.pk,
        "team": team_b.name,
    }
    both = {
        "type": "lobby",
        "teams": [
            {"id": team_a.pk, "name": team_a.name, "players": 1},
            {"id": team_b.pk, "name": team_b.name, "players": 1},
        ],
        "player_count": 2,
    }
    for socket in (host, screen, a, b):
        assert await socket.next("lobby", where=lambda m: m["player_count"] == 2) == both

    # A player who comes back is the same player: one row, the lobby does not count them twice.
    again = await sockets(PLAY, member_a)
    assert (await again.read())["me"]["user"] == member_a.pk
    assert await dba(LivePlayer.objects.count)() == 2


async def test_question_ack_progress_reveal_leaderboard_status_finished(
    sockets, live, member_a, member_b, organiser_a, team_a, team_b
):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    screen = await sockets(f"{SCREEN}?token={live.screen_token}")
    a = await sockets(PLAY, member_a)
    b = await sockets(PLAY, member_b)
    for socket in (host, screen, a, b):
        await socket.read()  # state

    await host.send(type="start")
    texts = dict(
        await dba(lambda: dict(Choice.objects.filter(question_id=q0.question_id).values_list("key", "text")))()
    )
    for socket in (host, screen, a, b):
        question = await socket.next("question")  # the change first, then its status
        assert await socket.next("status") == {"type": "status", "status": "question"}
        assert set(question) == {"type", "question", "opens_at_ms", "closes_at_ms", "server_time_ms"}
        assert question["question"] == {
            "id": q0.pk,
            "index": 0,
            "count": 3,
            "text": q0.question.text,
            "image_url": None,
            "kind": "single",
            "choices": [{"id": key, "text": texts[key]} for key in q0.choice_order],
            "points": 1000,
        }
        assert question["closes_at_ms"] - question["opens_at_ms"] == 20_000
        assert question["opens_at_ms"] >= question["server_time_ms"]

    ack_a = await a.reply("ack", type="answer", question_id=q0.pk, choices=right)
    assert set(ack_a) == {"type", "question_id", "accepted", "received_at_ms"}
    assert ack_a["type"] == "ack" and ack_a["question_id"] == q0.pk and ack_a["accepted"] is True
    assert question["opens_at_ms"] <= ack_a["received_at_ms"] <= question["closes_at_ms"]
    wrong = wrong_key(q0, right)
    ack = await b.reply("ack", type="answer", question_id=q0.pk, choices=[wrong])
    assert ack["accepted"] is True  # a wrong answer is accepted all the same: the ack tells nothing

    for socket in (host, screen):
        progress = await socket.next("progress", where=lambda m: m["answered"] == 2)
        assert progress == {"type": "progress", "question_id": q0.pk, "answered": 2, "players": 2}

    await host.send(type="reveal")
    shared = {
        "type": "reveal",
        "question_id": q0.pk,
        "correct": right,
        "distribution": {str(key): (1 if key in (*right, wrong) else 0) for key in q0.choice_order},
        "explanation": q0.question.explanation,
    }
    for socket in (host, screen):
        assert await socket.next("reveal") == shared
        assert await socket.next("status") == {"type": "status", "status": "reveal"}
    reveal_a = await a.next("reveal")
    # my_team_rank (ours, docs/LIVE.md): team A scored, team B did not.
    assert reveal_a == shared | {"my_points": reveal_a["my_points"], "my_correct": True, "my_team_rank": 1}
    assert await b.next("reveal") == shared | {"my_points": 0, "my_correct": False, "my_team_rank": 2}
    [answer_a] = await answer_rows(player__user=member_a)
    assert answer_a.elapsed_ms == ack_a["received_at_ms"] - question["opens_at_ms"]
    assert reveal_a["my_points"] == answer_a.points == math.floor(1000 - answer_a.elapsed_ms / 40 + 0.5)

    await host.send(type="leaderboard")
    board = {
        "type": "leaderboard",
        "entries": [
            {"rank": 1, "team_id": team_a.pk, "team": team_a.name, "score": answer_a.points, "delta": 0},
            {"rank": 2, "team_id": team_b.pk, "team": team_b.name, "score": 0, "delta": 0},
        ],
        "question_index": 0,
    }
    for socket in (host, screen, a, b):
        assert await socket.next("leaderboard") == board
        assert await socket.next("status") == {"type": "status", "status": "leaderboard"}

    await host.send(type="finish")
    for socket in (host, screen, a, b):
        assert await socket.next("finished") == {"type": "finished", "leaderboard": board["entries"]}
        assert await socket.next("status") == {"type": "status", "status": "finished"}

    # progress goes to the host and the screen only; my_points to players only.
    for socket in (a, b):
        await socket.drain()
        assert not [f for f in socket.frames if f["type"] == "progress"]
    for socket in (host, screen):
        await socket.drain()
        assert not [key for f in socket.frames for key in walk(f) if key in ("my_points", "my_correct")]


async def test_ping_gets_pong_with_t_echoed_on_every_socket(sockets, live, member_a, organiser_a):
    for path, user in ((PLAY, member_a), (HOST, organiser_a), (f"{SCREEN}?token={live.screen_token}", None)):
        socket = await sockets(path, user)
        await socket.read()
        for t in (1_700_000_000_123, 42, "client-clock", None):
            pong = await socket.reply("pong", type="ping", t=t)
            assert set(pong) == {"type", "t", "server_time_ms"} and pong["type"] == "pong"
            assert pong["t"] == t and isinstance(pong["server_time_ms"], int)


async def test_errors_in_vietnamese_by_default_and_in_english_when_chosen(sockets, live, member_a):
    vietnamese = await sockets(PLAY, member_a)
    await vietnamese.read()
    await vietnamese.send_text("{not json")
    assert await vietnamese.next("error") == {
        "type": "error",
        "code": "bad_json",
        "message": "Tin nhắn không phải JSON hợp lệ.",
    }
    english = await sockets(PLAY, member_a, language="en")
    await english.read()
    await english.send_text("{not json")
    assert await english.next("error") == {
        "type": "error",
        "code": "bad_json",
        "message": "The message is not valid JSON.",
    }
    await english.send_text("x" * 20_000)
    assert (await english.next("error"))["message"].startswith("The message is too long")


# === Client messages ==========================================================================


async def test_sync_after_a_reconnect_redraws_the_answer_and_it_is_never_counted_twice(
    sockets, live, member_a, organiser_a
):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    question = await a.next("question")
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=right)
    assert ack["accepted"] is True
    await a.communicator.disconnect()  # the phone loses its connection

    again = await sockets(PLAY, member_a)
    for state in (await again.read(), await again.reply("state", type="sync")):
        assert (
            state["type"] == "state"
            and state["round"]["status"] == "question"
            and state["round"]["question_index"] == 0
        )
        assert state["question"]["id"] == q0.pk and state["question"]["choices"] == question["question"]["choices"]
        assert state["opens_at_ms"] == question["opens_at_ms"] and state["closes_at_ms"] == question["closes_at_ms"]
        assert state["my_answer"] == {"question_id": q0.pk, "choices": right, "accepted_at_ms": ack["received_at_ms"]}
        assert not ANSWER_KEY_FIELDS & set(walk(state))
    ack = await again.reply("ack", type="answer", question_id=q0.pk, choices=right)
    assert ack["accepted"] is False and ack["reason"] == "already_answered"
    assert len(await answer_rows()) == 1

    # The host's sync redraws the reveal, then the leaderboard.
    await host.send(type="reveal")
    await host.next("reveal")
    state = await host.reply("state", type="sync")
    assert state["round"]["status"] == "reveal" and state["reveal"]["correct"] == right
    await host.send(type="leaderboard")
    board = await host.next("leaderboard")
    state = await host.reply("state", type="sync")
    assert state["round"]["status"] == "leaderboard" and state["leaderboard"] == board["entries"]
    state = await again.reply("state", type="sync")
    assert state["leaderboard"] == board["entries"] and state["leaderboard"][0]["score"] > 0


async def test_pause_and_resume_keep_the_remaining_time(sockets, live, member_a, organiser_a):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    a = await sockets(PLAY, member_a)
    await a.read()

    # Paused in the lobby, back to the lobby.
    await host.send(type="pause")
    assert await a.next("status") == {"type": "status", "status": "paused"}
    await host.send(type="resume")
    assert await a.next("status") == {"type": "status", "status": "lobby"}

    await host.send(type="start")
    await a.next("question")
    assert await a.next("status") == {"type": "status", "status": "question"}
    await host.send(type="pause")
    assert await a.next("status") == {"type": "status", "status": "paused"}
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=right)
    assert ack["accepted"] is False and ack["reason"] == "not_open"
    paused = await host.reply("state", type="sync")
    assert paused["round"]["status"] == "paused" and paused["question"]["id"] == q0.pk
    remaining = paused["paused_remaining_ms"]
    assert 0 < remaining <= 20_000
    assert (await round_row(live)).paused_remaining_ms == remaining

    await host.send(type="resume")
    resumed = await a.next("question")
    assert await a.next("status") == {"type": "status", "status": "question"}
    assert resumed["closes_at_ms"] == resumed["server_time_ms"] + remaining
    assert resumed["opens_at_ms"] == resumed["closes_at_ms"] - 20_000
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=right)
    assert ack["accepted"] is True
    [answer] = await answer_rows()
    # The pause does not count: elapsed is the time used before it plus the time since the resume.
    assert answer.elapsed_ms == ack["received_at_ms"] - resumed["opens_at_ms"]
    assert answer.elapsed_ms >= 20_000 - remaining


def test_pause_and_resume_on_a_frozen_clock(live, member_a, settings):
    settings.LIVE_QUESTION_LEAD_MS = 1_000
    player, _ = joining.join_member(live, member_a)
    q0 = LiveQuestion.objects.get(live_round=live, position=0)
    right = sorted(Choice.objects.filter(question_id=q0.question_id, is_correct=True).values_list("key", flat=True))
    t = now_ms() + 60_000
    host_commands.start(live.pk, now=t)
    opens = t + 1_000
    host_commands.pause(live.pk, now=opens + 5_000)
    live.refresh_from_db()
    assert (live.status, live.paused_status, live.paused_remaining_ms) == ("paused", "question", 15_000)
    events = host_commands.resume(live.pk, now=opens + 65_000)
    question = json.loads(next(e.frame for e in events if e.kind == "question"))
    assert question["closes_at_ms"] == opens + 65_000 + 15_000  # the resume time + what was left
    assert question["opens_at_ms"] == opens + 60_000
    ack = answers.accept_answer(
        player_id=player.pk, round_id=live.pk, question_id=q0.pk, choices=right, received_at_ms=opens + 66_000
    )
    assert ack.accepted
    answer = LiveAnswer.objects.get()
    assert (answer.elapsed_ms, answer.points) == (6_000, 850)  # 5 s before the pause + 1 s after: 1000 − 150


async def test_next_after_the_last_question_finishes_the_round(sockets, live, member_a, organiser_a, settings):
    host = await sockets(HOST, organiser_a)
    await host.read()
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="next")  # from the lobby, next is start
    for index in range(3):
        question = await a.next("question")
        assert question["question"]["index"] == index
        await host.send(type="reveal")
        await a.next("reveal")
        if index == 1:
            await host.send(type="leaderboard")
            await a.next("leaderboard")
        await host.send(type="next")
    finished = await a.next("finished")
    assert await a.next("status") == {"type": "status", "status": "finished"}
    assert [e["score"] for e in finished["leaderboard"]] == [0, 0]
    assert (await round_row(live)).status == "finished"
    error = await host.reply("error", type="next")
    assert error["type"] == "error" and error["code"] == "not_now"


# === Acks ==========================================================================================


async def test_every_ack_reason(sockets, live, member_a, member_b, organiser_a, settings):
    q0, q1, q2 = await questions_of(live)
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    screen = await sockets(f"{SCREEN}?token={live.screen_token}")
    await screen.read()
    a = await sockets(PLAY, member_a)
    await a.read()

    async def ack(socket=a, question_id=q0.pk, choices=right):
        await socket.send(type="answer", question_id=question_id, choices=choices)
        return await socket.next("ack")

    def refused(reason):
        return lambda message: message["accepted"] is False and message["reason"] == reason

    assert refused("not_open")(await ack())  # the lobby
    assert (await ack())["received_at_ms"] > 0

    settings.LIVE_QUESTION_LEAD_MS = 60_000  # sent a minute before it opens
    await host.send(type="start")
    question = await a.next("question")
    assert question["opens_at_ms"] - question["server_time_ms"] == 60_000
    assert refused("not_open")(await ack())  # before opens_at_ms
    await host.send(type="pause")
    await a.next("status")
    await host.send(type="resume")  # the lead is not kept: the question opens now, with its 20 s
    await a.next("question")

    assert refused("not_open")(await ack(question_id=q1.pk))  # a question still to come
    assert refused("not_open")(await ack(question_id=q2.pk))
    assert refused("not_open")(await ack(question_id=999_999_999))  # no such question
    assert refused("invalid_choice")(await ack(choices=[123_456_789]))  # no such choice
    assert refused("invalid_choice")(await ack(choices=[]))
    assert refused("invalid_choice")(await ack(choices=q0.choice_order[:2]))  # two choices, single-choice question
    assert refused("invalid_choice")(await ack(choices=[right[0], right[0]]))
    assert refused("not_a_player")(await ack(socket=host))
    assert refused("not_a_player")(await ack(socket=screen))
    assert await answer_rows() == []

    await host.send(type="pause")
    await a.next("status")
    assert refused("not_open")(await ack())  # paused
    await host.send(type="resume")
    await a.next("question")

    assert (await ack())["accepted"] is True
    assert refused("already_answered")(await ack())
    second = await sockets(PLAY, member_a)  # the same player on a second phone
    await second.read()
    assert refused("already_answered")(await ack(socket=second))
    assert refused("already_answered")(await ack(choices=[wrong_key(q0, right)]))

    await host.send(type="reveal")
    await a.next("reveal")
    b = await sockets(PLAY, member_b)
    await b.read()
    assert refused("closed")(await ack(socket=b))  # after the reveal
    [answer] = await answer_rows()
    assert answer.choices == right and answer.correct

    # After closes_at_ms + grace (the clock moved on: the question ran out while nobody revealed it).
    await host.send(type="next")
    await b.next("question")
    await dba(LiveRound.objects.filter(pk=live.pk).update)(
        opens_at_ms=now_ms() - 30_000, closes_at_ms=now_ms() - 10_000, grace_ms=300
    )
    assert refused("closed")(await ack(socket=b, question_id=q1.pk, choices=(await right_keys(q1))))
    assert len(await answer_rows()) == 1


def test_closes_at_plus_grace_on_a_frozen_clock(live, member_a, member_b, settings):
    settings.LIVE_QUESTION_LEAD_MS = 1_000
    live.grace_ms = 300
    live.save(update_fields=["grace_ms"])
    player, _ = joining.join_member(live, member_a)
    other, _ = joining.join_member(live, member_b)
    q0 = LiveQuestion.objects.get(live_round=live, position=0)
    right = list(Choice.objects.filter(question_id=q0.question_id, is_correct=True).values_list("key", flat=True))
    t = now_ms() + 60_000
    host_commands.start(live.pk, now=t)
    opens, closes = t + 1_000, t + 21_000

    def answer(player, at):
        return answers.accept_answer(
            player_id=player.pk, round_id=live.pk, question_id=q0.pk, choices=right, received_at_ms=at
        )

    assert answer(player, opens - 1).reason == "not_open"
    assert answer(player, closes + 301).reason == "closed"
    assert answer(player, closes + 300).accepted  # the last moment of the grace: half the points
    assert answer(other, opens).accepted  # the first moment: all of them
    assert sorted(LiveAnswer.objects.values_list("elapsed_ms", "points")) == [(0, 1000), (20_000, 500)]
    assert host_commands.close_if_due(live.pk, now=closes + 299) == []  # not yet: the grace is for answers on their way
    events = host_commands.close_if_due(live.pk, now=closes + 300)
    assert [e.kind for e in events] == ["reveal", "status"]
    assert host_commands.close_if_due(live.pk, now=closes + 301) == []  # revealed once


async def test_a_question_closes_by_itself_without_the_host(sockets, live, member_a, organiser_a):
    await dba(LiveQuestion.objects.filter(live_round=live, position=0).update)(duration_seconds=5)
    await dba(LiveRound.objects.filter(pk=live.pk).update)(grace_ms=0)
    q0 = (await questions_of(live))[0]
    host = await sockets(HOST, organiser_a)
    await host.read()
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    question = await a.next("question")
    await host.communicator.disconnect()  # the host's browser is gone
    reveal = await a.next("reveal", timeout=10)
    assert await a.next("status") == {"type": "status", "status": "reveal"}
    assert reveal["question_id"] == q0.pk and reveal["my_points"] == 0 and reveal["my_correct"] is False
    assert (await round_row(live)).closes_at_ms == question["closes_at_ms"]
    ack = await a.reply("ack", type="answer", question_id=q0.pk, choices=await right_keys(q0))
    assert ack["accepted"] is False and ack["reason"] == "closed"


# === Bad messages =======================================================================================


async def test_bad_messages_get_an_error_and_change_nothing(sockets, live, member_a, organiser_a):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    screen = await sockets(f"{SCREEN}?token={live.screen_token}")
    await screen.read()
    a = await sockets(PLAY, member_a)
    await a.read()
    await host.send(type="start")
    await a.next("question")
    before = await round_row(live)

    async def error_for(socket, *, text=None, data=None, **message) -> str:
        if data is not None:
            await socket.communicator.send_to(bytes_data=data)
        elif text is not None:
            await socket.send_text(text)
        else:
            await socket.send(**message)
        reply = await socket.read()
        while reply["type"] in ("lobby", "progress", "status", "question"):  # broadcasts, not replies
            reply = await socket.read()
        assert reply["type"] == "error" and set(reply) == {"type", "code", "message"}, reply
        assert reply["message"] and "Traceback" not in reply["message"]
        return reply["code"]

    assert await error_for(a, text="{not json") == "bad_json"
    assert await error_for(a, text=json.dumps([{"type": "answer"}])) == "bad_message"
    assert await error_for(a, text='"answer"') == "bad_message"
    assert await error_for(a, text=json.dumps({"question_id": q0.pk})) == "bad_message"
    assert await error_for(a, type=7) == "bad_message"
    assert await error_for(a, data=b"\x00\x01") == "binary_frame"
    assert await error_for(a, text=json.dumps({"type": "answer", "x": "y" * (1024 * 1024)})) == "too_large"
    assert await error_for(a, text="[" * 100 + "]" * 100) == "too_deep"
    assert await error_for(a, type="hello") == "unknown_type"
    for wrong in (
        {"question_id": str(q0.pk), "choices": right},
        {"question_id": q0.pk, "choices": str(right[0])},
        {"question_id": q0.pk, "choices": [str(right[0])]},
        {"question_id": q0.pk, "choices": [float(right[0])]},
        {"question_id": q0.pk, "choices": [True]},
        {"question_id": True, "choices": right},
        {"question_id": None, "choices": right},
        {"choices": right},
        {"question_id": q0.pk},
    ):
        assert await error_for(a, type="answer", **wrong) == "bad_answer", wrong
    for command in ("start", "next", "reveal", "leaderboard", "pause", "resume", "finish"):
        assert await error_for(a, type=command) == "not_host"
        assert await error_for(screen, type=command) == "not_host"
    assert await error_for(host, type="start") == "not_now"  # a command that does not fit: refused
    assert await error_for(host, type="resume") == "not_now"

    assert await answer_rows() == []
    after = await round_row(live)
    assert (after.status, after.question_index, after.opens_at_ms, after.closes_at_ms) == (
        before.status,
        before.question_index,
        before.opens_at_ms,
        before.closes_at_ms,
    )
    # The socket is still open and still plays.
    assert (await a.reply("ack", type="answer", question_id=q0.pk, choices=right))["accepted"] is True


# === Guests ==================================================================================================


async def test_a_guest_plays_and_scores_for_the_chosen_team(sockets, live, member_a, organiser_a, team_b):
    guest = await make_guest(live, team=team_b, nickname="  Cô   Ba  ")
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    g = await sockets(PLAY, guests={str(live.pk): GUEST_KEY})  # no login: the guest lives in the session
    state = await g.read()
    assert state["me"] == {"user": None, "display_name": "Cô Ba", "team_id": team_b.pk, "team": team_b.name}
    await host.send(type="start")
    await g.next("question")
    assert (await g.reply("ack", type="answer", question_id=q0.pk, choices=right))["accepted"] is True
    await host.send(type="reveal")
    reveal = await g.next("reveal")
    assert reveal["my_correct"] is True and reveal["my_points"] >= 500
    await host.send(type="finish")
    finished = await g.next("finished")
    assert finished["leaderboard"][0] == {
        "rank": 1,
        "team_id": team_b.pk,
        "team": team_b.name,
        "score": reveal["my_points"],
        "delta": 0,
    }
    guest = await dba(LivePlayer.objects.get)(pk=guest.pk)
    assert (guest.score, guest.correct_count, guest.user_id) == (reveal["my_points"], 1, None)


def test_guests_join_only_where_allowed_and_with_a_name_and_an_entered_team(live, team_a, hamlet_a):
    from django.core.exceptions import ValidationError

    outside = accounts.create_team(unit=hamlet_a, name="Tổ ngoài cuộc")
    for nickname, team_id in (
        ("", team_a.pk),
        ("   ", team_a.pk),
        ("x" * 41, team_a.pk),
        ("Ba", outside.pk),
        ("Ba", "x"),
    ):
        with pytest.raises(ValidationError):
            guests.join_guest(live, guest_key=GUEST_KEY, nickname=nickname, team_id=team_id)
    first = guests.join_guest(live, guest_key=GUEST_KEY, nickname="Ba", team_id=team_a.pk)
    assert guests.join_guest(live, guest_key=GUEST_KEY, nickname="Bốn", team_id=team_a.pk) == first  # same session
    live.guests_allowed = False
    live.save(update_fields=["guests_allowed"])
    with pytest.raises(ValidationError):
        guests.join_guest(live, guest_key="b" * 32, nickname="Năm", team_id=team_a.pk)


# === Team modes and tie-breaks on a frozen clock =========================================================


class Frozen:
    """A live round driven by hand: every time is given, so every score is known in advance."""

    def __init__(self, live):
        self.live = live
        self.t = now_ms() + 60_000  # after everyone joined, so they are all present
        self.questions = list(LiveQuestion.objects.filter(live_round=live).order_by("position"))
        self.opens: int | None = None
        self.boards: list[dict] = []

    def right(self, position: int) -> list[int]:
        q = self.questions[position]
        keys = set(Choice.objects.filter(question_id=q.question_id, is_correct=True).values_list("key", flat=True))
        return sorted(keys)

    def wrong(self, position: int) -> list[int]:
        return [wrong_key(self.questions[position], self.right(position))]

    def open_next(self) -> None:
        events = host_commands.next_question(self.live.pk, now=self.t)
        question = json.loads(next(e.frame for e in events if e.kind == "question"))
        self.opens = question["opens_at_ms"]
        assert self.opens == self.t + django_settings.LIVE_QUESTION_LEAD_MS

    def answer(self, player, position: int, elapsed: int, *, right: bool = True) -> None:
        ack = answers.accept_answer(
            player_id=player.pk,
            round_id=self.live.pk,
            question_id=self.questions[position].pk,
            choices=self.right(position) if right else self.wrong(position),
            received_at_ms=self.opens + elapsed,
        )
        assert ack.accepted, ack

    def reveal_and_board(self) -> dict:
        self.t = self.opens + 25_000
        host_commands.reveal(self.live.pk, now=self.t)
        events = host_commands.show_leaderboard(self.live.pk, now=self.t)
        board = json.loads(next(e.frame for e in events if e.kind == "leaderboard"))
        self.boards.append(board)
        self.t += 5_000
        return board

    def finish(self) -> list[dict]:
        events = host_commands.next_question(self.live.pk, now=self.t)  # next after the last question
        return json.loads(next(e.frame for e in events if e.kind == "finished"))["leaderboard"]


@pytest.fixture
def four_players(live, member_a, leader_a, member_b, team_a, team_b):
    """Team A: member_a and leader_a; team B: member_b and a guest."""
    a1, _ = joining.join_member(live, member_a)
    a2, _ = joining.join_member(live, leader_a)
    b1, _ = joining.join_member(live, member_b)
    b2 = guests.join_guest(live, guest_key=GUEST_KEY, nickname="Khách Bốn", team_id=team_b.pk)
    return a1, a2, b1, b2


def play_three_questions(live, four_players) -> tuple[Frozen, list[dict], LivePlayer]:
    """The same answers in every team mode (points = 1000 − elapsed/40 for a right answer):

    question 1: a1 right at 5 s (875), a2 right at 10 s (750), b1 right at 2 s (950), b2 wrong at 1 s;
    question 2: a1 wrong at 3 s, a2 right in the grace (20 s: 500), b2 right at 12.345 s (691);
    question 3: a1 right at once (1000), b1 right at 6.667 s (833), b2 right at 19.999 s (500).
    All four have their sockets open throughout; the late guest of team A joins after question 1
    is revealed, has a socket open from question 2 on, and never answers.
    """
    a1, a2, b1, b2 = four_players
    game = Frozen(live)
    game.open_next()
    presence.record_presence(question_id=game.questions[0].pk, player_ids=[p.pk for p in four_players])
    game.answer(a1, 0, 5_000)
    game.answer(a2, 0, 10_000)
    game.answer(b1, 0, 2_000)
    game.answer(b2, 0, 1_000, right=False)
    game.reveal_and_board()
    revealed = LiveQuestion.objects.get(pk=game.questions[0].pk).revealed_at_ms
    late = guests.join_guest(live, guest_key="c" * 32, nickname="Khách Muộn", team_id=a1.team_id)
    LivePlayer.objects.filter(pk=late.pk).update(joined_at=datetime.fromtimestamp((revealed + 1) / 1000, tz=UTC))
    game.open_next()
    presence.record_presence(question_id=game.questions[1].pk, player_ids=[p.pk for p in (*four_players, late)])
    game.answer(a1, 1, 3_000, right=False)
    game.answer(a2, 1, 20_200)
    game.answer(b2, 1, 12_345)
    game.reveal_and_board()
    game.open_next()
    presence.record_presence(question_id=game.questions[2].pk, player_ids=[p.pk for p in (*four_players, late)])
    game.answer(a1, 2, 0)
    game.answer(b1, 2, 6_667)
    game.answer(b2, 2, 19_999)
    game.reveal_and_board()
    return game, game.finish(), late


def scores(board: dict | list) -> list[tuple]:
    entries = board["entries"] if isinstance(board, dict) else board
    return [(e["rank"], e["team"], e["score"], e["delta"]) for e in entries]


A, B = "Tổ CNS Ấp 1", "Tổ CNS Ấp 2"


def test_team_mode_sum(live, four_players):
    game, final, late = play_three_questions(live, four_players)
    # A: 875 + 750 | 500 | 1000 = 1625, 2125, 3125; B: 950 | 691 | 833 + 500 = 950, 1641, 2974.
    assert [scores(b) for b in game.boards] == [
        [(1, A, 1625, 0), (2, B, 950, 0)],
        [(1, A, 2125, 0), (2, B, 1641, 0)],
        [(1, A, 3125, 0), (2, B, 2974, 0)],
    ]
    assert [b["question_index"] for b in game.boards] == [0, 1, 2]
    assert final == game.boards[-1]["entries"]
    assert_results_stored(live, [*four_players, late], final)


def test_team_mode_average_over_the_players_present(live, four_players):
    live.team_mode = LiveRound.TeamMode.AVERAGE
    live.save(update_fields=["team_mode"])
    game, final, late = play_three_questions(live, four_players)
    # A: 1625/2 = 812.5 → 813 | 500/3 (the late guest's socket is open now) = 166.7 → 167 | 1000/3 → 333:
    #    813, 980, 1313. B: 950/2 = 475 | 691/2 = 345.5 → 346 | 1333/2 = 666.5 → 667: 475, 821, 1488.
    assert [scores(b) for b in game.boards] == [
        [(1, A, 813, 0), (2, B, 475, 0)],
        [(1, A, 980, 0), (2, B, 821, 0)],
        [(1, B, 1488, 1), (2, A, 1313, -1)],
    ]
    assert final == game.boards[-1]["entries"]
    assert_results_stored(live, [*four_players, late], final)


def test_team_mode_average_counts_only_players_present_for_each_question(live, four_players):
    """Without a socket open when a question opened, only answering makes a player present (PROTOCOL.md v2)."""
    live.team_mode = LiveRound.TeamMode.AVERAGE
    live.save(update_fields=["team_mode"])
    a1, a2, b1, b2 = four_players
    game = Frozen(live)
    game.open_next()
    presence.record_presence(question_id=game.questions[0].pk, player_ids=[a1.pk, a2.pk])  # b1, b2: never a socket
    game.answer(a1, 0, 5_000)  # 875 over a1 and a2 (open, no answer): 437.5 → 438
    game.answer(b1, 0, 2_000)  # 950 over b1 alone: b2 joined but was not there
    assert scores(game.reveal_and_board()) == [(1, B, 950, 0), (2, A, 438, 0)]


def test_team_mode_captain(live, four_players, leader_a, member_b):
    live.team_mode = LiveRound.TeamMode.CAPTAIN
    live.save(update_fields=["team_mode"])
    LiveEntry.objects.filter(live_round=live, team__name=A).update(captain=leader_a)
    LiveEntry.objects.filter(live_round=live, team__name=B).update(captain=member_b)
    game, final, late = play_three_questions(live, four_players)
    # Only the captains count. A (leader_a): 750 | 500 | — = 750, 1250, 1250; B (member_b): 950 | — | 833.
    assert [scores(b) for b in game.boards] == [
        [(1, B, 950, 0), (2, A, 750, 0)],
        [(1, A, 1250, 1), (2, B, 950, -1)],
        [(1, B, 1783, 1), (2, A, 1250, -1)],
    ]
    assert final == game.boards[-1]["entries"]
    assert_results_stored(live, [*four_players, late], final)


def assert_results_stored(live, players, final: list[dict]) -> None:
    """LivePlayer and LiveEntry hold the final leaderboard; each player's own total is the same in every mode."""
    a1, a2, b1, b2, late = players
    players = {p.pk: p for p in LivePlayer.objects.filter(live_round=live)}
    assert {pk: (p.score, p.correct_count, p.correct_elapsed_ms) for pk, p in players.items()} == {
        a1.pk: (875 + 1000, 2, 5_000),
        a2.pk: (750 + 500, 2, 10_000 + 20_000),
        b1.pk: (950 + 833, 2, 2_000 + 6_667),
        b2.pk: (691 + 500, 2, 12_345 + 19_999),
        late.pk: (0, 0, 0),
    }
    entries = {e.team.name: e for e in LiveEntry.objects.filter(live_round=live).select_related("team")}
    assert {name: (e.score, e.rank) for name, e in entries.items()} == {
        e["team"]: (e["score"], e["rank"]) for e in final
    }
    live.refresh_from_db()
    assert live.status == "finished" and live.finished_at is not None


def test_ties_break_by_elapsed_on_right_answers_then_by_team_name(live, member_a, member_b):
    LiveQuestion.objects.filter(live_round=live, position=1).update(points=2000)
    a, _ = joining.join_member(live, member_a)
    b, _ = joining.join_member(live, member_b)
    game = Frozen(live)
    game.open_next()
    game.answer(a, 0, 5_000)  # 875 each, at the same moment: only the name tells them apart
    game.answer(b, 0, 5_000)
    assert scores(game.reveal_and_board()) == [(1, A, 875, 0), (2, B, 875, 0)]
    game.open_next()
    game.answer(a, 1, 20_000)  # 2000 × (1 − 0.5) = 1000
    game.answer(b, 1, 50, right=False)  # a wrong answer's time does not count
    assert scores(game.reveal_and_board()) == [(1, A, 1875, 0), (2, B, 875, 0)]
    game.open_next()
    game.answer(a, 2, 100, right=False)
    game.answer(b, 2, 0)  # 1000: 1875 each, B right in 5 s in all, A in 25 s
    assert scores(game.reveal_and_board()) == [(1, B, 1875, 1), (2, A, 1875, -1)]
    final = game.finish()
    assert scores(final) == [(1, B, 1875, 1), (2, A, 1875, -1)]
    assert dict(LiveEntry.objects.values_list("team__name", "correct_elapsed_ms")) == {A: 25_000, B: 5_000}


# === The answer key never leaks ===========================================================================


async def test_no_frame_says_which_choice_is_right_before_the_reveal(sockets, live, member_a, organiser_a):
    questions = await questions_of(live)
    rights = {q.pk: await right_keys(q) for q in questions}
    keys = {
        q.pk: set(
            await dba(
                lambda q=q: list(Choice.objects.filter(question_id=q.question_id).values_list("key", flat=True))
            )()
        )
        for q in questions
    }
    host = await sockets(HOST, organiser_a)
    screen = await sockets(f"{SCREEN}?token={live.screen_token}")
    a = await sockets(PLAY, member_a)
    everyone = (host, screen, a)
    for socket in everyone:
        await socket.read()
    await host.send(type="start")
    for q in questions:
        for socket in everyone:
            await socket.next("question")
        choices = rights[q.pk] if q.position != 1 else [wrong_key(q, rights[q.pk])]
        assert (await a.reply("ack", type="answer", question_id=q.pk, choices=choices))["accepted"]
        await a.send(type="ping", t=1)
        await a.next("pong")
        await host.next("progress")
        await host.send(type="reveal")
        for socket in everyone:
            await socket.next("reveal")
        await host.send(type="leaderboard")
        for socket in everyone:
            await socket.next("leaderboard")
        await host.send(type="next")
    for socket in everyone:
        await socket.next("finished")
        await socket.drain()

    for socket in everyone:
        revealed: set[int] = set()
        seen_questions = []
        for frame in socket.frames:
            if frame["type"] == "reveal":
                assert frame["correct"] == rights[frame["question_id"]]
                revealed.add(frame["question_id"])
                continue
            if frame["type"] == "question":
                shown = frame["question"]
                seen_questions.append(shown["id"])
                live_question = next(q for q in questions if q.pk == shown["id"])
                ids = [c["id"] for c in shown["choices"]]
                # The ids are the choices' random nine-digit keys, in the round's one shuffled order.
                assert ids == live_question.choice_order and set(ids) == keys[shown["id"]]
                assert all(100_000_000 <= i <= 999_999_999 for i in ids)
                assert all(set(c) == {"id", "text"} for c in shown["choices"])
                frame = {**frame, "question": {k: v for k, v in shown.items() if k != "choices"}}
            hidden = [q for q in questions if q.pk not in revealed]
            values = list(walk(frame))
            assert not ANSWER_KEY_FIELDS & {v for v in values if isinstance(v, str)}, (socket, frame)
            for q in hidden:
                assert not set(rights[q.pk]) & {v for v in values if isinstance(v, int)}, frame
                assert q.question.explanation not in json.dumps(frame, ensure_ascii=False), frame
        assert seen_questions == [q.pk for q in questions]
        assert revealed == {q.pk for q in questions}
    assert [f["my_correct"] for f in a.frames if f["type"] == "reveal"] == [True, False, True]


# === The first answer counts, in the database =============================================================


def test_the_database_refuses_a_second_answer_of_the_same_player(live, member_a):
    player, _ = joining.join_member(live, member_a)
    question = LiveQuestion.objects.get(live_round=live, position=0)
    fields = {"player": player, "question": question, "received_at_ms": 1, "elapsed_ms": 0}
    LiveAnswer.objects.create(**fields, choices=[1], correct=False, points=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveAnswer.objects.create(**fields, choices=[2], correct=True, points=1000)
    assert LiveAnswer.objects.count() == 1


async def test_ten_answers_at_once_from_two_phones_store_one(sockets, live, member_a, organiser_a):
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    host = await sockets(HOST, organiser_a)
    await host.read()
    phones = [await sockets(PLAY, member_a) for _ in range(2)]
    for phone in phones:
        await phone.read()
    await host.send(type="start")
    for phone in phones:
        await phone.next("question")
    sends = []
    for n in range(10):
        choices = right if n % 2 else [wrong_key(q0, right)]
        sends.append(phones[n % 2].send(type="answer", question_id=q0.pk, choices=choices))
    await asyncio.gather(*sends)
    acks = [await phone.next("ack", timeout=10) for phone in phones for _ in range(5)]
    assert sum(ack["accepted"] for ack in acks) == 1
    assert sorted(ack.get("reason", "") for ack in acks) == ["", *["already_answered"] * 9]
    assert len(await answer_rows(question=q0)) == 1
    progress = await host.next("progress", where=lambda m: m["answered"] == 1)
    assert progress["players"] == 1


def test_ten_threads_answering_at_once_store_one_answer(live, member_a):
    postgres_url()  # SQLite takes one writer at a time: nothing would race there
    assert connection.vendor == "postgresql"
    player, _ = joining.join_member(live, member_a)
    q0 = LiveQuestion.objects.get(live_round=live, position=0)
    right = list(Choice.objects.filter(question_id=q0.question_id, is_correct=True).values_list("key", flat=True))
    t = now_ms()
    host_commands.start(live.pk, now=t)
    barrier = threading.Barrier(10)

    def answer(n: int):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            return answers.accept_answer(
                player_id=player.pk, round_id=live.pk, question_id=q0.pk, choices=right, received_at_ms=t + 1_000 + n
            )
        finally:
            thread_connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        acks = list(pool.map(answer, range(10)))
    assert sum(ack.accepted for ack in acks) == 1
    assert sorted(ack.reason for ack in acks if not ack.accepted) == ["already_answered"] * 9
    assert LiveAnswer.objects.count() == 1


@pytest.mark.parametrize("command", ["start", "next"])
def test_start_and_next_from_the_lobby_open_the_first_question_or_refuse_a_round_without_questions(
    live, stage, command
):
    empty = make_live_round(stage=stage, questions=[], teams=[], code="135790")
    with pytest.raises(host_commands.CommandRefused) as refused:
        host_commands.COMMANDS[command](empty.pk)
    assert refused.value.code == "no_questions"
    empty.refresh_from_db()
    assert (empty.status, empty.question_index, empty.started_at) == ("lobby", -1, None)

    events = host_commands.COMMANDS[command](live.pk)
    assert [e.kind for e in events] == ["question", "status"]
    live.refresh_from_db()
    assert (live.status, live.question_index) == ("question", 0) and live.started_at is not None
