"""On a 360-px phone: a leader shares the live round's join link from the lobby, an organiser from the round's
page, and a member shares a result that a signed-out phone then opens (no name unless the member typed one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from competitions import attempts
from competitions.result_shares import ResultShare
from tests.competitions.conftest import bank, competition, make_approved, make_round, open_round, stage  # noqa: F401
from tests.competitions.helpers import right_ids, slots
from tests.competitions.live_helpers import make_live_round
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/cards-shots")


def _keep(path: Path) -> None:
    """A copy where a person looks at the screenshots (tests/browser/screenshots is the suite's)."""
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_leader_and_an_organiser_share_the_live_join_link(
    live_server, new_page, sign_in, screenshot, request, team_a, leader_a, organiser_a
):
    questions = request.getfixturevalue("bank")[:1]
    live = make_live_round(stage=request.getfixturevalue("stage"), questions=questions, teams=[team_a], code="246810")

    leader = new_page()
    sign_in(leader, leader_a, PASSWORD)
    leader.goto(live_server.url + reverse("live:play", args=[live.code]))
    share = leader.locator("[data-live-share] button[data-share]")
    share.click()
    leader.wait_for_function("document.getElementById('live-share-status').textContent.length > 0")
    _keep(screenshot(leader, "cards_live_share_leader"))

    assert leader.locator("#live-share-status").inner_text() == "Đã chép liên kết."
    assert leader.locator("[data-qr-png]").get_attribute("href") == reverse("live:qr_png", args=[live.code])
    assert _fits(leader)

    organiser = new_page()
    sign_in(organiser, organiser_a, PASSWORD)
    organiser.goto(live_server.url + reverse("organise:live_round", args=[live.pk]))
    _keep(screenshot(organiser, "cards_live_share_organiser"))

    assert organiser.locator("[data-live-share] button[data-share]").is_visible()
    assert _fits(organiser)


def test_a_member_shares_a_result_and_a_signed_out_phone_opens_it(
    live_server, new_page, sign_in, screenshot, request, member_a
):
    attempt = attempts.start_attempt(round=request.getfixturevalue("open_round"), user=member_a)
    for slot in slots(attempt)[:2]:
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    attempts.submit_attempt(attempt=attempt)

    member = new_page()
    sign_in(member, member_a, PASSWORD)
    member.goto(live_server.url + reverse("competitions:attempt_result", args=[attempt.pk]))
    member.click("[data-share-form] button")
    member.wait_for_url(lambda url: url.endswith("#share-result"))
    _keep(screenshot(member, "cards_result_shared"))

    assert member.locator("#share-result button[data-share]").is_visible()
    assert _fits(member)

    share = ResultShare.objects.get(attempt=attempt)
    stranger = new_page()
    stranger.goto(live_server.url + reverse("competitions:result_share", args=[share.token]))
    _keep(screenshot(stranger, "cards_result_public"))
    text = stranger.locator("main").inner_text()

    assert "Tôi được 2/3 điểm" in text and "Tổ CNS Ấp 1" in text
    assert "Hoàng" not in text and "Viên" not in text
    assert _fits(stranger)
