"""A live-round socket whose database call fails closes with 1013 (try again later): the page reconnects and syncs."""

from __future__ import annotations

from unittest import mock

import pytest
from channels.testing import WebsocketCommunicator
from django.db.utils import IntegrityError, OperationalError

from competitions.live import access, messages
from quizsite.asgi import application
from tests.competitions.live_sockets import CODE
from tests.competitions.test_live_protocol import cookie_header, dba
from tests.test_asgi import SAME_ORIGIN

pytestmark = pytest.mark.django_db(transaction=True)

PLAY = f"/ws/live/{CODE}/play/"
AWAY = OperationalError("server closed the connection unexpectedly")


async def _open(user) -> WebsocketCommunicator:
    headers = await dba(cookie_header)(user)
    return WebsocketCommunicator(application, PLAY, headers=[*SAME_ORIGIN, *headers])


async def _closing(socket: WebsocketCommunicator) -> dict:
    """The close frame, past the broadcasts (lobby) that may come before it."""
    while (output := await socket.receive_output(timeout=3))["type"] != "websocket.close":
        pass
    return output


async def test_a_socket_opened_while_the_database_is_away_is_closed_with_1013(live, member_a):
    socket = await _open(member_a)

    with mock.patch.object(access, "live_round_by_code", side_effect=AWAY):
        connected, _ = await socket.connect()
        closed = await socket.receive_output(timeout=3)

    assert connected
    assert closed == {"type": "websocket.close", "code": 1013}


async def test_a_sync_while_the_database_is_away_closes_the_socket_with_1013(live, member_a):
    socket = await _open(member_a)
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from(timeout=3))["type"] == "state"

    with mock.patch.object(messages, "states", side_effect=AWAY):  # a player's state is read with others' (door.py)
        await socket.send_json_to({"type": "sync"})
        closed = await _closing(socket)

    assert closed == {"type": "websocket.close", "code": 1013}
    await socket.disconnect()


async def test_other_database_errors_are_not_taken_for_an_outage(live, member_a):
    socket = await _open(member_a)

    with mock.patch.object(access, "live_round_by_code", side_effect=IntegrityError("a bug")):
        with pytest.raises(IntegrityError):
            await socket.connect()
