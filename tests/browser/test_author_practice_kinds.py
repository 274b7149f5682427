"""An author draws a hotspot question's areas with a finger on a 360-px phone, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from questionbank import services
from questionbank.models import Question, Topic
from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD

# The live server reads from another connection, so the test data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topic(transactional_db) -> Topic:
    services.ensure_root_topics()
    return Topic.objects.get(root_key=Topic.Root.SAFETY)


@pytest.fixture
def png(tmp_path):
    """A message screen drawn by Pillow: a bubble with a link in it."""
    from PIL import Image, ImageDraw

    path = tmp_path / "tin-nhan.png"
    picture = Image.new("RGB", (360, 640), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 360, 60), fill="#e8eef7")
    draw.rectangle((20, 260, 340, 300), fill="#cfe3ff")
    picture.save(path, format="PNG")
    return path


def touch_drag(page, start: tuple[float, float], end: tuple[float, float], steps: int = 6) -> None:
    """A finger's drag, sent as touch events (Chromium turns them into pointer events of type touch)."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, steps + 1):
        x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_an_author_draws_two_areas_by_touch_and_the_reviewer_page_shows_them(
    live_server, new_page, sign_in, screenshot, author_a, topic, png
):
    page = new_page(PHONE, has_touch=True, is_mobile=True)
    sign_in(page, author_a, PASSWORD)
    page.goto(live_server.url + reverse("questionbank:create"))
    page.select_option("select[name=topic]", str(topic.pk))
    page.select_option("select[name=kind]", "hotspot")
    page.fill("textarea[name=text]", "Chạm vào dấu hiệu lừa đảo rõ nhất trong tin nhắn.")
    assert page.get_by_text("Hãy chọn hình ảnh ở trên để vẽ các vùng.").is_visible()
    page.set_input_files("input[name=image]", str(png))
    page.fill("input[name=choice_0_text]", "Tên người gửi")
    page.fill("input[name=choice_1_text]", "Đường link lạ")

    stage = page.locator("[data-drawer-stage]")
    stage.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-drawer-image]').naturalWidth > 0")
    box = stage.bounding_box()

    def at(fx: float, fy: float) -> tuple[float, float]:
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    touch_drag(page, at(0.05, 0.02), at(0.55, 0.09))  # area A, then B becomes the one to draw
    touch_drag(page, at(0.10, 0.40), at(0.90, 0.47))
    # One right area: ticking another takes the tick from the first.
    page.check("input[name=choice_0_correct]")
    page.check("input[name=choice_1_correct]")
    assert not page.is_checked("input[name=choice_0_correct]")
    # By keyboard: area A, selected, moves one percent to the right, then back.
    stage.locator("[data-box='0']").focus()
    page.keyboard.press("ArrowRight")
    assert page.input_value("input[name=choice_0_area]").startswith("6")
    page.keyboard.press("ArrowLeft")
    a = page.input_value("input[name=choice_0_area]")
    # By keyboard, a third area is given a box to move with the arrow keys (then taken away again).
    page.fill("input[name=choice_2_text]", "Giờ gửi tin")
    page.get_by_role("button", name="Vẽ vùng C: Giờ gửi tin").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowUp")
    assert page.input_value("input[name=choice_2_area]") == "40; 44; 20; 10"
    page.fill("input[name=choice_2_text]", "")
    page.fill("input[name=choice_2_area]", "")
    b = page.input_value("input[name=choice_1_area]")
    assert [round(float(n)) for n in a.split(";")] == [5, 2, 50, 7]
    assert [round(float(n)) for n in b.split(";")] == [10, 40, 80, 7]
    assert stage.locator("[data-box]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The phone preview beside the form shows both areas as candidates, neither marked.
    assert page.locator("[data-preview] .hotspot-box").count() == 2
    screenshot(page, "author-hotspot-drawn-360")

    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    question = Question.objects.get(kind="hotspot")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Tên người gửi", False),
        ("Đường link lạ", True),
    ]
    assert round(question.choices.get(position=1).area_w, 2) == 0.8
    boxes = page.locator(".key-image .hotspot-box")
    assert boxes.count() == 2
    assert boxes.nth(1).inner_text().strip() == "B ✓"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "author-hotspot-detail-360")
