"""What each team and player has scored in a live round, read from the database.

How a team's points add up in each team mode, and the leaderboard's order,
are rules.py's; this module reads the answers they add up.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from . import rules
from .models import LiveAnswer, LiveEntry, LiveQuestion, LiveRound
from .presence import present_counts


def _revealed(live: LiveRound, *, before_last: bool = False) -> list[LiveQuestion]:
    questions = list(live.questions.filter(revealed_at_ms__isnull=False).order_by("position"))
    return questions[:-1] if before_last else questions


def standings(live: LiveRound, *, before_last: bool = False) -> list[rules.Standing]:
    """Every entered team's score over the revealed questions (all but the last with ``before_last``;
    none then, when only one question has been revealed).

    The answers that count are read here (the captain's only in team mode
    ``captain``) and added up as the team mode says by rules.team_scores.
    """
    questions = _revealed(live, before_last=before_last)
    if before_last and not questions:
        # Nothing before the first question: no earlier ranking for the first leaderboard's ``delta``.
        return []
    entries = list(LiveEntry.objects.filter(live_round=live).select_related("team"))
    answers = LiveAnswer.objects.filter(question__in=questions)
    if live.team_mode == LiveRound.TeamMode.CAPTAIN:
        captains = [e.captain_id for e in entries if e.captain_id]
        answers = answers.filter(player__user_id__in=captains)
    right_elapsed = Sum("elapsed_ms", filter=Q(correct=True), default=0)
    if live.team_mode == LiveRound.TeamMode.AVERAGE:
        sums = answers.values_list("player__team_id", "question_id").annotate(
            points=Sum("points"), elapsed=right_elapsed
        )
        score, elapsed = rules.team_scores(live.team_mode, sums, present_counts(questions))
    else:
        sums = answers.values_list("player__team_id").annotate(points=Sum("points"), elapsed=right_elapsed)
        score, elapsed = rules.team_scores(live.team_mode, sums)
    # Any answer of any player, right or wrong and in every team mode: a team that answered and scored 0 played.
    played = set(LiveAnswer.objects.filter(question__in=questions).values_list("player__team_id", flat=True).distinct())
    return [
        rules.Standing(e.team_id, e.team.name, score[e.team_id], elapsed[e.team_id], e.team_id in played)
        for e in entries
    ]


def player_totals_update() -> dict[str, Coalesce]:
    """For ``LivePlayer.objects.filter(...).update(**this)``: each player's points, right answers and elapsed time on
    them over the revealed questions (0, 0, 0 for a player who answered none), added up by the database."""
    mine = (
        LiveAnswer.objects.filter(player=OuterRef("pk"), question__revealed_at_ms__isnull=False)
        .order_by()
        .values("player")
    )
    totals = {
        "score": Sum("points"),
        "correct_count": Count("pk", filter=Q(correct=True)),
        "correct_elapsed_ms": Sum("elapsed_ms", filter=Q(correct=True)),
    }
    return {field: Coalesce(Subquery(mine.annotate(total=total).values("total")), 0) for field, total in totals.items()}


def leaderboard_entries(live: LiveRound) -> list[dict]:
    return rules.leaderboard_entries(standings(live), standings(live, before_last=True))


def team_ranks(live: LiveRound) -> dict[str, int]:
    """Each entered team's rank over the revealed questions (keys are team ids as strings, as JSON has them)."""
    return {str(s.team_id): rank for rank, s in enumerate(rules.ranked(standings(live)), start=1)}


def my_results(question_id: int, player_ids=None) -> dict[int, tuple[int, bool]]:
    """Points and rightness of the answers to a question (of these players); those who did not answer are absent.

    A hub asks for every answer: one indexed read of the question's rows is
    cheaper than naming its thousand players in the query.
    """
    rows = LiveAnswer.objects.filter(question_id=question_id)
    if player_ids is not None:
        rows = rows.filter(player_id__in=list(player_ids))
    return {player: (points, correct) for player, points, correct in rows.values_list("player_id", "points", "correct")}
