"""Numbers a live socket cannot take: an id too big for the database, NaN and Infinity, a ``t`` no browser holds.

Each is the client's mistake, so it gets an ``error`` in the user's language
and changes nothing; never "not saved, try again", never a traceback in the
log, and nothing the server sends back is anything but JSON.
"""

# ruff: noqa: F811 - the `sockets` fixture is imported from test_live_protocol and taken by name

from __future__ import annotations

import json
import logging

import pytest

from tests.competitions.test_live_protocol import (  # noqa: F401  (fixtures)
    HOST,
    PLAY,
    answer_rows,
    questions_of,
    right_keys,
    sockets,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_lead(settings):
    settings.LIVE_QUESTION_LEAD_MS = 0


async def open_question(sockets, member_a, organiser_a, *, language=None):
    host = await sockets(HOST, organiser_a)
    await host.read()
    player = await sockets(PLAY, member_a, language=language)
    await player.read()
    await host.send(type="start")
    await player.next("question")
    return host, player


async def reply_to(socket, text: str) -> dict:
    """The direct reply to one frame (broadcasts that come meanwhile are skipped)."""
    await socket.send_text(text)
    reply = await socket.read()
    while reply["type"] in ("lobby", "progress", "status", "question"):
        reply = await socket.read()
    return reply


async def test_it_refuses_a_question_id_too_big_for_the_database_as_a_bad_answer_without_a_traceback(
    sockets, live, member_a, organiser_a, caplog
):
    _host, player = await open_question(sockets, member_a, organiser_a)
    q0 = (await questions_of(live))[0]
    right = await right_keys(q0)
    caplog.set_level(logging.INFO)
    for question_id in (2**63, 10**30, -1, 0):
        reply = await reply_to(player, json.dumps({"type": "answer", "question_id": question_id, "choices": right}))
        assert reply["type"] == "error" and reply["code"] == "bad_answer", (question_id, reply)
    for choice in (2**63, 10**40, 0, -right[0]):
        reply = await reply_to(player, json.dumps({"type": "answer", "question_id": q0.pk, "choices": [choice]}))
        assert reply["type"] == "error" and reply["code"] == "bad_answer", (choice, reply)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING], caplog.text
    assert await answer_rows() == []
    # The same phone still plays.
    ack = await reply_to(player, json.dumps({"type": "answer", "question_id": q0.pk, "choices": right}))
    assert ack["type"] == "ack" and ack["accepted"] is True


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400", "-1e999"])
async def test_it_refuses_nan_and_infinity_in_an_answer_and_a_ping_and_never_echoes_them(
    sockets, live, member_a, organiser_a, constant
):
    host, player = await open_question(sockets, member_a, organiser_a)
    q0 = (await questions_of(live))[0]
    for socket in (player, host):
        for text in (
            f'{{"type": "answer", "question_id": {constant}, "choices": [1]}}',
            f'{{"type": "answer", "question_id": {q0.pk}, "choices": [{constant}]}}',
            f'{{"type": "ping", "t": {constant}}}',
        ):
            await socket.send_text(text)
            reply = await socket.next("error")
            assert reply["code"] == "not_a_number" and "NaN" in reply["message"], (text, reply)
        await socket.drain()
        assert not [f for f in socket.frames if f["type"] in ("pong", "ack")], socket.frames
    assert await answer_rows() == []


async def test_the_not_a_number_error_is_in_english_when_chosen(sockets, live, member_a, organiser_a):
    _host, player = await open_question(sockets, member_a, organiser_a, language="en")
    reply = await reply_to(player, '{"type": "ping", "t": NaN}')
    assert reply == {
        "type": "error",
        "code": "not_a_number",
        "message": "The message is not valid JSON: JSON has no NaN, Infinity or numbers too big to be finite.",
    }


async def test_a_ping_whose_t_no_browser_holds_exactly_gets_an_error_and_no_pong(sockets, live, member_a):
    player = await sockets(PLAY, member_a)
    await player.read()
    for t in (2**53, -(2**53), 10**300, 1.5e300):
        reply = await reply_to(player, json.dumps({"type": "ping", "t": t}))
        assert reply["type"] == "error" and reply["code"] == "bad_ping", (t, reply)
    for t in (2**53 - 1, 1_700_000_000_123, 1_700_000_000_123.25):
        pong = await reply_to(player, json.dumps({"type": "ping", "t": t}))
        assert pong["type"] == "pong" and pong["t"] == t


async def test_the_site_s_ping_socket_refuses_nan_too():
    from tests.test_asgi import connect

    socket = await connect()
    await socket.send_to(text_data='{"type": "ping", "t": NaN}')
    reply = json.loads(await socket.receive_from())
    assert reply["type"] == "error" and reply["code"] == "not_a_number"
    await socket.send_to(text_data='{"type": "ping", "t": 12}')
    assert json.loads(await socket.receive_from())["t"] == 12
    await socket.disconnect()
