"""What a live round tells the rest of ``competitions``, which this package never imports (pyproject.toml).

The rest of ``competitions`` (its models, selectors, the organiser's pages)
reads live rounds; a live round imports nothing of it back. Two things that
happen in a round matter there, and ``competitions/apps.py`` registers for
them when the app is ready:

- ``answers_shown``: a reveal showed these questions' answers (in a round
  that shows answers at all). competitions.answers_shown records it, so a
  round drawing only unseen questions leaves them out. Called inside the
  reveal's transaction: the record commits, or rolls back, with the reveal.
- ``results_stored``: a finished round's results are stored.
  competitions.results_changed tells the standings, after the commit.

Like results_changed.py, one visible list per notice with one registrant,
not a Django signal; a listener that fails fails the change, as the direct
call it replaces did.
"""

from __future__ import annotations

from collections.abc import Callable

# Listeners take keyword arguments only: answers_shown.record(question_ids=...), round_results_changed(round_id=...).
_answers_shown: list[Callable[..., object]] = []
_results_stored: list[Callable[..., object]] = []


def on_answers_shown(listener: Callable[..., object]) -> None:
    """Call ``listener(question_ids=...)`` (question versions) when a reveal shows their answers."""
    if listener not in _answers_shown:
        _answers_shown.append(listener)


def on_results_stored(listener: Callable[..., object]) -> None:
    """Call ``listener(round_id=...)`` when a finished round's results are stored."""
    if listener not in _results_stored:
        _results_stored.append(listener)


def answers_shown(*, question_ids: list[int]) -> None:
    for listener in _answers_shown:
        listener(question_ids=question_ids)


def results_stored(*, round_id: int) -> None:
    for listener in _results_stored:
        listener(round_id=round_id)
