"""What a member just did shows at once: the home page and /standings/ after a submit and after a round's close,
and the result page's rank in the round."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions import attempts, closing
from competitions.models import Round
from leaderboards.periods import WEEK, Period
from quizsite.accounts import services as accounts
from tests.competitions.helpers import right_ids, slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly_round(make_round, bank) -> Round:
    """A round of this week (so the home page's "this week" counts it), open for an hour more."""
    now = timezone.now()
    return make_round(
        opens_at=max(Period.current(WEEK).start, now - timedelta(hours=1)),
        closes_at=now + timedelta(hours=1),
        time_limit_seconds=600,
    )


@pytest.fixture
def teammate(make_user, team_a):
    user = make_user(name="Lê Đồng Đội")
    accounts.add_member(team=team_a, user=user)
    return user


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _week_line(client) -> str:
    """The home page's "this week" line: my rank, my team's."""
    page = client.get(reverse("home")).content.decode()
    row = re.search(r'<tr data-period="week">(.*?)</tr>', page, re.S)
    return _text(row[1]) if row else ""


def _standings(client) -> str:
    """/standings/ this week: my line, my team's, and the top people (not the menu, which names me)."""
    page = client.get(reverse("leaderboards:standings")).content.decode()
    return _text(page.split("<h1>", 1)[1])


def _start_and_answer(round, user, *, right: int):
    attempt = attempts.start_attempt(round=round, user=user)
    for slot in slots(attempt)[:right]:
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    return attempt


def test_after_a_submit_both_members_home_pages_and_standings_show_it_at_once(
    weekly_round, member_a, teammate, django_capture_on_commit_callbacks
):
    first = _start_and_answer(weekly_round, member_a, right=2)
    attempts.submit_attempt(attempt=first)
    mine, theirs = _browser(member_a), _browser(teammate)
    # Both pages seen once: the boards are in the cache now.
    assert "1/2 đã thi" in _week_line(mine)
    assert "Bạn chưa thi" in _week_line(theirs)
    assert "Lê Đồng Đội" not in _standings(mine)
    second = _start_and_answer(weekly_round, teammate, right=3)

    with django_capture_on_commit_callbacks(execute=True):
        theirs.post(reverse("competitions:attempt_submit", kwargs={"pk": second.pk}))

    assert "Bạn: hạng 1 trên 2 người · 3 điểm" in _week_line(theirs)
    assert "5 điểm · 2/2 đã thi" in _week_line(theirs)
    assert "Bạn: hạng 2 trên 2 người · 2 điểm" in _week_line(mine)
    assert "5 điểm · 2/2 đã thi" in _week_line(mine)
    assert "Bạn: hạng 1 trên 2 người · 3 điểm" in _standings(theirs)
    assert "Lê Đồng Đội" in _standings(mine)


def test_a_round_closed_by_close_rounds_shows_the_attempts_it_finished_at_once(
    weekly_round, member_a, teammate, django_capture_on_commit_callbacks
):
    attempts.submit_attempt(attempt=_start_and_answer(weekly_round, member_a, right=1))
    _start_and_answer(weekly_round, teammate, right=3)  # never submitted: the close finishes it
    mine, theirs = _browser(member_a), _browser(teammate)
    assert "Bạn chưa thi" in _week_line(theirs)
    assert "1/2 đã thi" in _week_line(mine)

    with django_capture_on_commit_callbacks(execute=True):
        closing.close_rounds(now=weekly_round.closes_at + timedelta(minutes=1))

    assert "Bạn: hạng 1 trên 2 người · 3 điểm" in _week_line(theirs)
    assert "4 điểm · 2/2 đã thi" in _week_line(mine)
    assert "Lê Đồng Đội" in _standings(mine)


def test_a_change_of_another_round_keeps_this_round_s_boards(weekly_round, make_round):
    from leaderboards.tables import versions

    last_year = make_round(opens_at=weekly_round.opens_at - timedelta(days=400), closes_at=weekly_round.opens_at)
    pair = (weekly_round.stage.competition_id, Period.current(WEEK))
    before = versions.current([pair])

    versions.round_changed(last_year.pk)

    assert versions.current([pair]) == before
    versions.round_changed(weekly_round.pk)
    assert versions.current([pair]) != before


# --- The result page's rank in the round -------------------------------------


def _result(client, attempt) -> str:
    page = client.get(reverse("competitions:attempt_result", kwargs={"pk": attempt.pk})).content.decode()
    return _text(page)


def test_the_result_page_says_the_rank_in_the_round_and_that_it_may_still_move(weekly_round, member_a, teammate):
    attempts.submit_attempt(attempt=_start_and_answer(weekly_round, teammate, right=3))
    mine = attempts.submit_attempt(attempt=_start_and_answer(weekly_round, member_a, right=1))

    page = _result(_browser(member_a), mine)

    assert "hạng 2 trên 2 người đã thi" in page
    assert "Tạm tính: hạng còn có thể thay đổi" in page


def test_once_the_round_is_closed_the_rank_is_final(weekly_round, member_a, teammate):
    theirs = attempts.submit_attempt(attempt=_start_and_answer(weekly_round, teammate, right=3))
    attempts.submit_attempt(attempt=_start_and_answer(weekly_round, member_a, right=3))
    closing.close_rounds(now=weekly_round.closes_at + timedelta(minutes=1))
    Round.objects.filter(pk=weekly_round.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    page = _result(_browser(teammate), theirs)

    # Equal scores: the teammate took longer or submitted first; either way a rank of 2 people.
    assert re.search(r"hạng [12] trên 2 người đã thi", page)
    assert "Tạm tính" not in page


def test_the_rank_in_the_round_is_the_round_ranking_s_ties_included(make_round, bank, make_user):
    from competitions import selectors
    from tests.competitions.helpers import finished_attempt as play

    round = make_round()
    scores = [("An", 3, 100, 1), ("Bình", 3, 100, 1), ("Cường", 3, 90, 5), ("Dũng", 2, 50, 2), ("Em", 1, 10, 3)]
    users = {}
    for name, score, seconds, minute in scores:
        users[name] = make_user(name=name)
        play(round, users[name], score=score, seconds=seconds, minute=minute)
        play(round, users[name], score=max(score - 1, 0), seconds=seconds, minute=minute + 1, number=2)

    ranked = {r.attempt.user_id: r.rank for r in selectors.ranking(round)}

    assert {
        pk: selectors.place_in_round(round, user).rank for pk, user in ((u.pk, u) for u in users.values())
    } == ranked
    assert sorted(ranked.values()) == [1, 2, 2, 4, 5]
    assert selectors.place_in_round(round, users["An"]).total == 5


def test_a_live_round_that_finishes_refreshes_its_boards_at_once(
    stage, bank, team_a, django_capture_on_commit_callbacks
):
    from competitions.live import host_commands
    from leaderboards.tables import versions
    from tests.competitions.live_helpers import make_live_round

    live = make_live_round(stage=stage, questions=bank[:1], teams=[team_a])
    pair = (stage.competition_id, Period.for_stage(stage.pk))
    before = versions.current([pair])
    host_commands.start(live.pk)

    with django_capture_on_commit_callbacks(execute=True):
        host_commands.finish(live.pk)

    assert versions.current([pair]) != before, "the finished live round's standings were left to expire"
