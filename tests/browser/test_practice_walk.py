"""Issue 18's whole walk, in one browser run: from the author's phone to the projector.

An author makes an order question (four steps) and a hotspot question (a
payment screen drawn here by Pillow, three areas drawn by finger) on a
360-px touch phone and sends both for review; another officer reads them in
the review queue and approves them. The organiser's weekly round draws
exactly these two (their sub-topic is the walk's own): member A plays it by
touch with JavaScript, member B without it (numbers beside the steps, a tap
on an ``<input type="image">``); after the close both result pages show the
right order and area. Then a live round of the two: three touch phones and
the projector at 1280×720, the host driving it from the host page. The live
round's server is another process (uvicorn, as in production), so that part
needs PostgreSQL; on SQLite the walk stops, said, after the weekly round.

Screenshots: tests/browser/screenshots/walk-*.png.
"""

from __future__ import annotations

import os
import re
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from competitions.models import Attempt, Round
from competitions.organise import live_services
from competitions.organise import services as organise
from questionbank import marking
from questionbank import services as qb
from questionbank.models import Question, Topic
from quizsite.accounts import services as accounts
from tests.browser.conftest import PHONE, browser, new_page, screenshot, sign_in
from tests.browser.test_author_practice_kinds import touch_drag
from tests.browser.test_live_round import PROJECTOR
from tests.competitions.conftest import competition, stage
from tests.competitions.helpers import slots
from tests.conftest import PASSWORD
from tests.servers import PRODUCTION_SERVER, server_env, start

FIXTURES = (browser, new_page, screenshot, sign_in, competition, stage)
PORT = 8220  # this walk's own port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORDER_TEXT = "Sắp xếp các bước chuyển tiền cho người thân bằng ví điện tử."
STEPS = (
    "Mở ví điện tử và đăng nhập",
    "Chọn mục Chuyển tiền",
    "Nhập số điện thoại người nhận và số tiền",
    "Kiểm tra tên người nhận rồi bấm Xác nhận",
)
HOTSPOT_TEXT = "Màn hình thanh toán này đòi bạn làm gì? Chạm vào chỗ xác nhận thanh toán."
# Each area's name and its box (left, top, right, bottom, as fractions of the picture); the second is right.
AREAS = (
    ("Ô số tiền cần trả", (0.10, 0.18, 0.70, 0.26)),
    ("Nút Xác nhận", (0.15, 0.62, 0.75, 0.70)),
    ("Liên kết hỗ trợ", (0.20, 0.84, 0.80, 0.92)),
)
RIGHT_AREA = 1


@pytest.fixture
def _fast_passwords():
    """The live round's server is another process, with the site's own hashers: people get real (PBKDF2) ones."""


@pytest.fixture
def member_b(make_user, team_a):
    """A second member of the same team (the competition is commune A's)."""
    user = make_user(name="Trần Thị Bình")
    accounts.add_member(team=team_a, user=user)
    return user


@pytest.fixture
def walk_topic(transactional_db) -> Topic:
    """A sub-topic of the walk's own, so the weekly round's blueprint draws exactly the two new questions."""
    qb.ensure_root_topics()
    return Topic.objects.create(parent=Topic.objects.get(root_key=Topic.Root.PAYMENT), name="Chuyển tiền bằng ví")


@pytest.fixture
def payment_png(tmp_path) -> Path:
    """A payment screen drawn by Pillow: an amount, a confirm button, a help link (no brand, no number)."""
    from PIL import Image, ImageDraw

    path = tmp_path / "man-hinh-thanh-toan.png"
    picture = Image.new("RGB", (360, 640), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 360, 70), fill="#1b5e20")
    for (_name, (left, top, right, bottom)), fill in zip(AREAS, ("#e8f5e9", "#2e7d32", "#e3f2fd"), strict=True):
        draw.rounded_rectangle((left * 360, top * 640, right * 360, bottom * 640), radius=10, fill=fill)
    picture.save(path, format="PNG")
    return path


@pytest.fixture
def live_site(transactional_db, tmp_path):
    """The site on uvicorn for the live round, started at once so it is ready when the walk gets there.

    None on SQLite: the server process cannot see this process's test database.
    """
    if connection.vendor == "sqlite":
        yield None
        return
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", PORT))
    sock.listen(128)
    env = server_env(os.environ.get("REDIS_URL"), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    server = start(PRODUCTION_SERVER, "walk", env, tmp_path, sock=sock, app="tests.browser.served_site:application")
    try:
        yield server
    finally:
        server.stop()
        print(f"--- {server} log ---\n{server.tail()}")


def serve_media(route) -> None:
    """The question's picture from the test's media folder (the test servers serve no media)."""
    path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1]
    route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)


def touch_phone(new_page, **options):
    page = new_page(PHONE, has_touch=True, is_mobile=True, service_workers="block", **options)
    page.route("**/media/**", serve_media)
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def small_buttons(page, selector: str) -> list[str]:
    """The visible ``selector`` targets under 44 px either way, by their text: a thumb misses them."""
    return page.locator(selector).evaluate_all(
        """els => els.filter(e => e.offsetParent !== null)
            .map(e => [e.getBoundingClientRect(), (e.getAttribute('aria-label') || e.innerText).trim()])
            .filter(([r]) => r.width < 44 || r.height < 44)
            .map(([r, t]) => t + ' ' + r.width + 'x' + r.height)"""
    )


# --- Authoring and review ----------------------------------------------------------------------


def author_both(page, url: str, topic: Topic, png: Path, screenshot) -> None:
    page.goto(url + reverse("questionbank:create"))
    page.select_option("select[name=topic]", str(topic.pk))
    page.select_option("select[name=kind]", "order")
    page.fill("textarea[name=text]", ORDER_TEXT)
    for i, step in enumerate(STEPS):
        page.fill(f"input[name=choice_{i}_text]", step)
    assert page.locator("[data-preview] .order-step").count() == 4
    assert fits(page)
    screenshot(page, "walk-01-author-order")
    page.get_by_role("button", name="Lưu").tap()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    page.get_by_role("button", name="Gửi duyệt").tap()
    page.locator(".badge.in_review").first.wait_for()

    page.goto(url + reverse("questionbank:create"))
    page.select_option("select[name=topic]", str(topic.pk))
    page.select_option("select[name=kind]", "hotspot")
    page.fill("textarea[name=text]", HOTSPOT_TEXT)
    page.set_input_files("input[name=image]", str(png))
    for i, (name, _box) in enumerate(AREAS):
        page.fill(f"input[name=choice_{i}_text]", name)
    drawer = page.locator("[data-drawer-stage]")
    drawer.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-drawer-image]').naturalWidth > 0")
    box = drawer.bounding_box()
    for _name, (left, top, right, bottom) in AREAS:  # each drag draws the next area still without a box
        touch_drag(
            page,
            (box["x"] + left * box["width"], box["y"] + top * box["height"]),
            (box["x"] + right * box["width"], box["y"] + bottom * box["height"]),
        )
    assert drawer.locator("[data-box]").count() == 3
    # A thumb ticks "đúng" on the label around the small box: a target of 44 px either way.
    tick = page.locator(f"input[name=choice_{RIGHT_AREA}_correct]")
    # The first tap after touch_drag's own CDP touches is dropped by Chromium (a test artifact; a tap
    # after a real drag is not): one on the heading first.
    page.locator("h1").tap()
    page.locator(".correct-box", has=tick).tap()
    assert tick.is_checked()
    assert small_buttons(page, ".choice-row .correct-box") == []
    for i, (_name, (left, top, right, bottom)) in enumerate(AREAS):
        drawn = [float(n) for n in page.input_value(f"input[name=choice_{i}_area]").split(";")]
        assert [round(n) for n in drawn] == [round(100 * f) for f in (left, top, right - left, bottom - top)]
    # The member's preview beside the form: three candidates, none marked.
    assert page.locator("[data-preview] .hotspot-box").count() == 3
    assert page.locator("[data-preview] .correct").count() == 0
    assert fits(page)
    screenshot(page, "walk-02-author-hotspot-drawn")
    page.get_by_role("button", name="Lưu").tap()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    assert page.locator(".key-image .hotspot-box").count() == 3
    page.get_by_role("button", name="Gửi duyệt").tap()
    page.locator(".badge.in_review").first.wait_for()
    # Just after the picture loads it may stand a few pixels wider for a moment: the page settles to fit.
    page.wait_for_function(f"document.documentElement.scrollWidth <= {PHONE['width']}")
    screenshot(page, "walk-03-author-hotspot-sent")


def review_both(page, url: str, screenshot) -> None:
    page.goto(url + reverse("questionbank:review_queue"))
    cards = page.locator("ol.queue li.card")
    assert cards.count() == 2
    assert fits(page)
    screenshot(page, "walk-04-review-queue")

    page.locator("li.card", has_text=ORDER_TEXT).get_by_role("link", name="Xem và duyệt").tap()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    steps = page.locator("ol.key-steps li")
    shown = [" ".join(text.split()) for text in steps.all_inner_texts()]
    assert shown == [f"Bước {n}. {step}" for n, step in enumerate(STEPS, 1)]
    assert fits(page)
    screenshot(page, "walk-05-review-order")
    page.get_by_role("button", name="Duyệt").tap()
    page.wait_for_url("**/questions/review/")  # back to the queue, one question left

    page.locator("li.card", has_text=HOTSPOT_TEXT).get_by_role("link", name="Xem và duyệt").tap()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    page.wait_for_function("document.querySelector('.key-image img').naturalWidth > 0")
    boxes = page.locator(".key-image .hotspot-box")
    assert boxes.all_inner_texts() == ["A", "B ✓", "C"]
    assert page.locator("#goi-y-vung-lon").count() == 0  # the areas are drawn alike in size
    assert fits(page)
    screenshot(page, "walk-06-review-hotspot")
    page.get_by_role("button", name="Duyệt").tap()
    page.wait_for_url("**/questions/review/")
    page.get_by_text("Không có câu hỏi nào đang chờ duyệt.").wait_for()


# --- The weekly round ---------------------------------------------------------------------------


def weekly_round(organiser, stage, topic) -> Round:
    now = timezone.now()
    data = organise.RoundData(
        title="Tuần thử: chuyển tiền bằng ví",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=2),
        time_limit_minutes=15,
        blueprint=[organise.BlueprintRow(topic=topic, difficulty=None, count=2)],
    )
    round = organise.create_round(actor=organiser, stage=stage, data=data)
    return organise.publish_round(actor=organiser, round=round)


def start_round(page, url: str, round: Round, user) -> Attempt:
    page.goto(url + reverse("competitions:round_detail", args=[round.pk]))
    page.get_by_role("button", name="Vào thi").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/"))
    return Attempt.objects.get(round=round, user=user)


def slot_of(attempt: Attempt, kind: str):
    """The attempt's slot of ``kind`` and its number on the attempt page."""
    found = [s for s in slots(attempt)]
    index = next(i for i, s in enumerate(found) if s.question.kind == kind)
    return found[index], index + 1


def right_of(slot) -> list[int]:
    return marking.right_answer(slot.question.kind, slot.question.choices.all())


def tap_point(page, selector: str, slot, key: int) -> dict:
    """The middle of area ``key``, in pixels of the picture as ``selector`` draws it."""
    box = page.locator(selector).bounding_box()
    area = next(c.area for c in slot.question.choices.all() if c.key == key)
    return {"x": (area["x"] + area["w"] / 2) * box["width"], "y": (area["y"] + area["h"] / 2) * box["height"]}


def play_with_touch(page, url: str, attempt: Attempt, screenshot) -> None:
    (order, order_q), (hotspot, hotspot_q) = slot_of(attempt, "order"), slot_of(attempt, "hotspot")
    texts = {c.key: c.text for c in order.question.choices.all()}
    page.goto(f"{url}/attempts/{attempt.pk}/?q={order_q}")
    steps = page.locator("ul.steps li .step-text")
    assert steps.all_inner_texts() != list(STEPS)  # shuffled, never already right
    screenshot(page, "walk-07-weekly-order-shuffled")
    for place, step in enumerate(STEPS):
        while steps.all_inner_texts().index(step) > place:
            page.get_by_role("button", name=f"Lên: {step}").tap()
    assert steps.all_inner_texts() == list(STEPS)
    page.get_by_text("Đã lưu ✓").wait_for()
    assert small_buttons(page, "ul.steps .move") == []
    assert fits(page)
    screenshot(page, "walk-08-weekly-order-arranged")
    assert [texts[k] for k in attempt.answers.get(question_id=order.question_id).choices] == list(STEPS)

    page.locator(f".qnav button[value='{hotspot_q}']").tap()
    picture = page.locator(".hotspot .tap")
    picture.wait_for()
    page.wait_for_function("document.querySelector('.hotspot .tap').getBoundingClientRect().height > 300")
    right = right_of(hotspot)
    picture.tap(position=tap_point(page, ".hotspot .tap", hotspot, right[0]))
    page.get_by_text("Đã lưu ✓").wait_for()
    assert page.locator(".hotspot .area-mark").is_visible()
    assert fits(page)
    screenshot(page, "walk-09-weekly-hotspot-tapped")

    page.locator(".qnav .end").tap()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp bài").last.tap()
    page.wait_for_url("**/result/")


def play_without_javascript(page, url: str, attempt: Attempt, screenshot) -> None:
    (order, order_q), (hotspot, hotspot_q) = slot_of(attempt, "order"), slot_of(attempt, "hotspot")
    page.goto(f"{url}/attempts/{attempt.pk}/?q={order_q}")
    assert page.locator("input.place").count() == 4
    for place, key in enumerate(right_of(order), 1):
        page.fill(f"input[name=place-{key}]", str(place))
    assert fits(page)
    screenshot(page, "walk-10-weekly-no-js-numbers")
    page.get_by_role("button", name="Lưu và").first.click()
    page.wait_for_load_state()

    page.goto(f"{url}/attempts/{attempt.pk}/?q={hotspot_q}")
    image = page.locator("input.tap")
    image.click(position=tap_point(page, "input.tap", hotspot, right_of(hotspot)[0]))
    page.wait_for_load_state()
    assert page.locator(".hotspot .area-mark").count() == 1
    assert fits(page)
    screenshot(page, "walk-11-weekly-no-js-tapped")
    page.locator(".qnav .end").click()
    page.locator("#answered", has_text="2/2").wait_for()
    page.locator("#submit-form").get_by_role("button", name="Nộp bài").click()
    page.wait_for_url("**/result/")


def see_the_answers_after_the_close(page, name: str, screenshot) -> None:
    page.reload()
    page.get_by_text("Thứ tự đúng").wait_for()
    assert page.locator(".area-mark.right").count() == 1
    for step in STEPS:
        assert page.get_by_text(step).count() >= 1
    assert fits(page)
    screenshot(page, name)


# --- The live round -----------------------------------------------------------------------------


def live_sign_in(page, site: str, user) -> None:
    page.goto(site + reverse("account_login"))
    page.fill("input[name=login]", "0" + user.phone.removeprefix("+84"))
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def shown_steps(phone) -> list[str]:
    return phone.locator("ol.steps li .step-text").all_inner_texts()


def arrange(phone, order: tuple[str, ...]) -> None:
    """Moves the steps into ``order`` with the big Đưa lên buttons, from the top."""
    for place, step in enumerate(order):
        while shown_steps(phone).index(step) > place:
            phone.get_by_role("button", name=f"Đưa lên: {step}").tap()


def tap_live_picture(phone, area: tuple[float, float, float, float]) -> None:
    left, top, right, bottom = area
    box = phone.locator(".hot-img").bounding_box()
    phone.touchscreen.tap(box["x"] + (left + right) / 2 * box["width"], box["y"] + (top + bottom) / 2 * box["height"])


def send(phone) -> None:
    phone.get_by_role("button", name="Gửi", exact=True).tap()
    phone.get_by_text("Đã nhận câu trả lời").wait_for()


def play_live(site, new_page, screenshot, live, team_a, member_a, member_b, organiser) -> None:
    host = new_page({"width": 1280, "height": 900})
    live_sign_in(host, site, organiser)
    host.goto(site + reverse("live:host", args=[live.code]))
    screen = new_page(PROJECTOR, service_workers="block")
    screen.route("**/media/**", serve_media)
    screen.goto(host.locator("a", has_text="Mở màn hình trình chiếu").get_attribute("href"))

    an, binh, guest = touch_phone(new_page), touch_phone(new_page), touch_phone(new_page)
    for phone, user in ((an, member_a), (binh, member_b)):
        live_sign_in(phone, site, user)
        phone.goto(site + reverse("live:play", args=[live.code]))
    guest.goto(site + reverse("live:play", args=[live.code]))
    guest.fill("input[name=nickname]", "Bác Tư")
    guest.get_by_label(team_a.name).check()
    guest.get_by_role("button", name="Vào chơi").tap()
    for phone in (an, binh, guest):
        phone.get_by_text("Chờ người dẫn chương trình bắt đầu…").wait_for()
    host.get_by_text("3 người chơi").wait_for()

    # Order: An puts every step in its place; Bình the first two only (then sends); the guest sends nothing.
    host.get_by_role("button", name="Bắt đầu").click()
    for phone in (an, binh, guest):
        phone.locator("ol.steps li").nth(3).wait_for()
        assert shown_steps(phone) != list(STEPS)
    screen.locator(".choices.order .choice").nth(3).wait_for()
    screenshot(screen, "walk-12-live-screen-order")
    arrange(an, STEPS)
    screenshot(an, "walk-13-live-phone-order-arranged")
    assert small_buttons(an, "ol.steps button") == []
    send(an)
    arrange(binh, (*STEPS[:2], STEPS[3], STEPS[2]))
    send(binh)
    screen.get_by_text("2/3 đã trả lời").wait_for()
    assert all(fits(phone) for phone in (an, binh, guest))
    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    binh.get_by_text("Chưa đúng").wait_for()
    screen.locator(".order-rows li").nth(3).wait_for()
    assert screen.locator(".order-rows .t").all_inner_texts() == list(STEPS)
    assert screen.locator(".order-rows .n").all_inner_texts() == [f"{n} người xếp đúng vị trí" for n in (2, 2, 1, 1)]
    screenshot(screen, "walk-14-live-screen-order-reveal")
    screenshot(binh, "walk-15-live-phone-order-reveal")

    # Hotspot: An and the guest tap the right area on the picture, Bình a wrong one.
    host.get_by_role("button", name="Câu tiếp theo").click()
    for phone in (an, binh, guest):
        phone.locator(".hot .spot").nth(2).wait_for()
        phone.wait_for_function("document.querySelector('.hot-img').complete")
        phone.locator(".timer", has_text="giây").wait_for()  # past the "get ready": answers are open
    screen.locator(".hot .spot").nth(2).wait_for()
    assert screen.locator(".hot .count").count() == 0  # no counts before the reveal
    screenshot(screen, "walk-16-live-screen-hotspot")
    right_name, right_box = AREAS[RIGHT_AREA]
    wrong_name, wrong_box = AREAS[0]
    for phone, (name, box) in ((an, AREAS[RIGHT_AREA]), (binh, AREAS[0]), (guest, AREAS[RIGHT_AREA])):
        tap_live_picture(phone, box)
        phone.get_by_text(f"Đã chọn: {name}.").wait_for()
        send(phone)
    screenshot(guest, "walk-17-live-phone-hotspot-sent")
    assert small_buttons(guest, ".areas .area") == []
    screen.get_by_text("3/3 đã trả lời").wait_for()
    host.get_by_role("button", name="Công bố đáp án").click()
    an.get_by_text("Chính xác!").wait_for()
    binh.get_by_text(f"Vùng đúng: {right_name}").wait_for()
    screen.locator(".hot .spot.yes .count").wait_for()
    assert screen.locator(".hot .spot.yes .count").inner_text() == "2"
    assert sorted(screen.locator(".hot .spot.no .count").all_inner_texts()) == ["0", "1"]
    assert all(fits(phone) for phone in (an, binh, guest))
    screenshot(screen, "walk-18-live-screen-hotspot-reveal")
    screenshot(binh, "walk-19-live-phone-hotspot-reveal")
    assert wrong_name != right_name and wrong_box != right_box


def test_an_order_and_a_hotspot_question_from_the_authors_phone_to_the_projector(
    live_server,
    live_site,
    new_page,
    sign_in,
    screenshot,
    walk_topic,
    payment_png,
    author_a,
    reviewer_a,
    organiser_a,
    stage,
    team_a,
    member_a,
    member_b,
):
    url = live_server.url
    author = touch_phone(new_page)
    sign_in(author, author_a, PASSWORD)
    author_both(author, url, walk_topic, payment_png, screenshot)
    reviewer = touch_phone(new_page)
    sign_in(reviewer, reviewer_a, PASSWORD)
    review_both(reviewer, url, screenshot)
    approved = Question.objects.filter(topic=walk_topic, status=Question.Status.APPROVED)
    assert sorted(approved.values_list("kind", flat=True)) == ["hotspot", "order"]

    round = weekly_round(organiser_a, stage, walk_topic)
    phone_a = touch_phone(new_page)
    sign_in(phone_a, member_a, PASSWORD)
    attempt_a = start_round(phone_a, url, round, member_a)
    play_with_touch(phone_a, url, attempt_a, screenshot)
    phone_b = touch_phone(new_page, java_script_enabled=False)
    sign_in(phone_b, member_b, PASSWORD)
    attempt_b = start_round(phone_b, url, round, member_b)
    play_without_javascript(phone_b, url, attempt_b, screenshot)
    for attempt in (attempt_a, attempt_b):
        attempt.refresh_from_db()
        assert attempt.score == 2  # all or nothing, both right
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    see_the_answers_after_the_close(phone_a, "walk-20-weekly-result", screenshot)
    see_the_answers_after_the_close(phone_b, "walk-21-weekly-result-no-js", screenshot)

    if live_site is None:
        pytest.skip("walked to the weekly results; the live round's server is another process: needs PostgreSQL")
    live_site.wait_ready(time.monotonic() + 120)
    live = live_services.create_live_round(
        actor=organiser_a,
        stage=stage,
        data=live_services.LiveRoundData(
            title="Đố vui trực tiếp: chuyển tiền bằng ví",
            opens_at=timezone.now(),
            guests_allowed=True,
            # The order question, then the hotspot one.
            questions=[live_services.QuestionSlot(q, duration_seconds=120) for q in approved.order_by("-kind")],
            teams=[team_a],
        ),
    )
    play_live(live_site.origin, new_page, screenshot, live, team_a, member_a, member_b, organiser_a)
