"""Which units of a competition an officer sees: the one rule the organiser's, standings' and award pages share.

An officer whose subtree holds the competition's unit sees all of it. One
whose unit lies inside it (a commune officer in the provincial contest) sees
it from their own unit down, never wider. Anyone else sees none of it: their
pages answer 404.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizsite.accounts.models import Unit, outermost

from .models import Competition


def units_seen(competition: Competition, roots: Iterable[Unit]) -> list[Unit]:
    """The subtrees of ``competition`` seen by an officer whose roles sit on ``roots``.

    ``[competition.unit]`` when one of ``roots`` holds it; otherwise their
    roots inside it, outermost only, highest first; ``[]`` when none overlaps.
    """
    roots = list(roots)
    if any(competition.unit.is_within(root) for root in roots):
        return [competition.unit]
    return outermost(root for root in roots if root.is_within(competition.unit))


def sees_whole(competition: Competition, seen: list[Unit]) -> bool:
    """Whether ``seen`` (from units_seen) is the whole competition rather than part of it."""
    return seen == [competition.unit]
