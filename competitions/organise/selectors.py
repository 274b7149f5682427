"""Organiser reads: the lookups that return an object in the person's subtree or raise, the round
dashboard's counts, the flags and the preview of a draw.

A person with neither the organiser nor the viewer role gets a 403; an object
outside their subtrees a 404; a viewer asking to change something a 403.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from competitions import drawing, eligibility
from competitions.models import Attempt, AttemptFlag, Competition, Round, Stage
from questionbank.models import Choice, Question
from quizsite.accounts.models import RoleAssignment, Unit
from quizsite.accounts.permissions import is_organiser_of, officer_units, require_role, scope_q

Role = RoleAssignment.Role
READERS = (Role.ORGANISER, Role.VIEWER)
# The level the dashboard groups teams by: the commune (or ward, special zone).
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


# --- Who may see and change what --------------------------------------------


def competitions_for_officer(user) -> QuerySet[Competition]:
    """Competitions whose organising unit lies in the user's organiser/viewer subtrees."""
    return Competition.objects.filter(scope_q(require_role(user, *READERS))).select_related("unit")


def _check_write(user, unit: Unit, write: bool) -> None:
    if write and not is_organiser_of(user, unit):
        raise PermissionDenied


def get_competition_for_officer(user, pk: int, *, write: bool = False) -> Competition:
    units = require_role(user, *READERS)
    competition = Competition.objects.select_related("unit").filter(scope_q(units), pk=pk).first()
    if competition is None:
        raise Http404
    _check_write(user, competition.unit, write)
    return competition


def get_stage_for_officer(user, pk: int, *, write: bool = False) -> Stage:
    units = require_role(user, *READERS)
    stage = Stage.objects.select_related("competition__unit").filter(scope_q(units, "competition__unit"), pk=pk).first()
    if stage is None:
        raise Http404
    _check_write(user, stage.competition.unit, write)
    return stage


def get_round_for_officer(user, pk: int, *, write: bool = False) -> Round:
    """A self-paced round in the user's subtree (live rounds have their own pages)."""
    units = require_role(user, *READERS)
    round = (
        Round.objects.select_related("stage__competition__unit")
        .filter(scope_q(units, "stage__competition__unit"), pk=pk, mode=Round.Mode.SELF_PACED)
        .first()
    )
    if round is None:
        raise Http404
    _check_write(user, round.stage.competition.unit, write)
    return round


def get_flag_for_officer(user, pk: int, *, write: bool = False) -> AttemptFlag:
    """A flag on an attempt of a self-paced round in the user's subtree."""
    units = require_role(user, *READERS)
    flag = (
        AttemptFlag.objects.select_related("attempt__user", "attempt__round__stage__competition__unit")
        .filter(
            scope_q(units, "attempt__round__stage__competition__unit"),
            pk=pk,
            attempt__round__mode=Round.Mode.SELF_PACED,
        )
        .first()
    )
    if flag is None:
        raise Http404
    _check_write(user, flag.attempt.round.stage.competition.unit, write)
    return flag


def organiser_scope_units(user) -> QuerySet[Unit]:
    """Units an organiser may name as a competition's owner: their subtrees, above hamlet level."""
    return (
        Unit.objects.within_any(officer_units(user, [Role.ORGANISER])).exclude(kind=Unit.Kind.HAMLET).order_by("path")
    )


def eligible_unit_choices(competition: Competition) -> QuerySet[Unit]:
    """Units a round of ``competition`` may open to: its subtree.

    Hamlets are offered only in a commune's (or smaller unit's) competition: a
    province has thousands of them, and choosing the commune covers them.
    """
    unit = competition.unit
    units = Unit.objects.subtree(unit).order_by("path")
    if unit.kind in (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT):
        units = units.exclude(kind=Unit.Kind.HAMLET)
    return units


# --- The round dashboard ----------------------------------------------------


@dataclass
class UnitCount:
    unit_id: int | None
    name: str
    teams_eligible: int = 0
    teams_played: int = 0
    started: int = 0
    finished: int = 0
    people: int = 0

    def as_dict(self) -> dict:
        return {
            "id": self.unit_id,
            "name": self.name,
            "teams_eligible": self.teams_eligible,
            "teams_played": self.teams_played,
            "started": self.started,
            "finished": self.finished,
            "people": self.people,
        }


@dataclass
class TeamCount:
    team_id: int | None
    name: str
    unit: str
    started: int
    finished: int
    people: int

    def as_dict(self) -> dict:
        return {
            "id": self.team_id,
            "name": self.name,
            "unit": self.unit,
            "started": self.started,
            "finished": self.finished,
            "people": self.people,
        }


@dataclass
class LiveCounts:
    status: str
    started: int
    finished: int
    people: int
    units: list[UnitCount]
    teams: list[TeamCount]

    @property
    def in_progress(self) -> int:
        return self.started - self.finished

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "started": self.started,
            "finished": self.finished,
            "in_progress": self.in_progress,
            "people": self.people,
            "units": [u.as_dict() for u in self.units],
            "teams": [t.as_dict() for t in self.teams],
        }


def _commune_of(path: str, communes: dict[str, Unit]) -> Unit | None:
    """The commune-level unit on a unit's path (the deepest, should communes nest)."""
    found = None
    for part in path.strip("/").split("/"):
        found = communes.get(part, found)
    return found


def live_counts(round: Round, now: datetime | None = None) -> LiveCounts:
    """Attempts started and finished, by commune and by team, in a handful of aggregate queries.

    Queries: totals (1), per team (1), eligible teams per unit (1, plus 1 for
    the eligible roots), and the commune-level units on those paths (1); never
    one per team.
    """
    finished_q = Q(submitted_at__isnull=False)
    attempts = Attempt.objects.filter(round=round)
    totals = attempts.aggregate(
        started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True)
    )
    per_team = list(
        attempts.values("team_id", "team__name", "team__unit__name", "team__unit__path")
        .annotate(started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True))
        .order_by("-started", "team__name")
    )
    eligible = list(
        eligibility.eligible_teams(round).values("unit__path").annotate(teams=Count("pk")).order_by("unit__path")
    )
    paths = [row["unit__path"] for row in eligible] + [row["team__unit__path"] or "" for row in per_team]
    ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    communes = {str(u.pk): u for u in Unit.objects.filter(pk__in=ids, kind__in=COMMUNE_KINDS).only("pk", "name")}

    units: dict[int | None, UnitCount] = {}

    def unit_row(path: str | None) -> UnitCount:
        if path is None:
            return units.setdefault(None, UnitCount(None, _("Không thuộc tổ nào")))
        commune = _commune_of(path, communes)
        if commune is None:
            return units.setdefault(0, UnitCount(0, _("Đơn vị khác (không thuộc xã/phường)")))
        return units.setdefault(commune.pk, UnitCount(commune.pk, commune.name))

    for row in eligible:
        unit_row(row["unit__path"]).teams_eligible += row["teams"]
    teams = []
    for row in per_team:
        u = unit_row(row["team__unit__path"] if row["team_id"] else None)
        u.started += row["started"]
        u.finished += row["finished"]
        u.people += row["people"]  # a person plays for one team, so this does not double count
        if row["team_id"]:
            u.teams_played += 1
        teams.append(
            TeamCount(
                team_id=row["team_id"],
                name=row["team__name"] or _("Không thuộc tổ nào"),
                unit=row["team__unit__name"] or "",
                started=row["started"],
                finished=row["finished"],
                people=row["people"],
            )
        )
    ordered = sorted(units.values(), key=lambda u: (u.unit_id is None, u.unit_id == 0, -u.started, u.name))
    return LiveCounts(
        status=round.status_at(now),
        started=totals["started"],
        finished=totals["finished"],
        people=totals["people"],
        units=ordered,
        teams=teams,
    )


def round_flags(round: Round) -> QuerySet[AttemptFlag]:
    """The round's flags: not yet reviewed first (newest first), then the reviewed ones, latest review first."""
    return (
        AttemptFlag.objects.filter(attempt__round=round)
        .select_related("attempt__user", "attempt__team", "reviewed_by")
        .order_by(F("reviewed_at").desc(nulls_first=True), "-created_at", "pk")
    )


# --- Preview ----------------------------------------------------------------


@dataclass(frozen=True)
class PreviewQuestion:
    position: int
    question: Question
    multiple: bool
    # Texts only, in the shuffled order a member sees: never which one is right.
    choices: list[str]


def preview_draw(round: Round, rng: random.Random | None = None) -> list[PreviewQuestion]:
    """A sample draw exactly as a member would get it. Reads only: no attempt, nothing marked used."""
    drawn = drawing.draw_questions(round=round, rng=rng or random.Random())
    choices = Choice.objects.filter(question__in=[d.question.pk for d in drawn]).values_list("question", "key", "text")
    texts = {(question, key): text for question, key, text in choices}
    return [
        PreviewQuestion(
            position=i,
            question=d.question,
            multiple=d.question.kind == Question.Kind.MULTIPLE,
            choices=[texts[d.question.pk, key] for key in d.choice_order],
        )
        for i, d in enumerate(drawn, start=1)
    ]
