"""PROTOCOL.md "Timing and scoring", as pure functions: points, a team's score in each team mode, the leaderboard order.

Nothing here reads the database or the clock (models.py only names the team
modes), so every rule is checked by hand in tests/competitions/test_live_rules.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import LiveRound


def elapsed_ms(*, received_at_ms: int, opens_at_ms: int, duration_ms: int) -> int:
    """``received_at_ms − opens_at_ms``, clamped to ``[0, duration]``."""
    return max(0, min(duration_ms, received_at_ms - opens_at_ms))


def points_for(*, points: int, elapsed_ms: int, duration_ms: int) -> int:
    """``round(points × (1 − 0.5 × elapsed / duration))`` for a right answer, rounding halves up.

    In integers, so 1000 points answered at exactly a third of the time is
    833 on every machine: points × (2·duration − elapsed) / (2·duration).
    """
    numerator = points * (2 * duration_ms - elapsed_ms)
    denominator = 2 * duration_ms
    return (2 * numerator + denominator) // (2 * denominator)


def average(total: int, present: int) -> int:
    """Team mode ``average``: the team's points over its players present, rounded half up; 0 with nobody present."""
    return (2 * total + present) // (2 * present) if present else 0


def team_scores(
    team_mode: str, sums: Iterable[tuple], present: Mapping[tuple[int, int], int] | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """Each team's score, and its time on right answers, from its counted answers' points and times summed.

    ``sum`` and ``captain``: ``sums`` holds ``(team, points, elapsed)``, the
    answers of every player of the team or of its captain only (the caller
    counts only those), and the score is their points. ``average``: ``sums``
    holds ``(team, question, points, elapsed)`` and ``present[question, team]``
    the team's players present for the question; the score adds each
    question's points divided by those players, rounded half up (average).
    A team with no answer is absent from both dicts, which give 0 for it.
    """
    score: dict[int, int] = defaultdict(int)
    elapsed: dict[int, int] = defaultdict(int)
    if team_mode == LiveRound.TeamMode.AVERAGE:
        for team, question, points, right_elapsed in sums:
            score[team] += average(points, present[question, team])
            elapsed[team] += right_elapsed
    else:
        for team, points, right_elapsed in sums:
            score[team] = points
            elapsed[team] = right_elapsed
    return score, elapsed


@dataclass(frozen=True)
class Standing:
    team_id: int
    team: str
    score: int
    correct_elapsed_ms: int
    # Whether any of the team's players answered a question: a team that did not play takes no podium place.
    played: bool = True


def ranked(standings: Iterable[Standing]) -> list[Standing]:
    """Score (more first), then the sum of elapsed time on right answers (less first), then team name."""
    return sorted(standings, key=lambda s: (-s.score, s.correct_elapsed_ms, s.team.casefold(), s.team, s.team_id))


def leaderboard_entries(now: Iterable[Standing], before: Iterable[Standing]) -> list[dict]:
    """PROTOCOL.md's entries: ``rank``, ``team_id``, ``team``, ``score``, ``delta``.

    ``delta`` is the movement since the previous question: places gained
    (positive) or lost (negative). The entry of a team that did not play
    (none of its players answered) also says ``played: false`` (docs/LIVE.md).
    """
    previous: Mapping[int, int] = {s.team_id: rank for rank, s in enumerate(ranked(before), start=1)}
    entries = []
    for rank, standing in enumerate(ranked(now), start=1):
        entries.append(
            {
                "rank": rank,
                "team_id": standing.team_id,
                "team": standing.team,
                "score": standing.score,
                "delta": previous.get(standing.team_id, rank) - rank,
            }
        )
        if not standing.played:
            entries[-1]["played"] = False
    return entries
