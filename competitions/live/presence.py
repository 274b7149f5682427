"""Who was present for a question (PROTOCOL.md v2 "present", for team mode ``average``): recorded, counted.

The hub that sends a question records the players whose socket was open
when it opened (hub.Hub.mark_present); docs/LIVE.md says why and when.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, OuterRef

from .models import LiveAnswer, LivePresence, LiveQuestion


def record_presence(*, question_id: int, player_ids: Iterable[int]) -> None:
    """These players had a socket open when the question opened (PROTOCOL.md v2 "present", for ``average``).

    One INSERT that skips the rows already there, so a question sent again
    (a resume, a catch-up, a second phone of the same player) adds nothing twice.
    On PostgreSQL the ids go as one array: 5,000 players take about 110 ms
    instead of bulk_create's 190–360 ms, 10,000 parameters and 5,000 objects.
    """
    players = sorted(set(player_ids))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {LivePresence._meta.db_table} (question_id, player_id) "
                "SELECT %s, unnest(%s::bigint[]) ON CONFLICT (question_id, player_id) DO NOTHING",
                [question_id, players],
            )
        return
    rows = [LivePresence(question_id=question_id, player_id=player_id) for player_id in players]
    LivePresence.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def present_counts(questions: list[LiveQuestion]) -> Counter[tuple[int, int]]:
    """(question id, team id) → how many of the team's players were present for the question (PROTOCOL.md v2).

    Present: their socket was open when the question opened (a LivePresence
    row, written by the hub that sent them the question), or they answered
    it. A player who joined on the page and never opened a socket is never
    present, so fifty idle guests do not divide their team's points by 51.
    Two grouped counts, each player once: the presence rows, and the answers
    of players without one.
    """
    counts: Counter[tuple[int, int]] = Counter()
    marked = LivePresence.objects.filter(question__in=questions).values("question_id", "player__team_id")
    for row in marked.annotate(n=Count("pk")):
        counts[row["question_id"], row["player__team_id"]] += row["n"]
    has_presence = LivePresence.objects.filter(question_id=OuterRef("question_id"), player_id=OuterRef("player_id"))
    unmarked = (
        LiveAnswer.objects.filter(question__in=questions)
        .exclude(Exists(has_presence))
        .values("question_id", "player__team_id")
    )
    for row in unmarked.annotate(n=Count("pk")):
        counts[row["question_id"], row["player__team_id"]] += row["n"]
    return counts


def present_count(question_id: int) -> int:
    """How many players were present for one question (as ``present_counts``, over every team)."""
    has_presence = LivePresence.objects.filter(question_id=question_id, player_id=OuterRef("player_id"))
    answered_unmarked = LiveAnswer.objects.filter(question_id=question_id).exclude(Exists(has_presence))
    return LivePresence.objects.filter(question_id=question_id).count() + answered_unmarked.count()
