"""The standings in a real browser: the member's glance and page on a 360-px phone, the officer's tables
on a desktop. Long Vietnamese names and a full top 10, so that anything that can run off the side does.

Screenshots go to /tmp/shots/tables/ to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from leaderboards.periods import MONTH, WEEK, Period
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.leaderboards import test_standings_pages as pages

# The page tests' fixtures: a province contest, its weekly stage and rounds, members of teams.
contest, stage, make_round, member, play = pages.contest, pages.stage, pages.make_round, pages.member, pages.play

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/tables")
LONG_TEAM = "Tổ chuyển đổi số cộng đồng khu phố Bình Minh Thượng"


@pytest.fixture
def board(make_round, member, hamlet_a, hamlet_b):
    """Twelve people in two teams with long names, in a round of this week and month; the first is "me"."""
    week, month = Period.current(WEEK), Period.current(MONTH)
    r = make_round(max(week.start, month.start), title="Vòng tuần này", days=30)
    long_team = accounts.create_team(unit=hamlet_a, name=LONG_TEAM)
    other = accounts.create_team(unit=hamlet_b, name="Tổ CNS Ấp 2 — Hội Liên hiệp Phụ nữ và Đoàn Thanh niên")
    people = []
    for k in range(12):
        team = long_team if k % 2 == 0 else other
        person = member(f"Nguyễn Thị Phương Thảo Quỳnh Hương {k:02d}", team)
        play(r, person, team, score=20 - k, seconds=300 + k, minute=1 + k)
        people.append(person)
    return people


def _shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_the_home_glance_and_the_member_page_fit_a_360_px_phone(live_server, new_page, sign_in, board):
    me = board[2]
    page = new_page(PHONE)
    sign_in(page, me, PASSWORD)

    page.goto(live_server.url + reverse("home"))
    glance = page.locator("[data-glance]")
    assert "hạng 3 trên 12 người" in glance.inner_text()
    assert no_horizontal_scroll(page, PHONE["width"])
    glance.scroll_into_view_if_needed()
    _shoot(page, "home-glance-360")

    glance.get_by_text("Xem 10 người và 10 tổ dẫn đầu").click()
    page.wait_for_url(f"**{reverse('leaderboards:standings')}")
    assert page.locator('[data-top="people"] li').count() == 10
    assert page.locator('[data-top="people"] li.me').inner_text().startswith("3")
    assert no_horizontal_scroll(page, PHONE["width"])
    _shoot(page, "member-week-360")

    page.get_by_text("Tháng này", exact=True).click()
    page.wait_for_url("**?period=month")
    assert no_horizontal_scroll(page, PHONE["width"])
    _shoot(page, "member-month-360")


def test_the_officer_page_fits_a_desktop_and_its_pages_and_search_work(
    live_server,
    new_page,
    sign_in,
    board,
    contest,
    make_officer,
    province,
):
    officer = make_officer(RoleAssignment.Role.ORGANISER, province, "Sở Thông tin và Truyền thông")
    page = new_page(DESKTOP)
    sign_in(page, officer, PASSWORD)

    page.goto(live_server.url + reverse("leaderboards:standings_officer", args=[contest.pk]))
    assert page.locator('[data-rows="people"] tr').count() == 12
    assert page.locator("[data-provisional]").is_visible()
    assert no_horizontal_scroll(page, DESKTOP["width"])
    _shoot(page, "officer-1280")

    page.fill("#f-find", board[7].full_name)
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**find=*")
    assert page.locator(f"#p-{board[7].pk}.found").is_visible()
    _shoot(page, "officer-find-1280")

    page.select_option("#f-level", "hamlet")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**level=hamlet*")
    assert page.locator('[data-rows="units"] tr').count() == 2
    page.locator("a[rel=prev]").click()
    page.wait_for_url(f"**period={Period.current(WEEK).previous().slug}*")
    assert page.locator('[data-rows="people"]').inner_text().strip() == "Chưa ai thi trong kỳ này."
    assert no_horizontal_scroll(page, DESKTOP["width"])


def test_the_officer_page_reads_on_a_phone_too(live_server, new_page, sign_in, board, contest, make_officer, province):
    officer = make_officer(RoleAssignment.Role.VIEWER, province, "Lãnh đạo Sở")
    page = new_page(PHONE)
    sign_in(page, officer, PASSWORD)

    page.goto(live_server.url + reverse("leaderboards:standings_officer", args=[contest.pk]))

    assert no_horizontal_scroll(page, PHONE["width"])
    _shoot(page, "officer-360")
