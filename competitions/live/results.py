"""A finished live round's results, stored for the standings and award lists."""

from __future__ import annotations

from django.utils import timezone

from . import notices, rules, scores
from .models import LiveEntry, LivePlayer, LiveRound


def store_results(live: LiveRound) -> list[dict]:
    """Per player and per team, for standings and award lists; returns the final leaderboard entries."""
    totals = scores.player_totals(live)
    players = list(LivePlayer.objects.filter(live_round=live))
    for player in players:
        score, correct_count, elapsed = totals.get(player.pk, (0, 0, 0))
        player.score, player.correct_count, player.correct_elapsed_ms = score, correct_count, elapsed
    LivePlayer.objects.bulk_update(players, ["score", "correct_count", "correct_elapsed_ms"], batch_size=1000)
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
