"""One live round on two real server processes, PostgreSQL and Redis, as production runs it.

The test process makes the round and the people in a transactional test
database; two server processes (A and B) serve it from that same database,
with Redis as the channel layer under a prefix of their own. Clients speak
PROTOCOL.md over real sockets (``websockets``) with a session cookie and the
site's own Origin, as a phone's browser does.

What only several processes can show: a broadcast made on one process reaches
the players of the other; a question closes by itself on whichever process
still has sockets, exactly once; and when the host's process is killed (-9)
mid-question, nothing accepted is lost, nothing is counted twice, and the
round goes on from the other process.

Each test runs twice: on uvicorn as deploy/uvicorn@.service runs it (production),
then on daphne (``make run``); tests/servers.py starts them.

SQLite and the in-memory layer cannot be shared between processes: without a
real PostgreSQL and Redis the tests skip, except under CI=true where they fail.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from competitions.live import guards, guests
from competitions.live.models import LiveAnswer, LivePresence, LiveQuestion, LiveRound
from quizsite.accounts import services as accounts
from tests.competitions.live_sockets import CODE, cookie_of
from tests.components import redis_url
from tests.servers import SERVERS, Server, require_postgres_and_redis, server_env, start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres, pytest.mark.needs_redis]

# Safety nets only: on a loaded two-core machine a message can take seconds; none of them is a measurement.
WAIT_S = 30
START_S = 120
# How long after the last expected message a duplicate would have shown up by now (it never should).
SETTLE_S = 2
LEAD_MS = 200
DURATION_S = 5  # the shortest a live question may last


# --- two server processes --------------------------------------------------------------------------------


@pytest.fixture(params=SERVERS)
def servers(request, cast, tmp_path):
    """Processes A and B, started after the round's data is committed; stopped before the database is emptied."""
    env = server_env(redis_url(), LIVE_QUESTION_LEAD_MS=str(LEAD_MS))
    started: list[Server] = []
    try:
        for name in ("A", "B"):
            started.append(start(request.param, name, env, tmp_path))
        deadline = time.monotonic() + START_S
        for server in started:
            server.wait_ready(deadline)
        yield tuple(started)
    finally:
        for server in started:
            server.stop()
        for server in started:  # shown by pytest when the test failed
            print(f"--- {server} log ---\n{server.tail()}")


@pytest.fixture(autouse=True)
def _real_components():
    require_postgres_and_redis("two server processes share a live round only through PostgreSQL and Redis")


# --- the round and its people ------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    cookie: str
    user_id: int


@dataclass
class Cast:
    host: Person
    players: list[Person]
    # Per LiveQuestion id: a right and a wrong choice id.
    right: dict[int, int]
    wrong: dict[int, int]


@pytest.fixture
def cast(live, organiser_a, member_a, member_b, make_user, team_a, team_b) -> Cast:
    """Four players, two per team (A1, B1 will sit on process A; A2, B2 on process B), and the organiser."""
    live.questions.update(duration_seconds=DURATION_S)
    a2 = make_user(name="Lê Văn Cường")
    accounts.add_member(team=team_a, user=a2)
    b2 = make_user(name="Phạm Thị Dung")
    accounts.add_member(team=team_b, user=b2)
    people = {"A1": member_a, "B1": member_b, "A2": a2, "B2": b2}
    right, wrong = {}, {}
    for question in LiveQuestion.objects.select_related("question"):
        choices = list(question.question.choices.values_list("key", "is_correct"))
        right[question.pk] = next(key for key, correct in choices if correct)
        wrong[question.pk] = next(key for key, correct in choices if not correct)

    def person(name, user) -> Person:
        return Person(name, cookie_of(user)[1].decode(), user.pk)

    return Cast(
        host=person("host", organiser_a),
        players=[person(name, user) for name, user in people.items()],
        right=right,
        wrong=wrong,
    )


# --- a client that speaks the protocol -------------------------------------------------------------------


@dataclass
class Screen:
    """One socket (a phone's or the host's): every message it got, in order."""

    person: Person
    path: str
    server: Server | None = None
    ws: ClientConnection | None = None
    messages: list[dict] = field(default_factory=list)
    closed: bool = True
    reader: asyncio.Task | None = None
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def name(self) -> str:
        return self.person.name

    async def connect(self, server: Server) -> dict:
        """Opens the socket on ``server``; returns its first message, ``state``."""
        self.server = server
        mark = len(self.messages)
        self.ws = await connect(
            f"ws://127.0.0.1:{server.port}{self.path}",
            origin=Origin(server.origin),
            additional_headers={"Cookie": self.person.cookie},
            open_timeout=WAIT_S,
            ping_interval=None,
            compression=None,
        )
        self.closed = False
        self.reader = asyncio.create_task(self._read(self.ws))
        state = await self.next("state", since=mark)
        assert self.messages[mark] is state, f"{self.name}: the first message was not state: {self.messages[mark]}"
        return state

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                async with self.changed:
                    self.messages.append(json.loads(text))
                    self.changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            async with self.changed:
                if ws is self.ws:
                    self.closed = True
                self.changed.notify_all()

    async def send(self, message: dict) -> int:
        """Sends; returns the mark after which its answer will be."""
        mark = len(self.messages)
        await self.ws.send(json.dumps(message))
        return mark

    async def next(self, kind: str, *, since: int = 0, where: Callable[[dict], bool] = lambda m: True, timeout=WAIT_S):
        """The first message of ``kind`` (matching ``where``) at or after ``since``, waiting for it if need be."""

        async def find() -> dict:
            async with self.changed:
                while True:
                    for message in self.messages[since:]:
                        if message["type"] == kind and where(message):
                            return message
                    if self.closed:
                        raise AssertionError(f"{self.name}: the socket closed before a {kind} came")
                    await self.changed.wait()

        try:
            return await asyncio.wait_for(find(), timeout)
        except TimeoutError:
            seen = [m["type"] for m in self.messages[since:]]
            raise AssertionError(f"{self.name}: no {kind} within {timeout} s; got {seen}") from None

    def all(self, kind: str, where: Callable[[dict], bool] = lambda m: True) -> list[dict]:
        return [m for m in self.messages if m["type"] == kind and where(m)]

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.wait_for(self.reader, WAIT_S)

    async def lost(self) -> None:
        """Waits until the server side is gone (its process was killed)."""
        await asyncio.wait_for(self.reader, WAIT_S)
        assert self.closed


def host_screen(cast: Cast) -> Screen:
    return Screen(cast.host, f"/ws/live/{CODE}/host/")


def player_screens(cast: Cast) -> list[Screen]:
    return [Screen(person, f"/ws/live/{CODE}/play/") for person in cast.players]


async def answer(player: Screen, question: dict, choice: int) -> dict:
    """Answers as soon as the question opens (after its get-ready lead); returns the accepted ``ack``."""
    opens_at_s = question["opens_at_ms"] / 1000
    while True:
        await asyncio.sleep(max(0.0, opens_at_s - time.time()) + 0.05)  # the servers share this machine's clock
        mark = await player.send({"type": "answer", "question_id": question["question"]["id"], "choices": [choice]})
        ack = await player.next("ack", since=mark)
        if ack["accepted"] or ack.get("reason") != "not_open":
            assert ack["accepted"], f"{player.name}: answer refused: {ack}"
            return ack


def of_question(question_id: int) -> Callable[[dict], bool]:
    return lambda message: message.get("question_id") == question_id


async def everyone(screens: list[Screen], kind: str, *, since: dict[str, int] | None = None, **kwargs) -> list[dict]:
    return list(await asyncio.gather(*(s.next(kind, since=(since or {}).get(s.name, 0), **kwargs) for s in screens)))


def marks(screens: list[Screen]) -> dict[str, int]:
    return {s.name: len(s.messages) for s in screens}


async def close_all(screens: list[Screen]) -> None:
    await asyncio.gather(*(s.close() for s in screens), return_exceptions=True)


@database_sync_to_async
def answers_in_db(question_id: int) -> list[tuple[int, int, list[int]]]:
    """(user id, received_at_ms, choices) of every stored answer to the question."""
    rows = LiveAnswer.objects.filter(question_id=question_id).values_list(
        "player__user_id", "received_at_ms", "choices"
    )
    return sorted(rows)


@database_sync_to_async
def round_in_db() -> LiveRound:
    return LiveRound.objects.get(code=CODE)


@database_sync_to_async
def revealed_at_ms(question_id: int) -> int | None:
    return LiveQuestion.objects.values_list("revealed_at_ms", flat=True).get(pk=question_id)


# --- the tests ------------------------------------------------------------------------------------------


async def test_players_on_both_processes_get_every_broadcast(servers, cast):
    a, b = servers
    host = host_screen(cast)
    players = player_screens(cast)
    on = {"A1": a, "B1": a, "A2": b, "B2": b}
    try:
        await host.connect(a)
        for player in players:
            state = await player.connect(on[player.name])
            assert state["role"] == "player" and state["round"]["status"] == "lobby"

        # The lobby: each join is announced from the process it came to; everyone ends up seeing all four.
        await everyone([*players, host], "lobby", where=lambda m: m["player_count"] == 4)

        await host.send({"type": "start"})
        questions = await everyone(players, "question")
        assert {q["question"]["index"] for q in questions} == {0}
        assert len({json.dumps(q["question"], sort_keys=True) for q in questions}) == 1  # the very same question
        question_id = questions[0]["question"]["id"]
        right, wrong = cast.right[question_id], cast.wrong[question_id]
        choice = {"A1": right, "B1": wrong, "A2": right, "B2": wrong}
        await asyncio.gather(*(answer(p, questions[0], choice[p.name]) for p in players))

        # Answers made on B are counted in the progress the host on A sees.
        await host.next("progress", where=lambda m: m["answered"] == 4)

        await host.send({"type": "reveal"})
        reveals = await everyone(players, "reveal")
        for player, reveal in zip(players, reveals, strict=True):
            assert reveal["question_id"] == question_id and reveal["correct"] == [right]
            assert reveal["distribution"][str(right)] == 2 and reveal["distribution"][str(wrong)] == 2
            assert sum(reveal["distribution"].values()) == 4
            assert reveal["my_correct"] is (choice[player.name] == right), (player.name, reveal)
            assert (reveal["my_points"] > 0) is reveal["my_correct"]

        await host.send({"type": "leaderboard"})
        boards = await everyone(players, "leaderboard")
        assert len({json.dumps(board["entries"]) for board in boards}) == 1
        points = {p.name: r["my_points"] for p, r in zip(players, reveals, strict=True)}
        scores = {entry["team"]: entry["score"] for entry in boards[0]["entries"]}
        assert sorted(scores.values()) == sorted([points["A1"] + points["A2"], points["B1"] + points["B2"]])

        await host.send({"type": "finish"})
        finished = await everyone([*players, host], "finished")
        assert all(f["leaderboard"] == boards[0]["entries"] for f in finished)

        await asyncio.sleep(SETTLE_S)
        for player in players:
            counts = {kind: len(player.all(kind)) for kind in ("question", "reveal", "leaderboard", "finished")}
            assert counts == {"question": 1, "reveal": 1, "leaderboard": 1, "finished": 1}, (player.name, counts)
    finally:
        await close_all([host, *players])


async def test_a_question_closes_by_itself_once_when_the_host_has_gone(servers, cast):
    a, b = servers
    host = host_screen(cast)
    players = player_screens(cast)
    on_a, on_b = players[:2], players[2:]
    try:
        await host.connect(a)
        for player in on_a:
            await player.connect(a)
        for player in on_b:
            await player.connect(b)

        # 1. Host on A opens the first question and leaves; players on both processes stay.
        await host.send({"type": "start"})
        first = (await host.next("question"))["question"]["id"]
        await host.close()
        questions = await everyone(players, "question")
        await asyncio.gather(
            answer(on_a[0], questions[0], cast.right[first]), answer(on_b[0], questions[2], cast.right[first])
        )

        # Both processes have a timer for it; each player gets its reveal exactly once.
        reveals = await everyone(players, "reveal", where=of_question(first))
        live = await round_in_db()
        assert live.status == LiveRound.Status.REVEAL
        assert await revealed_at_ms(first) >= questions[0]["closes_at_ms"] + live.grace_ms  # by the clock, not before
        assert [r["my_correct"] for r in reveals] == [True, False, True, False]

        # 2. Now process A keeps nothing of the round: the host opens the second question there and leaves,
        #    so the close can only come from B's timer.
        for player in on_a:
            await player.close()
        state = await host.connect(a)
        assert state["round"]["status"] == "reveal"
        since = marks(on_b)
        await host.send({"type": "next"})
        second = (await host.next("question", where=lambda m: m["question"]["index"] == 1))["question"]["id"]
        await host.close()
        questions = await everyone(on_b, "question", since=since)
        assert {q["question"]["id"] for q in questions} == {second}
        await answer(on_b[1], questions[1], cast.right[second])
        await everyone(on_b, "reveal", since=since, where=of_question(second))
        assert await revealed_at_ms(second) >= questions[0]["closes_at_ms"] + live.grace_ms

        # The players who left A come back to A: their state shows the reveal they missed.
        for player in on_a:
            state = await player.connect(a)
            assert state["round"]["status"] == "reveal" and state["reveal"]["question_id"] == second
            assert state["reveal"]["my_points"] == 0 and state["reveal"]["my_correct"] is False

        # 3. The host opens the last question on B and everyone leaves: no process keeps time for it now.
        #    Whoever comes back after its close closes it, and gets the state first, the reveal in it.
        await host.connect(b)
        since = marks(players)
        await host.send({"type": "next"})
        opened = await host.next("question", where=lambda m: m["question"]["index"] == 2)
        third = opened["question"]
        await everyone(players, "question", since=since, where=lambda m: m["question"]["id"] == third["id"])
        await close_all([host, *players])
        await asyncio.sleep(max(0.0, (opened["closes_at_ms"] + live.grace_ms) / 1000 - time.time()) + 0.5)
        for player, server in zip(players, (b, a, b, a), strict=True):
            state = await player.connect(server)
            assert state["round"]["status"] == "reveal" and state["reveal"]["question_id"] == third["id"]

        # The host ends the round: everything before it has arrived by then.
        await host.connect(a)
        since = marks(players)
        await host.send({"type": "finish"})
        await everyone(players, "finished", since=since)
        await asyncio.sleep(SETTLE_S)
        for player in players:
            assert len(player.all("reveal", of_question(first))) == 1, player.name
            assert len(player.all("reveal", of_question(third["id"]))) <= 1, player.name
        for player in on_b:
            assert len(player.all("reveal", of_question(second))) == 1, player.name
    finally:
        await close_all([host, *players])


async def test_killing_the_host_s_process_mid_question_loses_nothing(servers, cast):
    a, b = servers
    host = host_screen(cast)
    players = player_screens(cast)
    on_a, on_b = players[:2], players[2:]
    try:
        await host.connect(a)
        for player in on_a:
            await player.connect(a)
        for player in on_b:
            await player.connect(b)

        await host.send({"type": "start"})
        questions = await everyone(players, "question")
        first = questions[0]["question"]["id"]
        choice = {"A1": cast.right[first], "B1": cast.wrong[first], "A2": cast.right[first], "B2": cast.wrong[first]}
        acks = await asyncio.gather(*(answer(p, q, choice[p.name]) for p, q in zip(players, questions, strict=True)))
        accepted = {p.name: ack for p, ack in zip(players, acks, strict=True)}

        a.kill()
        await asyncio.gather(host.lost(), *(p.lost() for p in on_a))

        # The players of A come back on B and ask for the state: their answers are there.
        reconnected = {}
        for player in on_a:
            reconnected[player.name] = await player.connect(b)
            mark = await player.send({"type": "sync"})
            state = await player.next("state", since=mark)
            assert state["round"]["status"] in ("question", "reveal")
            assert state["my_answer"] == {
                "question_id": first,
                "choices": [choice[player.name]],
                "accepted_at_ms": accepted[player.name]["received_at_ms"],
            }, player.name

        # The question closes by itself on B and every player hears of it once.
        for player in on_b:
            await player.next("reveal", where=of_question(first))
        for player in on_a:
            if reconnected[player.name]["round"]["status"] == "question":
                await player.next("reveal", where=of_question(first))
            else:  # closed while it was reconnecting: the state it got carries the reveal
                assert reconnected[player.name]["reveal"]["question_id"] == first
        await asyncio.sleep(SETTLE_S)
        for player in on_b:
            assert len(player.all("reveal", of_question(first))) == 1, player.name
        for player in on_a:
            assert len(player.all("reveal", of_question(first))) <= 1, player.name

        # In the database: each accepted ack is one answer, none lost, none doubled.
        expected = sorted((p.person.user_id, accepted[p.name]["received_at_ms"], [choice[p.name]]) for p in players)
        assert await answers_in_db(first) == expected

        # The host comes back on B and goes on.
        state = await host.connect(b)
        assert state["round"]["status"] == "reveal"
        since = marks(players)
        await host.send({"type": "next"})
        questions = await everyone(players, "question", since=since)
        assert {q["question"]["index"] for q in questions} == {1}
        await host.send({"type": "finish"})
        finished = await everyone(players, "finished", since=since)
        # Team A (A1 and A2 right on the first question) leads; team B (both wrong) has nothing.
        scores = [entry["score"] for entry in finished[0]["leaderboard"]]
        assert scores[0] > 0 and scores[1] == 0, finished[0]
    finally:
        await close_all([host, *players])


@database_sync_to_async
def join_idle_guests(team_id: int, how_many: int) -> None:
    """Guests who joined on the page and never opened the game's socket (PROTOCOL.md v2: never present)."""
    live = LiveRound.objects.get(code=CODE)
    for n in range(how_many):
        guests.join_guest(live, guest_key=f"{n:032x}", nickname=f"Khách {n + 1}", team_id=team_id)


@database_sync_to_async
def present_in_db(question_id: int) -> set[int]:
    """User ids of the players recorded present for the question (a socket open when it opened)."""
    return set(LivePresence.objects.filter(question_id=question_id).values_list("player__user_id", flat=True))


async def test_average_counts_the_players_present_on_either_process_and_never_idle_guests(
    servers, cast, team_a, team_b
):
    a, b = servers
    await database_sync_to_async(LiveRound.objects.filter(code=CODE).update)(team_mode=LiveRound.TeamMode.AVERAGE)
    await join_idle_guests(team_a.pk, 20)
    host = host_screen(cast)
    players = player_screens(cast)
    on = {"A1": a, "B1": a, "A2": b, "B2": b}
    try:
        await host.connect(a)
        for player in players:
            await player.connect(on[player.name])
        await host.send({"type": "start"})
        questions = await everyone(players, "question")
        first = questions[0]["question"]["id"]
        by_name = {p.name: (p, q) for p, q in zip(players, questions, strict=True)}
        # A1 (on A) right, A2 (on B) open but silent; B1 (on A) right, B2 (on B) wrong.
        await asyncio.gather(
            answer(*by_name["A1"], cast.right[first]),
            answer(*by_name["B1"], cast.right[first]),
            answer(*by_name["B2"], cast.wrong[first]),
        )
        # Each process records its own sockets: all four players, none of the twenty guests.
        deadline = time.monotonic() + WAIT_S
        while len(present := await present_in_db(first)) < 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert present == {p.person.user_id for p in players}

        await host.send({"type": "reveal"})
        reveals = dict(zip([p.name for p in players], await everyone(players, "reveal"), strict=True))
        await host.send({"type": "leaderboard"})
        board = await host.next("leaderboard")
        scores = {entry["team_id"]: entry["score"] for entry in board["entries"]}
        half_up = lambda points: (2 * points + 2) // 4  # noqa: E731 - over the team's two players present
        assert scores[team_a.pk] == half_up(reveals["A1"]["my_points"])  # not over 22 players
        assert scores[team_b.pk] == half_up(reveals["B1"]["my_points"])
    finally:
        await close_all([host, *players])


# --- guests and join codes on real processes -------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer


def _http(server: Server, path: str, cookies: dict[str, str], form: dict | None = None) -> tuple[int, str]:
    """GET (or POST ``form``) with a browser's cookies, kept up to date from Set-Cookie; (status, body)."""
    request = urllib.request.Request(
        server.origin + path,
        data=urllib.parse.urlencode(form).encode() if form is not None else None,
        headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
    )
    try:
        answer = urllib.request.build_opener(_NoRedirect).open(request, timeout=WAIT_S)
    except urllib.error.HTTPError as error:
        answer = error
    for header in answer.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        cookies[name] = value
    return answer.status, answer.read().decode()


def _join_as_guest(server: Server, nickname: str, team_id: int) -> tuple[int, str, dict[str, str]]:
    """A phone's browser on the guest form: opens it, then sends a nickname and a team."""
    cookies: dict[str, str] = {}
    _status, form = _http(server, f"/live/{CODE}/", cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token, "nickname": nickname, "team": team_id}
    status, body = _http(server, f"/live/{CODE}/", cookies, fields)
    return status, body, cookies


async def test_guests_and_wrong_codes_are_counted_across_processes(servers, cast, live, team_a):
    """Both processes share the round's guest limit (PostgreSQL) and the address's wrong codes (Redis).

    Every client here is 127.0.0.1: one address, as a hall on one Wi-Fi.
    """
    a, b = servers
    live.guest_limit = 2
    await database_sync_to_async(live.save)(update_fields=["guest_limit"])

    status, _body, first = await asyncio.to_thread(_join_as_guest, a, "\u202eLan", team_a.pk)
    assert status == 302
    status, _body, second = await asyncio.to_thread(_join_as_guest, b, "lan", team_a.pk)
    assert status == 302
    status, body, _third = await asyncio.to_thread(_join_as_guest, a, "Minh", team_a.pk)
    assert status == 200 and "Vòng thi đã đủ 2 khách" in body

    # The second guest plays on the other process, told apart from the first.
    _status, page = await asyncio.to_thread(_http, a, f"/live/{CODE}/", second)
    assert "<bdi>lan (2)</bdi>" in page
    guest = Screen(Person("guest 2", f"sessionid={second['sessionid']}", 0), f"/ws/live/{CODE}/play/")
    try:
        state = await guest.connect(a)
        assert state["me"]["display_name"] == "lan (2)"
    finally:
        await guest.close()

    # 50 wrong codes, half on each process: the 51st answer, even to the right code, is 429 on either. The count
    # lives in a fixed window (quizsite/limits.py): never start it in the window's last seconds, or the 51st
    # would be the new window's first (a CI run met 16:00:00 here).
    left = guards.WRONG_CODES.seconds - time.time() % guards.WRONG_CODES.seconds
    if left < 30:
        await asyncio.sleep(left + 0.5)
    for n in range(50):
        status, _body = await asyncio.to_thread(_http, (a, b)[n % 2], f"/live/?code={100000 + n}", {})
        assert status == 404
    status, body = await asyncio.to_thread(_http, b, f"/live/?code={CODE}", {})
    assert status == 429 and "Có quá nhiều mã sai" in body

    # The phone already in the round still gets in; a socket with no session is closed as for a wrong code.
    first_again = Screen(Person("guest 1", f"sessionid={first['sessionid']}", 0), f"/ws/live/{CODE}/play/")
    try:
        assert (await first_again.connect(b))["me"]["display_name"] == "Lan"
    finally:
        await first_again.close()
    stranger = await connect(
        f"ws://127.0.0.1:{a.port}/ws/live/{CODE}/play/", origin=Origin(a.origin), open_timeout=WAIT_S
    )
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(stranger.recv(), WAIT_S)
    assert closed.value.rcvd.code == 4404
