"""Standings of people, teams and units over a period, in a competition or a unit subtree of it.

The rules are DESIGN.md section 4:

- a person: the sum of their best attempt in each round of the period (the
  best by the round's own order, ``competitions.ranking``); ties by total time
  of those attempts, then the earlier last submission. Over one round the
  round's tie-breaks apply, prediction closeness included. In a stage's own
  standings a live round adds the person's live points;
- a team: the sum of its members' best attempts per round (an attempt counts
  for the team the person played for), plus its live score in a stage's
  standings; participation = members who played / members now;
- a unit: participation rate (members who played / members of the unit's
  teams), then average score per member who played.

Every function returns a ``Standings`` whose ``how`` says in one line how
it was computed, so that a person can check it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from competitions.models import Competition, Round
from quizsite.accounts.models import Unit

from .periods import Period

Row = TypeVar("Row")


@dataclass(frozen=True)
class PersonRow:
    rank: int
    user_id: int
    name: str
    phone: str | None  # full, normalised (+84…): mask it before it leaves an officer's page
    team_id: int | None  # the team of the person's latest counted attempt
    team_name: str
    unit_id: int | None  # that team's unit
    unit_name: str
    total: int  # sum of best scores (plus live points in a stage)
    rounds: int  # rounds played in the period
    seconds: int  # total time of the counted attempts, whole seconds
    last_submitted_at: datetime | None
    prediction_gap: int | None = None  # over one round only, once its actual number is known


@dataclass(frozen=True)
class TeamRow:
    rank: int
    team_id: int
    name: str
    unit_id: int
    unit_name: str
    total: int  # members' best scores summed, plus live points in a stage
    played: int  # members who played at least one round of the period
    size: int  # members now
    live_points: int = 0

    @property
    def participation(self) -> float:
        return self.played / self.size if self.size else 0.0

    @property
    def participation_percent(self) -> int:
        return round(self.participation * 100)

    @property
    def average(self) -> float:
        """Points per member who played."""
        return self.total / self.played if self.played else 0.0


@dataclass(frozen=True)
class UnitRow:
    rank: int
    unit_id: int
    name: str
    kind: str
    teams: int  # teams in the unit's subtree
    teams_played: int  # of which at least one member played
    members: int  # members of those teams
    played: int  # members who played at least one round of the period
    total: int  # points of the members who played

    @property
    def participation(self) -> float:
        return self.played / self.members if self.members else 0.0

    @property
    def participation_percent(self) -> int:
        return round(self.participation * 100)

    @property
    def average(self) -> float:
        """Points per member who played."""
        return self.total / self.played if self.played else 0.0


@dataclass(frozen=True)
class Standings(Generic[Row]):
    competition: Competition
    period: Period
    unit: Unit  # the scope: the competition's unit, or a subtree of it
    rounds: list[Round]  # the rounds counted, oldest first
    rows: list[Row]
    how: str  # “Tổng điểm 4 vòng; hòa điểm xét tổng thời gian, rồi lần nộp cuối sớm hơn.”
    # Some counted round is not closed yet: the figures may still change.
    provisional: bool = False
    extra: dict = field(default_factory=dict)


def rounds_of(competition: Competition, period: Period) -> list[Round]:
    """The published rounds a period counts: self-paced ones for a calendar period or the whole
    competition; in a stage, its self-paced and live rounds."""
    raise NotImplementedError


def people(competition: Competition, period: Period, unit: Unit | None = None) -> Standings[PersonRow]:
    """Everyone who finished an attempt in the period's rounds, for teams of ``unit``'s subtree."""
    raise NotImplementedError


def teams(competition: Competition, period: Period, unit: Unit | None = None) -> Standings[TeamRow]:
    """Every team of ``unit``'s subtree (those that did not play too, with zero)."""
    raise NotImplementedError


def units(
    competition: Competition, period: Period, unit: Unit | None = None, *, kind: str | None = None
) -> Standings[UnitRow]:
    """The units under ``unit``: its children by default, or every unit of ``kind`` in its subtree."""
    raise NotImplementedError
