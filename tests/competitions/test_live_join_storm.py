"""A hall joining at once (issue 15): 500 phones open their sockets on one real server process together.

The round has 500 members in 50 teams of ten, each with a real session made
through the session engine (signed in as the sign-in form would sign them
in). ONE server process serves it: uvicorn with production's own command
(deploy/uvicorn@.service, started by tests/servers.py), PostgreSQL and the
Redis channel layer. The phones open their sockets all at once, with no limit
on how many handshakes are in flight, as a hall does when the host says
"join now"; the handshake timeout is a safety net, never a measurement.

The second line is the phone's own: a socket whose handshake fails is tried
again after static/live/socket.js's backoff (bench/phone.py copies it, and
tests/test_bench_phone.py checks the copy). Started before the server (a
process restarting as the hall joins), every phone is refused at first and
still ends with its ``state``.

Without a real PostgreSQL and Redis these tests skip, except under CI=true
where they fail.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import time
from dataclasses import dataclass
from importlib import import_module

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Origin

from bench.phone import FINAL_CLOSE_CODES, HANDSHAKE_TIMEOUT, reconnect_delay
from competitions.live.models import LivePlayer, LiveRound
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, User
from tests.competitions.live_helpers import make_live_round
from tests.competitions.live_sockets import CODE, cookie_of
from tests.components import redis_url
from tests.conftest import PASSWORD
from tests.servers import PRODUCTION_SERVER, Server, bound_socket, require_postgres_and_redis, server_env, start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres, pytest.mark.needs_redis]

PLAYERS = 500
TEAM_SIZE = 10
# Safety nets only: on a loaded two-core machine with the clients on the same cores, a storm takes seconds.
OPEN_S = 60
START_S = 120
RETRY_FOR_S = 180
SERVER_LATE_S = 2


@pytest.fixture(autouse=True)
def _real_components():
    require_postgres_and_redis("the server process reads the round from PostgreSQL and joins Redis's channel layer")


@pytest.fixture(autouse=True)
def _enough_open_files():
    """Room for 500 client sockets beside the test's own files (a CI shell may start at 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 4 * PLAYERS) if hard != resource.RLIM_INFINITY else 4 * PLAYERS
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@dataclass
class Phone:
    user_id: int
    cookie: str


@dataclass
class Hall:
    live: LiveRound
    host_cookie: str
    phones: list[Phone]


def signed_in(user: User) -> str:
    """A session cookie for ``user``, the session made through the session engine as sign-in makes it."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@pytest.fixture
def hall(stage, bank, hamlet_a, organiser_a) -> Hall:
    """A live round in its lobby with 50 teams of ten entered, every member signed in on a phone."""
    teams = [accounts.create_team(unit=hamlet_a, name=f"Tổ CNS số {n + 1}") for n in range(PLAYERS // TEAM_SIZE)]
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(phone=f"+8488{n:07d}", full_name=f"Người chơi {n + 1}", password=password) for n in range(PLAYERS)
    )
    Membership.objects.bulk_create(Membership(team=teams[n // TEAM_SIZE], user=user) for n, user in enumerate(users))
    live = make_live_round(stage=stage, questions=bank[:3], teams=teams, code=CODE)
    phones = [Phone(user.pk, signed_in(user)) for user in users]
    return Hall(live, cookie_of(organiser_a)[1].decode(), phones)


@pytest.fixture
def server(hall, tmp_path):
    """One server process, production's command; started after the hall's data is committed."""
    process = start(PRODUCTION_SERVER, "storm", server_env(redis_url()), tmp_path)
    try:
        process.wait_ready(time.monotonic() + START_S)
        yield process
    finally:
        process.stop()
        print(f"--- {process} log ---\n{process.tail()}")  # shown by pytest when the test failed


async def open_socket(port: int, path: str, cookie: str, timeout: float) -> ClientConnection:
    """A socket as a phone's browser opens it: the site's Origin, the session cookie, compression offered."""
    return await connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=Origin(f"http://127.0.0.1:{port}"),
        additional_headers={"Cookie": cookie},
        open_timeout=timeout,
        ping_interval=None,
        max_queue=None,  # lobby frames pile up unread while the hall joins; nothing here is slowed by them
    )


async def first_message(ws: ClientConnection) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), OPEN_S))


async def join(server: Server, phone: Phone) -> tuple[ClientConnection, dict]:
    ws = await open_socket(server.port, f"/ws/live/{CODE}/play/", phone.cookie, OPEN_S)
    return ws, await first_message(ws)


async def lobby_with(host: ClientConnection, players: int) -> dict:
    """The first ``lobby`` the host gets that counts ``players``."""
    while True:
        message = json.loads(await host.recv())
        if message["type"] == "lobby" and message["player_count"] == players:
            return message


@database_sync_to_async
def players_in_db(live: LiveRound) -> list[int]:
    return sorted(LivePlayer.objects.filter(live_round=live).values_list("user_id", flat=True))


async def close_all(sockets: list[ClientConnection]) -> None:
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


async def test_500_sockets_opened_at_once_on_one_process_all_get_their_state(server, hall):
    host = await open_socket(server.port, f"/ws/live/{CODE}/host/", hall.host_cookie, OPEN_S)
    sockets: list[ClientConnection] = [host]
    try:
        assert (await first_message(host))["role"] == "host"

        joined = await asyncio.gather(*(join(server, phone) for phone in hall.phones), return_exceptions=True)
        failed = [repr(result) for result in joined if isinstance(result, BaseException)]
        sockets += [result[0] for result in joined if not isinstance(result, BaseException)]
        assert not failed, f"{len(failed)} of {PLAYERS} phones got no state, e.g. {failed[:3]}"

        for phone, (ws, state) in zip(hall.phones, joined, strict=True):
            assert state["type"] == "state" and state["role"] == "player", state
            assert state["me"]["user"] == phone.user_id
            assert state["round"]["status"] == "lobby"
            # A phone's browser offers compression; production's server never takes it (CPU and memory per socket).
            assert ws.response.headers.get("Sec-WebSocket-Extensions") is None
        assert await players_in_db(hall.live) == sorted(phone.user_id for phone in hall.phones)

        lobby = await asyncio.wait_for(lobby_with(host, PLAYERS), OPEN_S)
        assert {team["players"] for team in lobby["teams"]} == {TEAM_SIZE}
    finally:
        await close_all(sockets)


async def join_as_a_phone_does(port: int, phone: Phone, rng: random.Random) -> tuple[dict, list[str]]:
    """socket.js's loop: try; on a failed handshake wait its backoff and try again, until a ``state``.

    Returns the state and what each failed try met. A close with 4403/4404 ends it, as it ends the page.
    """
    failures: list[str] = []
    deadline = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            ws = await open_socket(port, f"/ws/live/{CODE}/play/", phone.cookie, HANDSHAKE_TIMEOUT)
        except (OSError, TimeoutError, InvalidHandshake) as error:
            failures.append(type(error).__name__)
        else:
            try:
                return await first_message(ws), failures
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
                assert code not in FINAL_CLOSE_CODES, f"phone {phone.user_id}: refused with {code}"
                failures.append(f"closed {code}")
            finally:
                await ws.close()
        assert time.monotonic() < deadline, f"phone {phone.user_id}: no state after {failures}"
        await asyncio.sleep(reconnect_delay(len(failures) - 1, rng.random()))


async def test_phones_that_find_no_server_yet_get_in_by_their_own_retries(hall, tmp_path):
    # The port is the server's before it runs: bound, not listening, so every handshake is refused until
    # uvicorn listens on it.
    sock = bound_socket()
    port = sock.getsockname()[1]
    env = server_env(redis_url())
    rng = random.Random(15)
    late: Server | None = None
    try:
        phones = asyncio.gather(*(join_as_a_phone_does(port, phone, rng) for phone in hall.phones))
        await asyncio.sleep(SERVER_LATE_S)
        late = await asyncio.to_thread(start, PRODUCTION_SERVER, "late", env, tmp_path, sock=sock)
        results = await phones
    finally:
        sock.close()
        if late is not None:
            await asyncio.to_thread(late.stop)
            print(f"--- {late} log ---\n{late.tail()}")

    for phone, (state, failures) in zip(hall.phones, results, strict=True):
        assert state["type"] == "state" and state["me"]["user"] == phone.user_id, state
        assert failures, f"phone {phone.user_id} got in at its first try: the server was not late for it"
    assert await players_in_db(hall.live) == sorted(phone.user_id for phone in hall.phones)
