"""Ranking and team standings on a hand-computed example (DESIGN.md section 4)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from competitions import attempts, selectors
from competitions.models import Attempt, Round
from leaderboards import standings
from leaderboards.periods import Period
from quizsite.accounts import services as accounts
from tests.competitions.helpers import finished_attempt


def test_people_rank_by_score_then_prediction_then_time_then_submit_order(open_round, make_user):
    # actual = 2 people with everything right (An and Bình).
    an, binh, cuong, dung, em = (make_user(name=n) for n in ["An", "Bình", "Cường", "Dũng", "Em"])
    finished_attempt(open_round, an, score=3, prediction=5, seconds=200, minute=1)  # gap 3
    finished_attempt(open_round, binh, score=3, prediction=1, seconds=300, minute=2)  # gap 1 -> first
    finished_attempt(open_round, cuong, score=2, prediction=None, seconds=100, minute=3)  # no guess -> last of 2s
    finished_attempt(open_round, dung, score=2, prediction=9, seconds=150, minute=4)  # gap 7
    finished_attempt(open_round, em, score=2, prediction=9, seconds=150, minute=5)  # same as Dũng, later
    open_round.prediction_actual = 2
    open_round.save()

    ranked = selectors.ranking(open_round)

    assert [(r.rank, r.user.full_name, r.prediction_gap) for r in ranked] == [
        (1, "Bình", 1),
        (2, "An", 3),
        (3, "Dũng", 7),
        (4, "Em", 7),
        (5, "Cường", None),
    ]


def test_before_the_actual_is_known_time_taken_breaks_ties(open_round, make_user):
    slow, fast = make_user(name="Chậm"), make_user(name="Nhanh")
    finished_attempt(open_round, slow, score=3, prediction=2, seconds=300, minute=1)
    finished_attempt(open_round, fast, score=3, prediction=None, seconds=100, minute=2)

    assert [r.user.full_name for r in selectors.ranking(open_round)] == ["Nhanh", "Chậm"]


def test_only_the_best_attempt_of_a_person_counts(open_round, make_user):
    open_round.attempts_allowed = 2
    open_round.save()
    an = make_user(name="An")
    finished_attempt(open_round, an, number=1, score=1, seconds=100, minute=1)
    best = finished_attempt(open_round, an, number=2, score=3, seconds=200, minute=5)

    ranked = selectors.ranking(open_round)

    assert [(r.attempt.pk, r.score) for r in ranked] == [(best.pk, 3)]


def _team(round, team):
    """The team's row in the standings of the round's stage (leaderboards.standings)."""
    return standings.teams(round.competition, Period.for_stage(round.stage_id)).find(team.pk)


def test_the_team_standing_sums_best_scores_and_shows_participation(open_round, team_a, leader_a, member_a, make_user):
    third = make_user(name="Chưa thi")
    accounts.add_member(team=team_a, user=third)
    finished_attempt(open_round, leader_a, score=3, seconds=100, minute=1, team=team_a)
    finished_attempt(open_round, member_a, score=2, seconds=100, minute=2, team=team_a)

    standing = _team(open_round, team_a)

    assert (standing.total, standing.played, standing.size, standing.participation_percent) == (5, 2, 3, 67)


def test_the_team_standing_counts_each_members_best_attempt_not_the_first_last_or_sum(
    open_round, team_a, leader_a, member_a
):
    open_round.attempts_allowed = 3
    open_round.save(update_fields=["attempts_allowed"])
    # The leader's best is the first attempt, the member's the middle one: neither the
    # first nor the last attempt nor the sum gives the right total (3 + 2 = 5).
    finished_attempt(open_round, leader_a, number=1, score=3, seconds=100, minute=1, team=team_a)
    finished_attempt(open_round, leader_a, number=2, score=1, seconds=100, minute=2, team=team_a)
    finished_attempt(open_round, member_a, number=1, score=0, seconds=100, minute=3, team=team_a)
    finished_attempt(open_round, member_a, number=2, score=2, seconds=100, minute=4, team=team_a)
    finished_attempt(open_round, member_a, number=3, score=1, seconds=100, minute=5, team=team_a)

    standing = _team(open_round, team_a)

    assert (standing.total, standing.played) == (5, 2)


def test_team_standings_list_eligible_teams_that_did_not_play(open_round, team_a, member_a):
    finished_attempt(open_round, member_a, score=2, seconds=100, minute=1, team=team_a)
    from quizsite.accounts.services import create_team

    idle = create_team(unit=team_a.unit, name="Tổ chưa thi")

    table = standings.teams(open_round.competition, Period.for_stage(open_round.stage_id))

    assert [(t.team_id, t.total) for t in table.rows] == [(team_a.pk, 2), (idle.pk, 0)]


def test_the_close_rounds_command_finishes_expired_attempts_and_takes_closed_rounds_results(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=open_round.opens_at + timedelta(minutes=1))
    Round.objects.filter(pk=open_round.pk).update(closes_at=attempt.started_at + timedelta(seconds=30))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=attempt.started_at + timedelta(seconds=30))
    out = StringIO()

    call_command("close_rounds", stdout=out)

    attempt.refresh_from_db()
    open_round.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE
    assert open_round.results_taken_at is not None and open_round.prediction_actual == 0
