"""A member takes the weekly quiz on a 360-px phone in a real browser (attempt.js at work)."""

from __future__ import annotations

import pytest

from competitions.models import Answer, Attempt
from tests.browser.conftest import PHONE, browser, new_page, screenshot, sign_in
from tests.conftest import PASSWORD

# The phone-browser fixtures live in tests/browser/conftest.py; importing them here lends them to this module.
BROWSER_FIXTURES = (browser, new_page, screenshot, sign_in)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_takes_the_quiz_on_a_phone_with_autosave_resume_and_submit(
    live_server,
    new_page,
    sign_in,
    screenshot,
    open_round,
    member_a,
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + "/")
    assert _fits(page)
    screenshot(page, "quiz-home-360")

    page.get_by_role("button", name="Vào thi").first.click()
    page.wait_for_url("**/attempts/*/")
    assert page.locator("label.choice").count() == 3
    assert _fits(page)

    page.locator("label.choice").nth(1).click()
    page.get_by_text("Đã lưu ✓").wait_for()
    attempt = Attempt.objects.get(user=member_a)
    assert Answer.objects.filter(attempt=attempt).count() == 1
    screenshot(page, "quiz-question-360")

    page.reload()  # a reload resumes at the first unanswered question
    assert "Câu 2/3" in page.content()
    page.goto(page.url.split("?")[0] + "?q=1")
    assert page.locator("input[name=choice]").nth(1).is_checked()

    for _ in range(3):
        page.locator("label.choice").first.click()
        page.get_by_text("Đã lưu ✓").wait_for()
        page.locator(".actions button").first.click()
        page.wait_for_load_state()
    assert page.get_by_text("Bạn đã trả lời 3/3 câu.").is_visible()
    page.fill("input[name=prediction]", "6")
    screenshot(page, "quiz-submit-360")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp bài").last.click()
    page.wait_for_url("**/result/")
    assert page.get_by_text("câu đúng").is_visible()
    assert _fits(page)
    screenshot(page, "quiz-result-360")

    attempt.refresh_from_db()
    assert (attempt.finished_reason, attempt.prediction) == ("submitted", 6)
