"""An order and a hotspot question in a live round: three touch phones at 360 px and the projector at 1280×720.

A multiple-answer question comes first: play.js's version-1 kinds still play
beside the new ones. On the order question one phone moves steps with the
big buttons, one with the keyboard, one drags them; on the hotspot, one taps
the picture, one picks a named area, one changes its mind. The site runs on
uvicorn, as in production, on this helper's own port; the picture is served
from the test's media folder.
"""

from __future__ import annotations

import os
import random
import socket
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from competitions.live.models import LiveQuestion
from questionbank import marking
from questionbank import services as qb
from questionbank.models import Choice
from quizsite.accounts import services as accounts
from tests.browser.conftest import PHONE, browser, new_page
from tests.browser.test_live_round import PROJECTOR, shoot, sign_in
from tests.competitions.conftest import competition, stage
from tests.competitions.live_helpers import make_live_round
from tests.conftest import HOTSPOT_AREAS, ORDER_STEPS
from tests.servers import PRODUCTION_SERVER, server_env, start

FIXTURES = (browser, new_page, competition, stage)
PORT = 8212  # this suite's own port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _fast_passwords():
    """The server is another process, with the site's own password hashers: people get real (PBKDF2) ones."""


@pytest.fixture
def site(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("the server runs in another process: the SQLite test database is not shared")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", PORT))
    sock.listen(128)
    env = server_env(os.environ.get("REDIS_URL"), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    server = start(PRODUCTION_SERVER, "practice", env, tmp_path, sock=sock, app="tests.browser.served_site:application")
    try:
        server.wait_ready(time.monotonic() + 120)
        yield server.origin
    finally:
        server.stop()
        print(f"--- {server} log ---\n{server.tail()}")


@pytest.fixture
def member_b(make_user, team_b):
    user = make_user(name="Trần Thị Bình")
    accounts.add_member(team=team_b, user=user)
    return user


MULTIPLE = ("Bật xác thực hai lớp", "Không chia sẻ mã OTP", "Bấm link trong tin nhắn lạ")


@pytest.fixture
def practice_round(
    make_question, make_order_question, make_hotspot_question, author_a, reviewer_a, commune_a, stage, team_a, team_b
):
    questions = []
    for question in (
        make_question(
            author=author_a,
            unit=commune_a,
            text="Những việc nào giữ an toàn tài khoản ngân hàng?",
            kind="multiple",
            choices=[
                qb.ChoiceData(MULTIPLE[0], True),
                qb.ChoiceData(MULTIPLE[1], True),
                qb.ChoiceData(MULTIPLE[2], False),
            ],
        ),
        make_order_question(author=author_a, unit=commune_a),
        make_hotspot_question(author=author_a, unit=commune_a),
    ):
        qb.submit_for_review(question=question, actor=author_a)
        questions.append(qb.approve(question=question, reviewer=reviewer_a))
    live = make_live_round(stage=stage, questions=questions, teams=[team_a, team_b], guests_allowed=True)
    # The steps as an organiser's round has them: never already in order.
    order = LiveQuestion.objects.get(live_round=live, position=1)
    keys = list(Choice.objects.filter(question_id=order.question_id).order_by("position").values_list("key", flat=True))
    order.choice_order = marking.shuffled("order", keys, random.Random(18))
    order.save(update_fields=["choice_order"])
    return live


def phone_page(new_page):
    # Touch, and no service worker between the page and the test's route to the media folder.
    page = new_page(PHONE, has_touch=True, is_mobile=True, service_workers="block")
    page.route("**/media/**", serve_media)
    return page


def serve_media(route) -> None:
    path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1]
    route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)


def shown_steps(phone) -> list[str]:
    return phone.locator("ol.steps li .step-text").all_inner_texts()


def put_in_order_with_buttons(phone) -> None:
    for place, step in enumerate(ORDER_STEPS):
        while shown_steps(phone).index(step) > place:
            phone.get_by_role("button", name=f"Đưa lên: {step}").tap()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def tap_picture(phone, x: float, y: float) -> None:
    box = phone.locator(".hot-img").bounding_box()
    phone.touchscreen.tap(box["x"] + x * box["width"], box["y"] + y * box["height"])


def test_three_phones_and_the_projector_play_an_order_and_a_hotspot_question(
    site, new_page, practice_round, team_a, member_a, member_b, organiser_a
):
    live = practice_round
    host = new_page({"width": 1280, "height": 900})
    sign_in(host, site, organiser_a)
    host.goto(site + reverse("live:host", args=[live.code]))
    screen = new_page(PROJECTOR, service_workers="block")
    screen.route("**/media/**", serve_media)
    screen.goto(host.locator("a", has_text="Mở màn hình trình chiếu").get_attribute("href"))

    an, binh, guest = phone_page(new_page), phone_page(new_page), phone_page(new_page)
    for phone, user in ((an, member_a), (binh, member_b)):
        sign_in(phone, site, user)
        phone.goto(site + reverse("live:play", args=[live.code]))
        phone.get_by_text("Chờ người dẫn chương trình bắt đầu…").wait_for()
    guest.goto(site + reverse("live:play", args=[live.code]))
    guest.fill("input[name=nickname]", "Bác Tư")
    guest.get_by_label(team_a.name).check()
    guest.get_by_role("button", name="Vào chơi").click()
    guest.get_by_text("Chờ người dẫn chương trình bắt đầu…").wait_for()
    host.get_by_text("3 người chơi").wait_for()

    # --- multiple: pick, then send ---
    host.get_by_role("button", name="Bắt đầu").click()
    for phone, picks in ((an, MULTIPLE[:2]), (binh, MULTIPLE[1:]), (guest, MULTIPLE[:1])):
        phone.locator(".timer", has_text="giây").wait_for()
        for text in picks:
            phone.locator("button.answer", has_text=text).tap()
        phone.get_by_role("button", name="Gửi", exact=True).tap()
        phone.get_by_text("Đã nhận câu trả lời").wait_for()
    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    for phone in (binh, guest):
        phone.get_by_text("Chưa đúng").wait_for()
    host.get_by_role("button", name="Câu tiếp theo").click()

    # --- order ---
    for phone in (an, binh, guest):
        phone.locator("ol.steps li").nth(3).wait_for()
        assert shown_steps(phone) != list(ORDER_STEPS)  # never shown already in order
    screen.locator(".choices.order .choice").nth(3).wait_for()
    shoot(screen, "practice-screen-order")
    shoot(an, "practice-phone-order")

    # An: the big buttons, by touch, into the right order.
    put_in_order_with_buttons(an)
    assert shown_steps(an) == list(ORDER_STEPS)
    assert an.get_by_role("button", name=f"Đưa lên: {ORDER_STEPS[0]}").is_disabled()  # the first cannot go up
    shoot(an, "practice-phone-order-arranged")
    an.get_by_role("button", name="Gửi", exact=True).tap()
    an.get_by_text("Đã nhận câu trả lời").wait_for()
    assert an.get_by_role("button", name=f"Đưa lên: {ORDER_STEPS[1]}").count() == 0  # sent: nothing moves

    # Bình: the keyboard; the focus stays on the moved step's button and the move is said.
    first = shown_steps(binh)[0]
    down = binh.get_by_role("button", name=f"Đưa xuống: {first}")
    down.focus()
    binh.keyboard.press("Enter")
    assert shown_steps(binh)[1] == first
    assert binh.evaluate("document.activeElement.getAttribute('aria-label')") == f"Đưa xuống: {first}"
    assert binh.get_by_role("status").filter(has_text=f"“{first}” ở vị trí 2/4").count() == 1
    binh_order = shown_steps(binh)
    binh.get_by_role("button", name="Gửi", exact=True).press("Enter")
    binh.get_by_text("Đã nhận câu trả lời").wait_for()

    # The guest drags the last step to the top by its grip.
    last = shown_steps(guest)[-1]
    grip, top = (
        guest.locator("ol.steps li .grip").nth(3).bounding_box(),
        guest.locator("ol.steps li").first.bounding_box(),
    )
    guest.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    guest.mouse.down()
    guest.mouse.move(grip["x"] + grip["width"] / 2, top["y"] + 2, steps=12)
    guest.mouse.up()
    assert shown_steps(guest)[0] == last
    guest_order = shown_steps(guest)
    guest.get_by_role("button", name="Gửi", exact=True).tap()
    guest.get_by_text("Đã nhận câu trả lời").wait_for()
    screen.get_by_text("3/3 đã trả lời").wait_for()
    assert all(fits(phone) for phone in (an, binh, guest))

    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    binh.get_by_text("Chưa đúng").wait_for()
    guest.locator(".verdict").wait_for()
    rows = screen.locator(".order-rows li")
    rows.nth(3).wait_for()
    in_place = [
        1 + (binh_order[i] == step) + (guest_order[i] == step) for i, step in enumerate(ORDER_STEPS)
    ]  # An's is right
    assert screen.locator(".order-rows .t").all_inner_texts() == list(ORDER_STEPS)
    assert screen.locator(".order-rows .n").all_inner_texts() == [f"{n} người xếp đúng vị trí" for n in in_place]
    assert binh.locator("ol.steps.shown .step-text").all_inner_texts() == list(ORDER_STEPS)
    shoot(screen, "practice-screen-order-reveal")
    shoot(binh, "practice-phone-order-reveal")
    host.get_by_role("button", name="Bảng xếp hạng").click()
    screen.locator("#rows li").first.wait_for()

    # --- hotspot ---
    host.get_by_role("button", name="Câu tiếp theo").click()
    names = [name for name, _right, _area in HOTSPOT_AREAS]
    (right_name, _, right_area), (wrong_name, _, wrong_area) = (
        next(a for a in HOTSPOT_AREAS if a[1]),
        next(a for a in HOTSPOT_AREAS if not a[1]),
    )
    for phone in (an, binh, guest):
        phone.locator(".hot .spot").nth(len(names) - 1).wait_for()
        assert sorted(phone.locator(".areas .area").all_inner_texts()) == sorted(names)
        # Every area drawn alike: the same look whether right or wrong.
        looks = phone.locator(".hot .spot").evaluate_all(
            "spots => spots.map(s => getComputedStyle(s).borderStyle + getComputedStyle(s).backgroundColor)"
        )
        assert len(set(looks)) == 1
    screen.locator(".hot .spot").nth(len(names) - 1).wait_for()
    assert screen.locator(".hot .count").count() == 0  # no counts before the reveal
    shoot(screen, "practice-screen-hotspot")
    shoot(an, "practice-phone-hotspot")

    # An taps the picture where the right area is, then sends.
    an.wait_for_function("document.querySelector('.hot-img').complete")
    an.locator(".timer", has_text="giây").wait_for()  # past the "get ready": answers are open
    tap_picture(an, right_area.x + right_area.w / 2, right_area.y + right_area.h / 2)
    an.get_by_text(f"Đã chọn: {right_name}.").wait_for()
    shoot(an, "practice-phone-hotspot-picked")
    an.get_by_role("button", name="Gửi", exact=True).tap()
    an.get_by_text("Đã nhận câu trả lời").wait_for()
    # Bình picks a named area (a wrong one) with the keyboard.
    binh.get_by_role("button", name=wrong_name, exact=True).focus()
    binh.keyboard.press("Enter")
    binh.get_by_text(f"Đã chọn: {wrong_name}.").wait_for()
    binh.get_by_role("button", name="Gửi", exact=True).press("Enter")
    binh.get_by_text("Đã nhận câu trả lời").wait_for()
    # The guest taps a wrong area, changes their mind for the right one, and sends.
    tap_picture(guest, wrong_area.x + wrong_area.w / 2, wrong_area.y + wrong_area.h / 2)
    guest.get_by_text(f"Đã chọn: {wrong_name}.").wait_for()
    guest.get_by_role("button", name=right_name, exact=True).tap()
    guest.get_by_text(f"Đã chọn: {right_name}.").wait_for()
    guest.get_by_role("button", name="Gửi", exact=True).tap()
    guest.get_by_text("Đã nhận câu trả lời").wait_for()
    screen.get_by_text("3/3 đã trả lời").wait_for()
    assert all(fits(phone) for phone in (an, binh, guest))

    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    guest.get_by_text("Chính xác!").wait_for()
    binh.get_by_text("Chưa đúng").wait_for()
    binh.get_by_text(f"Vùng đúng: {right_name}").wait_for()
    screen.locator(".hot .spot.yes .count").wait_for()
    assert screen.locator(".hot .spot.yes .count").inner_text() == "2"
    counts = sorted(screen.locator(".hot .spot.no .count").all_inner_texts())
    assert counts == ["0"] * (len(names) - 2) + ["1"]
    host.locator("#qchoices li.right", has_text=right_name).wait_for()
    shoot(screen, "practice-screen-hotspot-reveal")
    shoot(binh, "practice-phone-hotspot-reveal")
    shoot(host, "practice-host-hotspot-reveal")
