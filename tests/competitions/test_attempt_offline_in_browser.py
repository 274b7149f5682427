"""A phone loses its network in the middle of the weekly quiz (Playwright's offline mode, 360-px screen).

The taps made offline wait in the browser and are saved once, with the last
choice, when the phone is back, if the deadline has not passed; if it has,
the member reads why and nothing is saved. Moving between questions needs no
network (tests/browser/test_offline_attempt.py plays a whole attempt so).
Beside the other attempt browser test, whose round fixtures live in this
folder. Screenshots: /tmp/shots/offline/.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from competitions.models import Answer, Attempt
from tests.browser.conftest import PHONE, browser, new_page, sign_in
from tests.competitions.helpers import slots, time_passes
from tests.competitions.test_database_away import database_away
from tests.conftest import PASSWORD

# The phone-browser fixtures live in tests/browser/conftest.py; importing them here lends them to this module.
BROWSER_FIXTURES = (browser, new_page, sign_in)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/offline")
OFFLINE = "Mất kết nối — câu trả lời được giữ trên máy và sẽ tự gửi khi có mạng."


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _start(page, live_server, member) -> Attempt:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Vào thi").first.click()
    page.wait_for_url("**/attempts/*/")
    return Attempt.objects.get(user=member)


def _kept(page) -> int:
    """How many questions have taps waiting in the browser for the server."""
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('quiz-unsaved:'))"
        ".reduce((n, k) => n + Object.keys(JSON.parse(localStorage.getItem(k))).length, 0)"
    )


def _saves_answered(page) -> list[int]:
    """The status of every save request the server answered (those that never left the phone are not here)."""
    answered: list[int] = []
    page.on("requestfinished", lambda r: "/save/" in r.url and answered.append(r.response().status))
    return answered


def test_taps_made_offline_are_saved_once_with_the_last_choice_and_the_member_moves_on_meanwhile(
    live_server, new_page, sign_in, open_round, member_a
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    attempt = _start(page, live_server, member_a)
    first, second = slots(attempt)[:2]
    page.locator("label.choice").first.click()
    page.get_by_text("Đã lưu ✓").wait_for()
    page.locator(".actions button").first.click()  # "Lưu và tiếp", online: the plain form post
    page.wait_for_url("**?q=2")
    saves = _saves_answered(page)

    page.context.set_offline(True)
    page.locator("label.choice").nth(0).click()
    page.locator("label.choice").nth(2).click()  # changed their mind: this one counts
    last_choice = int(page.locator("input[name=choice]").nth(2).get_attribute("value"))
    page.get_by_text(OFFLINE).wait_for()
    shoot(page, "1-tapped-offline-360")
    assert _kept(page) == 1
    assert not Answer.objects.filter(attempt=attempt, question=second.question).exists()

    page.locator(".actions button").first.click()  # "Lưu và tiếp" while offline: drawn on the phone
    page.wait_for_url("**?q=3")
    page.get_by_text("Câu 3/3").wait_for()
    shoot(page, "2-next-question-offline-360")
    assert _kept(page) == 1
    assert not Answer.objects.filter(attempt=attempt, question=second.question).exists()

    page.context.set_offline(False)
    page.get_by_text("Đã lưu ✓").wait_for()
    shoot(page, "3-back-online-saved-360")

    assert _kept(page) == 0
    assert saves == [200]  # the kept tap reached the server once (the taps made offline never left the phone)
    assert list(Answer.objects.filter(attempt=attempt, question=second.question).values_list("choices", flat=True)) == [
        [last_choice]
    ]
    assert Answer.objects.filter(attempt=attempt, question=first.question).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_taps_kept_offline_past_the_deadline_are_not_saved_and_the_member_is_told(
    live_server, new_page, sign_in, open_round, member_a
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    attempt = _start(page, live_server, member_a)

    page.context.set_offline(True)
    page.locator("label.choice").nth(1).click()
    page.get_by_text(OFFLINE).wait_for()
    time_passes(attempt, timedelta(seconds=open_round.time_limit_seconds + 60))  # the phone was away too long
    page.context.set_offline(False)

    page.get_by_text("Đã hết giờ làm bài; câu trả lời này không được lưu.").wait_for()
    shoot(page, "4-back-after-the-deadline-360")
    assert page.get_by_role("link", name="Xem kết quả").is_visible()
    assert _kept(page) == 0  # refused for good: nothing left to send again
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE


def test_a_tap_refused_with_503_stays_on_the_page_and_is_sent_first_after_a_reload(
    live_server, new_page, sign_in, open_round, member_a
):
    """PostgreSQL restarting: the save endpoint answers the middleware's 503 (played back by the browser here)."""
    page = new_page(PHONE, service_workers="block")
    # Playwright's routes may miss what goes past a service worker (its documented limit; seen here in full runs,
    # after the app's own browser tests): without the site's worker, the route below always sees the save.
    sign_in(page, member_a, PASSWORD)
    attempt = _start(page, live_server, member_a)
    body = json.dumps({"error": "Máy chủ đang tạm gián đoạn. Vui lòng thử lại sau ít giây.", "retry_after": 5})
    page.route(
        "**/save/",
        lambda route: route.fulfill(
            status=503, headers={"Retry-After": "5"}, content_type="application/json", body=body
        ),
    )

    page.locator("label.choice").nth(1).click()
    page.get_by_text(OFFLINE).wait_for()
    assert page.url.endswith(f"/attempts/{attempt.pk}/")
    assert not Answer.objects.filter(attempt=attempt).exists()

    page.unroute("**/save/")
    page.reload()
    page.get_by_text("Đã lưu ✓").wait_for()

    chosen = int(page.locator("input[name=choice]").nth(1).get_attribute("value"))
    assert page.locator("input[name=choice]").nth(1).is_checked()
    assert list(Answer.objects.filter(attempt=attempt).values_list("choices", flat=True)) == [[chosen]]
    assert _kept(page) == 0


def test_the_503_page_fits_a_phone(new_page, player, attempt):
    with database_away():
        html = player.get(f"/attempts/{attempt.pk}/").content.decode()
    page = new_page(PHONE)

    page.set_content(html.replace('<meta http-equiv="refresh" content="5">', ""))  # not reloaded here

    assert page.get_by_role("heading", name="Máy chủ tạm gián đoạn").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "5-503-page-360")
