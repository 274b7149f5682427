"""A leader makes the first sign-in sheet on a 360-px phone; a member opens their link from it and sets a password."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts import services as accounts
from quizsite.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_from_the_leaders_sheet_and_chooses_a_password(
    live_server, new_page, sign_in, screenshot, leader_a, team_a, make_user
):
    lan = make_user(name="Lê Thị Lan")
    lan.set_unusable_password()
    lan.save(update_fields=["password"])
    accounts.add_member(team=team_a, user=lan)

    leader = new_page()
    sign_in(leader, leader_a, PASSWORD)
    leader.goto(live_server.url + reverse("accounts:team_detail", args=[team_a.pk]))
    leader.click("main a.button:has-text('Liên kết đăng nhập lần đầu')")
    leader.click("main form button:has-text('Tạo liên kết')")
    leader.wait_for_selector(".sheet-block")
    screenshot(leader, "sign_in_sheet_360")
    assert leader.evaluate("document.documentElement.scrollWidth") <= 360
    url = leader.inner_text(".sheet-url")
    assert "Lê Thị Lan: " + url in leader.input_value("#zalo-text")
    leader.emulate_media(media="print")
    assert leader.is_hidden("#zalo") and leader.is_visible(".sheet-block")
    screenshot(leader, "sign_in_sheet_print")

    member = new_page()
    member.goto(url)
    member.wait_for_selector("button:has-text('Tôi là Lê Thị Lan')")
    assert "#" not in member.url
    member.click("button:has-text('Tôi là Lê Thị Lan')")
    member.wait_for_url(lambda u: u.endswith(reverse("accounts:link_password")))
    member.fill("input[name=password1]", "Mat-khau-cua-Lan-9")
    member.fill("input[name=password2]", "Mat-khau-cua-Lan-9")
    member.click("main form button")
    member.wait_for_url(lambda u: u.rstrip("/") == live_server.url)
    screenshot(member, "sign_in_link_member_home")
    assert member.evaluate("document.documentElement.scrollWidth") <= 360
    assert User.objects.get(pk=lan.pk).check_password("Mat-khau-cua-Lan-9")

    again = new_page()
    again.goto(url)
    again.wait_for_selector("h1:has-text('Liên kết không dùng được')")
    assert "Đỗ Tổ Trưởng" in again.inner_text("main")
