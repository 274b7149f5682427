"""Bench: the leaderboards at national-contest size on PostgreSQL, against hand-written SQL.

    .venv/bin/python bench/standings.py [--rebuild] [--repeat 3] [--members 100000 --weeks 52 ...]
    make bench-standings

What one run does (docs/BENCHMARKS.md, "Standings at national-contest size"):

1. *the data*: the database ``--database`` (``bench_standings``) on the
   loopback PostgreSQL of ``--pg`` is created and migrated if missing, and a
   synthetic province is loaded into it with COPY: ``--communes`` (100)
   communes with hamlets, ``--teams`` (15,000) teams, ``--members``
   (100,000) members (youth-union members among them), one competition of
   ``--weeks`` (52) weekly stages of one self-paced round each over 2025
   (published, closed, the prediction's actual number taken), and
   ``--attempts`` (1,000,000) finished attempts; in every fourth round two
   attempts are allowed and some members use both, so the best attempt is
   not always the last. The attempts that ended in the timed month also get
   their questions shown and answers given, for the monthly report. A built database is
   reused by later runs (``--rebuild`` drops it first); ``ANALYZE`` follows
   the load.
2. *the timings*: after one warm-up, ``--repeat`` (3) runs of each
   operation (best and median): people over a week, a month and a quarter;
   teams over a quarter; one commune's people over the week and the month;
   the communes' standings over the month; drafting an award list (people
   over the month, every eligibility rule on) and the monthly report (the
   province, one commune) when those modules exist. Each standing is also
   computed, in the same run, by one hand-written SQL query on the same
   tables (the baseline its figures are divided by), and the two tables are
   compared row by row (ranks and figures of the top 1,000; the script stops
   if they differ). The queries of each operation are counted (django's
   CaptureQueriesContext), and the process's peak RSS is printed.

``--current-database`` builds into and times the database Django is
configured with instead (tests/test_bench_standings.py, in its test
database, at a small size). Only loopback PostgreSQL is ever contacted, and
only databases whose name starts with ``bench_standings`` are dropped.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "bench_standings"


def _database_url(pg: str, name: str) -> str:
    parts = urlsplit(pg)
    return urlunsplit(parts._replace(path="/" + name))


if __name__ == "__main__":
    # Settings read DATABASE_URL once, at set-up: point them at the bench database first.
    _early = argparse.ArgumentParser(add_help=False)
    _early.add_argument("--pg", default=DEFAULT_PG)
    _early.add_argument("--database", default=DEFAULT_DATABASE)
    _early.add_argument("--current-database", action="store_true")
    _known, _ = _early.parse_known_args()
    if not _known.current_database:
        os.environ["DATABASE_URL"] = _database_url(_known.pg, _known.database)
    os.environ.setdefault("DEBUG", "false")  # no query log kept on the side while timing
    os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from competitions.models import Answer, Attempt, AttemptQuestion, Competition, Round, Stage  # noqa: E402
from leaderboards import standings  # noqa: E402
from leaderboards.periods import Period  # noqa: E402
from questionbank import services as qb  # noqa: E402
from questionbank.models import Choice, Question  # noqa: E402
from quizsite.accounts import services as accounts  # noqa: E402
from quizsite.accounts.models import Affiliation, Membership, RoleAssignment, Team, Unit, User  # noqa: E402

TITLE = "Cuộc thi đo bảng xếp hạng (bench/standings.py)"
PROVINCE = "Tỉnh Đo Bảng Xếp Hạng"
YEAR_MONDAY = date(2024, 12, 30)  # Monday of ISO week 1 of 2025: the rounds are 2025's weeks
# 2025-W23, Monday 2 June: its month (June) and quarter (Q2) are timed too. Every fourth round from it
# allows two attempts, the timed week's included, so the week's ranking has to pick the best one.
TIMED_WEEK_INDEX = 22
TIME_LIMIT = 600
QUESTIONS_PER_ATTEMPT = 10
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quốc", "Thu", "Hoài", "Gia", "Bảo"]
GIVEN = [
    *("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh"),
    *("Long", "Mai", "Nam", "Ngân", "Nhung", "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thảo", "Thắng"),
    *("Trang", "Trí", "Tú", "Tuấn", "Vân", "Việt", "Yến", "Khoa", "Đạt", "Huy", "Loan", "My", "Nhi", "Oanh"),
]
OTHER_AFFILIATIONS = [a for a in Affiliation.values if a != Affiliation.YOUTH_UNION]


@dataclass(frozen=True)
class Size:
    members: int = 100_000
    teams: int = 15_000
    communes: int = 100
    hamlets_per_commune: int = 10
    weeks: int = 52
    attempts: int = 1_000_000
    youth_share: float = 0.3
    double_share: float = 0.015  # of a two-attempt round's players, the share who play twice
    questions: int = 120
    answers: bool = True  # questions shown and answers given, for the timed month
    seed: int = 1
    version: int = 2  # of the data's shape: a database built by another version is not reused

    @property
    def label(self) -> str:
        return " ".join(f"{k}={v}" for k, v in asdict(self).items())


# --- Loading --------------------------------------------------------------------


class Loader:
    """Rows with ids chosen here, written with COPY on PostgreSQL (executemany elsewhere)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.loaded: list[type[models.Model]] = []

    def next_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def insert(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
        fields = [model._meta.get_field(name) for name in names]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i])
                        copy.write_row(row)
                        count += 1
            else:
                sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
                batch: list[list] = []
                for row in rows:
                    batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)])
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        if model not in self.loaded:
            self.loaded.append(model)
        return count

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self.loaded):
                cursor.execute(sql)


def _step(out, what: str, started: float) -> None:
    out(f"  {what} ({time.monotonic() - started:.1f} s)")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _affiliation(rng: random.Random, youth_share: float) -> tuple[str, bool]:
    """Where a member comes from, and whether they are a Youth Union member (implied by coming from it)."""
    if rng.random() < youth_share:
        return Affiliation.YOUTH_UNION.value, True
    return rng.choice(OTHER_AFFILIATIONS), False


def _team_sizes(rng: random.Random, teams: int, members: int, limit: int) -> list[int]:
    """Sizes from 1 to ``limit`` (varied) summing to ``members``."""
    if members < teams or members > teams * limit:
        raise SystemExit(f"{members} members do not fit {teams} teams of 1 to {limit}")
    mean = members / teams
    sizes = [max(1, min(limit, round(rng.triangular(1, limit, mean)))) for _ in range(teams)]
    gap = members - sum(sizes)
    while gap:
        i = rng.randrange(teams)
        if gap > 0 and sizes[i] < limit:
            sizes[i] += 1
            gap -= 1
        elif gap < 0 and sizes[i] > 1:
            sizes[i] -= 1
            gap += 1
    return sizes


def _score_tables() -> list[list[float]]:
    """Cumulative binomial(10, p) for 19 skill levels: a score costs one random draw and a bisect."""
    from math import comb

    tables = []
    for level in range(19):
        p = 0.25 + level * 0.04  # 0.25 … 0.97
        pmf = [comb(10, k) * p**k * (1 - p) ** (10 - k) for k in range(11)]
        cdf, acc = [], 0.0
        for value in pmf:
            acc += value
            cdf.append(acc)
        cdf[-1] = 1.0
        tables.append(cdf)
    return tables


@dataclass
class Built:
    competition: Competition
    province: Unit
    commune: Unit  # the commune whose subtree is timed
    week: Period
    month: Period
    quarter: Period
    organiser: User


def find_built(size: Size) -> Built | None:
    competition = Competition.objects.filter(title=TITLE).select_related("unit").first()
    if competition is None:
        return None
    if competition.description != size.label:
        raise SystemExit(
            f"the database holds another size ({competition.description}); run with --rebuild or the same options"
        )
    return _built(competition, size)


def _built(competition: Competition, size: Size) -> Built:
    province = competition.unit
    commune = Unit.objects.filter(parent=province).order_by("pk").first()
    day = _timed_day(size)
    organiser = (
        RoleAssignment.objects.filter(unit=province, role=RoleAssignment.Role.ORGANISER).select_related("user").first()
    )
    return Built(
        competition=competition,
        province=province,
        commune=commune,
        week=Period.week_of(day),
        month=Period.month_of(day),
        quarter=Period.quarter_of(day),
        organiser=organiser.user,
    )


def build(size: Size, out: Callable[[str], None] = print) -> Built:
    """The synthetic province, its members and a year of weekly rounds with their attempts."""
    rng = random.Random(size.seed)
    loader = Loader()
    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        # Officers and the competition: a few rows, through the services.
        province = accounts.create_unit(name=PROVINCE, kind=Unit.Kind.PROVINCE)
        password = make_password(None)  # unusable: nobody signs in as a bench member
        organiser = User.objects.create(full_name="Cán bộ tổ chức đo tải", password=password)
        accounts.grant_role(user=organiser, role=RoleAssignment.Role.ORGANISER, unit=province)
        viewer = User.objects.create(full_name="Lãnh đạo theo dõi đo tải", password=password)
        accounts.grant_role(user=viewer, role=RoleAssignment.Role.VIEWER, unit=province)
        competition = Competition.objects.create(
            title=TITLE, description=size.label, unit=province, created_by=organiser
        )

        # Communes and hamlets.
        unit_id = loader.next_id(Unit)
        communes, hamlets, unit_rows = [], [], []
        for c in range(size.communes):
            cid, unit_id = unit_id, unit_id + 1
            cpath = f"{province.path}{cid}/"
            communes.append(cid)
            unit_rows.append((cid, f"Xã Đo Tải {c + 1}", Unit.Kind.COMMUNE.value, "", province.pk, cpath, 1))
            for h in range(size.hamlets_per_commune):
                hid, unit_id = unit_id, unit_id + 1
                hamlets.append(hid)
                unit_rows.append((hid, f"Ấp {h + 1}", Unit.Kind.HAMLET.value, "", cid, f"{cpath}{hid}/", 2))
        loader.insert(Unit, ["id", "name", "kind", "code", "parent", "path", "depth"], unit_rows)
        _step(out, f"{len(communes)} communes, {len(hamlets)} hamlets", started)

        # Teams, members and their memberships.
        team_id0 = loader.next_id(Team)
        team_ids = list(range(team_id0, team_id0 + size.teams))
        loader.insert(
            Team,
            ["id", "unit", "name", "invite_token", "created_at"],
            (
                (tid, hamlets[i % len(hamlets)], f"Tổ CNS số {i + 1}", secrets.token_urlsafe(16)[:22], now)
                for i, tid in enumerate(team_ids)
            ),
        )
        user_id0 = loader.next_id(User)
        user_ids = list(range(user_id0, user_id0 + size.members))
        joined = timezone.make_aware(datetime(2024, 11, 1, 8, 0))
        loader.insert(
            User,
            [
                *("id", "password", "is_superuser", "username", "first_name", "last_name", "email"),
                *("is_staff", "is_active", "date_joined", "phone", "full_name", "must_change_password"),
            ],
            (
                (uid, password, False, f"benchstd{uid}", "", "", "", False, True, joined)
                + (f"+8497{uid:07d}"[:12], _name(rng), False)
                for uid in user_ids
            ),
        )
        sizes = _team_sizes(rng, size.teams, size.members, settings.TEAM_SIZE_LIMIT)
        team_of: list[int] = []  # by member index
        role_of: list[str] = []  # the first member of a team leads it, the second is the deputy
        for tid, n in zip(team_ids, sizes, strict=True):
            team_of += [tid] * n
            role_of += [Membership.Role.LEADER.value, Membership.Role.DEPUTY.value][:n]
            role_of += [Membership.Role.MEMBER.value] * (n - 2)
        membership_id0 = loader.next_id(Membership)
        loader.insert(
            Membership,
            ["id", "team", "user", "role", "affiliation", "is_youth_union", "joined_at"],
            (
                (membership_id0 + i, team_of[i], uid, role_of[i], *_affiliation(rng, size.youth_share), joined)
                for i, uid in enumerate(user_ids)
            ),
        )
        _step(out, f"{size.teams} teams, {size.members} members", started)
        # Some members are also officers of their commune: an award list may exclude them.
        for uid in user_ids[:: max(1, size.members // 20)]:
            unit = Team.objects.only("unit_id").get(pk=team_of[uid - user_id0]).unit_id
            RoleAssignment.objects.create(
                user_id=uid, role=RoleAssignment.Role.ORGANISER, unit_id=Unit.objects.get(pk=unit).parent_id
            )

        # The question bank the timed month's attempts show.
        bank = _question_bank(size, organiser, viewer, province) if size.answers else []

        # A stage and a round per week.
        rounds: list[Round] = []
        for w in range(size.weeks):
            period = Period.week_of(YEAR_MONDAY + timedelta(weeks=w))
            stage = Stage.objects.create(
                competition=competition,
                kind=Stage.Kind.WEEKLY,
                title=f"Tuần {w + 1}",
                position=w + 1,
                starts_on=period.first,
                ends_on=period.last,
            )
            rounds.append(
                Round.objects.create(
                    stage=stage,
                    title=f"Vòng thi tuần {w + 1}",
                    opens_at=period.start,
                    closes_at=period.end,
                    time_limit_seconds=TIME_LIMIT,
                    attempts_allowed=2 if w % 4 == TIMED_WEEK_INDEX % 4 else 1,
                    prediction_enabled=True,
                    published_at=period.start - timedelta(days=3),
                    results_taken_at=period.end + timedelta(minutes=5),
                )
            )
        _step(out, f"{size.weeks} weekly stages and rounds", started)

        # Attempts: each member plays a week with their own propensity, and scores with their own skill.
        double_rounds = sum(1 for r in rounds if r.attempts_allowed > 1)
        mean = size.attempts / (size.members * (size.weeks + double_rounds * size.double_share))
        propensity = [rng.betavariate(0.6, 0.6 / mean - 0.6) for _ in user_ids]
        skill = [rng.randrange(19) for _ in user_ids]
        tables = _score_tables()
        month = Period.month_of(_timed_day(size))
        attempt_id = loader.next_id(Attempt)
        total = 0
        for r in rounds:
            rows, actual = _round_attempts(r, rng, user_ids, team_of, propensity, skill, tables, size, attempt_id)
            attempt_id += len(rows)
            total += loader.insert(
                Attempt,
                [
                    *("id", "round", "user", "team", "number", "started_at", "deadline", "submitted_at"),
                    *("finished_reason", "score", "correct_all", "prediction", "duration", "device_id", "user_agent"),
                ],
                rows,
            )
            Round.objects.filter(pk=r.pk).update(prediction_actual=actual)
            if bank and r.opens_at < month.end and r.closes_at > month.start:
                # The month's attempts as the monthly report counts them: ended in it, local time.
                _answers(loader, rng, [row for row in rows if month.start <= row[7] < month.end], bank)
        _step(out, f"{total} attempts", started)
        loader.reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _step(out, "ANALYZE", started)
    return _built(competition, size)


def _timed_day(size: Size) -> date:
    """The Monday of the timed week: its month and quarter are timed too."""
    return YEAR_MONDAY + timedelta(weeks=min(TIMED_WEEK_INDEX, size.weeks - 1))


def _round_attempts(r, rng, user_ids, team_of, propensity, skill, tables, size, attempt_id):
    """The finished attempts of round ``r`` and its actual number of people with every answer right."""
    # Two attempts, each of at most the time limit and a pause of less than that, fit before the close.
    window = (r.closes_at - r.opens_at).total_seconds() - 3 * TIME_LIMIT
    rows = []
    guess_base = int(size.members * 0.01) + 5
    deadline, submitted = Attempt.FinishedReason.DEADLINE.value, Attempt.FinishedReason.SUBMITTED.value
    for i, uid in enumerate(user_ids):
        if rng.random() >= propensity[i]:
            continue
        plays = 2 if r.attempts_allowed > 1 and rng.random() < size.double_share else 1
        start = r.opens_at + timedelta(seconds=rng.random() * window)
        prediction = max(0, int(rng.gauss(guess_base, guess_base / 2))) if rng.random() < 0.7 else None
        for number in range(1, plays + 1):
            cdf = tables[min(18, max(0, skill[i] + rng.randrange(-2, 3)))]
            score = bisect.bisect_left(cdf, rng.random())
            duration = timedelta(milliseconds=rng.randrange(30_000, TIME_LIMIT * 1000 + 1))
            if rng.random() < 0.03:
                duration = timedelta(seconds=TIME_LIMIT)
            ended = start + duration
            rows.append(
                (
                    attempt_id,
                    r.pk,
                    uid,
                    team_of[i],
                    number,
                    start,
                    start + timedelta(seconds=TIME_LIMIT),
                    ended,
                    (deadline if duration.total_seconds() >= TIME_LIMIT else submitted),
                    score,
                    score == QUESTIONS_PER_ATTEMPT,
                    prediction,
                    duration,
                    "",
                    "",
                )
            )
            attempt_id += 1
            start = ended + timedelta(seconds=rng.randrange(5, 600))
    actual = sum(1 for row in rows if row[10])
    return rows, actual


def _question_bank(size: Size, author: User, reviewer: User, province: Unit) -> list[tuple[int, float, list[int], int]]:
    """Approved questions over every root topic and two sub-topics each: (id, ease, choice keys, right key)."""
    roots = qb.ensure_root_topics()
    topics = list(roots)
    for root in roots:
        for n in (1, 2):
            name = f"Chủ đề con đo tải {n}"
            topics.append(root.children.filter(name=name).first() or qb.create_subtopic(parent=root, name=name))
    items = [
        qb.QuestionData(
            topic=topics[i % len(topics)],
            kind=Question.Kind.SINGLE,
            text=f"Câu hỏi đo bảng xếp hạng số {i + 1}: ứng dụng nào dùng để thanh toán không dùng tiền mặt?",
            choices=[
                qb.ChoiceData("Ứng dụng ngân hàng số", True),
                qb.ChoiceData("Tin nhắn lạ", False),
                qb.ChoiceData("Đường link không rõ nguồn", False),
                qb.ChoiceData(f"Phương án khác {i + 1}", False),
            ],
        )
        for i in range(size.questions)
    ]
    made = qb.create_questions_bulk(author=author, unit=province, items=items, submit=True)
    ids = [q.pk for q in made]
    Question.objects.filter(pk__in=ids).update(
        status=Question.Status.APPROVED, reviewer=reviewer, reviewed_at=timezone.now()
    )
    keys: dict[int, list[int]] = {}
    right: dict[int, int] = {}
    for question_id, key, correct in Choice.objects.filter(question_id__in=ids).values_list(
        "question_id", "key", "is_correct"
    ):
        keys.setdefault(question_id, []).append(key)
        if correct:
            right[question_id] = key
    rng = random.Random(size.seed + 1)
    # Topics differ in how easy they are, so the report's weakest topics are not a coin toss.
    ease = {t.pk: 0.5 + rng.random() for t in topics}
    topic_of = dict(Question.objects.filter(pk__in=ids).values_list("pk", "topic_id"))
    return [(q, ease[topic_of[q]], keys[q], right[q]) for q in ids]


def _answers(loader: Loader, rng: random.Random, attempts: list[tuple], bank) -> None:
    """Ten questions shown per attempt and an answer to each, right as often as the attempt's score says."""
    shown, given = [], []
    aq_id = loader.next_id(AttemptQuestion)
    answer_id = loader.next_id(Answer)
    for row in attempts:
        attempt_id, started, score = row[0], row[5], row[9]
        drawn = rng.sample(bank, QUESTIONS_PER_ATTEMPT)
        by_ease = sorted(range(QUESTIONS_PER_ATTEMPT), key=lambda k: -drawn[k][1] * rng.random())
        right_ones = set(by_ease[:score])
        for position, (question_id, _ease, keys, right) in enumerate(drawn):
            order = rng.sample(keys, len(keys))
            shown.append((aq_id, attempt_id, question_id, position, order))
            aq_id += 1
            at = started + timedelta(seconds=10 * (position + 1))
            choice = right if position in right_ones else next(k for k in order if k != right)
            given.append((answer_id, attempt_id, question_id, [choice], at, at, position in right_ones))
            answer_id += 1
    loader.insert(AttemptQuestion, ["id", "attempt", "question", "position", "choice_order"], shown)
    loader.insert(Answer, ["id", "attempt", "question", "choices", "answered_at", "updated_at", "correct"], given)


# --- The raw SQL baselines ----------------------------------------------------------

# The period's rounds and each person's best attempt in each (score, prediction closeness, time, first to
# submit), for teams of the unit's subtree: the part every standing shares.
RAW_BEST = """
WITH rounds AS (
    SELECT r.id, r.prediction_actual
    FROM competitions_round r JOIN competitions_stage s ON s.id = r.stage_id
    WHERE s.competition_id = %(competition)s AND r.published_at IS NOT NULL AND r.mode = 'self_paced'
      AND r.opens_at >= %(start)s AND r.opens_at < %(end)s
),
best AS (
    SELECT DISTINCT ON (a.round_id, a.user_id)
           a.user_id, a.team_id, COALESCE(a.score, 0) AS score, a.duration, a.submitted_at,
           CASE WHEN r.prediction_actual IS NULL THEN 0
                WHEN a.prediction IS NULL THEN 1000000000000
                ELSE abs(a.prediction::bigint - r.prediction_actual) END AS gap
    FROM competitions_attempt a
    JOIN rounds r ON r.id = a.round_id
    JOIN accounts_team t ON t.id = a.team_id
    JOIN accounts_unit u ON u.id = t.unit_id
    WHERE a.submitted_at IS NOT NULL AND u.path LIKE %(path)s
    ORDER BY a.round_id, a.user_id, COALESCE(a.score, 0) DESC,
             (r.prediction_actual IS NOT NULL AND a.prediction IS NULL),
             COALESCE(abs(a.prediction::bigint - r.prediction_actual), 0), a.duration, a.submitted_at
)"""

# People: the sum of their best attempts; ties by (over one round) prediction closeness, total time, last submission.
RAW_PEOPLE = (
    RAW_BEST
    + """,
totals AS (
    SELECT user_id, SUM(score) AS total, COUNT(*) AS rounds, SUM(duration) AS time, MAX(submitted_at) AS last,
           MIN(gap) AS gap, (array_agg(team_id ORDER BY submitted_at DESC))[1] AS team_id
    FROM best GROUP BY user_id
)
SELECT RANK() OVER (ORDER BY o.total DESC,
                    CASE WHEN (SELECT count(*) FROM rounds) = 1 THEN o.gap END, o.time, o.last) AS rank,
       o.user_id, p.full_name, p.phone, o.team_id, t.name, u.id, u.name, o.total, o.rounds,
       EXTRACT(EPOCH FROM o.time)::bigint, o.last
FROM totals o
JOIN accounts_user p ON p.id = o.user_id
LEFT JOIN accounts_team t ON t.id = o.team_id
LEFT JOIN accounts_unit u ON u.id = t.unit_id
ORDER BY rank, o.user_id
"""
)

# Teams of the subtree (those that did not play too): members' best attempts summed; ties by participation, time.
RAW_TEAM_TOTALS = (
    RAW_BEST
    + """,
played AS (
    SELECT team_id, SUM(score) AS total, COUNT(DISTINCT user_id) AS played,
           EXTRACT(EPOCH FROM SUM(duration)) AS seconds
    FROM best GROUP BY team_id
),
sizes AS (SELECT team_id, COUNT(*) AS size FROM accounts_membership GROUP BY team_id),
teams AS (
    SELECT t.id, t.name, u.id AS unit_id, u.name AS unit_name, u.path,
           COALESCE(p.total, 0) AS total, COALESCE(p.played, 0) AS played, COALESCE(s.size, 0) AS size,
           COALESCE(p.seconds, 0) AS seconds
    FROM accounts_team t
    JOIN accounts_unit u ON u.id = t.unit_id
    LEFT JOIN played p ON p.team_id = t.id
    LEFT JOIN sizes s ON s.team_id = t.id
    WHERE u.path LIKE %(path)s
)"""
)
RAW_TEAMS = (
    RAW_TEAM_TOTALS
    + """
SELECT RANK() OVER (ORDER BY total DESC, played::float / GREATEST(size, 1) DESC, round(seconds, 3)) AS rank,
       id, name, unit_id, unit_name, total, played, size
FROM teams
ORDER BY rank, lower(name)
"""
)

# Units (the scope's children): participation, then the average per member who played.
RAW_UNITS = (
    RAW_TEAM_TOTALS
    + """,
sums AS (
    SELECT c.id, c.name, c.kind, COUNT(t.id) AS teams, COUNT(t.id) FILTER (WHERE t.played > 0) AS teams_played,
           COALESCE(SUM(t.size), 0) AS members, COALESCE(SUM(t.played), 0) AS played,
           COALESCE(SUM(t.total), 0) AS total
    FROM accounts_unit c
    LEFT JOIN teams t ON t.path LIKE c.path || '%%'
    WHERE c.parent_id = %(unit)s
    GROUP BY c.id, c.name, c.kind
)
SELECT RANK() OVER (ORDER BY played::float / GREATEST(members, 1) DESC,
                    total::float / GREATEST(played, 1) DESC) AS rank,
       id, name, kind, teams, teams_played, members, played, total
FROM sums
ORDER BY rank, lower(name)
"""
)


def _raw(sql: str, competition: Competition, period: Period, unit: Unit | None) -> list[tuple]:
    unit = unit or competition.unit
    params = {
        "competition": competition.pk,
        "start": period.start,
        "end": period.end,
        "path": unit.path + "%",
        "unit": unit.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def raw_people(competition: Competition, period: Period, unit: Unit | None = None) -> list[tuple]:
    """The period's people ranking in one hand-written query (PostgreSQL; calendar periods)."""
    return _raw(RAW_PEOPLE, competition, period, unit)


def raw_teams(competition: Competition, period: Period, unit: Unit | None = None) -> list[tuple]:
    return _raw(RAW_TEAMS, competition, period, unit)


def raw_units(competition: Competition, period: Period, unit: Unit | None = None) -> list[tuple]:
    return _raw(RAW_UNITS, competition, period, unit)


# What a row of each table must agree on: (engine attribute, raw SQL column), the key first.
COMPARED = {
    raw_people: [("user_id", 1), ("rank", 0), ("total", 8)],
    raw_teams: [("team_id", 1), ("rank", 0), ("total", 5), ("played", 6), ("size", 7)],
    raw_units: [("unit_id", 1), ("rank", 0), ("members", 6), ("played", 7), ("total", 8)],
}


def check_same_ranking(engine_rows: Sequence, raw_rows: Sequence[tuple], raw=raw_people, top: int = 1000) -> str:
    """The engine's first ``top`` rows agree with the raw SQL's (rank and figures); an AssertionError says where not."""
    assert len(engine_rows) == len(raw_rows), f"engine {len(engine_rows)} rows, raw SQL {len(raw_rows)}"
    (key, key_at), *fields = COMPARED[raw]
    theirs = {row[key_at]: row for row in raw_rows}
    for row in engine_rows[:top]:
        other = theirs.get(getattr(row, key))
        assert other is not None, f"{key} {getattr(row, key)} in the engine's table, not in the raw SQL's"
        mine = tuple(getattr(row, name) for name, _ in fields)
        raw_values = tuple(other[at] for _, at in fields)
        assert mine == raw_values, f"{key} {getattr(row, key)}: engine {mine}, raw SQL {raw_values}"
    assert [r.rank for r in engine_rows[:top]] == [r[0] for r in raw_rows[:top]]
    return f"top {min(top, len(engine_rows))} of {len(engine_rows)} = raw SQL"


# --- Timing ------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    best_ms: float | None = None
    median_ms: float | None = None
    runs: int = 0
    queries: int | None = None
    rows: int | None = None
    note: str = ""


@dataclass
class Operation:
    name: str
    engine: Callable[[], object]
    raw: Callable[[], list[tuple]] | None = None  # the same table by hand-written SQL
    raw_kind: Callable | None = None  # raw_people, raw_teams or raw_units: what to compare


def _count(result) -> int | None:
    if result is None:
        return None
    if hasattr(result, "rows"):
        return len(result.rows)
    try:
        return len(result)
    except TypeError:
        return None


def measure(name: str, operation: Callable[[], object], repeat: int, warmup: bool = True) -> tuple[Timing, object]:
    """A first run whose queries are counted (the warm-up, left out), then ``repeat`` timed runs.

    Without ``warmup`` the first run is the first of the ``repeat`` (tests: one pass, nothing timed twice).
    """
    timing = Timing(name)
    try:
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = operation()
        first = time.perf_counter() - began
    except NotImplementedError:
        timing.note = "not implemented yet"
        return timing, None
    timing.queries, timing.rows = len(queries), _count(result)
    seconds = [] if warmup else [first]
    while len(seconds) < repeat:
        began = time.perf_counter()
        result = operation()
        seconds.append(time.perf_counter() - began)
    timing.best_ms = min(seconds) * 1000
    timing.median_ms = statistics.median(seconds) * 1000
    timing.runs = len(seconds)
    return timing, result


def operations(built: Built) -> list[Operation]:
    c, week, month, quarter, commune = built.competition, built.week, built.month, built.quarter, built.commune
    people, teams, units = standings.people, standings.teams, standings.units
    return [
        Operation(f"people, week {week.slug}", lambda: people(c, week), lambda: raw_people(c, week), raw_people),
        Operation(f"people, month {month.slug}", lambda: people(c, month), lambda: raw_people(c, month), raw_people),
        Operation(
            f"people, quarter {quarter.slug}", lambda: people(c, quarter), lambda: raw_people(c, quarter), raw_people
        ),
        Operation(
            f"teams, quarter {quarter.slug}", lambda: teams(c, quarter), lambda: raw_teams(c, quarter), raw_teams
        ),
        Operation(
            f"people, one commune, week {week.slug}",
            lambda: people(c, week, commune),
            lambda: raw_people(c, week, commune),
            raw_people,
        ),
        Operation(
            f"people, one commune, month {month.slug}",
            lambda: people(c, month, commune),
            lambda: raw_people(c, month, commune),
            raw_people,
        ),
        Operation(f"communes, month {month.slug}", lambda: units(c, month), lambda: raw_units(c, month), raw_units),
    ]


def optional_operations(built: Built) -> tuple[list[Operation], list[str]]:
    """Drafting an award list and the monthly report, when their modules exist (other helpers' work)."""
    ops, notes = [], []
    try:
        from leaderboards.awards import drafting, services
        from leaderboards.awards.models import AwardingBody, AwardList
    except ImportError:
        notes.append("award list: leaderboards.awards does not exist yet, skipped")
    else:
        month = built.month
        body = AwardingBody.objects.filter(unit=built.province).first() or services.create_body(
            actor=built.organiser, name="Tỉnh Đoàn đo tải", kind=AwardingBody.Kind.YOUTH_UNION, unit=built.province
        )
        award_list = AwardList.objects.filter(competition=built.competition, period_slug=month.slug).first()
        if award_list is None:
            tiers = [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Khuyến khích", 10)]
            data = services.ListData(
                body=body,
                period=month,
                period_label=month.label,
                ranked=AwardList.Ranked.PEOPLE,
                tiers=[{"name": name, "count": count} for name, count in tiers],
                youth_union_only=True,
                exclude_officers=True,
                one_prize_per_team=True,
                skip_earlier_winners=True,
            )
            award_list = services.create_list(actor=built.organiser, competition=built.competition, data=data)
        ops.append(
            Operation(f"award list draft, people, month {month.slug} (all rules)", lambda: drafting.draft(award_list))
        )
    try:
        from leaderboards.reports.monthly import monthly_report
    except ImportError:
        notes.append("monthly report: leaderboards.reports.monthly does not exist yet, skipped")
    else:
        month = built.month
        ops.append(Operation(f"monthly report, province, {month.slug}", lambda: monthly_report(built.province, month)))
        ops.append(
            Operation(f"monthly report, one commune, {month.slug}", lambda: monthly_report(built.commune, month))
        )
    return ops, notes


def run_timings(
    built: Built,
    repeat: int = 3,
    warmup: bool = True,
    out: Callable[[str], None] = print,
    only: Sequence[str] = (),
) -> dict:
    """Each operation, then its raw SQL; the tables compared; the figures as dicts.

    ``only``: the operations whose name contains one of these words (all when empty).
    """
    rows = []
    ops, notes = optional_operations(built)
    postgres = connection.vendor == "postgresql"
    for op in [*operations(built), *ops]:
        if only and not any(word in op.name for word in only):
            continue
        engine, result = measure(op.name, op.engine, repeat, warmup)
        row = {"name": op.name, "engine": asdict(engine), "raw": None, "ratio": None, "check": ""}
        if postgres and op.raw is not None:
            raw, raw_rows = measure(op.name, op.raw, repeat, warmup)
            row["raw"] = asdict(raw)
            if result is not None:
                row["ratio"] = engine.best_ms / raw.best_ms
                row["check"] = check_same_ranking(result.rows, raw_rows, op.raw_kind)
        rows.append(row)
        out(_line(row))
    for note in notes:
        out(f"note: {note}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out(f"peak RSS of this process: {peak:.0f} MiB")
    return {"results": rows, "notes": notes, "peak_rss_mib": round(peak)}


def _line(row: dict) -> str:
    engine, raw = row["engine"], row["raw"]
    if engine["best_ms"] is None:
        return f"{row['name']:<40} {engine['note']}"
    text = (
        f"{row['name']:<40} best {engine['best_ms']:>7.1f} ms  median {engine['median_ms']:>7.1f} ms  "
        f"queries {engine['queries']:>2}  rows {engine['rows']:>6}"
    )
    if raw:
        text += f"  | raw SQL best {raw['best_ms']:>6.1f} ms, engine ÷ raw {row['ratio']:.2f}; {row['check']}"
    return text


def markdown(report: dict) -> str:
    lines = [
        "| operation | rows | queries | best ms | median ms | raw SQL best ms | ÷ raw SQL | ≤ 1 s | ≤ 2× raw |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in report["results"]:
        engine, raw = row["engine"], row["raw"]
        if engine["best_ms"] is None:
            lines.append(f"| {row['name']} | | | — | — | | | {engine['note']} | |")
            continue
        raw_ms = f"{raw['best_ms']:.1f}" if raw else "—"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
        fast = "met" if engine["best_ms"] <= 1000 else "**not met**"
        near = "" if row["ratio"] is None else ("met" if row["ratio"] <= 2 else "**not met**")
        lines.append(
            f"| {row['name']} | {engine['rows']} | {engine['queries']} | {engine['best_ms']:.1f} "
            f"| {engine['median_ms']:.1f} | {raw_ms} | {ratio} | {fast} | {near} |"
        )
    return "\n".join(lines)


# --- The bench database --------------------------------------------------------------


def assert_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing a database that is not on loopback: {host}")


def prepare_database(pg: str, name: str, rebuild: bool, out: Callable[[str], None] = print) -> None:
    """Create (or, with ``rebuild``, drop and recreate) the bench database, then migrate it."""
    import psycopg

    if not name.startswith(DEFAULT_DATABASE):
        raise SystemExit(f"the bench database must be named {DEFAULT_DATABASE}*: {name}")
    assert_loopback(pg)
    with psycopg.connect(pg, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            out(f"dropping {name}")
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            out(f"creating {name}")
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)


def machine() -> dict[str, str]:
    def first(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "unknown"

    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown"
    )
    postgres = "n/a"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
    free = first(["free", "-g"]).splitlines()
    return {
        "nproc": first(["nproc"]),
        "cpu": cpu,
        "memory_gib": free[1].split()[1] if len(free) > 1 else "unknown",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "load_before": first(["uptime"]),
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    defaults = Size()
    p.add_argument("--members", type=int, default=defaults.members)
    p.add_argument("--teams", type=int, default=None, help="default: members × 0.15")
    p.add_argument("--communes", type=int, default=None, help="default: teams ÷ 150, at least 2")
    p.add_argument("--hamlets-per-commune", type=int, default=defaults.hamlets_per_commune)
    p.add_argument("--weeks", type=int, default=defaults.weeks)
    p.add_argument("--attempts", type=int, default=None, help="default: members × weeks × 10 ÷ 52 (a 1 in 5 week)")
    p.add_argument("--without-answers", action="store_true", help="no questions shown nor answers (the report's)")
    p.add_argument(
        "--double-share",
        type=float,
        default=defaults.double_share,
        help="share of a two-attempt round's players who play twice",
    )
    p.add_argument("--seed", type=int, default=defaults.seed)
    p.add_argument("--repeat", type=int, default=3, help="timed runs of each operation, after one warm-up")
    p.add_argument("--no-warmup", action="store_true", help="time the counted first run too (tests)")
    p.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    p.add_argument("--build-only", action="store_true")
    p.add_argument("--pg", default=DEFAULT_PG, help="admin URL (loopback)")
    p.add_argument("--database", default=DEFAULT_DATABASE, help=f"the bench database ({DEFAULT_DATABASE}*)")
    p.add_argument("--current-database", action="store_true", help="Django's configured database, as it is")
    p.add_argument("--json", type=Path, default=None, help="write the figures there too")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORDS",
        help="time only the operations whose name contains WORDS (repeatable), e.g. --only 'monthly report'",
    )
    return p


def size_of(args: argparse.Namespace) -> Size:
    teams = args.teams or max(1, round(args.members * 0.15))
    communes = args.communes or max(2, round(teams / 150))
    return Size(
        members=args.members,
        teams=teams,
        communes=communes,
        hamlets_per_commune=args.hamlets_per_commune,
        weeks=args.weeks,
        attempts=args.attempts or args.members * args.weeks * 10 // 52,
        answers=not args.without_answers,
        double_share=args.double_share,
        seed=args.seed,
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    size = size_of(args)
    if not args.current_database:
        prepare_database(args.pg, args.database, args.rebuild)
    about = machine()
    print(
        f"machine: {about['nproc']} cores ({about['cpu']}), {about['memory_gib']} GiB, PostgreSQL {about['postgresql']}"
    )
    print(f"load: {about['load_before']}")
    built = find_built(size)
    if built is None:
        print(f"building: {size.label}")
        began = time.monotonic()
        built = build(size)
        print(f"built in {time.monotonic() - began:.0f} s")
    else:
        print(f"reusing the built database ({size.label})")
    counts = {
        "teams": Team.objects.filter(unit__path__startswith=built.province.path).count(),
        "members": Membership.objects.filter(team__unit__path__startswith=built.province.path).count(),
        "attempts": Attempt.objects.filter(round__stage__competition=built.competition).count(),
        "answers": Answer.objects.filter(attempt__round__stage__competition=built.competition).count(),
    }
    print("data: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if args.build_only:
        return 0
    report = run_timings(built, repeat=args.repeat, warmup=not args.no_warmup, only=args.only)
    print()
    print(markdown(report))
    if args.json:
        report.update(machine=about, size=asdict(size), counts=counts, command=" ".join(sys.argv))
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
