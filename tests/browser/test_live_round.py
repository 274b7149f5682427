"""A live round end to end: the host's console, the projector and three phones at 360×740, to the podium.

A real server serves pages and sockets from a separate process, uvicorn as
production runs it and then daphne (``make run``), so the round's data must be
in a database both processes see: PostgreSQL.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from competitions.live.models import LivePlayer, LiveRound
from questionbank.models import Choice
from quizsite.accounts import services as accounts
from tests.browser.conftest import PHONE, browser, new_page
from tests.competitions.conftest import bank, competition, make_approved, stage
from tests.competitions.live_helpers import make_live_round
from tests.conftest import PASSWORD
from tests.servers import SERVERS, server_env, start

FIXTURES = (browser, new_page, bank, competition, make_approved, stage)
SHOTS = Path("/tmp/live-shots")
PROJECTOR = {"width": 1280, "height": 720}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _fast_passwords():
    """The server is another process, with the site's own password hashers: people get real (PBKDF2) ones."""


@pytest.fixture(params=SERVERS)
def site(request, tmp_path):
    """The site on a real server process (tests/servers.py), static files included; its address."""
    if connection.vendor == "sqlite":
        pytest.skip("the server runs in another process: the SQLite test database is not shared")
    env = server_env(os.environ.get("REDIS_URL"), MEDIA_ROOT=str(tmp_path / "media"))
    server = start(request.param, "site", env, tmp_path, app="tests.browser.served_site:application")
    try:
        server.wait_ready(time.monotonic() + 120)
        yield server.origin
    finally:
        server.stop()
        print(f"--- {server} log ---\n{server.tail()}")  # shown by pytest when the test failed


@pytest.fixture
def member_b(make_user, team_b):
    user = make_user(name="Trần Thị Bình")
    accounts.add_member(team=team_b, user=user)
    return user


def sign_in(page, site: str, user) -> None:
    page.goto(site + reverse("account_login"))
    page.fill("input[name=login]", "0" + user.phone.removeprefix("+84"))
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def texts(live: LiveRound, position: int) -> tuple[str, str]:
    """A right and a wrong choice's text of the question at ``position``."""
    version = live.questions.get(position=position).question
    right = Choice.objects.get(question=version, is_correct=True).text
    wrong = Choice.objects.filter(question=version, is_correct=False).first().text
    return right, wrong


def tap(phone, text: str) -> None:
    phone.locator("button.answer", has_text=text).click()
    phone.get_by_text("Đã nhận câu trả lời").wait_for()


def test_a_live_round_from_the_lobby_to_the_podium(
    site, new_page, stage, bank, team_a, team_b, member_a, member_b, organiser_a
):
    live = make_live_round(stage=stage, questions=bank[:2], teams=[team_a, team_b], guests_allowed=True)
    play = site + reverse("live:play", args=[live.code])

    host = new_page(DESKTOP)
    sign_in(host, site, organiser_a)
    host.goto(site + reverse("live:host", args=[live.code]))
    screen = new_page(PROJECTOR)
    screen.goto(host.locator("a", has_text="Mở màn hình trình chiếu").get_attribute("href"))

    an, binh, guest = new_page(PHONE), new_page(PHONE), new_page(PHONE)
    sign_in(an, site, member_a)
    sign_in(binh, site, member_b)
    for phone in (an, binh):
        phone.goto(site + reverse("live:join"))
        phone.fill("input[name=code]", live.code)
        phone.press("input[name=code]", "Enter")
        phone.get_by_text("Chờ người dẫn chương trình bắt đầu…").wait_for()
    guest.goto(play)
    guest.fill("input[name=nickname]", "Bác Tư")
    guest.get_by_label("Tổ CNS Ấp 1").check()
    guest.get_by_role("button", name="Vào chơi").click()
    guest.get_by_text("Bạn chơi cho đội: Tổ CNS Ấp 1").wait_for()

    host.get_by_text("3 người chơi").wait_for()
    screen.locator("#teams li", has_text="Tổ CNS Ấp 1").wait_for()
    shoot(screen, "e2e-screen-lobby")
    shoot(host, "e2e-host-lobby")
    shoot(guest, "e2e-phone-lobby")
    assert screen.locator(".qr svg").count() == 1

    # Question 1: An right, Bình wrong; the guest answers, then reloads and finds the answer kept.
    host.get_by_role("button", name="Bắt đầu").click()
    right, wrong = texts(live, 0)
    tap(an, right)
    tap(binh, wrong)
    tap(guest, right)
    shoot(guest, "e2e-phone-answered")
    guest.reload()
    guest.get_by_text("Đã nhận câu trả lời").wait_for()
    assert guest.locator("button.answer.chosen", has_text=right).count() == 1
    assert guest.locator("button.answer:enabled").count() == 0
    host.get_by_text("3/3 đã trả lời").wait_for()
    screen.get_by_text("3/3 đã trả lời").wait_for()
    shoot(screen, "e2e-screen-question")
    shoot(host, "e2e-host-question")
    assert all(fits(phone) for phone in (an, binh, guest))

    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    binh.get_by_text("Chưa đúng").wait_for()
    guest.get_by_text("Chính xác!").wait_for()
    screen.locator(".bars").wait_for()
    shoot(an, "e2e-phone-reveal-right")
    shoot(binh, "e2e-phone-reveal-wrong")
    shoot(screen, "e2e-screen-reveal")

    host.get_by_role("button", name="Bảng xếp hạng").click()
    screen.locator("#rows li").first.wait_for()
    assert "Tổ CNS Ấp 1" in screen.locator("#rows li").first.inner_text()
    binh.get_by_text("Đội Tổ CNS Ấp 2: hạng 2").wait_for()
    shoot(screen, "e2e-screen-leaderboard")
    shoot(binh, "e2e-phone-leaderboard")

    # Question 2, the last: everyone right; "next" after it finishes the round.
    host.get_by_role("button", name="Câu tiếp theo").click()
    right, _wrong = texts(live, 1)
    for phone in (an, binh, guest):
        tap(phone, right)
    host.get_by_role("button", name="Công bố đáp án").click()
    binh.get_by_text("Chính xác!").wait_for()
    host.get_by_role("button", name="Kết thúc (hết câu hỏi)").click()

    screen.get_by_text("Kết quả chung cuộc").wait_for()
    screen.locator(".podium .p1", has_text="Tổ CNS Ấp 1").wait_for()
    for phone in (an, binh, guest):
        phone.get_by_text("Cảm ơn bạn đã tham gia!").wait_for()
    an.get_by_text("Đội Tổ CNS Ấp 1: hạng 1").wait_for()
    host.get_by_text("Đã kết thúc").wait_for()
    shoot(screen, "e2e-screen-podium")
    shoot(an, "e2e-phone-final")
    shoot(host, "e2e-host-final")
    live.refresh_from_db()
    assert live.status == LiveRound.Status.FINISHED
    assert LivePlayer.objects.filter(live_round=live).count() == 3
    assert re.fullmatch(r"\d{6}", live.code)
