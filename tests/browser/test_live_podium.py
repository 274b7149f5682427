"""The projector's podium at 1280×720 and 1920×1080, with the demo's longest team names.

The heading "Kết quả chung cuộc" must not cover the winner's name, and a
team that did not play (none of its players answered a question) is not on
the podium, even when its 0 points would put it in a podium place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from competitions.live import answers, host_commands, joining
from competitions.live.models import LiveRound
from questionbank.models import Choice
from quizsite.accounts import services as accounts
from tests.browser.conftest import browser, new_page
from tests.browser.test_live_round import site
from tests.competitions.conftest import bank, competition, make_approved, stage
from tests.competitions.live_helpers import make_live_round

FIXTURES = (browser, new_page, bank, competition, make_approved, stage, site)
SHOTS = Path("/tmp/live-shots")
SIZES = {"720p": {"width": 1280, "height": 720}, "1080p": {"width": 1920, "height": 1080}}
# The longest names of quizsite.accounts.demo's teams.
WINNER = "Tổ chuyển đổi số cộng đồng số 2 Khu phố Hiệp Trường"
SECOND = "Tổ chuyển đổi số cộng đồng số 2 Khu phố Ninh Trung"
ABSENT = "Tổ chuyển đổi số cộng đồng số 2 Khu phố Hiệp Bình"  # entered, nobody came: 0 points, first by name
ZERO = "Tổ chuyển đổi số cộng đồng số 2 Khu phố Ninh Phúc"  # came and answered wrong: 0 points, played

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def finished_round(*, stage, bank, hamlet_a, make_user) -> LiveRound:
    """A finished round of one question: WINNER right at once, SECOND right later, ZERO wrong, ABSENT no one."""
    teams = {name: accounts.create_team(unit=hamlet_a, name=name) for name in (WINNER, SECOND, ABSENT, ZERO)}
    live = make_live_round(stage=stage, questions=bank[:1], teams=list(teams.values()))
    players = {}
    for n, name in enumerate((WINNER, SECOND, ZERO)):
        user = make_user(name=f"Người chơi {n + 1}")
        accounts.add_member(team=teams[name], user=user)
        players[name], _new = joining.join_member(live, user)
    events = host_commands.start(live.pk)
    question = json.loads(next(e.frame for e in events if e.kind == "question"))
    opens = question["opens_at_ms"]
    version = live.questions.get(position=0).question_id
    right = Choice.objects.get(question_id=version, is_correct=True).key
    wrong = Choice.objects.filter(question_id=version, is_correct=False).first().key
    for name, choice, elapsed in ((WINNER, right, 0), (SECOND, right, 4_000), (ZERO, wrong, 100)):
        ack = answers.accept_answer(
            player_id=players[name].pk,
            round_id=live.pk,
            question_id=question["question"]["id"],
            choices=[choice],
            received_at_ms=opens + elapsed,
        )
        assert ack.accepted, ack
    host_commands.finish(live.pk, now=opens + 10_000)
    return live


def box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_podium_heading_leaves_the_winner_s_name_clear_and_a_team_that_did_not_play_is_not_on_it(
    site, new_page, stage, bank, hamlet_a, make_user, size
):
    live = finished_round(stage=stage, bank=bank, hamlet_a=hamlet_a, make_user=make_user)
    screen = new_page(SIZES[size])
    screen.goto(site + reverse("live:screen", args=[live.code]) + f"?token={live.screen_token}")
    screen.locator(".podium .p1 .who", has_text=WINNER).wait_for()
    SHOTS.mkdir(exist_ok=True)
    screen.screenshot(path=str(SHOTS / f"podium-{size}.png"))

    heading = box(screen, "#podium h2")
    for step in (".p1", ".p2", ".p3"):
        name = box(screen, f".podium {step} .who")
        assert not overlap(heading, name), (step, heading, name)
        assert name["y"] >= 0 and name["y"] + name["height"] <= SIZES[size]["height"], (step, name)
    assert screen.locator(".podium .p2 .who").inner_text() == SECOND
    assert screen.locator(".podium .p3 .who").inner_text() == ZERO  # played, scored 0: still a place
    podium = screen.locator("#podium").inner_text()
    assert ABSENT not in podium
    assert [screen.locator(f".podium {step} .block").inner_text() for step in (".p1", ".p2", ".p3")] == ["1", "2", "3"]
    for step, name in ((".p1", WINNER), (".p2", SECOND), (".p3", ZERO)):  # whole names: two end alike
        who = screen.locator(f".podium {step} .who")
        assert who.evaluate("e => e.scrollHeight <= e.clientHeight"), name
