"""A live round to play over the real ASGI application, and sockets signed in as anyone.

Import the fixtures into a test module by name (pytest finds them there).
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from competitions.live.models import LiveEntry, LiveQuestion, LiveRound
from competitions.models import Round
from quizsite.accounts import services as accounts
from quizsite.asgi import application
from tests.test_asgi import SAME_ORIGIN

CODE = "246810"


@pytest.fixture
def live(stage, bank, team_a, team_b) -> LiveRound:
    """A live round in the lobby: three of the bank's questions, 20 s and 1,000 points each; teams A and B."""
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Chung kết trực tiếp",
        mode=Round.Mode.LIVE,
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(days=1),
        published_at=now - timedelta(minutes=10),
    )
    live = LiveRound.objects.create(round=round, code=CODE, guests_allowed=True)
    for position, question in enumerate(bank[:3]):
        keys = list(question.choices.values_list("key", flat=True))
        random.shuffle(keys)
        LiveQuestion.objects.create(
            live_round=live, question=question, position=position, duration_seconds=20, points=1000, choice_order=keys
        )
    LiveEntry.objects.create(live_round=live, team=team_a)
    LiveEntry.objects.create(live_round=live, team=team_b)
    return live


@pytest.fixture
def member_b(make_user, team_b):
    user = make_user(name="Trần Thị Bình")
    accounts.add_member(team=team_b, user=user)
    return user


def cookie_of(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def socket(path: str, user=None, *, headers=()) -> WebsocketCommunicator:
    """A connected socket (as ``user`` when given); the first message (``state``) is still to be read."""
    extra = [await database_sync_to_async(cookie_of)(user)] if user is not None else []
    communicator = WebsocketCommunicator(application, path, headers=[*SAME_ORIGIN, *extra, *headers])
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def close_code(path: str, user=None) -> int | None:
    """The code a refused socket closes with (PROTOCOL.md: 4403, 4404)."""
    communicator = await socket(path, user)
    message = await communicator.receive_output(timeout=3)
    assert message["type"] == "websocket.close", message
    return message.get("code")


async def next_of(communicator: WebsocketCommunicator, kind: str, timeout: float = 3) -> dict:
    """Read messages until one of ``kind`` comes; the others are dropped."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message
