"""Order and hotspot questions of a weekly round on a 360-px touch phone, with JavaScript and without.

With it: the steps moved with the Lên/Xuống buttons (each move saved and
announced), an area tapped on the image, a reload showing both kept, the
submit. Without it: numbers typed beside the steps and a tap on the image
(an ``<input type="image">``) posted by the plain form. The question's
image is served from the test's media folder through a route (the live
test server serves no media); the site's service worker is blocked so the
route sees every request. Screenshots: tests/browser/screenshots/practice-*.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from competitions import attempts
from competitions.models import Answer, Attempt, Round
from questionbank import marking
from tests.browser.conftest import PHONE, browser, new_page, screenshot, sign_in
from tests.competitions.conftest import competition, make_approved, make_round, stage
from tests.competitions.helpers import slots
from tests.competitions.test_attempt_practice import make_member, practice_bank, practice_round
from tests.conftest import HOTSPOT_AREAS, PASSWORD

BROWSER_FIXTURES = (browser, new_page, screenshot, sign_in, make_member, practice_bank, practice_round)
ROUND_FIXTURES = (competition, make_approved, make_round, stage)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(new_page, **options):
    page = new_page(PHONE, has_touch=True, is_mobile=True, service_workers="block", **options)

    def media(route):
        path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1]
        route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)

    page.route("**/media/**", media)
    return page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _slot(attempt: Attempt, kind: str):
    found = next(s for s in slots(attempt) if s.question.kind == kind)
    return found, [s.question_id for s in slots(attempt)].index(found.question_id) + 1


def _right(slot) -> list[int]:
    return marking.right_answer(slot.question.kind, slot.question.choices.all())


def _texts(slot) -> dict[int, str]:
    return {c.key: c.text for c in slot.question.choices.all()}


def _tap_point(page, slot, key) -> dict:
    """The middle of area ``key`` in pixels of the image as the page draws it."""
    box = page.locator(".hotspot .tap").bounding_box()
    area = next(c.area for c in slot.question.choices.all() if c.key == key)
    return {"x": (area["x"] + area["w"] / 2) * box["width"], "y": (area["y"] + area["h"] / 2) * box["height"]}


def _stored(attempt, slot):
    answer = Answer.objects.filter(attempt=attempt, question_id=slot.question_id).first()
    return answer.choices if answer else None


def test_a_member_orders_steps_with_the_buttons_and_taps_an_area_then_finds_both_after_a_reload(
    live_server, new_page, sign_in, screenshot, practice_round, member_a
):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    (order, order_q), (hotspot, hotspot_q) = _slot(attempt, "order"), _slot(attempt, "hotspot")
    right, texts = _right(order), _texts(order)
    page = _phone(new_page)
    sign_in(page, member_a, PASSWORD)
    url = f"{live_server.url}/attempts/{attempt.pk}/"

    page.goto(f"{url}?q={order_q}")
    steps = page.locator("ul.steps li")
    assert steps.count() == 4
    assert page.locator("input.place").count() == 0  # the buttons replace the number boxes
    screenshot(page, "practice-order-shuffled")
    # Dragging the first step by its number to below the last one moves it there (and saves that order).
    first = steps.nth(0).locator(".step-text").inner_text()
    grip, last = steps.nth(0).locator(".place").bounding_box(), steps.nth(3).bounding_box()
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    page.mouse.move(grip["x"] + grip["width"] / 2, last["y"] + last["height"] - 4, steps=8)
    page.mouse.up()
    assert steps.nth(3).locator(".step-text").inner_text() == first
    # Bring each step to its place from the top, with the Lên button, as a thumb would.
    for place, key in enumerate(right):
        shown = [steps.nth(i).locator(".step-text").inner_text() for i in range(4)]
        for _ in range(shown.index(texts[key]) - place):
            steps.locator(".step-text", has_text=texts[key]).locator("xpath=..").get_by_role(
                "button", name=f"Lên: {texts[key]}"
            ).tap()
    assert [steps.nth(i).locator(".step-text").inner_text() for i in range(4)] == [texts[k] for k in right]
    assert "ở vị trí" in page.locator("#order-live").inner_text()
    page.get_by_text("Đã lưu ✓").wait_for()
    move = page.locator("ul.steps .move").first.bounding_box()
    assert move["height"] >= 44 and move["width"] >= 44
    assert _fits(page)
    screenshot(page, "practice-order-done")
    assert _stored(attempt, order) == right
    # Moves made without a network wait on the phone and go when it is back: the last one wins.
    swapped = [right[1], right[0], *right[2:]]
    page.context.set_offline(True)
    steps.nth(0).get_by_role("button", name=f"Xuống: {texts[right[0]]}").tap()
    page.get_by_text("Mất kết nối").wait_for()
    assert _stored(attempt, order) == right
    page.context.set_offline(False)
    page.get_by_text("Đã lưu ✓").wait_for()
    assert _stored(attempt, order) == swapped
    steps.nth(1).get_by_role("button", name=f"Lên: {texts[right[0]]}").tap()
    page.get_by_text("Đã lưu ✓").wait_for()
    assert _stored(attempt, order) == right

    page.locator(f".qnav button[value='{hotspot_q}']").tap()
    page.locator(".hotspot .tap").wait_for()
    page.wait_for_function("document.querySelector('.hotspot .tap').getBoundingClientRect().height > 300")  # loaded
    wrong = next(k for k in hotspot.choice_order if k not in _right(hotspot))
    page.locator(".hotspot .tap").tap(position=_tap_point(page, hotspot, wrong))
    page.get_by_text("Đã lưu ✓").wait_for()
    page.locator(".hotspot .tap").tap(position={"x": 3, "y": 3})  # outside every area: said, nothing changed
    assert "chưa chạm vào vùng nào" in page.locator("#save-status").inner_text()
    page.locator(".hotspot .tap").tap(position=_tap_point(page, hotspot, _right(hotspot)[0]))
    page.get_by_text("Đã lưu ✓").wait_for()
    assert page.locator(f"input[name=choice][value='{_right(hotspot)[0]}']").is_checked()
    assert page.locator(".hotspot .area-mark").is_visible()
    assert _fits(page)
    screenshot(page, "practice-hotspot-tapped")
    assert _stored(attempt, hotspot) == _right(hotspot)

    page.reload()
    assert page.locator(f"input[name=choice][value='{_right(hotspot)[0]}']").is_checked()
    assert page.locator(".hotspot .area-mark").is_visible()
    page.goto(f"{url}?q={order_q}")
    assert [page.locator("ul.steps .step-text").nth(i).inner_text() for i in range(4)] == [texts[k] for k in right]

    page.locator(".qnav .end").tap()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp bài").last.tap()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.score == 2

    Round.objects.filter(pk=practice_round.pk).update(
        opens_at=timezone.now() - timedelta(hours=3), closes_at=timezone.now() - timedelta(minutes=1)
    )
    page.reload()
    page.get_by_text("Thứ tự đúng").wait_for()
    assert page.locator(".area-mark.right").is_visible()
    assert _fits(page)
    screenshot(page, "practice-result")


def test_without_javascript_numbers_order_the_steps_and_the_image_takes_the_tap(
    live_server, new_page, sign_in, screenshot, practice_round, make_member
):
    member = make_member(1)
    attempt = attempts.start_attempt(round=practice_round, user=member)
    (order, order_q), (hotspot, hotspot_q) = _slot(attempt, "order"), _slot(attempt, "hotspot")
    right = _right(order)
    page = _phone(new_page, java_script_enabled=False)
    sign_in(page, member, PASSWORD)
    url = f"{live_server.url}/attempts/{attempt.pk}/"

    page.goto(f"{url}?q={order_q}")
    assert page.locator("input.place").count() == 4
    page.fill(f"input[name=place-{right[0]}]", "1")
    page.fill(f"input[name=place-{right[1]}]", "1")  # a number twice: refused, said
    page.get_by_role("button", name="Lưu và").first.click()
    assert "mỗi số dùng đúng một lần" in page.content()
    assert _stored(attempt, order) is None
    for place, key in enumerate(right, 1):
        page.fill(f"input[name=place-{key}]", str(place))
    screenshot(page, "practice-order-numbers")
    page.get_by_role("button", name="Lưu và").first.click()
    page.wait_for_load_state()
    assert _stored(attempt, order) == right

    page.goto(f"{url}?q={hotspot_q}")
    image = page.locator("input.tap")
    assert image.bounding_box()["width"] == 320
    image.click(position=_tap_point(page, hotspot, _right(hotspot)[0]))
    page.wait_for_load_state()
    assert _stored(attempt, hotspot) == _right(hotspot)
    assert page.locator(f"input[name=choice][value='{_right(hotspot)[0]}']").is_checked()
    assert page.locator(".hotspot .area-mark").count() == 1
    assert _fits(page)
    screenshot(page, "practice-hotspot-no-js")


def test_an_attempt_opened_on_a_recall_question_fetches_the_steps_and_picture_code_and_draws_them_offline(
    live_server, new_page, sign_in, make_round, practice_bank, approved_question, member_a
):
    """The page of a recall question does not load practice.js with it (its 2G budget); it fetches it once drawn,
    so a move to an order or hotspot question, even without a network by then, draws its buttons and its picture."""
    attempt = attempts.start_attempt(round=make_round(count=3, time_limit_seconds=600), user=member_a)
    recall = next(n for n, s in enumerate(slots(attempt), start=1) if s.question.kind == "single")
    (_order, order_q), (_hotspot, hotspot_q) = _slot(attempt, "order"), _slot(attempt, "hotspot")
    page = _phone(new_page)
    sign_in(page, member_a, PASSWORD)

    response = page.goto(f"{live_server.url}/attempts/{attempt.pk}/?q={recall}")
    tags = re.findall(r"<(?:script|link)\b[^>]*>", response.text())
    assert tags and not [tag for tag in tags if "practice" in tag]  # not among what the page loads with it
    page.wait_for_function("window.quizPractice !== undefined")
    page.context.set_offline(True)
    page.locator(f".qnav button[value='{order_q}']").tap()
    assert page.locator("ul.steps li").count() == 4
    assert page.locator("ul.steps .move").count() == 8
    page.locator(f".qnav button[value='{hotspot_q}']").tap()
    page.locator(".hotspot .tap").wait_for()
    assert page.locator(".choices input[type=radio]").count() == len(HOTSPOT_AREAS)
    page.context.set_offline(False)
