"""bench/standings.py at a small size: the synthetic province is what its --help promises, and one pass runs.

The figures in docs/BENCHMARKS.md are only worth something if the data is
shaped like a real contest (teams of up to ten with a leader, youth-union
members, closed weekly rounds with their actual prediction, best attempts
that are not always the last) and if the hand-written SQL the engine is
divided by ranks people the way the round's own ranking does. Nothing here
is timed.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from bench import standings as bench
from competitions.models import Answer, Attempt, AttemptQuestion, Round
from competitions.selectors import ranking
from quizsite.accounts.models import Affiliation, Membership, Team
from tests.components import postgres_url

SMALL = ["--members", "300", "--weeks", "3", "--double-share", "0.3"]


@pytest.fixture
def built(db):
    return bench.build(bench.size_of(bench.parser().parse_args(SMALL)), out=lambda _line: None)


def test_the_province_has_teams_of_up_to_ten_with_a_leader_and_youth_union_members(built):
    memberships = Membership.objects.filter(team__unit__path__startswith=built.province.path)
    assert memberships.count() == 300
    assert Team.objects.filter(unit__path__startswith=built.province.path).count() == 45
    sizes = Counter(memberships.values_list("team_id", flat=True))
    assert max(sizes.values()) <= settings.TEAM_SIZE_LIMIT
    assert len(set(sizes.values())) > 1  # teams of different sizes
    leaders = Counter(memberships.filter(role=Membership.Role.LEADER).values_list("team_id", flat=True))
    assert leaders == dict.fromkeys(sizes, 1)
    youth = memberships.filter(affiliation=Affiliation.YOUTH_UNION).count()
    assert 45 <= youth <= 135  # about 30%
    assert built.commune.parent_id == built.province.pk


def test_every_week_is_a_closed_round_with_its_actual_prediction_and_attempts_inside_it(built):
    rounds = list(Round.objects.filter(stage__competition=built.competition).order_by("opens_at"))
    assert len(rounds) == 3
    for r in rounds:
        assert r.is_closed and r.published_at is not None and r.mode == Round.Mode.SELF_PACED
        attempts = Attempt.objects.filter(round=r)
        assert attempts.exists()
        assert r.prediction_actual == attempts.filter(correct_all=True).count()
        assert not attempts.filter(submitted_at__isnull=True).exists()
        assert not attempts.filter(submitted_at__gt=r.closes_at).exists()
        assert not attempts.filter(started_at__lt=r.opens_at).exists()
        assert not attempts.filter(number__gt=r.attempts_allowed).exists()
    team_of = dict(Membership.objects.values_list("user_id", "team_id"))
    for user_id, team_id in Attempt.objects.values_list("user_id", "team_id"):
        assert team_id == team_of[user_id]
    assert (built.week.start, built.week.end) in [(r.opens_at, r.closes_at) for r in rounds]


def test_in_a_two_attempt_round_the_best_attempt_is_sometimes_not_the_last(built):
    doubles = Attempt.objects.filter(number=2, round__attempts_allowed=2)
    assert doubles.exists()
    first = {(a.round_id, a.user_id): a.score for a in Attempt.objects.filter(number=1)}
    assert any(first[a.round_id, a.user_id] > a.score for a in doubles)


def test_the_timed_month_has_ten_answers_per_attempt_and_as_many_right_as_the_score(built):
    # As the monthly report counts them: the attempts that ended in the month.
    month_attempts = Attempt.objects.filter(submitted_at__gte=built.month.start, submitted_at__lt=built.month.end)
    assert month_attempts.exists()
    assert AttemptQuestion.objects.count() == Answer.objects.count() == 10 * month_attempts.count()
    right = Counter(Answer.objects.filter(correct=True).values_list("attempt_id", flat=True))
    for attempt in month_attempts:
        assert right.get(attempt.pk, 0) == attempt.score


def test_the_raw_sql_ranks_a_week_as_the_rounds_own_ranking_does(built):
    postgres_url()  # the hand-written baseline is PostgreSQL's SQL (DISTINCT ON)
    week_round = Round.objects.get(stage__competition=built.competition, opens_at=built.week.start)
    expected = {ranked.user.pk: (ranked.rank, ranked.score) for ranked in ranking(week_round)}
    rows = bench.raw_people(built.competition, built.week)
    assert {row[1]: (row[0], row[8]) for row in rows} == expected
    assert len(expected) > 30


def test_the_raw_sql_of_a_commune_keeps_its_teams_only(built):
    postgres_url()  # the hand-written baseline is PostgreSQL's SQL (DISTINCT ON)
    rows = bench.raw_people(built.competition, built.week, built.commune)
    teams = set(Team.objects.filter(unit__path__startswith=built.commune.path).values_list("pk", flat=True))
    assert rows and all(row[4] in teams for row in rows)


def test_one_pass_prints_every_operation_and_the_queries_it_made(db, capsys):
    assert bench.main(["--current-database", *SMALL, "--repeat", "1", "--no-warmup"]) == 0
    out = capsys.readouterr().out
    assert "data: 45 teams, 300 members" in out
    lines = [line for line in out.splitlines() if " ms  median " in line]
    names = ["people, week 2025-W03", "people, one commune, month 2025-01", "communes, month 2025-01"]
    for name in names:
        assert any(line.startswith(name) for line in lines)
    assert any(line.startswith("award list draft") for line in lines)
    assert any(line.startswith("monthly report, one commune") for line in lines)
    if connection.vendor == "postgresql":
        # Each standing agreed with its hand-written SQL (the script raises when it does not).
        tables = [line for line in lines if line.startswith(("people", "teams", "communes"))]
        assert len(tables) == 7 and all("= raw SQL" in line for line in tables)
    assert "peak RSS" in out
    assert "| operation | rows | queries | best ms |" in out
