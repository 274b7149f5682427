"""The teams a live round may enter, read once per page: every unit and team of the competition's subtree.

The organiser's team picker (team_picker.py) searches them, counts them per
unit and groups the chosen ones by commune. A province holds ~1,300 teams
and ~1,400 units: two queries of a few columns, whatever is chosen or
searched, so the page's query count never grows with the teams.

Search folds the marks away (``quizsite.accounts.names.fold``): "an binh"
finds "Xã An Bình", as an organiser types on a phone; each word typed must
start a word of the team's name, its unit's or its commune's (or code). The database cannot
do that on SQLite (its LIKE folds ASCII only) nor without an extension on
PostgreSQL; a province's names are a few hundred kilobytes at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from quizsite.accounts.models import Team, Unit, path_ids
from quizsite.accounts.names import fold, vietnamese_key

from .selectors import COMMUNE_KINDS, offers_hamlets


@dataclass(frozen=True)
class UnitRow:
    pk: int
    name: str
    code: str
    kind: str
    path: str
    depth: int

    def is_within(self, other: UnitRow) -> bool:
        return self.path.startswith(other.path)


@dataclass(frozen=True)
class TeamRow:
    pk: int
    name: str
    unit: UnitRow
    # The commune (ward, special zone) the team belongs to, or in a commune's own competition its hamlet.
    group: UnitRow


@dataclass(frozen=True)
class Found:
    """A search's answer: the units whose every team can be added at once, and the teams that match."""

    units: list[tuple[UnitRow, int, str]]  # each with its number of teams and the units it lies in
    teams: list[TeamRow]  # the first ones, in the order shown
    total: int  # every team that matches, shown or not


def _by_name(name: str) -> tuple:
    """Vietnamese order, numbers by their value: "Xã Số 3" before "Xã Số 10", "Ấp 2" before "Ấp 10"."""
    parts = re.split(r"(\d+)", name)
    return (*((1, int(part)) if part.isdigit() else (0, vietnamese_key(part)) for part in parts), name)


def _words(text: str) -> str:
    """Folded words between spaces, one before each: " to cns ap 1 xa an binh" (so " an" finds a word's start)."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


class TeamIndex:
    """Every unit and team under ``root`` (the competition's unit), with the lookups the picker needs."""

    def __init__(self, root: Unit) -> None:
        self.root = UnitRow(root.pk, root.name, root.code, root.kind, root.path, root.depth)
        self.units: dict[int, UnitRow] = {
            pk: UnitRow(pk, name, code, kind, path, depth)
            for pk, name, code, kind, path, depth in Unit.objects.subtree(root).values_list(
                "pk", "name", "code", "kind", "path", "depth"
            )
        }
        self.teams: dict[int, TeamRow] = {}
        for pk, name, unit_id in Team.objects.filter(unit__path__startswith=root.path).values_list(
            "pk", "name", "unit_id"
        ):
            unit = self.units[unit_id]
            self.teams[pk] = TeamRow(pk, name, unit, self._group_of(unit))

    def _group_of(self, unit: UnitRow) -> UnitRow:
        """The first commune below the root on the unit's path; else the unit just below the root; else the root."""
        below = self._below_root(unit)
        return next((u for u in below if u.kind in COMMUNE_KINDS), below[0])

    def team(self, pk: int) -> TeamRow | None:
        return self.teams.get(pk)

    def unit(self, pk: int) -> UnitRow | None:
        return self.units.get(pk)

    @cached_property
    def counts(self) -> dict[int, int]:
        """Each unit's number of teams, its subtree's included."""
        counts: dict[int, int] = {}
        for team in self.teams.values():
            for pk in path_ids(team.unit.path)[self.root.depth :]:
                counts[pk] = counts.get(pk, 0) + 1
        return counts

    def within(self, unit: UnitRow) -> set[int]:
        return {t.pk for t in self.teams.values() if t.unit.is_within(unit)}

    def sorted(self, team_ids) -> list[TeamRow]:
        """The teams by commune, then by name, as a Vietnamese reader expects."""
        rows = [self.teams[pk] for pk in team_ids if pk in self.teams]
        return sorted(rows, key=lambda t: (_by_name(t.group.name), t.group.pk, _by_name(t.name), t.pk))

    def unit_choices(self) -> list[tuple[UnitRow, int]]:
        """Units to add whole from a list: those with teams, no hamlets above commune level; the root first, then
        the tree with each unit's children by name."""
        hamlets = offers_hamlets(self.root.kind)
        return [
            (u, self.counts[u.pk])
            for u in sorted(self.units.values(), key=self._tree_order)
            if self.counts.get(u.pk) and (hamlets or u.kind != Unit.Kind.HAMLET)
        ]

    def _tree_order(self, unit: UnitRow) -> tuple:
        if unit.pk == self.root.pk:
            return (0,)
        return (1, [_by_name(u.name) for u in self._below_root(unit)])

    def _below_root(self, unit: UnitRow) -> list[UnitRow]:
        """The units from just below the root down to ``unit``, or the root itself."""
        return [self.units[pk] for pk in path_ids(unit.path)[self.root.depth + 1 :]] or [self.root]

    def where(self, unit: UnitRow) -> str:
        """The units ``unit`` lies in below the root, nearest first: "Xã Tân Phú" for its hamlet."""
        return " · ".join(u.name for u in reversed(self._below_root(unit)[:-1]))

    @cached_property
    def _unit_texts(self) -> dict[int, str]:
        """Each unit's name and code with those of the units it lies in below the root, folded."""
        return {
            pk: _words(" ".join(f"{u.name} {u.code}" for u in self._below_root(unit)))
            for pk, unit in self.units.items()
        }

    @cached_property
    def _team_texts(self) -> dict[int, str]:
        return {pk: _words(team.name) + self._unit_texts[team.unit.pk] for pk, team in self.teams.items()}

    def search(self, query: str, *, team_rows: int, unit_rows: int) -> Found:
        # Each word typed starts a word of the name: "an" finds "An Bình", not "Tân Phú".
        words = [" " + w for w in _words(query).split()]
        if not words:
            return Found([], [], 0)
        units = sorted(
            (
                u
                for u in self.units.values()
                if self.counts.get(u.pk) and all(w in self._unit_texts[u.pk] for w in words)
            ),
            key=lambda u: (u.depth, _by_name(u.name), u.pk),
        )
        matches = [pk for pk, text in self._team_texts.items() if all(w in text for w in words)]
        return Found(
            units=[(u, self.counts[u.pk], self.where(u)) for u in units[:unit_rows]],
            teams=self.sorted(matches)[:team_rows],
            total=len(matches),
        )
