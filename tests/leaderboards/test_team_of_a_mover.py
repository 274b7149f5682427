"""A person who moved team within a period: their row shows the team of their latest counted entry, and an
award list's "one prize per team" reads that same team (leaderboards.standings._latest_team).

Tổ Một is created before Tổ Hai, so it has the smaller id: a rule that took the largest team id, or the
first team seen, would put Hà in Tổ Hai, the team she left.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from competitions.live.models import LivePlayer, LiveRound
from competitions.models import Round, Stage
from leaderboards import standings
from leaderboards.awards import drafting
from leaderboards.periods import Period
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership
from tests.competitions.helpers import finished_attempt as play
from tests.leaderboards.awards_fixtures import last_week

pytestmark = pytest.mark.django_db

ONE_EACH = [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}]


@pytest.fixture
def mover(make_user, teams):
    """Hà, of Tổ Hai; Bình of Tổ Một; Dũng of Tổ Hai."""
    found = {}
    for name, team in [("Hà", "two"), ("Bình", "one"), ("Dũng", "two")]:
        found[name] = make_user(name=name, email=f"{name.lower()}@example.vn")
        accounts.add_member(team=teams[team], user=found[name], role=Membership.Role.MEMBER)
    return found


def _move(user, team) -> None:
    Membership.objects.filter(user=user).update(team=team)


def _team_of(table, user) -> str:
    return table.find(user.pk).team_name


def _draft_winners(make_list, period: Period) -> list[tuple[str, str, str]]:
    draft = drafting.draft(make_list(tiers=ONE_EACH, period=period, one_prize_per_team=True))
    assert not draft.problem, draft.problem
    return [(row["tier"], row["name"], row["team_name"]) for row in draft.rows]


def test_a_person_who_moved_team_shows_the_team_of_their_latest_attempt(
    mover, teams, weekly, make_week_round, make_list
):
    earlier = make_week_round(last_week().previous(), title="Tuần trước nữa")
    later = make_week_round(last_week(), title="Tuần trước")
    for round, score in [(earlier, 10), (later, 10)]:
        play(round, mover["Bình"], teams["one"], score=score - 1)
        play(round, mover["Dũng"], teams["two"], score=score - 2)
    play(earlier, mover["Hà"], teams["two"], score=10)
    _move(mover["Hà"], teams["one"])
    play(later, mover["Hà"], teams["one"], score=10)
    period = Period.for_stage(weekly.pk)

    table = standings.people(weekly.competition, period)

    assert [(row.name, row.total, row.team_name) for row in table.rows] == [
        ("Hà", 20, "Tổ Một"),
        ("Bình", 18, "Tổ Một"),
        ("Dũng", 16, "Tổ Hai"),
    ]
    # One prize per team: Hà's prize is Tổ Một's, so Bình is skipped and Dũng of Tổ Hai is second.
    assert _draft_winners(make_list, period) == [("Giải Nhất", "Hà", "Tổ Một"), ("Giải Nhì", "Dũng", "Tổ Hai")]


def test_a_person_who_moved_team_before_a_live_round_shows_the_live_round_s_team(mover, teams, contest, make_list):
    final = Stage.objects.create(competition=contest, kind=Stage.Kind.FINAL, title="Chung kết")
    opens = last_week().start + timedelta(hours=8)
    qualifier = Round.objects.create(
        stage=final,
        title="Vòng sơ loại",
        opens_at=opens,
        closes_at=opens + timedelta(days=1),
        published_at=opens - timedelta(days=1),
    )
    live_opens = opens + timedelta(days=3)
    live_round = Round.objects.create(
        stage=final,
        title="Chung kết trực tiếp",
        mode=Round.Mode.LIVE,
        opens_at=live_opens,
        closes_at=live_opens + timedelta(hours=2),
        published_at=opens - timedelta(days=1),
    )
    live = LiveRound.objects.create(
        round=live_round,
        code="123456",
        status=LiveRound.Status.FINISHED,
        started_at=live_opens,
        finished_at=live_opens + timedelta(hours=1),
    )
    play(qualifier, mover["Hà"], teams["two"], score=10)
    play(qualifier, mover["Bình"], teams["one"], score=9)
    play(qualifier, mover["Dũng"], teams["two"], score=8)
    _move(mover["Hà"], teams["one"])
    for name, team, score in [("Hà", "one", 300), ("Bình", "one", 200), ("Dũng", "two", 100)]:
        LivePlayer.objects.create(
            live_round=live, team=teams[team], user=mover[name], display_name=name, score=score, correct_elapsed_ms=1
        )
    period = Period.for_stage(final.pk)

    table = standings.people(contest, period)

    assert [(row.name, row.team_name) for row in table.rows] == [
        ("Hà", "Tổ Một"),
        ("Bình", "Tổ Một"),
        ("Dũng", "Tổ Hai"),
    ]
    assert _draft_winners(make_list, period) == [("Giải Nhất", "Hà", "Tổ Một"), ("Giải Nhì", "Dũng", "Tổ Hai")]


def test_a_person_who_played_a_live_round_then_a_later_attempt_shows_the_attempt_s_team(mover, teams, contest):
    final = Stage.objects.create(competition=contest, kind=Stage.Kind.FINAL, title="Chung kết")
    opens = last_week().start + timedelta(hours=8)
    live_round = Round.objects.create(
        stage=final,
        title="Trực tiếp",
        mode=Round.Mode.LIVE,
        opens_at=opens,
        closes_at=opens + timedelta(hours=2),
        published_at=opens - timedelta(days=1),
    )
    live = LiveRound.objects.create(
        round=live_round, code="654321", status=LiveRound.Status.FINISHED, finished_at=opens + timedelta(hours=1)
    )
    after = Round.objects.create(
        stage=final,
        title="Vòng bổ sung",
        opens_at=opens + timedelta(days=1),
        closes_at=opens + timedelta(days=2),
        published_at=opens - timedelta(days=1),
    )
    LivePlayer.objects.create(live_round=live, team=teams["one"], user=mover["Hà"], display_name="Hà", score=50)
    _move(mover["Hà"], teams["two"])
    play(after, mover["Hà"], teams["two"], score=5)

    table = standings.people(contest, Period.for_stage(final.pk))

    assert _team_of(table, mover["Hà"]) == "Tổ Hai"
