"""Reads for the standings pages: who may see which scope, the member's glance, finding a person.

The figures themselves come from ``leaderboards.standings`` (the engine);
this module only decides what to ask it for and keeps what a phone needs.

Decisions:
- Officers see a competition's standings inside the units they see of it
  (``competitions.visibility.units_seen``: all of it from above, from their
  own unit down when it lies inside) and cannot widen the scope; anyone else
  with a role gets a 404, a member without one a 403.
- The member's glance (home page and /standings/) reads a *board* per
  (competition, period, scope) from Django's cache, kept 60 s. The engine
  computes full standings (a whole province, every person), and the home
  page is the most visited page on a Sunday evening: with the cache the
  engine runs at most once a minute per board, whatever the traffic. The
  board is stored in pieces (the top 10 and counts, then people's and
  teams' ranks in ``BUCKETS`` buckets by id) so that a home page reads a few
  kilobytes, not the ranks of 100,000 people. A board's keys carry its
  period's version (``versions``): a finished attempt or a closed round
  changes the version of the periods that count the round, after the
  commit, so what a member just did shows at once. 60 s remains the bound
  for what nobody announces (an organiser reopening a round, a Redis
  outage).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from competitions.models import Attempt, Competition, Round
from competitions.visibility import units_seen
from leaderboards import standings
from leaderboards.periods import MONTH, WEEK, Period
from leaderboards.standings import PersonRow, TeamRow
from leaderboards.tables import versions
from quizsite.accounts.models import Membership, Unit, path_ids
from quizsite.accounts.names import fold
from quizsite.accounts.permissions import UNIT_READERS, require_role, scope_q

TOP = 10
BOARD_SECONDS = 60
BUCKETS = 32
# The home page shows at most this many competitions (the nearest units first); the member page all.
HOME_COMPETITIONS = 2
MEMBER_COMPETITIONS = 6
# In a province or district scope the unit picker leaves hamlets out (there are thousands); a
# commune's own hamlets show once the commune is chosen.
BROAD_KINDS = (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT)


# --- Officers: which scopes of a competition --------------------------------


@dataclass(frozen=True)
class OfficerScope:
    competition: Competition
    # The subtrees the officer may see: [the competition's unit], or their own units inside it.
    roots: list[Unit]

    @property
    def default_unit(self) -> Unit:
        return self.roots[0]

    def allows(self, unit: Unit) -> bool:
        return any(unit.is_within(root) for root in self.roots)


def officer_scope(user, pk: int) -> OfficerScope:
    """A competition's standings as ``user`` may read them: 403 without an officer role, 404 outside."""
    units = require_role(user, *UNIT_READERS)
    competition = Competition.objects.select_related("unit").filter(pk=pk).first()
    if competition is None:
        raise Http404
    roots = units_seen(competition, units)
    if not roots:
        raise Http404
    return OfficerScope(competition, roots)


def unit_in_scope(scope: OfficerScope, pk: int) -> Unit | None:
    """The unit ``pk`` if it lies in the scope; None otherwise (unknown or outside alike)."""
    return Unit.objects.within_any(scope.roots).filter(pk=pk).first()


def unit_choices(scope: OfficerScope, current: Unit) -> list[tuple[Unit, int]]:
    """The units to pick from, in tree order, with their depth below the scope's root (for indenting)."""
    units = Unit.objects.within_any(scope.roots)
    if any(root.kind in BROAD_KINDS for root in scope.roots):
        units = units.filter(~Q(kind=Unit.Kind.HAMLET) | Q(parent=current) | Q(pk=current.pk))
    top = min(root.depth for root in scope.roots)
    return [(unit, unit.depth - top) for unit in units.order_by("path")]


def kinds_below(unit: Unit) -> list[str]:
    """The kinds of unit under ``unit``, for ranking units by level ("every hamlet")."""
    found = set(Unit.objects.subtree(unit).exclude(pk=unit.pk).order_by().values_list("kind", flat=True).distinct())
    return [kind for kind in Unit.Kind.values if kind in found]


def competitions_with_standings_for(user) -> list[tuple[Competition, list[Unit]]]:
    """Competitions whose standings ``user`` may read (in their subtrees or above them), newest first,
    each with the units they see it from (competitions.visibility)."""
    units = require_role(user, *UNIT_READERS)
    above = {pk for unit in units for pk in path_ids(unit.path)}
    found = Competition.objects.filter(scope_q(units) | Q(unit_id__in=above)).select_related("unit")
    return [(competition, units_seen(competition, units)) for competition in found.order_by("-created_at")]


# --- Finding a person in a long table ----------------------------------------


def find_people(rows: list[PersonRow], query: str) -> list[tuple[int, PersonRow]]:
    """(position, row) of the rows whose name holds ``query`` (marks and case aside), or whose phone ends with it.

    A phone is typed the local way (0912 345 678) or in part (the last
    digits); it matches the stored +84 number. The phone is compared on the
    server only: the page shows it masked.
    """
    query = query.strip()
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 3 and len(digits) >= len(query.replace(" ", "")) - 1:
        local = digits[1:] if digits.startswith("0") else digits
        return [
            (i, row)
            for i, row in enumerate(rows)
            if row.phone and "".join(c for c in row.phone if c.isdigit()).endswith(local)
        ]
    folded = fold(query)
    if not folded:
        return []
    return [(i, row) for i, row in enumerate(rows) if folded in fold(row.name)]


# --- Members: the glance ----------------------------------------------------


@dataclass(frozen=True)
class MyRank:
    rank: int
    total: int
    rounds: int


@dataclass(frozen=True)
class TeamRank:
    rank: int
    total: int
    played: int
    size: int

    @property
    def ranked(self) -> bool:
        """A team none of whose members played in the period has no rank (not "1 of 24" with 0 points)."""
        return self.played > 0

    @property
    def participation_percent(self) -> int:
        return round(self.played / self.size * 100) if self.size else 0


@dataclass(frozen=True)
class Board:
    """One competition's standings over one period as a phone shows them (no phone numbers in it)."""

    competition_id: int
    period: Period
    people_how: str
    teams_how: str
    provisional: bool
    people_count: int  # people who played
    teams_count: int  # teams of the scope
    top_people: tuple[PersonRow, ...]
    top_teams: tuple[TeamRow, ...]


@dataclass(frozen=True)
class Glance:
    board: Board
    me: MyRank | None  # None: not played in the period
    team: TeamRank | None  # None: no team, or a team outside the competition

    @property
    def period(self) -> Period:
        return self.board.period


@dataclass(frozen=True)
class CompetitionGlance:
    competition: Competition
    glances: list[Glance]  # one per period asked, in that order


def _key(competition_id: int, period: Period, version: str, part: str) -> str:
    return f"standings:board:v2:{competition_id}:{period.slug}:{version}:{part}"


def _compute(competition: Competition, period: Period, version: str) -> dict[str, object]:
    """Ask the engine once for people and teams, and cut the answer into the cached pieces."""
    people = standings.people(competition, period)
    teams = standings.teams(competition, period)
    board = Board(
        competition_id=competition.pk,
        period=period,
        people_how=people.how,
        teams_how=teams.how,
        provisional=people.provisional or teams.provisional,
        people_count=len(people.rows),
        teams_count=len(teams.rows),
        top_people=tuple(replace(row, phone=None) for row in people.rows[:TOP]),
        top_teams=tuple(teams.rows[:TOP]),
    )
    person_buckets: list[dict[int, tuple]] = [{} for _ in range(BUCKETS)]
    for row in people.rows:
        person_buckets[row.user_id % BUCKETS][row.user_id] = (row.rank, row.total, row.rounds)
    team_buckets: list[dict[int, tuple]] = [{} for _ in range(BUCKETS)]
    for row in teams.rows:
        team_buckets[row.team_id % BUCKETS][row.team_id] = (row.rank, row.total, row.played, row.size)
    pieces: dict[str, object] = {_key(competition.pk, period, version, "board"): board}
    for i in range(BUCKETS):
        pieces[_key(competition.pk, period, version, f"p{i}")] = person_buckets[i]
        pieces[_key(competition.pk, period, version, f"t{i}")] = team_buckets[i]
    cache.set_many(pieces, BOARD_SECONDS)
    return pieces


def glance(
    competition: Competition, period: Period, *, user_id: int, team_id: int | None, version: str | None = None
) -> Glance:
    """The board of ``competition`` over ``period`` with ``user_id``'s rank and ``team_id``'s: one cache read
    (two without the board's ``version``, read from ``versions``)."""
    if version is None:
        version = versions.current([(competition.pk, period)])[(competition.pk, period.slug)]
    keys = [
        _key(competition.pk, period, version, "board"),
        _key(competition.pk, period, version, f"p{user_id % BUCKETS}"),
    ]
    if team_id is not None:
        keys.append(_key(competition.pk, period, version, f"t{team_id % BUCKETS}"))
    found = cache.get_many(keys)
    if len(found) < len(keys):
        found = _compute(competition, period, version)
    me = found[keys[1]].get(user_id)
    team = found[keys[2]].get(team_id) if team_id is not None else None
    return Glance(board=found[keys[0]], me=MyRank(*me) if me else None, team=TeamRank(*team) if team else None)


def _span(periods: list[Period]) -> tuple[datetime, datetime]:
    return min(p.start for p in periods), max(p.end for p in periods)


def member_competitions(user, membership: Membership | None, periods: list[Period], limit: int) -> list[Competition]:
    """The competitions ``user`` plays in with rounds in ``periods``, the nearest unit first, in one query.

    A member's: those organised by their team's unit or a unit above it. Without a team:
    the top of the tree's (the provincial contest), and any they played in the periods.
    """
    start, end = _span(periods)
    rounds = Round.objects.published().filter(
        stage__competition=OuterRef("pk"), mode=Round.Mode.SELF_PACED, opens_at__gte=start, opens_at__lt=end
    )
    found = Competition.objects.filter(Exists(rounds))
    if membership is not None:
        found = found.filter(unit_id__in=path_ids(membership.team.unit.path))
    else:
        played = Attempt.objects.finished().filter(
            user=user, round__stage__competition=OuterRef("pk"), round__opens_at__gte=start, round__opens_at__lt=end
        )
        found = found.filter(Q(unit__parent__isnull=True) | Exists(played))
    return list(found.select_related("unit").order_by("-unit__depth", "-created_at", "-pk")[:limit])


def member_glances(
    user, membership: Membership | None, periods: list[Period], *, limit: int
) -> list[CompetitionGlance]:
    team_id = membership.team_id if membership is not None else None
    competitions = member_competitions(user, membership, periods, limit)
    current = versions.current([(competition.pk, period) for competition in competitions for period in periods])
    return [
        CompetitionGlance(
            competition=competition,
            glances=[
                glance(
                    competition,
                    period,
                    user_id=user.pk,
                    team_id=team_id,
                    version=current[(competition.pk, period.slug)],
                )
                for period in periods
            ],
        )
        for competition in competitions
    ]


def home_glances(user, membership: Membership | None, now: datetime | None = None) -> list[CompetitionGlance]:
    """This week and this month for the home page, for at most ``HOME_COMPETITIONS`` competitions."""
    periods = [Period.current(WEEK, now), Period.current(MONTH, now)]
    return member_glances(user, membership, periods, limit=HOME_COMPETITIONS)
