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
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from competitions import drawing, eligibility, visibility
from competitions import selectors as rankings
from competitions.models import Attempt, AttemptFlag, Competition, Round, Stage
from competitions.selectors import RankedAttempt
from questionbank.models import Choice, Question
from quizsite.accounts.models import RoleAssignment, Unit, path_ids
from quizsite.accounts.permissions import is_organiser_of, officer_units, require_role, scope_q

Role = RoleAssignment.Role
READERS = (Role.ORGANISER, Role.VIEWER)
# The level the dashboard groups teams by: the commune (or ward, special zone).
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


# --- Who may see and change what --------------------------------------------


def can_create_competitions(user) -> bool:
    return bool(officer_units(user, [Role.ORGANISER]))


def _playing_q(units: list[Unit]) -> Q:
    """Rounds whose eligible teams include teams of ``units``' subtrees.

    An eligible unit above one of them (or the competition's unit, when the
    round names none) or inside one of them: the province round open to the
    whole province, or to the ward's hamlets, is played by the ward's teams.
    """
    q = Q(pk__in=[])
    for unit in units:
        above = path_ids(unit.path)
        q |= Q(eligible_units__in=above) | Q(eligible_units__path__startswith=unit.path)
        q |= Q(eligible_units__isnull=True, stage__competition__unit__in=above)
    return q


def shared_rounds(units: list[Unit]) -> QuerySet[Round]:
    """Published self-paced rounds of competitions outside ``units``' subtrees that their teams play."""
    return (
        Round.objects.published()
        .filter(mode=Round.Mode.SELF_PACED)
        .filter(_playing_q(units))
        .exclude(scope_q(units, "stage__competition__unit"))
        .distinct()
    )


def _units_playing(round: Round, units: list[Unit]) -> list[Unit]:
    """Those of ``units`` whose teams may play ``round``."""
    roots = eligibility.eligible_unit_roots(round)
    return [u for u in units if any(u.is_within(root) or root.is_within(u) for root in roots)]


@dataclass(frozen=True)
class CompetitionAccess:
    competition: Competition
    can_edit: bool
    # None: the competition lies in the person's subtrees, they see all of it.
    # Otherwise the competition of an ancestor unit, seen read-only for the
    # rounds these units' teams play (a ward viewer in a province competition).
    through: list[Unit] | None = None

    @property
    def shared(self) -> bool:
        return self.through is not None


@dataclass(frozen=True)
class RoundAccess:
    round: Round
    can_edit: bool
    # As CompetitionAccess.through: the subtrees whose participation they see.
    through: list[Unit] | None = None

    @property
    def shared(self) -> bool:
        return self.through is not None

    @property
    def can_publish(self) -> bool:
        return self.can_edit and self.round.is_draft

    def can_see_ranking(self, now: datetime | None = None) -> bool:
        """Organisers follow the ranking while the round runs; everyone else reads it once it has closed."""
        return self.can_edit or self.round.status_at(now) == Round.Status.CLOSED


@dataclass(frozen=True)
class CompetitionRow:
    competition: Competition
    stage_count: int
    round_count: int
    # Another unit's competition, listed for the rounds the person's teams play.
    shared: bool


def competitions_run_or_played(user) -> list[CompetitionRow]:
    """The organiser's list: competitions in the user's organiser/viewer subtrees (which they run or
    follow), then those of other (ancestor) units whose rounds their teams play, counted by those
    rounds only. Not the standings' list, which holds every competition above the user's units too."""
    units = require_role(user, *READERS)
    own = (
        Competition.objects.filter(scope_q(units))
        .select_related("unit")
        .annotate(stage_count=Count("stages", distinct=True), round_count=Count("stages__rounds", distinct=True))
    )
    rows = [CompetitionRow(c, c.stage_count, c.round_count, shared=False) for c in own]
    shared: dict[int, tuple[set[int], set[int]]] = {}
    for competition_id, stage_id, round_id in shared_rounds(units).values_list(
        "stage__competition_id", "stage_id", "pk"
    ):
        stages, rounds = shared.setdefault(competition_id, (set(), set()))
        stages.add(stage_id)
        rounds.add(round_id)
    for competition in Competition.objects.filter(pk__in=shared).select_related("unit"):
        stages, rounds = shared[competition.pk]
        rows.append(CompetitionRow(competition, len(stages), len(rounds), shared=True))
    return rows


def _check_write(user, unit: Unit, write: bool) -> None:
    if write and not is_organiser_of(user, unit):
        raise PermissionDenied


def competition_access(user, pk: int) -> CompetitionAccess:
    units = require_role(user, *READERS)
    competition = Competition.objects.select_related("unit").filter(pk=pk).first()
    if competition is None:
        raise Http404
    seen = visibility.units_seen(competition, units)
    if visibility.sees_whole(competition, seen):
        return CompetitionAccess(competition, can_edit=is_organiser_of(user, competition.unit))
    # Of the units they see, those whose teams play a published round: the page lists those rounds.
    through = [unit for unit in seen if shared_rounds([unit]).filter(stage__competition=competition).exists()]
    if not through:
        raise Http404
    return CompetitionAccess(competition, can_edit=False, through=through)


def competition_rounds(access: CompetitionAccess) -> list[tuple[Stage, list[Round]]]:
    """The stages with their rounds, live ones with their code and state; for shared access,
    only the self-paced rounds they play."""
    rounds = Round.objects.select_related("live").order_by("opens_at", "pk")
    stages = access.competition.stages.order_by("position", "pk")
    if access.shared:
        rounds = rounds.filter(pk__in=shared_rounds(access.through).values("pk"))
        stages = stages.filter(rounds__in=rounds).distinct()
    stages = stages.prefetch_related(Prefetch("rounds", queryset=rounds))
    return [(stage, list(stage.rounds.all())) for stage in stages]


def get_competition_for_officer(user, pk: int, *, write: bool = False) -> Competition:
    """A competition the user may read; with ``write``, one they may change (else 403)."""
    access = competition_access(user, pk)
    if write and not access.can_edit:
        raise PermissionDenied
    return access.competition


def get_stage_for_officer(user, pk: int, *, write: bool = False) -> Stage:
    units = require_role(user, *READERS)
    stage = Stage.objects.select_related("competition__unit").filter(scope_q(units, "competition__unit"), pk=pk).first()
    if stage is None:
        raise Http404
    _check_write(user, stage.competition.unit, write)
    return stage


def _scopes(user) -> tuple[list[Unit], list[Unit]]:
    """The roots of the user's reading subtrees and of those they organise, in one query; 403 with neither."""
    if user.is_superuser:
        roots = require_role(user, *READERS)
        return roots, roots
    assignments = list(RoleAssignment.objects.filter(user=user, role__in=READERS).select_related("unit"))
    if not assignments:
        raise PermissionDenied
    return [a.unit for a in assignments], [a.unit for a in assignments if a.role == Role.ORGANISER]


def round_access(user, pk: int) -> RoundAccess:
    """A self-paced round in the user's subtrees, or one their units' teams play (read-only).

    Live rounds have their own pages; a round neither in their subtrees nor
    played by their teams is a 404, as is another unit's draft.
    """
    units, organised = _scopes(user)
    round = Round.objects.select_related("stage__competition__unit").filter(pk=pk, mode=Round.Mode.SELF_PACED).first()
    if round is None:
        raise Http404
    competition = round.stage.competition
    seen = visibility.units_seen(competition, units)
    if visibility.sees_whole(competition, seen):
        return RoundAccess(round, can_edit=any(competition.unit.is_within(scope) for scope in organised))
    through = _units_playing(round, seen) if round.published_at is not None else []
    if not through:
        raise Http404
    return RoundAccess(round, can_edit=False, through=through)


def get_round_for_officer(user, pk: int, *, write: bool = False) -> Round:
    """A round the user may read; with ``write``, one they may change (else 403)."""
    access = round_access(user, pk)
    if write and not access.can_edit:
        raise PermissionDenied
    return access.round


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


def offers_hamlets(kind: str) -> bool:
    """Whether a list of units to choose from, under a unit of this kind, names hamlets.

    Only in a commune's (or smaller unit's) competition: a province has
    thousands of them, and choosing the commune covers them.
    """
    return kind not in (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT)


def eligible_unit_choices(competition: Competition) -> QuerySet[Unit]:
    """Units a round of ``competition`` may open to: its subtree (hamlets as offers_hamlets says)."""
    unit = competition.unit
    units = Unit.objects.subtree(unit).order_by("path")
    if not offers_hamlets(unit.kind):
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


def live_counts(round: Round, now: datetime | None = None, *, within: list[Unit] | None = None) -> LiveCounts:
    """Attempts started and finished, by commune and by team, in a handful of aggregate queries.

    ``within``: only the teams of these subtrees (someone who reads another
    unit's round for their own teams' participation).

    Queries: totals (1), per team (1), eligible teams per unit (1, plus 1 for
    the eligible roots), and the commune-level units on those paths (1); never
    one per team.
    """
    finished_q = Q(submitted_at__isnull=False)
    attempts = Attempt.objects.filter(round=round)
    teams = eligibility.eligible_teams(round)
    if within is not None:
        attempts = attempts.filter(scope_q(within, "team__unit"))
        teams = teams.filter(scope_q(within))
    totals = attempts.aggregate(
        started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True)
    )
    per_team = list(
        attempts.values("team_id", "team__name", "team__unit__name", "team__unit__path")
        .annotate(started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True))
        .order_by("-started", "team__name")
    )
    eligible = list(teams.values("unit__path").annotate(teams=Count("pk")).order_by("unit__path"))
    paths = [row["unit__path"] for row in eligible] + [row["team__unit__path"] or "" for row in per_team]
    ids = {pk for path in paths for pk in path_ids(path)}
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
    team_rows = []
    for row in per_team:
        u = unit_row(row["team__unit__path"] if row["team_id"] else None)
        u.started += row["started"]
        u.finished += row["finished"]
        u.people += row["people"]  # a person plays for one team, so this does not double count
        if row["team_id"]:
            u.teams_played += 1
        team_rows.append(
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
        teams=team_rows,
    )


def round_flags(round: Round, *, within: list[Unit] | None = None) -> QuerySet[AttemptFlag]:
    """The round's flags (of these subtrees' teams only, with ``within``): not yet reviewed first
    (newest first), then the reviewed ones, latest review first."""
    flags = AttemptFlag.objects.filter(attempt__round=round)
    if within is not None:
        flags = flags.filter(scope_q(within, "attempt__team__unit"))
    return flags.select_related("attempt__user", "attempt__team", "reviewed_by").order_by(
        F("reviewed_at").desc(nulls_first=True), "-created_at", "pk"
    )


def round_ranking(access: RoundAccess, now: datetime | None = None) -> list[RankedAttempt]:
    """The round's ranking as this person may read it: none before the close unless they organise it;
    with shared access, the rows of their own teams (ranks stay those of the whole round)."""
    if not access.can_see_ranking(now):
        return []
    ranked = rankings.ranking(access.round)
    if access.shared:
        ranked = [r for r in ranked if r.team is not None and any(r.team.unit.is_within(u) for u in access.through)]
    return ranked


# --- Preview ----------------------------------------------------------------


@dataclass(frozen=True)
class PreviewQuestion:
    position: int
    question: Question
    multiple: bool
    # Texts only, in the shuffled order a member sees: never which one is right (an order question's
    # steps as shuffled for a member, a hotspot's areas by name).
    choices: list[str]

    @property
    def kind(self) -> str:
        return self.question.kind


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
