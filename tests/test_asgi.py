"""The one ASGI application: WebSockets through Channels, and the channel layer."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer

from quizsite.asgi import application
from tests.components import redis_url

ALLOWED_ORIGIN = [(b"origin", b"http://testserver")]

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(path: str = "/ws/ping/", headers=ALLOWED_ORIGIN) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def test_the_ping_socket_answers_ping_with_pong_and_the_server_clock():
    socket = await connect()

    await socket.send_json_to({"type": "ping", "t": 12345})
    reply = await socket.receive_json_from()

    assert reply["type"] == "pong"
    assert reply["t"] == 12345
    assert isinstance(reply["server_time_ms"], int) and reply["server_time_ms"] > 1_700_000_000_000
    await socket.disconnect()


async def test_a_socket_from_a_foreign_origin_is_refused():
    socket = WebsocketCommunicator(application, "/ws/ping/", headers=[(b"origin", b"https://evil.example.com")])

    connected, _code = await socket.connect()

    assert not connected


async def test_a_malformed_message_gets_an_error_and_the_socket_stays_open():
    socket = await connect()

    await socket.send_to(text_data="{not json")
    error = await socket.receive_json_from()
    await socket.send_json_to({"type": "nonsense"})
    second = await socket.receive_json_from()
    await socket.send_json_to({"type": "ping", "t": 1})
    pong = await socket.receive_json_from()

    assert error["type"] == "error" and error["code"] == "bad_message"
    assert second["type"] == "error"
    assert pong["type"] == "pong"
    await socket.disconnect()


async def test_the_default_channel_layer_delivers_a_group_message():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    group = f"test-{uuid.uuid4().hex}"

    await layer.group_add(group, channel)
    await layer.group_send(group, {"type": "round.update", "n": 1})

    assert await layer.receive(channel) == {"type": "round.update", "n": 1}
    await layer.group_discard(group, channel)


@pytest.mark.needs_redis
async def test_a_group_message_crosses_the_redis_channel_layer():
    layer = RedisChannelLayer(hosts=[redis_url()], prefix=f"test-{uuid.uuid4().hex[:8]}")
    channel = await layer.new_channel()
    group = "round-42"

    await layer.group_add(group, channel)
    await layer.group_send(group, {"type": "round.update", "question": 3})
    received = await layer.receive(channel)

    assert received == {"type": "round.update", "question": 3}
    await layer.group_discard(group, channel)
    await layer.flush()


class GroupEcho(AsyncJsonWebsocketConsumer):
    """Joins one group and forwards its messages, as the live-round consumers will."""

    group = "echo-test"

    async def connect(self):
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def round_update(self, event):
        await self.send_json({"type": "update", "question": event["question"]})


@pytest.mark.needs_redis
async def test_a_consumer_receives_what_another_process_sends_to_its_group_through_redis(settings):
    url = redis_url()
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url], "prefix": prefix}}
    }
    socket = WebsocketCommunicator(GroupEcho.as_asgi(), "/ws/echo/")
    connected, _code = await socket.connect()
    assert connected
    # A separate layer object stands for another daphne process.
    other_process = RedisChannelLayer(hosts=[url], prefix=prefix)

    await other_process.group_send(GroupEcho.group, {"type": "round.update", "question": 7})

    assert json.loads((await socket.receive_output(timeout=5))["text"]) == {"type": "update", "question": 7}
    await socket.disconnect()
