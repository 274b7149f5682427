"""The standings engine on hand-computed examples (DESIGN.md section 4, issue 8).

A province competition; commune A (hamlet 1: team "Tổ Một" of 3, team
"Tổ Hai" of 1) and commune B (hamlet 2: team "Tổ Ba" of 2). Figures in the
comments are worked out by hand; a test fails if the engine takes a
person's last attempt instead of their best, lets a round of another week
in, or ranks on anything but the rules.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from competitions.live.models import LiveEntry, LivePlayer, LiveRound
from competitions.models import Competition, Round, Stage
from leaderboards import standings
from leaderboards.periods import Period
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership
from tests.competitions.helpers import finished_attempt as play

WEEK = Period.week_of(date(2026, 11, 16))  # Monday 16 to Sunday 22 November 2026


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def contest(province, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi tỉnh", unit=province, created_by=organiser_a)


@pytest.fixture
def weekly(contest) -> Stage:
    return Stage.objects.create(competition=contest, title="Các tuần")


@pytest.fixture
def make_round(weekly):
    def make(opens_at: datetime, *, title: str = "Vòng", actual: int | None = None, attempts_allowed: int = 1):
        return Round.objects.create(
            stage=weekly,
            title=title,
            opens_at=opens_at,
            closes_at=opens_at + timedelta(days=6, hours=23),
            published_at=opens_at - timedelta(days=1),
            prediction_actual=actual,
            attempts_allowed=attempts_allowed,
            prediction_enabled=actual is not None,
        )

    return make


@pytest.fixture
def people(make_user, hamlet_a, hamlet_b):
    """Tổ Một (An, Bình, Cường), Tổ Hai (Dũng), Tổ Ba (Em, Giang)."""
    one = accounts.create_team(unit=hamlet_a, name="Tổ Một")
    two = accounts.create_team(unit=hamlet_a, name="Tổ Hai")
    three = accounts.create_team(unit=hamlet_b, name="Tổ Ba")
    found = {"one": one, "two": two, "three": three}
    for name, team in [("An", one), ("Bình", one), ("Cường", one), ("Dũng", two), ("Em", three), ("Giang", three)]:
        user = make_user(name=name)
        accounts.add_member(team=team, user=user, role=Membership.Role.MEMBER)
        found[name] = user
    return found


def names(table) -> list[tuple[int, str]]:
    return [(row.rank, row.name) for row in table.rows]


def test_a_week_of_one_round_breaks_ties_by_prediction_then_time_then_who_submitted_first(make_round, people, contest):
    # 3 people had everything right: actual = 3.
    r = make_round(local(date(2026, 11, 16), 8), title="Tuần 47", actual=3)
    p = people
    play(r, p["An"], p["one"], score=10, prediction=7, seconds=300, minute=5)  # gap 4
    play(r, p["Bình"], p["one"], score=10, prediction=2, seconds=400, minute=6)  # gap 1: first
    play(r, p["Cường"], p["one"], score=10, prediction=7, seconds=200, minute=7)  # gap 4, faster than An
    play(r, p["Dũng"], p["two"], score=8, prediction=3, seconds=500, minute=8)  # gap 0 but a lower score
    play(r, p["Em"], p["three"], score=8, prediction=3, seconds=500, minute=9)  # as Dũng, submitted later
    play(r, p["Giang"], p["three"], score=8, prediction=None, seconds=100, minute=10)  # no guess: after the guesses

    table = standings.people(contest, WEEK)

    assert names(table) == [(1, "Bình"), (2, "Cường"), (3, "An"), (4, "Dũng"), (5, "Em"), (6, "Giang")]
    assert [row.prediction_gap for row in table.rows] == [1, 4, 4, 0, 0, None]
    assert "Tuần 47" in table.how and "dự đoán" in table.how
    # The round's own ranking agrees: one order, written once.
    from competitions import selectors

    assert [r.user.full_name for r in selectors.ranking(r)] == [n for _rank, n in names(table)]


def test_exactly_equal_people_share_a_rank(make_round, people, contest):
    r = make_round(local(date(2026, 11, 17), 9))
    play(r, people["An"], people["one"], score=5, seconds=100, minute=3)
    play(r, people["Bình"], people["one"], score=5, seconds=100, minute=3)
    play(r, people["Cường"], people["one"], score=4, seconds=100, minute=3)

    assert names(standings.people(contest, WEEK)) == [(1, "An"), (1, "Bình"), (3, "Cường")]


def test_a_month_sums_each_rounds_best_attempt_not_the_last(make_round, people, contest):
    first = make_round(local(date(2026, 11, 2), 8), title="Tuần 45", attempts_allowed=2)
    second = make_round(local(date(2026, 11, 9), 8), title="Tuần 46")
    p = people
    # An: 9 then 4 in the first round → 9 counts; 6 in the second: 15 in all.
    play(first, p["An"], p["one"], score=9, seconds=300, minute=10, number=1)
    play(first, p["An"], p["one"], score=4, seconds=100, minute=60, number=2)
    play(second, p["An"], p["one"], score=6, seconds=200, minute=10)
    # Bình: 7 + 8 = 15 too, in 250 + 240 = 490 s against An's 300 + 200 = 500 s: Bình first.
    play(first, p["Bình"], p["one"], score=7, seconds=250, minute=20)
    play(second, p["Bình"], p["one"], score=8, seconds=240, minute=20)
    # Cường: 15 in 500 s like An, but his last submission (minute 5 of the second round) is earlier.
    play(first, p["Cường"], p["one"], score=5, seconds=250, minute=30)
    play(second, p["Cường"], p["one"], score=10, seconds=250, minute=5)
    # A round of another month never counts.
    october = make_round(local(date(2026, 10, 26), 8), title="Tuần 44")
    play(october, p["Dũng"], p["two"], score=10, seconds=10, minute=1)

    table = standings.people(contest, Period.month_of(date(2026, 11, 1)))

    assert [(row.rank, row.name, row.total, row.rounds, row.seconds) for row in table.rows] == [
        (1, "Bình", 15, 2, 490),
        (2, "Cường", 15, 2, 500),
        (3, "An", 15, 2, 500),
    ]
    assert [r.title for r in table.rounds] == ["Tuần 45", "Tuần 46"]
    assert "2 vòng" in table.how and "thời gian" in table.how


def test_the_week_runs_from_monday_midnight_to_sunday_midnight_local_time(make_round, people, contest):
    sunday_late = make_round(local(date(2026, 11, 22), 23, 59), title="Tối chủ nhật")
    next_monday = make_round(local(date(2026, 11, 23), 0, 0), title="Sáng thứ hai")
    before = make_round(local(date(2026, 11, 15), 23, 59), title="Chủ nhật trước")
    for r in (sunday_late, next_monday, before):
        play(r, people["An"], people["one"], score=1, seconds=60, minute=1)

    assert [r.title for r in standings.rounds_of(contest, WEEK)] == ["Tối chủ nhật"]
    assert [row.total for row in standings.people(contest, WEEK).rows] == [1]


def test_teams_of_different_sizes_sum_their_members_best_attempts(make_round, people, contest):
    r1 = make_round(local(date(2026, 11, 2), 8), attempts_allowed=2)
    r2 = make_round(local(date(2026, 11, 9), 8))
    p = people
    play(r1, p["An"], p["one"], score=6, seconds=100, minute=1)
    play(r1, p["An"], p["one"], score=9, seconds=100, minute=30, number=2)  # best: 9
    play(r2, p["Bình"], p["one"], score=5, seconds=100, minute=1)
    play(r1, p["Dũng"], p["two"], score=10, seconds=100, minute=1)
    play(r2, p["Dũng"], p["two"], score=4, seconds=100, minute=1)
    play(r1, p["Em"], p["three"], score=7, seconds=100, minute=1)

    table = standings.teams(contest, Period.month_of(date(2026, 11, 1)))

    # Tổ Một 9 + 5 = 14 by 2 of 3; Tổ Hai 14 by 1 of 1 (rate 100 %: first on the tie); Tổ Ba 7 by 1 of 2.
    assert [(t.rank, t.name, t.total, t.played, t.size) for t in table.rows] == [
        (1, "Tổ Hai", 14, 1, 1),
        (2, "Tổ Một", 14, 2, 3),
        (3, "Tổ Ba", 7, 1, 2),
    ]
    assert [t.participation_percent for t in table.rows] == [100, 67, 50]
    assert [t.average for t in table.rows] == [14, 7, 7]


def test_a_communes_own_standings_hold_only_its_teams_and_people(make_round, people, contest, commune_a, hamlet_a):
    r = make_round(local(date(2026, 11, 18), 8))
    for who, team, score in [("An", "one", 3), ("Dũng", "two", 9), ("Em", "three", 10)]:
        play(r, people[who], people[team], score=score, seconds=60, minute=1)

    mine = standings.people(contest, WEEK, commune_a)
    assert names(mine) == [(1, "Dũng"), (2, "An")]
    assert mine.unit == commune_a
    assert {t.name for t in standings.teams(contest, WEEK, commune_a).rows} == {"Tổ Một", "Tổ Hai"}
    # The province's table has Em first; the commune's ranks are its own.
    assert names(standings.people(contest, WEEK))[0] == (1, "Em")


def test_a_unit_outside_the_competition_is_refused(contest, make_user):
    other = accounts.create_unit(name="Tỉnh Khác", kind="province", code="98")
    with pytest.raises(ValueError):
        standings.people(contest, WEEK, other)


def test_units_rank_by_participation_then_average(make_round, people, contest, province, commune_a, commune_b):
    r = make_round(local(date(2026, 11, 18), 8))
    p = people
    # Commune A: 4 members, An (6) and Dũng (2) played: 50 %, average 4.
    play(r, p["An"], p["one"], score=6, seconds=60, minute=1)
    play(r, p["Dũng"], p["two"], score=2, seconds=60, minute=1)
    # Commune B: 2 members, Em (3) played: 50 %, average 3.
    play(r, p["Em"], p["three"], score=3, seconds=60, minute=1)
    empty = accounts.create_unit(name="Xã Không Tổ", kind="commune", parent=province)

    table = standings.units(contest, WEEK)

    assert [(u.rank, u.name, u.members, u.played, u.teams, u.teams_played, u.average) for u in table.rows] == [
        (1, commune_a.name, 4, 2, 2, 2, 4),
        (2, commune_b.name, 2, 1, 1, 1, 3),
        (3, empty.name, 0, 0, 0, 0, 0),
    ]
    # Any level of the tree: the hamlets, by kind.
    hamlets = standings.units(contest, WEEK, kind="hamlet")
    assert [(u.name, u.participation_percent) for u in hamlets.rows] == [("Ấp 1", 50), ("Ấp 2", 50)]


def test_a_stage_with_a_live_round_adds_live_points(contest, people, make_round):
    final = Stage.objects.create(competition=contest, title="Chung kết", kind=Stage.Kind.FINAL)
    opens = local(date(2026, 11, 28), 19)
    round = Round.objects.create(
        stage=final,
        title="Chung kết trực tiếp",
        mode=Round.Mode.LIVE,
        opens_at=opens,
        closes_at=opens + timedelta(hours=3),
        published_at=opens - timedelta(days=1),
    )
    live = LiveRound.objects.create(round=round, code="123456", status=LiveRound.Status.FINISHED)
    p = people
    LiveEntry.objects.create(live_round=live, team=p["one"], score=1800, correct_elapsed_ms=9000)
    LiveEntry.objects.create(live_round=live, team=p["three"], score=2500, correct_elapsed_ms=4000)
    LivePlayer.objects.create(
        live_round=live, team=p["one"], user=p["An"], display_name="An", score=1800, correct_elapsed_ms=9000
    )
    LivePlayer.objects.create(
        live_round=live, team=p["three"], user=p["Em"], display_name="Em", score=2500, correct_elapsed_ms=4000
    )
    LivePlayer.objects.create(live_round=live, team=p["three"], guest_key="g1", display_name="Khách", score=900)
    # A weekly round's points stay out of the final's standings.
    play(make_round(local(date(2026, 11, 23), 8)), p["An"], p["one"], score=10, seconds=60, minute=1)

    period = Period.for_stage(final.pk)
    people_table = standings.people(contest, period)
    teams_table = standings.teams(contest, period)

    assert [(row.name, row.total) for row in people_table.rows] == [("Em", 2500), ("An", 1800)]
    assert [(t.name, t.total, t.live_points, t.played) for t in teams_table.rows[:2]] == [
        ("Tổ Ba", 2500, 2500, 1),
        ("Tổ Một", 1800, 1800, 1),
    ]
    assert not people_table.provisional
    assert "trực tiếp" in people_table.how


def test_standings_are_provisional_while_a_counted_round_is_open(make_round, people, contest):
    now = timezone.now()
    r = make_round(now - timedelta(hours=1))
    play(r, people["An"], people["one"], score=3, seconds=60, minute=1)
    # The week of the open round, even in the first hour of the next one.
    assert standings.people(contest, Period.current("week", r.opens_at)).provisional
    closed = make_round(local(date(2026, 11, 16), 8))
    assert closed.closes_at < now
    assert not standings.people(contest, WEEK).provisional


def test_a_period_without_rounds_says_so(contest, people):
    table = standings.people(contest, WEEK)
    assert table.rows == [] and "Chưa có vòng thi" in table.how
    assert [t.total for t in standings.teams(contest, WEEK).rows] == [0, 0, 0]


def test_the_number_of_queries_does_not_grow_with_the_people(
    make_round, people, contest, make_user, hamlet_b, django_assert_max_num_queries
):
    r = make_round(local(date(2026, 11, 18), 8))
    play(r, people["An"], people["one"], score=3, seconds=60, minute=1)
    with django_assert_max_num_queries(4) as few:
        standings.people(contest, WEEK)
    with django_assert_max_num_queries(4):
        standings.teams(contest, WEEK)
    with django_assert_max_num_queries(5):
        standings.units(contest, WEEK)
    for i in range(30):
        if i % 10 == 0:
            team = accounts.create_team(unit=hamlet_b, name=f"Tổ Đông {i}")
        user = make_user(name=f"Người {i}")
        accounts.add_member(team=team, user=user, role=Membership.Role.MEMBER)
        play(r, user, team, score=i % 10, seconds=60 + i, minute=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(standings.people(contest, WEEK).rows) == 31
    with django_assert_max_num_queries(4):
        assert len(standings.teams(contest, WEEK).rows) == 6


def test_a_person_without_a_name_is_unnamed_never_their_phone_or_e_mail(make_round, contest, make_user, team_a):
    r = make_round(local(date(2026, 11, 18), 8))
    nameless = make_user(name="", phone="+84912345678", email="an.nguyen@example.vn")
    accounts.add_member(team=team_a, user=nameless, role=Membership.Role.MEMBER)
    play(r, nameless, team_a, score=5, seconds=60, minute=1)

    (row,) = standings.people(contest, WEEK).rows
    assert row.name == "(chưa ghi tên)"
    assert row.phone == "+84912345678"  # for officers' pages, which mask it themselves
