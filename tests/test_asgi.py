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
from quizsite.consumers import SafeJsonConsumer
from tests.components import redis_url

# What a page of the test site sends: its origin, and the Host it asked for.
SAME_ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(path: str = "/ws/ping/", headers=SAME_ORIGIN) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def outcome(path: str = "/ws/ping/", headers=SAME_ORIGIN) -> object:
    """ "open", or the close code the socket got (PROTOCOL.md: 4403 not allowed, 4404 no such thing)."""
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await socket.connect()
    if not connected:
        return code
    if await socket.receive_nothing(timeout=0.2):
        await socket.disconnect()
        return "open"
    message = await socket.receive_output()
    return message.get("code") if message["type"] == "websocket.close" else message


def site(origin: str, host: str, *extra: tuple[bytes, bytes]) -> list[tuple[bytes, bytes]]:
    return [(b"origin", origin.encode()), (b"host", host.encode()), *extra]


async def test_the_ping_socket_answers_ping_with_pong_and_the_server_clock():
    socket = await connect()

    await socket.send_json_to({"type": "ping", "t": 12345})
    reply = await socket.receive_json_from()

    assert reply["type"] == "pong"
    assert reply["t"] == 12345
    assert isinstance(reply["server_time_ms"], int) and reply["server_time_ms"] > 1_700_000_000_000
    await socket.disconnect()


# --- Which pages may open a socket -------------------------------------------


async def test_a_socket_from_a_foreign_origin_is_closed_with_4403():
    assert await outcome(headers=site("https://evil.example.com", "testserver")) == 4403


@pytest.mark.parametrize(
    ("origin", "host", "expected"),
    [
        ("http://testserver", "testserver", "open"),
        ("http://testserver:8080", "testserver", 4403),  # same host name, another port
        ("https://testserver", "testserver", 4403),  # another scheme
        ("http://testserver:8000", "testserver:8000", "open"),
        ("http://testserver", "testserver:8000", 4403),
        ("http://evil.example.com", "evil.example.com", 4403),  # a Host outside ALLOWED_HOSTS
        ("null", "testserver", 4403),  # a sandboxed frame or a file
        ("http://testserver:port", "testserver", 4403),
    ],
)
async def test_the_origin_must_be_the_site_s_own_scheme_host_and_port(origin, host, expected):
    assert await outcome(headers=site(origin, host)) == expected


async def test_a_socket_without_an_origin_is_refused():
    assert await outcome(headers=[(b"host", b"testserver")]) == 4403


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://quiz.example.vn", "open"),
        ("http://quiz.example.vn:8080", 4403),  # the case: accepted for a site on 443 before
        ("https://quiz.example.vn:8443", 4403),
        ("http://quiz.example.vn", 4403),
        ("https://quiz.example.vn.evil.com", 4403),
    ],
)
async def test_behind_the_proxy_the_site_is_https_on_443(settings, origin, expected):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["quiz.example.vn"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # nginx (deploy/nginx.conf) passes Host without the port and the scheme in X-Forwarded-Proto.
    headers = site(origin, "quiz.example.vn", (b"x-forwarded-proto", b"https"))

    assert await outcome(headers=headers) == expected


async def test_an_origin_listed_in_csrf_trusted_origins_is_accepted(settings):
    settings.ALLOWED_HOSTS = ["quiz.example.vn"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://quiz.example.vn:8443", "https://*.tinh.gov.vn"]

    assert await outcome(headers=site("https://quiz.example.vn:8443", "quiz.example.vn")) == "open"
    assert await outcome(headers=site("https://xa.tinh.gov.vn", "quiz.example.vn")) == "open"
    assert await outcome(headers=site("http://xa.tinh.gov.vn", "quiz.example.vn")) == 4403


@pytest.mark.parametrize("address", ["localhost:8000", "127.0.0.1:8000"])
async def test_make_run_on_port_8000_still_opens_sockets_from_its_own_pages(settings, address):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

    assert await outcome(headers=site(f"http://{address}", address)) == "open"
    assert await outcome(headers=site("http://localhost:3000", address)) == 4403


# --- Paths and messages that used to crash ------------------------------------


@pytest.mark.parametrize("path", ["/ws/no-such-thing/", "/ws/", "/", "/ws/ping/extra/"])
async def test_an_unknown_path_is_closed_with_4404(path):
    assert await outcome(path) == 4404


async def test_a_path_outside_a_forged_root_path_is_closed_with_4404():
    socket = WebsocketCommunicator(application, "/ws/ping/", headers=SAME_ORIGIN)
    socket.scope["root_path"] = "/elsewhere"  # what daphne makes of a Daphne-Root-Path header

    connected, _code = await socket.connect()

    assert connected
    assert await socket.receive_output() == {"type": "websocket.close", "code": 4404}


async def error_for(frame: dict[str, object], headers=SAME_ORIGIN) -> dict[str, object]:
    """The reply to one bad frame; the socket must still answer a ping afterwards."""
    socket = await connect(headers=headers)
    await socket.send_input({"type": "websocket.receive", **frame})
    reply = await socket.receive_json_from()
    await socket.send_json_to({"type": "ping", "t": 1})
    assert (await socket.receive_json_from())["type"] == "pong"
    await socket.disconnect()
    return reply


@pytest.mark.parametrize(
    ("frame", "code", "message"),
    [
        ({"bytes": b"\x00\x01binary"}, "binary_frame", "Chỉ nhận tin nhắn dạng văn bản"),
        ({"text": "[" * 100_000 + "]" * 100_000}, "too_large", "Tin nhắn quá dài (tối đa 16384 ký tự)."),
        ({"text": json.dumps({"type": "ping", "t": "x" * 20_000})}, "too_large", "Tin nhắn quá dài"),
        ({"text": "[" * 5_000 + "]" * 5_000}, "too_deep", "Tin nhắn lồng nhau quá sâu (tối đa 8 tầng)."),
        ({"text": '{"type": "ping", "t": ' + "[" * 9 + "]" * 9 + "}"}, "too_deep", "lồng nhau quá sâu"),
        ({"text": "{not json"}, "bad_json", "Tin nhắn không phải JSON hợp lệ."),
        ({"text": ""}, "bad_json", "Tin nhắn không phải JSON hợp lệ."),
        ({"text": "[1, 2]"}, "bad_message", "trường “type”"),
        ({"text": '{"type": 5}'}, "bad_message", "trường “type”"),
        ({"text": '{"type": "nonsense"}'}, "unknown_type", "Không hiểu loại tin nhắn “nonsense”."),
    ],
)
async def test_a_frame_it_cannot_read_gets_an_error_and_the_socket_stays_open(frame, code, message):
    reply = await error_for(frame)

    assert reply["type"] == "error" and reply["code"] == code
    assert message in reply["message"]


async def test_the_error_message_is_in_the_language_the_person_chose():
    english = [*SAME_ORIGIN, (b"cookie", b"django_language=en")]

    reply = await error_for({"bytes": b"\x00"}, headers=english)

    assert reply["code"] == "binary_frame"
    assert reply["message"] == "Only text (JSON) messages are accepted, not binary data."


async def test_a_consumer_built_on_the_safe_base_gets_only_valid_messages():
    received = []

    class Recorder(SafeJsonConsumer):
        async def connect(self):
            await self.accept()

        async def receive_message(self, message):
            received.append(message)
            await self.send_json({"type": "ok"})

    socket = WebsocketCommunicator(Recorder.as_asgi(), "/ws/recorder/")
    assert (await socket.connect())[0]

    await socket.send_to(bytes_data=b"\xff")
    await socket.send_to(text_data="[" * 50 + "]" * 50)
    await socket.send_json_to({"type": "answer", "question_id": 3, "choices": [11, 12]})
    replies = [await socket.receive_json_from() for _ in range(3)]

    assert [reply["type"] for reply in replies] == ["error", "error", "ok"]
    assert received == [{"type": "answer", "question_id": 3, "choices": [11, 12]}]
    await socket.disconnect()


async def test_a_consumer_refuses_with_a_code_the_client_can_read():
    class Closed(SafeJsonConsumer):
        async def connect(self):
            await self.refuse(4403)

    socket = WebsocketCommunicator(Closed.as_asgi(), "/ws/closed/")

    assert (await socket.connect())[0]
    assert await socket.receive_output() == {"type": "websocket.close", "code": 4403}


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
