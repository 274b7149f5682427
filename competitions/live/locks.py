"""The round's lock: host commands and the auto-close take it exclusive, answers take it shared.

So an answer is either stored before a question closes (and counted in its
reveal) or refused as ``closed`` after it. On PostgreSQL the lock is an
advisory lock on the round, held to the end of the transaction; SQLite runs
one write at a time anyway.
"""

from __future__ import annotations

from django.db import connection

from .models import LiveRound

# Arbitrary first key of the two-key advisory locks, so ours never meet another program's.
LOCK_CLASS = 7_301


def lock(round_id: int, *, shared: bool = False) -> None:
    """Within a transaction: the round's lock, exclusive for changes, shared for answers."""
    if connection.vendor == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s, %s)", [LOCK_CLASS, round_id])


def locked_round(round_id: int) -> LiveRound:
    """Within a transaction: the round with its ``Round``, read once its exclusive lock is held."""
    lock(round_id)
    return LiveRound.objects.select_related("round").get(pk=round_id)
