"""An award list in the browser: an organiser drafts a weekly list and sends it for review, a second
organiser publishes it, and a member opens the public page on a 360-px phone; the annex prints on A4.

Screenshots and the annex PDF go to /tmp/shots/awards/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from leaderboards.awards.models import AwardList
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.leaderboards.awards_fixtures import (
    body,
    closed_round,
    contest,
    last_week,
    make_week_round,
    organiser_a2,
    players,
    teams,
    weekly,
)
from tests.leaderboards.thaw import empty_award_tables

FIXTURES = (body, closed_round, contest, make_week_round, organiser_a2, players, teams, weekly)
SHOTS = Path("/tmp/shots/awards")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def thawed(transactional_db):
    """Empties the frozen tables before the flush that ends the test (see tests/leaderboards/thaw.py)."""
    yield
    empty_award_tables()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_organiser_drafts_another_publishes_and_a_member_reads_it_on_a_phone(
    thawed, live_server, new_page, sign_in, organiser_a, organiser_a2, contest, body, players
):
    # The organiser drafts last week's list on the desktop.
    page = new_page(DESKTOP)
    sign_in(page, organiser_a, PASSWORD)
    page.goto(live_server.url + reverse("leaderboards:award_lists", args=[contest.pk]))
    page.get_by_role("link", name="Lập danh sách đạt giải").click()
    page.select_option("select[name=period_kind]", "week")
    page.fill("input[name=day]", last_week().first.isoformat())
    page.fill("input[name=tier_count_1]", "1")
    page.fill("input[name=tier_count_2]", "2")
    page.fill("input[name=tier_name_3]", "")
    page.fill("input[name=tier_count_3]", "")
    page.check("input[name=exclude_officers]")
    _shot(page, "1-create-form")
    page.get_by_role("button", name="Tạo bản nháp").click()

    page.wait_for_url("**/awards/*/")
    rows = page.locator("table.award-rows tbody tr")
    assert rows.count() == 4
    assert "Bình" in rows.nth(0).inner_text() and "Giải Nhất" in rows.nth(0).inner_text()
    assert "Cán bộ đơn vị tổ chức" in page.locator("[data-skipped]").inner_text()
    _shot(page, "2-draft")
    page.get_by_role("button", name="Gửi duyệt").click()
    assert page.get_by_text("Chờ duyệt", exact=True).is_visible()

    # A second organiser looks at it and publishes.
    reviewer = new_page(DESKTOP)
    sign_in(reviewer, organiser_a2, PASSWORD)
    award_list = AwardList.objects.get()
    reviewer.goto(live_server.url + reverse("leaderboards:award_list", args=[award_list.pk]))
    _shot(reviewer, "3-review")
    reviewer.get_by_role("button", name="Công bố danh sách").click()
    assert reviewer.get_by_text("Đã công bố", exact=True).first.is_visible()
    _shot(reviewer, "4-published")
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.PUBLISHED

    # A member opens the shared link on the phone.
    phone = new_page(PHONE)
    sign_in(phone, players["Bình"], PASSWORD)
    phone.goto(live_server.url + reverse("leaderboards:award_public", args=[award_list.public_token]))
    assert phone.locator("h1").inner_text() == award_list.title
    winners = phone.locator("ol.winners li")
    assert winners.count() == 4
    assert "***" in phone.locator("article").inner_text()
    assert players["Bình"].phone.removeprefix("+84") not in phone.content()
    assert no_horizontal_scroll(phone, PHONE["width"])
    _shot(phone, "5-public-360")

    # The annex, printed to PDF on A4.
    annex = new_page(DESKTOP)
    annex.goto(live_server.url + reverse("leaderboards:award_annex", args=[award_list.public_token]))
    assert "DANH SÁCH CÁ NHÂN ĐẠT GIẢI" in annex.locator("h1").inner_text()
    _shot(annex, "6-annex-screen")
    pdf = annex.pdf(path=str(SHOTS / "annex.pdf"), prefer_css_page_size=True, print_background=True)
    assert pdf[:4] == b"%PDF"
