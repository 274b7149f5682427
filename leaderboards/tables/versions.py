"""Which cached boards are current: one version per (competition, period), changed when a result changes.

The member's glance (home page, /standings/) reads boards from the cache
(selectors.glance). A board's keys carry its period's version, so a new
version makes every piece of the old board unreachable at once: no list of
keys to delete, no race with a reader writing the old board back (a board
computed from data read before the change is stored under the old version,
which nobody reads any more).

What a change reaches: a finished attempt or a closed round changes the
boards of the round's competition over the periods that count the round
(standings.periods_counting: its week, month, quarter, year, stage, whole
competition). Not narrower: a board holds everyone's rank, and one new
total moves the member, their team, their units and everyone ranked below
them. Not wider: other periods and other competitions keep their boards.

Versions are random tokens, not counters: a version lost from Redis (evicted,
or written to one process's memory during an outage) comes back as a new
token, never as an old one that an old board might still answer to. While
Redis is away (quizsite.resilient_cache) a change reaches this process's
memory only: other processes, and Redis once back, may show the old board
until it expires (BOARD_SECONDS), the bound we had before.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

from competitions.models import Round
from leaderboards import standings
from leaderboards.periods import Period

# Kept longer than any board: a lost version only costs one rebuild.
VERSION_SECONDS = 30 * 24 * 3600


def _key(competition_id: int, period: Period) -> str:
    return f"standings:version:{competition_id}:{period.slug}"


def current(pairs: list[tuple[int, Period]]) -> dict[tuple[int, str], str]:
    """The version of each (competition id, period), keyed by (competition id, period slug): one cache read."""
    keys = {_key(competition_id, period): (competition_id, period.slug) for competition_id, period in pairs}
    found = cache.get_many(list(keys))
    missing = {key: secrets.token_hex(4) for key in keys if key not in found}
    for key, token in missing.items():
        # Two readers at once: add keeps the first token, and the loser reads it back.
        if not cache.add(key, token, VERSION_SECONDS):
            found[key] = cache.get(key) or token
        else:
            found[key] = token
    return {pair: found[key] for key, pair in keys.items()}


def round_changed(round_id: int) -> None:
    """A result of the round changed: new versions for its competition's periods that count it."""
    round = Round.objects.select_related("stage").filter(pk=round_id).first()
    if round is None:
        return
    competition_id = round.stage.competition_id
    cache.set_many(
        {_key(competition_id, period): secrets.token_hex(4) for period in standings.periods_counting(round)},
        VERSION_SECONDS,
    )
