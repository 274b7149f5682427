"""A hamlet member plays a whole weekly round on 2G, on a 360-px phone (issue 17's walk).

Chromium's own network emulation at EDGE (100 kbit/s each way, 500 ms round
trip: what bench/two_g.py measures the pages with) from the home page to the
result: start, ten taps and moves, the review step, the submit. What a member
would notice is asserted (every tap saved once, the right score, nothing
wider than the phone), never a time: those are in docs/BENCHMARKS.md, "2G
pages". The screenshots of each step are in /tmp/2g-walk/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from competitions.models import Answer, Attempt
from tests.browser.conftest import PHONE
from tests.browser.test_offline_attempt import _choose, _next, _on_question, weekly_round
from tests.competitions.conftest import bank, competition, make_approved, make_round, stage
from tests.competitions.helpers import right_ids, slots, wrong_id
from tests.conftest import PASSWORD

# The weekly round's fixtures; importing them here lends them to this module.
ROUND_FIXTURES = (bank, competition, make_approved, make_round, stage, weekly_round)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/2g-walk")
EDGE = {"offline": False, "latency": 500, "downloadThroughput": 100_000 / 8, "uploadThroughput": 100_000 / 8}


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def test_a_member_plays_a_whole_weekly_round_on_2g_at_360_px(live_server, new_page, sign_in, weekly_round, member_a):
    page = new_page(PHONE)
    page.set_default_timeout(60_000)  # 2G: a page is seconds, not milliseconds
    sign_in(page, member_a, PASSWORD)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", EDGE)

    page.goto(live_server.url + "/")
    _shoot(page, "1-home")
    page.get_by_role("button", name="Vào thi").first.click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(user=member_a)
    drawn = slots(attempt)
    plan = [right_ids(slot) if i % 2 == 0 else [wrong_id(slot)] for i, slot in enumerate(drawn)]

    for i, slot in enumerate(drawn):
        _on_question(page, slot, i + 1, len(drawn))
        _choose(page, plan[i])
        page.get_by_text("Đã lưu ✓").wait_for()
        _shoot(page, f"2-question-{i + 1}")
        _next(page)
    page.get_by_text(f"Bạn đã trả lời {len(drawn)}/{len(drawn)} câu.").wait_for()
    _shoot(page, "3-review")
    page.fill("input[name=prediction]", "9")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-form button").click()
    page.wait_for_url("**/result/")
    page.get_by_text("câu đúng").wait_for()
    _shoot(page, "4-result")

    attempt.refresh_from_db()
    stored = {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}
    assert stored == {slot.question_id: sorted(plan[i]) for i, slot in enumerate(drawn)}
    assert attempt.finished_reason == Attempt.FinishedReason.SUBMITTED
    assert attempt.score == sum(1 for i in range(len(drawn)) if i % 2 == 0)
