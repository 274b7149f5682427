"""Who was present for a question (PROTOCOL.md v2 "present", for team mode ``average``), as recorded.

The hub that sends a question records the players whose socket was open
when it opened (hub.Hub.mark_present); docs/LIVE.md says why and when.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .models import LivePresence


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
