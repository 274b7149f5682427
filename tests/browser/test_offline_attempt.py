"""A hamlet member takes the weekly quiz through a dead zone (Playwright's offline mode, 360-px screen).

Two questions answered online, then the network goes: the member moves
between the other questions with next and previous, answers them, changes
one, reaches the submit step and presses "Nộp bài". The page says the
submit waits for the network; when it is back, the kept answers and the
submit go by themselves. Without JavaScript the plain forms still do it all.
Screenshots: /tmp/offline-shots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from competitions.models import Answer, Attempt, AttemptQuestion
from questionbank import services as qb
from questionbank.models import Question
from tests.browser.conftest import PHONE
from tests.competitions.conftest import bank, competition, make_approved, make_round, stage
from tests.competitions.helpers import right_ids, slots, wrong_id
from tests.conftest import PASSWORD

# The weekly round's fixtures live in tests/competitions/conftest.py; importing them here lends them to this module.
ROUND_FIXTURES = (bank, competition, make_approved, make_round, stage)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/offline-shots")
WAITING = "Mất kết nối — bài sẽ tự nộp khi có mạng trở lại. Câu trả lời vẫn được giữ trên máy."


@pytest.fixture
def weekly_round(make_round, bank, make_approved):
    """Five questions: the four safety ones and one with two right choices (checkboxes)."""
    make_approved(
        text="Những cách nào giúp giữ an toàn tài khoản ngân hàng?",
        kind=Question.Kind.MULTIPLE,
        choices=[
            qb.ChoiceData("Bật xác thực hai lớp", True),
            qb.ChoiceData("Không đưa mã OTP cho ai", True),
            qb.ChoiceData("Dùng chung mật khẩu với Zalo", False),
        ],
    )
    return make_round(count=5, time_limit_seconds=1200, prediction_enabled=True)


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _start(page, live_server, member) -> Attempt:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Vào thi").first.click()
    page.wait_for_url("**/attempts/*/")
    return Attempt.objects.get(user=member)


def _choose(page, keys: list[int]) -> None:
    """Tap so that exactly ``keys`` are chosen (a checkbox chosen before and not in ``keys`` is unticked)."""
    for key in keys:
        page.locator(f"input[name=choice][value='{key}']").check()
    # The values first: unticking a box changes which boxes the ":checked" locator would find next.
    ticked = page.locator("input[type=checkbox]:checked").evaluate_all("boxes => boxes.map(b => +b.value)")
    for key in set(ticked) - set(keys):
        page.locator(f"input[name=choice][value='{key}']").uncheck()


def _next(page) -> None:
    page.locator(".actions button").first.click()  # "Lưu và tiếp ›" / "Lưu và xem lại ›"


def _on_question(page, slot: AttemptQuestion, number: int, total: int) -> None:
    page.get_by_text(f"Câu {number}/{total}").wait_for()
    assert page.locator(".q-text").inner_text() == slot.question.text
    shown = [int(v) for v in page.locator("input[name=choice]").evaluate_all("els => els.map(e => e.value)")]
    assert shown == slot.choice_order  # the member's own draw, in its order
    kind = "checkbox" if slot.question.kind == Question.Kind.MULTIPLE else "radio"
    assert set(page.locator("input[name=choice]").evaluate_all("els => els.map(e => e.type)")) == {kind}


def test_a_member_answers_and_submits_through_a_dead_zone_and_every_answer_is_saved_once(
    live_server, new_page, sign_in, weekly_round, member_a
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    attempt = _start(page, live_server, member_a)
    drawn = slots(attempt)
    total = len(drawn)
    assert total == 5
    saves: list[str] = []  # the answer every save the server answered carried
    submits: list[int] = []
    page.on("requestfinished", lambda r: "/save/" in r.url and saves.append(r.post_data or ""))
    page.on("requestfinished", lambda r: "/submit/" in r.url and submits.append(r.response().status))

    # Online: the first two, one right and one wrong.
    plan = {0: right_ids(drawn[0]), 1: [wrong_id(drawn[1])], 2: right_ids(drawn[2]), 3: [wrong_id(drawn[3])]}
    plan[4] = right_ids(drawn[4])
    for i in (0, 1):
        _on_question(page, drawn[i], i + 1, total)
        _choose(page, plan[i])
        page.get_by_text("Đã lưu ✓").wait_for()
        _next(page)
    assert Answer.objects.filter(attempt=attempt).count() == 2

    # The dead zone: question 3 answered wrong, 4, back to 3 to correct it, then 4 again and 5.
    online_saves = len(saves)
    page.context.set_offline(True)
    _on_question(page, drawn[2], 3, total)
    _choose(page, [wrong_id(drawn[2])])
    _next(page)
    _on_question(page, drawn[3], 4, total)
    _choose(page, plan[3])
    _shoot(page, "1-question-4-offline")
    page.get_by_role("button", name="‹ Câu trước").click()
    _on_question(page, drawn[2], 3, total)
    assert page.locator(f"input[value='{wrong_id(drawn[2])}']").is_checked()  # what was tapped offline
    _choose(page, plan[2])
    page.locator(".qnav button", has_text="4").click()
    _on_question(page, drawn[3], 4, total)
    assert page.locator(f"input[value='{plan[3][0]}']").is_checked()
    _next(page)
    _on_question(page, drawn[4], 5, total)
    _choose(page, plan[4])
    _next(page)  # "Lưu và xem lại": the submit step, drawn on the phone
    page.get_by_text(f"Bạn đã trả lời 5/{total} câu.").wait_for()
    assert page.url.endswith(f"?q={total + 1}")
    page.fill("input[name=prediction]", "12")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-form button").click()
    page.get_by_text(WAITING).wait_for()
    _shoot(page, "2-submit-waits-offline")
    assert _fits(page)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert Answer.objects.filter(attempt=attempt).count() == 2
    assert saves and not submits

    page.context.set_offline(False)
    page.wait_for_url("**/result/")
    page.get_by_text("câu đúng").wait_for()
    _shoot(page, "3-back-online-submitted")

    attempt.refresh_from_db()
    stored = {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}
    assert stored == {slot.question_id: sorted(plan[i]) for i, slot in enumerate(drawn)}
    # The taps made offline left the phone once back online, one save per question: question 3's wrong
    # tap was replaced on the phone before it ever left.
    sent = [int(body.split('name="question"')[1].split()[0]) for body in saves[online_saves:] if "question" in body]
    assert sorted(sent) == sorted(slot.question_id for slot in drawn[2:])
    assert submits == [302]
    assert attempt.finished_reason == Attempt.FinishedReason.SUBMITTED
    assert (attempt.score, attempt.prediction) == (3, 12)


def test_without_javascript_the_member_moves_with_the_forms_and_submits(
    live_server, browser, sign_in, weekly_round, member_a
):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, member_a, PASSWORD)
        attempt = _start(page, live_server, member_a)
        drawn = slots(attempt)
        assert not page.locator("#submit-form").is_visible()
        for i, slot in enumerate(drawn):
            _on_question(page, slot, i + 1, len(drawn))
            _choose(page, right_ids(slot))
            _next(page)  # a plain form post: saved, then the next page
            page.wait_for_url(f"**?q={i + 2}")
        page.get_by_text(f"Bạn đã trả lời {len(drawn)}/{len(drawn)} câu.").wait_for()
        assert not page.locator(".q-text").is_visible()
        page.locator("#submit-form button").click()
        page.wait_for_url("**/result/")
    finally:
        context.close()

    attempt.refresh_from_db()
    assert attempt.score == len(drawn)
    assert Answer.objects.filter(attempt=attempt).count() == len(drawn)


def test_signing_out_with_answers_still_on_the_phone_asks_first_as_it_would_clear_them(
    live_server, new_page, sign_in, weekly_round, member_a
):
    """Sign-out clears the phone's storage (Clear-Site-Data): a tap the server never got is named, and kept if asked."""
    page = new_page(PHONE, service_workers="block")
    # Playwright's routes may miss what goes past a service worker (its documented limit; seen here in full runs,
    # after the app's own browser tests): without the site's worker, the route below always sees the save.
    sign_in(page, member_a, PASSWORD)
    attempt = _start(page, live_server, member_a)
    drawn = slots(attempt)
    page.route("**/save/", lambda route: route.abort())  # the network takes the page but never the save
    _choose(page, right_ids(drawn[0]))
    page.wait_for_function("Object.keys(localStorage).some(k => k.startsWith('quiz-unsaved:'))")

    asked: list[str] = []
    page.goto(live_server.url + "/")
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_timeout(300)  # a sign-out would have left the page by now
    assert asked and asked[0].startswith("Máy này còn giữ câu trả lời bài thi chưa gửi được")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()  # still signed in, the tap still kept
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('quiz-unsaved:'))")

    # Back on the quiz with the network, the tap goes; then signing out asks nothing.
    page.unroute("**/save/")
    page.goto(live_server.url + f"/attempts/{attempt.pk}/")
    page.wait_for_function("!Object.keys(localStorage).some(k => k.startsWith('quiz-unsaved:'))")
    assert Answer.objects.filter(attempt=attempt, question=drawn[0].question).exists()
    page.goto(live_server.url + "/")
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.locator("nav.guest").get_by_role("link", name="Đăng nhập").wait_for()
    assert len(asked) == 1
