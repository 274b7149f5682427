"""A finished live round's results, stored for the standings and award lists."""

from __future__ import annotations

from django.utils import timezone

from . import notices, rules, scores
from .models import LiveEntry, LivePlayer, LiveRound


def store_results(live: LiveRound) -> list[dict]:
    """Per player and per team, for standings and award lists; returns the final leaderboard entries.

    The players' totals are added up by the database in one UPDATE
    (scores.player_totals_update): written row by row from Python, as
    ``bulk_update`` does, a final of 10,000 players held its process's
    interpreter for 8 s while it built the statement (py-spy).
    """
    LivePlayer.objects.filter(live_round=live).update(**scores.player_totals_update())
    standings = scores.standings(live)
    entries = rules.leaderboard_entries(standings, scores.standings(live, before_last=True))
    by_team = {s.team_id: s for s in standings}
    ranks = {e["team_id"]: e["rank"] for e in entries}
    rows = list(LiveEntry.objects.filter(live_round=live))
    for entry in rows:
        standing = by_team[entry.team_id]
        entry.score, entry.correct_elapsed_ms, entry.rank = (
            standing.score,
            standing.correct_elapsed_ms,
            ranks[entry.team_id],
        )
    LiveEntry.objects.bulk_update(rows, ["score", "correct_elapsed_ms", "rank"])
    type(live.round).objects.filter(pk=live.pk).update(results_taken_at=timezone.now())
    notices.results_stored(round_id=live.pk)  # the stage's and period's boards count this round now
    return entries
