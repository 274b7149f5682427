"""An organiser creates a live round on a 360-px phone and reads its code and QR code (plain form POST)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.live.models import LiveRound
from tests.browser.conftest import DESKTOP, PHONE, browser, new_page, screenshot, sign_in
from tests.conftest import PASSWORD

BROWSER_FIXTURES = (browser, new_page, screenshot, sign_in)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_organiser_creates_a_live_round_on_a_phone_and_shows_its_code(
    live_server, new_page, sign_in, screenshot, stage, bank, team_a, leader_a, organiser_a
):
    page = new_page(PHONE)
    sign_in(page, organiser_a, PASSWORD)
    page.goto(live_server.url + reverse("organise:live_create", args=[stage.pk]))
    assert fits(page, PHONE["width"])
    screenshot(page, "organise-live-form-360")

    page.fill("input[name=title]", "Giao lưu trực tiếp các tổ")
    for question in bank[:3]:
        page.locator(f"input[name=questions][value='{question.pk}']").check()
    page.locator(f"input[name=teams][value='{team_a.pk}']").check()
    page.get_by_role("button", name="Tạo vòng thi trực tiếp").click()
    page.wait_for_load_state()
    screenshot(page, "organise-live-after-post-360")

    live_round = LiveRound.objects.get()
    assert page.locator("[data-code]").inner_text() == live_round.code
    assert page.locator("[data-qr] svg").bounding_box()["width"] >= 200
    assert page.locator("[data-screen-url]").input_value().endswith(f"?token={live_round.screen_token}")
    assert page.locator("#questions li").count() == 3
    assert fits(page, PHONE["width"])
    screenshot(page, "organise-live-detail-360")

    page.get_by_role("link", name="Sửa vòng thi").click()
    page.wait_for_load_state()
    assert page.locator("[data-slots] li").count() == 3
    captain = page.locator(f"select[name=captain_{team_a.pk}]")
    # A captain counts only when the team's score is its captain's: the select shows then.
    assert captain.is_hidden()
    page.get_by_label("Điểm của đội trưởng").check()
    assert captain.is_visible()
    assert fits(page, PHONE["width"])
    screenshot(page, "organise-live-edit-360")
    page.go_back()

    desktop = new_page(DESKTOP)
    sign_in(desktop, organiser_a, PASSWORD)
    desktop.goto(live_server.url + reverse("organise:live_round", args=[live_round.pk]))
    assert fits(desktop, DESKTOP["width"])
    screenshot(desktop, "organise-live-detail-desktop")

    page.goto(live_server.url + reverse("home"))
    assert page.locator(f"[data-live-round='{live_round.code}']").is_visible()
    assert fits(page, PHONE["width"])
    screenshot(page, "home-organiser-live-360")
