"""Two new people sign up through a team's invite link on a 360-px phone, one after the other.

The first self-registered account used to be stored with an empty username,
so every later sign-up (and every invite link) was an HTTP 500.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts.models import Membership, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [("Lâm Thị Hoa", "0912 345 671"), ("Trịnh Văn Nam", "0987 654 322")]


def test_two_new_people_join_a_team_through_its_invite_link(live_server, new_page, screenshot, team_a):
    invite = live_server.url + reverse("accounts:join", args=[team_a.invite_token])

    for number, (name, phone) in enumerate(PEOPLE, 1):
        page = new_page()
        page.goto(invite)
        page.click("main a.button:has-text('Đăng ký')")
        page.fill("input[name=full_name]", name)
        page.fill("input[name=phone]", phone)
        page.fill("input[name=password1]", "Mat-khau-moi-2026")
        page.fill("input[name=password2]", "Mat-khau-moi-2026")
        page.click("main form button")
        page.wait_for_url(lambda url: "/join/" in url)
        page.click("main form button:has-text('Tham gia tổ')")
        page.wait_for_url(lambda url: "/teams/" in url)
        screenshot(page, f"invite_sign_up_{number}")

        assert name in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    joined = Membership.objects.filter(team=team_a).values_list("user__full_name", flat=True)
    assert sorted(joined) == sorted(name for name, _phone in PEOPLE)
    assert User.objects.filter(phone__in=["+84912345671", "+84987654322"]).count() == 2
