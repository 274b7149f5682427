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
- a person's team in a period's table (what their row shows, and what an
  award list's "one prize per team" reads): the team of their latest counted
  entry, a counted attempt by its submission, a live round by its end
  (``_latest_team``); a person who moved team mid-period shows the new one;
- a unit: participation rate (members who played / members of the unit's
  teams), then average score per member who played.

Every function returns a ``Standings`` whose ``how`` says in one line how
it was computed, so that a person can check it by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

import psycopg
from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from competitions import ranking
from competitions.live.models import LiveEntry, LivePlayer, LiveRound
from competitions.models import Attempt, Competition, Round
from quizsite.accounts.models import Team, Unit, User, path_ids

from .periods import CALENDAR_KINDS, STAGE, Period

Row = TypeVar("Row")


@dataclass(frozen=True)
class PersonRow:
    rank: int
    user_id: int
    name: str  # the full name, or “(chưa ghi tên)”: never the phone or e-mail
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

    @property
    def pk(self) -> int:
        return self.user_id


class _Participation:
    """Participation and average of a row with ``played`` of ``members`` and ``total`` points."""

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
class TeamRow(_Participation):
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
    def pk(self) -> int:
        return self.team_id

    @property
    def members(self) -> int:
        return self.size


@dataclass(frozen=True)
class UnitRow(_Participation):
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
    def pk(self) -> int:
        return self.unit_id


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

    def find(self, pk: int) -> Row | None:
        """The row of this person, team or unit (by its id), if it is in the table."""
        return next((row for row in self.rows if row.pk == pk), None)


def rounds_of(competition: Competition, period: Period) -> list[Round]:
    """The published rounds a period counts, oldest first.

    A calendar period counts the competition's self-paced rounds that open in
    it; a stage, its own rounds, live ones included; the whole competition,
    every self-paced round (live points stay in their own stage's standings:
    they are points, not right answers, and would swamp them).
    """
    rounds = Round.objects.published().filter(stage__competition=competition)
    if period.kind == STAGE:
        rounds = rounds.filter(stage_id=period.stage_id)
    else:
        rounds = rounds.filter(mode=Round.Mode.SELF_PACED)
        if period.is_calendar:
            rounds = rounds.filter(opens_at__gte=period.start, opens_at__lt=period.end)
    return list(rounds.select_related("live").order_by("opens_at", "pk"))


def periods_counting(round: Round) -> list[Period]:
    """The periods whose standings count ``round``: rounds_of's rule read the other way round.

    A self-paced round: the week, month, quarter and year it opens in, its
    stage and the whole competition; a live round: its stage only.
    """
    stage = Period.for_stage(round.stage_id)
    if round.mode == Round.Mode.LIVE:
        return [stage]
    day = timezone.localdate(round.opens_at)
    return [*(Period.of(kind, day) for kind in CALENDAR_KINDS), stage, Period.whole()]


def _scope(competition: Competition, unit: Unit | None) -> Unit:
    if unit is None:
        return competition.unit
    if not unit.is_within(competition.unit):
        raise ValueError("the unit is outside the competition")
    return unit


def _provisional(rounds: list[Round], now: datetime) -> bool:
    for r in rounds:
        if r.mode == Round.Mode.LIVE:
            if r.live.status != LiveRound.Status.FINISHED:
                return True
        elif r.closes_at > now:
            return True
    return False


def _split(rounds: list[Round]) -> tuple[list[int], list[int]]:
    self_paced = [r.pk for r in rounds if r.mode == Round.Mode.SELF_PACED]
    live = [r.pk for r in rounds if r.mode == Round.Mode.LIVE]
    return self_paced, live


def _counted_sql(competition: Competition, scope: Unit, round_ids: list[int]) -> tuple[str, tuple]:
    """Each person's best attempt per round, for teams of ``scope``'s subtree, as SQL to select from.

    At the competition's own unit nobody is left out, not even people who
    played a round open to anyone signed in without a team. The callers sum
    these rows where they are, in a subquery: reading the best attempts back
    by primary key, then the names by lists of ids, took most of the time at
    a national contest's size (docs/BENCHMARKS.md, "Standings at
    national-contest size").
    """
    attempts = Attempt.objects.filter(round_id__in=round_ids)
    if scope.pk != competition.unit_id:
        attempts = attempts.filter(team__unit__path__startswith=scope.path)
    best = ranking.best_attempts(attempts).order_by()
    fields = (
        "round_id",
        "user_id",
        "team_id",
        "score",
        "duration",
        "submitted_at",
        "order_no_guess",
        "order_gap",
        "prediction",
    )
    return best.values(*fields, actual=F("round__prediction_actual")).query.sql_with_params()


def _fetchall(sql: str, params) -> list[tuple]:
    """The rows of hand-written SQL, through Django's cursor wrapper (so queries are logged and counted).

    On PostgreSQL the rows come in binary: parsing 50,000 timestamps and
    intervals from text took longer than the query itself (a month's people
    at national-contest size, docs/BENCHMARKS.md).
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)  # server-side binding: binary results need it
    raw.format = psycopg.pq.Format.BINARY
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _converter(model, name: str):
    """Django's own conversion of a column's value read by hand (SQLite keeps durations and times as numbers
    and text)."""
    column = model._meta.get_field(name).get_col(model._meta.db_table)
    converters = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]

    def convert(value):
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return convert


def _table(model, *names: str) -> tuple[str, ...]:
    return (
        connection.ops.quote_name(model._meta.db_table),
        *(connection.ops.quote_name(model._meta.get_field(name).column) for name in names),
    )


def _ranks(rows: list, key) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of ``rows``, already sorted by ``key``."""
    ranks, previous = [], None
    for position, row in enumerate(rows, start=1):
        k = key(row)
        ranks.append(ranks[-1] if ranks and k == previous else position)
        previous = k
    return ranks


def _how_people(rounds: list[Round], live: bool) -> str:
    if not rounds:
        return gettext("Chưa có vòng thi nào trong kỳ này.")
    if len(rounds) == 1 and not live:
        return gettext(
            "Điểm lượt thi tốt nhất của mỗi người trong vòng “%(round)s”; hòa điểm xét dự đoán gần đúng hơn, "
            "rồi thời gian làm bài ngắn hơn, rồi người nộp bài trước."
        ) % {"round": rounds[0].title}
    how = ngettext(
        "Tổng điểm lượt thi tốt nhất của mỗi người trong %(n)d vòng; hòa điểm xét tổng thời gian làm bài, "
        "rồi lần nộp bài cuối sớm hơn.",
        "Tổng điểm lượt thi tốt nhất của mỗi người trong %(n)d vòng; hòa điểm xét tổng thời gian làm bài, "
        "rồi lần nộp bài cuối sớm hơn.",
        len(rounds),
    ) % {"n": len(rounds)}
    if live:
        how += " " + gettext("Vòng trực tiếp tính điểm trực tiếp của từng người.")
    return how


def people(competition: Competition, period: Period, unit: Unit | None = None) -> Standings[PersonRow]:
    """Everyone who finished an attempt in the period's rounds (or scored in its live rounds), for
    teams of ``unit``'s subtree.

    Ties: total desc, then (over one round) prediction closeness, then total
    time, then the earlier last submission; rows that tie on all of these
    share a rank and are listed by name.
    """
    scope = _scope(competition, unit)
    rounds = rounds_of(competition, period)
    self_paced, live = _split(rounds)
    one_round = len(rounds) == 1 and not live
    totals: dict[int, dict] = {}
    users: dict[int, tuple[str, str | None]] = {}
    teams: dict[int, tuple[str, int, str]] = {}
    if self_paced:
        totals, users, teams = _self_paced_people(competition, scope, self_paced)
    if live:
        players = LivePlayer.objects.filter(live_round_id__in=live, user__isnull=False)
        if scope.pk != competition.unit_id:
            players = players.filter(team__unit__path__startswith=scope.path)
        ended = Coalesce("live_round__finished_at", "live_round__started_at", "live_round__round__opens_at")
        for user_id, team_id, score, elapsed, at in players.values_list(
            "user_id", "team_id", "score", "correct_elapsed_ms", ended
        ):
            row = totals.setdefault(
                user_id,
                {"user_id": user_id, "total": 0, "rounds": 0, "time": timedelta(0), "last": None, "team": None},
            )
            row["total"] += score or 0
            row["rounds"] += 1
            row["time"] = (row["time"] or timedelta(0)) + timedelta(milliseconds=elapsed or 0)
            row["team"], row["team_at"] = _latest_team(row, team_id, at)
    # Live players without a self-paced attempt: their names are not in the totals' query.
    if missing := [pk for pk in totals if pk not in users]:
        users.update(_people_names(missing))
    if missing := {row["team"] for row in totals.values() if row["team"] and row["team"] not in teams}:
        teams.update(_team_names(missing))

    # One sort of (key, name, id) tuples; equal keys share a rank. Written for a national month's
    # 50,000 people (docs/BENCHMARKS.md): each row's key is built once.
    latest = timezone.now()
    keyed = []
    for user_id, row in totals.items():
        closeness = (row["no_guess"], row["gap"]) if one_round else ()
        key = (-row["total"], *closeness, row["time"] or timedelta.max, row["last"] or latest)
        keyed.append((key, users[user_id][0], user_id))
    keyed.sort()
    rows, previous, rank = [], None, 0
    for position, (key, name, user_id) in enumerate(keyed, start=1):
        if key != previous:
            rank, previous = position, key
        row = totals[user_id]
        team_name, unit_id, unit_name = teams.get(row["team"], ("", None, ""))
        gap = None
        if one_round and row.get("actual") is not None and row.get("guess") is not None:
            gap = abs(row["guess"] - row["actual"])
        time = row["time"]
        rows.append(
            PersonRow(
                rank,
                user_id,
                name,
                users[user_id][1],
                row["team"],
                team_name,
                unit_id,
                unit_name,
                row["total"],
                row["rounds"],
                int(time.total_seconds()) if time else 0,
                row["last"],
                gap,
            )
        )
    return Standings(
        competition=competition,
        period=period,
        unit=scope,
        rounds=rounds,
        rows=rows,
        how=_how_people(rounds, bool(live)),
        provisional=_provisional(rounds, timezone.now()),
    )


def _latest_team(row: dict, team_id: int | None, at: datetime | None) -> tuple[int | None, datetime | None]:
    """The person's team after one more counted entry of ``team_id`` at ``at``: the later entry's.

    The one rule for a person's team in a period (the module's docstring):
    the self-paced attempts come out of ``_self_paced_people``'s SQL already
    reduced to the latest one's team (its ``ROW_NUMBER`` by submission), and
    each live round is folded in here by the same comparison.
    """
    current_at = row.get("team_at")
    if row.get("team") is None or current_at is None or (at is not None and at >= current_at):
        return team_id, at
    return row["team"], current_at


def _self_paced_people(
    competition: Competition, scope: Unit, round_ids: list[int]
) -> tuple[dict[int, dict], dict[int, tuple[str, str | None]], dict[int, tuple[str, int, str]]]:
    """Each person's sums over their best attempts, with their name and team: one query."""
    counted, params = _counted_sql(competition, scope, round_ids)
    user_table, full_name, phone = _table(User, "full_name", "phone")
    team_table, team_name, team_unit = _table(Team, "name", "unit")
    unit_table, unit_name = _table(Unit, "name")
    sql = f"""
        SELECT s.user_id, s.total, s.rounds, s.time, s.last, s.team, s.no_guess, s.gap, s.guess, s.actual,
               u.{full_name}, u.{phone}, t.{team_name}, t.{team_unit}, n.{unit_name}
        FROM (
            SELECT b.user_id, COALESCE(SUM(b.score), 0) AS total, COUNT(*) AS rounds, SUM(b.duration) AS time,
                   MAX(b.submitted_at) AS last, MAX(CASE WHEN b.latest = 1 THEN b.team_id END) AS team,
                   SUM(b.order_no_guess) AS no_guess, SUM(b.order_gap) AS gap, MAX(b.prediction) AS guess,
                   MAX(b.actual) AS actual
            FROM (
                -- latest = 1: the person's last counted attempt, whose team is theirs (_latest_team).
                SELECT c.*, ROW_NUMBER() OVER (
                    PARTITION BY c.user_id ORDER BY c.submitted_at DESC, c.round_id DESC
                ) AS latest
                FROM ({counted}) c
            ) b
            GROUP BY b.user_id
        ) s
        JOIN {user_table} u ON u.id = s.user_id
        LEFT JOIN {team_table} t ON t.id = s.team
        LEFT JOIN {unit_table} n ON n.id = t.{team_unit}
    """
    duration, submitted_at = _converter(Attempt, "duration"), _converter(Attempt, "submitted_at")
    totals, users, teams = {}, {}, {}
    unnamed = gettext("(chưa ghi tên)")
    for row in _fetchall(sql, params):
        user_id, total, rounds, time, last, team, no_guess, gap, guess, actual = row[:10]
        full_name, phone, team_name, unit_id, unit_name = row[10:]
        last = submitted_at(last)
        totals[user_id] = {
            "user_id": user_id,
            "total": total,
            "rounds": rounds,
            "time": duration(time),
            "last": last,
            "team": team,
            "team_at": last,
            "no_guess": no_guess,
            "gap": gap,
            "guess": guess,
            "actual": actual,
        }
        # Never the e-mail or the phone as a name (_people_names).
        users[user_id] = (full_name or unnamed, phone)
        if team is not None:
            teams[team] = (team_name, unit_id, unit_name)
    return totals, users, teams


def _people_names(user_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    names = {}
    users = User.objects.filter(pk__in=user_ids).values_list("pk", "full_name", "phone")
    unnamed = gettext("(chưa ghi tên)")
    for pk, full_name, phone in users.iterator(chunk_size=5000):
        # Never the e-mail or the phone: a name here reaches members' pages and public award lists.
        names[pk] = (full_name or unnamed, phone)
    return names


def _team_names(team_ids: set[int]) -> dict[int, tuple[str, int, str]]:
    rows = Team.objects.filter(pk__in=list(team_ids)).values_list("pk", "name", "unit_id", "unit__name")
    return {pk: (name, unit_id, unit_name) for pk, name, unit_id, unit_name in rows}


@dataclass
class _TeamTally:
    team_id: int
    name: str
    unit_id: int
    unit_name: str
    unit_path: str
    size: int
    total: int = 0
    live_points: int = 0
    seconds: float = 0.0
    players: set = field(default_factory=set)


def _team_tallies(competition: Competition, scope: Unit, rounds: list[Round]) -> dict[int, _TeamTally]:
    """Every team of ``scope``'s subtree with its members' best scores summed over ``rounds``:
    three queries, whatever the number of teams."""
    teams = (
        Team.objects.filter(unit__path__startswith=scope.path)
        .annotate(size=Count("memberships"))
        .values_list("pk", "name", "unit_id", "unit__name", "unit__path", "size")
    )
    tallies = {row[0]: _TeamTally(*row) for row in teams}
    self_paced, live = _split(rounds)
    if self_paced:
        counted, params = _counted_sql(competition, scope, self_paced)
        sql = f"""
            SELECT b.team_id, b.user_id, COALESCE(SUM(b.score), 0), SUM(b.duration)
            FROM ({counted}) b
            WHERE b.team_id IS NOT NULL
            GROUP BY b.team_id, b.user_id
        """
        duration = _converter(Attempt, "duration")
        counted_rows = _fetchall(sql, params)
        for team_id, user_id, total, time in counted_rows:
            time = duration(time)
            tally = tallies.get(team_id)
            if tally is not None:
                tally.total += total
                tally.seconds += time.total_seconds() if time else 0
                tally.players.add(user_id)
    if live:
        for team_id, score, elapsed in LiveEntry.objects.filter(
            live_round_id__in=live, team_id__in=list(tallies)
        ).values_list("team_id", "score", "correct_elapsed_ms"):
            tally = tallies[team_id]
            tally.total += score or 0
            tally.live_points += score or 0
            tally.seconds += (elapsed or 0) / 1000
        players = LivePlayer.objects.filter(live_round_id__in=live, user__isnull=False, team_id__in=list(tallies))
        for team_id, user_id in players.values_list("team_id", "user_id"):
            tallies[team_id].players.add(user_id)
    return tallies


def teams(competition: Competition, period: Period, unit: Unit | None = None) -> Standings[TeamRow]:
    """Every team of ``unit``'s subtree (those that did not play too, with zero).

    Ties: total desc, then participation desc, then the total time of the
    counted attempts; teams equal on all three share a rank, listed by name.
    """
    scope = _scope(competition, unit)
    rounds = rounds_of(competition, period)
    tallies = list(_team_tallies(competition, scope, rounds).values())

    def key(t: _TeamTally) -> tuple:
        played = len(t.players)
        # played / size compared without floats: a/b > c/d ⇔ a·d > c·b.
        return (-t.total, _Fraction(played, t.size), round(t.seconds, 3))

    tallies.sort(key=lambda t: (key(t), t.name.casefold()))
    rows = [
        TeamRow(
            rank=rank,
            team_id=t.team_id,
            name=t.name,
            unit_id=t.unit_id,
            unit_name=t.unit_name,
            total=t.total,
            played=len(t.players),
            size=t.size,
            live_points=t.live_points,
        )
        for rank, t in zip(_ranks(tallies, key), tallies, strict=True)
    ]
    return Standings(
        competition=competition,
        period=period,
        unit=scope,
        rounds=rounds,
        rows=rows,
        how=_how_teams(rounds, any(r.mode == Round.Mode.LIVE for r in rounds)),
        provisional=_provisional(rounds, timezone.now()),
    )


class _Fraction:
    """played / size, larger first, for sorting: equal when the rates are equal."""

    __slots__ = ("num", "den")

    def __init__(self, num: int, den: int):
        self.num, self.den = num, den or 1

    def __eq__(self, other) -> bool:
        return self.num * other.den == other.num * self.den

    def __lt__(self, other) -> bool:  # "before" in the ranking: a larger rate
        return self.num * other.den > other.num * self.den

    def __hash__(self) -> int:
        return hash(self.num / self.den)


def _how_teams(rounds: list[Round], live: bool) -> str:
    if not rounds:
        return gettext("Chưa có vòng thi nào trong kỳ này.")
    how = ngettext(
        "Tổng điểm lượt thi tốt nhất của các thành viên trong %(n)d vòng; hòa điểm xét tỉ lệ thành viên "
        "tham gia, rồi tổng thời gian làm bài.",
        "Tổng điểm lượt thi tốt nhất của các thành viên trong %(n)d vòng; hòa điểm xét tỉ lệ thành viên "
        "tham gia, rồi tổng thời gian làm bài.",
        len(rounds),
    ) % {"n": len(rounds)}
    if live:
        how += " " + gettext("Vòng trực tiếp cộng điểm của tổ trong vòng đó.")
    return how


def units(
    competition: Competition, period: Period, unit: Unit | None = None, *, kind: str | None = None
) -> Standings[UnitRow]:
    """The units under ``unit``: its children by default, or every unit of ``kind`` in its subtree.

    Ranked by participation (members who played / members of the unit's
    teams), then average points per member who played; units equal on both
    share a rank, listed by name.
    """
    scope = _scope(competition, unit)
    rounds = rounds_of(competition, period)
    chosen = Unit.objects.filter(path__startswith=scope.path)
    chosen = chosen.filter(kind=kind) if kind else chosen.filter(parent=scope)
    chosen = {u.pk: u for u in chosen.only("pk", "name", "kind", "path")}
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # teams, played teams, members, played, total
    for tally in _team_tallies(competition, scope, rounds).values():
        for unit_id in path_ids(tally.unit_path):
            if unit_id in chosen:
                s = sums[unit_id]
                s[0] += 1
                s[1] += 1 if tally.players else 0
                s[2] += tally.size
                s[3] += len(tally.players)
                s[4] += tally.total
    rows = [
        UnitRow(
            rank=0,
            unit_id=pk,
            name=u.name,
            kind=u.kind,
            teams=sums[pk][0],
            teams_played=sums[pk][1],
            members=sums[pk][2],
            played=sums[pk][3],
            total=sums[pk][4],
        )
        for pk, u in chosen.items()
    ]

    def key(row: UnitRow) -> tuple:
        return (_Fraction(row.played, row.members), _Fraction(row.total, row.played))

    rows.sort(key=lambda row: (key(row), row.name.casefold()))
    rows = [UnitRow(**{**row.__dict__, "rank": rank}) for rank, row in zip(_ranks(rows, key), rows, strict=True)]
    return Standings(
        competition=competition,
        period=period,
        unit=scope,
        rounds=rounds,
        rows=rows,
        how=gettext(
            "Xếp theo tỉ lệ tham gia (số người đã thi / số thành viên các tổ của đơn vị), hòa thì xét điểm "
            "trung bình mỗi người đã thi."
        ),
        provisional=_provisional(rounds, timezone.now()),
    )
