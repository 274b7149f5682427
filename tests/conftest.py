"""Factories as fixtures, and the standard people of every permission test.

The tree used throughout::

    province (Tỉnh Demo)
    ├── commune_a (Xã An Bình)
    │   └── hamlet_a (Ấp 1)  ── team_a
    └── commune_b (Xã Tân Phú)
        └── hamlet_b (Ấp 2)  ── team_b
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
import warnings

import pytest
from django.utils import translation

from questionbank import services as qb
from questionbank.models import Question, Topic
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Unit, User

PASSWORD = "Mat-khau-thu-2025"
_phones = itertools.count(10_000_000)


@pytest.fixture(scope="session", autouse=True)
def _no_connections_left_behind(django_db_setup, django_db_blocker):
    """Live-round tests reach PostgreSQL from the consumers' worker threads; end their sessions
    before the test database is dropped, which refuses while anyone is connected."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def _cancel_all_tasks_within(loop: asyncio.AbstractEventLoop, wait_s: float = 10) -> None:
    """asyncio.runners._cancel_all_tasks, bounded: what a test left running gets ``wait_s`` to end after its cancel.

    A task left in the middle of a Redis read (a hub's reader, a consumer
    that was never disconnected) can lose its cancel inside redis-py and
    channels_redis (a read timeout turned into a retried error), then wait on
    Redis for ever; asyncio's own shutdown waits with it, and the test held
    CI until pytest-timeout failed it. A task still running after ``wait_s``
    is named and left; the loop closes all the same.
    """
    tasks = asyncio.all_tasks(loop)
    if not tasks:
        return
    for task in tasks:
        task.cancel()
    done, pending = loop.run_until_complete(asyncio.wait(tasks, timeout=wait_s))
    for task in pending:
        warnings.warn(f"a task did not end within {wait_s:.0f} s of its cancel, left behind: {task!r}", stacklevel=1)
    for task in done:
        if not task.cancelled() and (error := task.exception()) is not None:
            loop.call_exception_handler({"message": "a task failed at shutdown", "exception": error, "task": task})


asyncio.runners._cancel_all_tasks = _cancel_all_tasks_within


@pytest.fixture(autouse=True)
def _no_live_round_state_between_tests():
    """A live round's process-wide state (hubs, answer keys, lobbies, question counts) is per process and
    round; SQLite gives the next test's round the same ids, so none of it may outlive a test."""
    yield
    from channels.layers import channel_layers

    from competitions.live import answers, door, hub, messages

    hub._hubs.clear()
    door.forget()
    # A hub left behind by a test holds its channel layer's receive lock on that test's (closed) event
    # loop; the next test's layer would then say "bound to a different event loop" and run as if Redis
    # were away. Each test gets layers of its own.
    channel_layers.backends.clear()
    messages._lobbies.clear()
    messages._question_counts.clear()
    messages._lobby_question_counts.clear()
    answers.answer_key.cache_clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets its own cache namespace.

    The cache holds allauth's rate-limit counters and, with Redis, the
    sessions; on a real Redis they outlive a test (and a whole run), so one
    test's failed sign-ins would lock another test out. A new key prefix is
    cheaper and safer than flushing a Redis database someone may share.
    """
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at full strength costs ~0.3 s a user; the suite makes hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # The language middleware leaves the last request's language active in the
    # thread; a test after one that chose English must start in Vietnamese.
    yield
    translation.deactivate()


@pytest.fixture
def make_user(db):
    def make(*, name: str = "Nguyễn Văn A", phone: str | None = None, email: str = "", **extra) -> User:
        phone = phone or f"+849{next(_phones):08d}"
        return User.objects.create_user(phone=phone, email=email, password=PASSWORD, full_name=name, **extra)

    return make


@pytest.fixture
def province(db) -> Unit:
    return accounts.create_unit(name="Tỉnh Demo", kind=Unit.Kind.PROVINCE, code="99")


@pytest.fixture
def commune_a(province) -> Unit:
    return accounts.create_unit(name="Xã An Bình", kind=Unit.Kind.COMMUNE, parent=province)


@pytest.fixture
def commune_b(province) -> Unit:
    return accounts.create_unit(name="Xã Tân Phú", kind=Unit.Kind.COMMUNE, parent=province)


@pytest.fixture
def hamlet_a(commune_a) -> Unit:
    return accounts.create_unit(name="Ấp 1", kind=Unit.Kind.HAMLET, parent=commune_a)


@pytest.fixture
def hamlet_b(commune_b) -> Unit:
    return accounts.create_unit(name="Ấp 2", kind=Unit.Kind.HAMLET, parent=commune_b)


@pytest.fixture
def team_a(hamlet_a):
    return accounts.create_team(unit=hamlet_a, name="Tổ CNS Ấp 1")


@pytest.fixture
def team_b(hamlet_b):
    return accounts.create_team(unit=hamlet_b, name="Tổ CNS Ấp 2")


@pytest.fixture
def make_officer(make_user):
    def make(role: str, unit: Unit, name: str | None = None) -> User:
        user = make_user(name=name or f"Cán bộ {role} {unit.name}")
        accounts.grant_role(user=user, role=role, unit=unit)
        return user

    return make


@pytest.fixture
def author_a(make_officer, commune_a) -> User:
    return make_officer(RoleAssignment.Role.AUTHOR, commune_a, "Trần Thị Soạn")


@pytest.fixture
def reviewer_a(make_officer, commune_a) -> User:
    return make_officer(RoleAssignment.Role.REVIEWER, commune_a, "Lê Văn Duyệt")


@pytest.fixture
def organiser_a(make_officer, commune_a) -> User:
    return make_officer(RoleAssignment.Role.ORGANISER, commune_a, "Phạm Tổ Chức")


@pytest.fixture
def author_b(make_officer, commune_b) -> User:
    """The outsider: an officer of the neighbouring commune."""
    return make_officer(RoleAssignment.Role.AUTHOR, commune_b, "Võ Người Ngoài")


@pytest.fixture
def organiser_b(make_officer, commune_b) -> User:
    """An organiser of the neighbouring commune: everything of commune A is a 404 to them."""
    return make_officer(RoleAssignment.Role.ORGANISER, commune_b, "Đinh Xã Bên")


@pytest.fixture
def viewer_a(make_officer, commune_a) -> User:
    return make_officer(RoleAssignment.Role.VIEWER, commune_a, "Ngô Theo Dõi")


@pytest.fixture
def nobody(make_user) -> User:
    """Signed in, in no team, with no officer role."""
    return make_user(name="Người Qua Đường")


@pytest.fixture
def leader_a(make_user, team_a) -> User:
    user = make_user(name="Đỗ Tổ Trưởng")
    accounts.add_member(team=team_a, user=user, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def member_a(make_user, team_a) -> User:
    user = make_user(name="Hoàng Thành Viên")
    accounts.add_member(team=team_a, user=user)
    return user


@pytest.fixture
def topic(db) -> Topic:
    # transaction=True tests flush the table that the data migration filled.
    qb.ensure_root_topics()
    return Topic.objects.get(root_key=Topic.Root.SAFETY)


@pytest.fixture
def make_question(topic):
    def make(*, author: User, unit: Unit, text: str = "Không nên chia sẻ mã OTP cho ai?", **extra) -> Question:
        data = qb.QuestionData(
            topic=extra.pop("topic", topic),
            kind=extra.pop("kind", Question.Kind.SINGLE),
            text=text,
            choices=extra.pop(
                "choices",
                [
                    qb.ChoiceData("Không chia sẻ cho bất kỳ ai", True),
                    qb.ChoiceData("Nhân viên ngân hàng gọi điện", False),
                    qb.ChoiceData("Người thân qua Zalo", False),
                ],
            ),
            explanation=extra.pop("explanation", "Mã OTP chỉ dành cho chính chủ tài khoản."),
            source=extra.pop("source", ""),
            difficulty=extra.pop("difficulty", 1),
            has_image="image" in extra,
        )
        return qb.create_question(author=author, unit=unit, data=data, image=extra.pop("image", None))

    return make


# A practice question of each new kind (issue 18), as an author would write one.
ORDER_STEPS = (
    "Mở ứng dụng ngân hàng và đăng nhập",
    "Chọn mục Thanh toán hóa đơn, rồi Tiền điện",
    "Nhập mã khách hàng in trên hóa đơn",
    "Kiểm tra tên, số tiền và xác nhận bằng mã OTP",
)
HOTSPOT_AREAS = (
    ("Tên người gửi", False, qb.Area(0.05, 0.04, 0.5, 0.08)),
    ("Đường link lạ", True, qb.Area(0.1, 0.42, 0.6, 0.07)),
    ("Giờ gửi tin", False, qb.Area(0.7, 0.04, 0.25, 0.08)),
    ("Lời dọa khóa tài khoản", False, qb.Area(0.1, 0.25, 0.8, 0.12)),
)


def question_image(name: str = "tin-nhan.png", size: tuple[int, int] = (360, 640)):
    """A PNG upload, as an author's phone would send one: a message screen drawn by Pillow."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, "white")
    ImageDraw.Draw(picture).rectangle((20, 260, 340, 300), fill="#cfe3ff")
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def make_order_question(make_question):
    def make(*, author: User, unit: Unit, steps=ORDER_STEPS, **extra) -> Question:
        text = extra.pop("text", "Sắp xếp các bước thanh toán tiền điện trên ứng dụng ngân hàng.")
        choices = [qb.ChoiceData(step, False) for step in steps]
        return make_question(author=author, unit=unit, text=text, kind=Question.Kind.ORDER, choices=choices, **extra)

    return make


@pytest.fixture
def make_hotspot_question(make_question):
    def make(*, author: User, unit: Unit, areas=HOTSPOT_AREAS, **extra) -> Question:
        text = extra.pop("text", "Tin nhắn này tự xưng là của ngân hàng. Chạm vào dấu hiệu lừa đảo rõ nhất.")
        choices = [qb.ChoiceData(name, right, area) for name, right, area in areas]
        return make_question(
            author=author,
            unit=unit,
            text=text,
            kind=Question.Kind.HOTSPOT,
            choices=choices,
            image=extra.pop("image", None) or question_image(),
            **extra,
        )

    return make


@pytest.fixture
def approved_question(make_question, author_a, reviewer_a, commune_a) -> Question:
    question = make_question(author=author_a, unit=commune_a)
    qb.submit_for_review(question=question, actor=author_a)
    return qb.approve(question=question, reviewer=reviewer_a)
