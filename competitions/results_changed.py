"""Telling whoever keeps results (the standings' cached boards) that a round's results changed.

An attempt that finishes (submitted, or at its deadline) and a round that
closes (its prediction's actual number taken) change the round's ranking and
every standing that counts the round. The standings keep boards in the cache
(leaderboards.tables.versions) and must drop them at once, but competitions
must not import the leaderboards (pyproject.toml's import contract: the
standings read competitions, never the other way). So the leaderboards
register a listener here from their AppConfig.ready, and the writes of this
app call ``round_results_changed``.

Not a Django signal (STYLE.md: no signals for business rules): this carries
no rule, only a cache's freshness, through one visible list with one
registrant. Listeners run after the commit only (a rolled-back submit tells
nobody, and a board rebuilt at once reads the committed attempt), and a
listener that fails (a cache away) is logged by Django and never undoes or
fails the submit (``robust=True``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

Listener = Callable[[int], None]  # called with the round's id

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call ``listener(round_id)`` after each committed change of a round's results (AppConfig.ready)."""
    if listener not in _listeners:
        _listeners.append(listener)


def round_results_changed(*, round_id: int) -> None:
    """Tell the listeners once the current transaction commits (at once outside one)."""
    for listener in _listeners:
        transaction.on_commit(lambda listener=listener: listener(round_id), robust=True)
