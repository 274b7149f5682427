"""The header menu on a 360-px phone: it opens on a tap, and nothing runs off the side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts import services as accounts
from tests.browser.conftest import PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.competitions.conftest import bank, competition, make_approved, make_round, open_round, stage  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topic(transactional_db):
    # A transactional test before this one may have flushed the rows the data migration made.
    from questionbank import services
    from questionbank.models import Topic

    services.ensure_root_topics()
    return Topic.objects.get(root_key=Topic.Root.SAFETY)


@pytest.fixture
def member(make_user, team_a):
    # A long name and an officer role: the widest menu a member of a team can have.
    user = make_user(name="Nguyễn Thị Phương Thảo Quỳnh Hương")
    accounts.add_member(team=team_a, user=user)
    accounts.grant_role(user=user, role="reviewer", unit=team_a.unit)
    return user


def _open_menu(page) -> None:
    menu = page.locator("details.menu")
    assert not menu.locator("nav").is_visible()
    menu.locator("summary").click()
    assert menu.locator("nav").is_visible()


@pytest.mark.usefixtures("open_round")  # the home page then shows a round card too
@pytest.mark.parametrize("path", ["home", "accounts:profile"])
def test_the_menu_opens_at_360_px_and_nothing_overflows(live_server, new_page, sign_in, screenshot, member, path):
    page = new_page(PHONE)
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse(path))
    assert no_horizontal_scroll(page, PHONE["width"])

    _open_menu(page)

    nav = page.locator("details.menu nav")
    for label in ["Trang chủ", "Tổ của tôi", "Câu hỏi chờ duyệt", "Hồ sơ của tôi", "Đổi mật khẩu", "Đăng xuất"]:
        assert nav.get_by_text(label, exact=True).is_visible(), label
    box = nav.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, f"menu-open-{path.replace(':', '-')}")


@pytest.mark.usefixtures("open_round")
def test_a_link_in_the_menu_takes_the_member_there(live_server, new_page, sign_in, member):
    page = new_page(PHONE)
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse("home"))

    _open_menu(page)
    page.locator("details.menu nav").get_by_text("Hồ sơ của tôi", exact=True).click()

    page.wait_for_url(f"**{reverse('accounts:profile')}")
    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"
    assert not page.locator("details.menu nav").is_visible()  # a new page starts with the menu closed
