"""An organiser reviews a flagged attempt on a 360-px phone (plain form POST, no JavaScript needed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions import attempts
from competitions.models import AttemptFlag
from tests.browser.conftest import PHONE, browser, new_page, screenshot, sign_in
from tests.conftest import PASSWORD

BROWSER_FIXTURES = (browser, new_page, screenshot, sign_in)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_reviews_a_flag_on_a_phone(
    live_server, new_page, sign_in, screenshot, open_round, member_a, leader_a, organiser_a
):
    for user in (member_a, leader_a):
        attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=user, device_id="phone-1"))
    page = new_page(PHONE)
    sign_in(page, organiser_a, PASSWORD)
    page.goto(live_server.url + reverse("organise:round", kwargs={"pk": open_round.pk}))
    assert page.get_by_text("4 cảnh báo chưa xem").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#flags").scroll_into_view_if_needed()
    screenshot(page, "organise-flags-360")

    page.locator("#flags li").first.locator("input[name=note]").fill("Hai anh em dùng chung máy, đã xác minh")
    page.locator("#flags li").first.get_by_role("button", name="Đã xem / hợp lệ").click()
    page.wait_for_load_state()

    assert page.get_by_text("3 cảnh báo chưa xem").first.is_visible()
    assert page.get_by_text("bởi Phạm Tổ Chức").is_visible()
    assert AttemptFlag.objects.filter(reviewed_by=organiser_a).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#flags li").last.scroll_into_view_if_needed()  # the reviewed flag went to the end of the list
    screenshot(page, "organise-flags-reviewed-360")
