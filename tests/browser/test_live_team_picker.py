"""A province organiser picks a live round's teams on a 360-px phone: a whole commune, one more team found by a
search, one taken out again; then saves and reads the count. The same with JavaScript off (plain form posts).

Screenshots go to tests/browser/screenshots/live-teams-*.png for a person to look at.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.live.models import LiveRound
from competitions.models import Competition, Stage
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment, Team, Unit
from tests.browser.conftest import DESKTOP, PHONE, browser, new_page, screenshot, sign_in
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.competitions.conftest import make_approved
from tests.conftest import PASSWORD

FIXTURES = (browser, new_page, screenshot, sign_in, make_approved)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(province, commune_a, commune_b, make_officer, make_approved):
    """A province competition: Xã An Bình with four teams in two hamlets, Xã Tân Phú with three, and its organiser."""
    organiser = make_officer(RoleAssignment.Role.ORGANISER, province, "Sở Tổ Chức")
    competition = Competition.objects.create(title="Thi kỹ năng số toàn tỉnh", unit=province, created_by=organiser)
    stage = Stage.objects.create(competition=competition, kind=Stage.Kind.FINAL, title="Chung kết")
    for commune, hamlets in [(commune_a, ["Ấp Bình An", "Ấp Bình Hòa"]), (commune_b, ["Ấp Phú Lợi"])]:
        for hamlet_name in hamlets:
            hamlet = accounts.create_unit(name=hamlet_name, kind=Unit.Kind.HAMLET, parent=commune)
            for n in range(2 if commune == commune_a else 3):
                accounts.create_team(unit=hamlet, name=f"Tổ chuyển đổi số {hamlet_name} {n + 1}")
    question = make_approved(unit=province, text="Ứng dụng nào dùng để nộp hồ sơ dịch vụ công trực tuyến?")
    return organiser, stage, question


def chosen(page) -> int:
    return int(page.locator("[data-chosen-count]").get_attribute("data-chosen-count"))


def test_an_organiser_picks_a_commune_a_found_team_takes_one_out_and_saves_on_a_phone(
    live_server, new_page, sign_in, screenshot, world, commune_a
):
    organiser, stage, question = world
    page = new_page(PHONE)
    sign_in(page, organiser, PASSWORD)
    page.goto(live_server.url + reverse("organise:live_create", args=[stage.pk]))

    # The teams first, the round's name not typed yet: a picker's button is no save, the name may wait.
    page.select_option("select[name=unit]", str(commune_a.pk))
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.wait_for_function("document.querySelector('[data-chosen-count]').dataset.chosenCount === '4'")
    assert "Đã thêm 4 tổ của Xã An Bình." in page.locator("[data-picker-status]").inner_text()
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "live-teams-commune-360")
    page.fill("input[name=title]", "Chung kết trực tiếp toàn tỉnh")
    page.locator(f"input[name=questions][value='{question.pk}']").check()

    page.fill("input[name=team_q]", "phu loi")
    page.press("input[name=team_q]", "Enter")
    # The search's answer (the small province's unchosen teams were listed before it, without a count).
    page.wait_for_selector("[data-found-count]")
    assert page.locator("[data-found-teams] input[name=teams]").count() == 3
    found = Team.objects.get(name="Tổ chuyển đổi số Ấp Phú Lợi 2")
    page.locator(f"input[name=teams][value='{found.pk}']").check()
    screenshot(page, "live-teams-search-360")
    page.get_by_role("button", name="Thêm các tổ đã đánh dấu").click()
    page.wait_for_function("document.querySelector('[data-chosen-count]').dataset.chosenCount === '5'")
    assert no_horizontal_scroll(page, PHONE["width"])

    gone = Team.objects.get(name="Tổ chuyển đổi số Ấp Bình Hòa 1")
    page.get_by_role("button", name=f"Bỏ {gone.name}").first.click()
    page.wait_for_function("document.querySelector('[data-chosen-count]').dataset.chosenCount === '4'")
    groups = page.locator("[data-chosen] .group-head .row-name")
    assert [g.inner_text() for g in groups.all()] == ["Xã An Bình 3 tổ", "Xã Tân Phú 1 tổ"]
    # The round's own fields were never sent back to be refilled: what was typed is still there.
    assert page.locator("input[name=title]").input_value() == "Chung kết trực tiếp toàn tỉnh"
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "live-teams-chosen-360")

    page.get_by_role("button", name="Tạo vòng thi trực tiếp").click()
    page.wait_for_selector("[data-code]")
    live_round = LiveRound.objects.get()
    assert set(live_round.entries.values_list("team__name", flat=True)) == {
        "Tổ chuyển đổi số Ấp Bình An 1",
        "Tổ chuyển đổi số Ấp Bình An 2",
        "Tổ chuyển đổi số Ấp Bình Hòa 2",
        "Tổ chuyển đổi số Ấp Phú Lợi 2",
    }
    assert page.locator("#teams h2").inner_text() == "4 tổ dự thi"
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "live-teams-saved-360")

    desktop = new_page(DESKTOP)
    sign_in(desktop, organiser, PASSWORD)
    desktop.goto(live_server.url + reverse("organise:live_edit", args=[live_round.pk]) + "#team-picker")
    desktop.fill("input[name=team_q]", "xa")
    desktop.get_by_role("button", name="Tìm", exact=True).click()
    desktop.wait_for_selector("[data-found-units]")
    assert chosen(desktop) == 4
    assert no_horizontal_scroll(desktop, DESKTOP["width"])
    screenshot(desktop, "live-teams-edit-1280")


def test_the_picker_works_with_javascript_off(live_server, browser, sign_in, screenshot, world, commune_a):
    organiser, stage, question = world
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, organiser, PASSWORD)
        page.goto(live_server.url + reverse("organise:live_create", args=[stage.pk]))
        page.fill("input[name=title]", "Chung kết không cần JavaScript")
        page.locator(f"input[name=questions][value='{question.pk}']").check()

        page.select_option("select[name=unit]", str(commune_a.pk))
        page.get_by_role("button", name="Thêm", exact=True).click()
        page.wait_for_load_state()
        assert chosen(page) == 4
        # The page came back at the picker, with the round's fields as they were typed.
        assert page.url.endswith("#team-picker")
        assert page.locator("input[name=title]").input_value() == "Chung kết không cần JavaScript"
        assert page.locator(f"input[name=questions][value='{question.pk}']").is_checked()

        page.fill("input[name=team_q]", "phu loi 3")
        page.press("input[name=team_q]", "Enter")  # the form's first button is the search
        page.wait_for_load_state()
        found = Team.objects.get(name="Tổ chuyển đổi số Ấp Phú Lợi 3")
        page.locator(f"input[name=teams][value='{found.pk}']").check()
        screenshot(page, "live-teams-nojs-search-360")
        # Ticked and saved at once, without pressing "add": it is entered too.
        page.get_by_role("button", name="Tạo vòng thi trực tiếp").click()
        page.wait_for_selector("[data-code]")

        assert LiveRound.objects.get().entries.count() == 5
        assert page.locator("#teams h2").inner_text() == "5 tổ dự thi"
    finally:
        context.close()
