"""The monthly participation report of a unit subtree, computed on demand by aggregate queries.

Officers must report participation by unit every month before the 20th.
Nothing here is stored or prepared by a job: the report of any month is
read from the attempts when it is asked for, so it is ready the moment the
month ends and can never be late. It costs the same six queries whatever
the size of the subtree (every figure is a GROUP BY over the subtree's unit
paths, folded into the child units in Python).

What it counts (``HOW`` says the same on the page and in the Excel file):

- Scope: the unit and everything under it, across every competition. The
  report is about the unit's teams, whoever organises the rounds they play.
- Teams and members: the subtree's teams that existed at the end of the
  month, and their members who had joined by then. Memberships keep no
  history: someone who left counts nowhere, someone who moved counts where
  they are now.
- Played: members with at least one finished attempt (submitted, or ended by
  its deadline) of a self-paced round, ending within the month in local time
  (Asia/Ho_Chi_Minh): an attempt finished at 23:59 on 31 October is
  October's. Live rounds are events of a few teams and are not counted.
- Participation rate: played / members.
- Average: right answers / questions asked, over all those attempts, as a
  percentage: comparable across rounds of different lengths, and the same
  quantity as the topics' facility below.
- Trend: the same figures for the previous month, and the last six months.
- Weakest topics: the facility of ``questionbank.stats`` (right / seen, over
  finished attempts of rounds that have closed; unanswered is wrong), per
  root topic (the six fixed areas the training plans follow), over the
  month's attempts of the subtree's members; only topics with at least
  ``MIN_TOPIC_ANSWERS`` answers, lowest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Answer, Attempt, AttemptQuestion
from leaderboards.periods import Period
from questionbank.models import Topic
from quizsite.accounts.models import Membership, Team, Unit, path_ids

from .numbers import percent, signed

HISTORY_MONTHS = 6
MIN_TOPIC_ANSWERS = 20

HOW = _(
    "Tính trên toàn bộ đơn vị và các đơn vị trực thuộc, mọi cuộc thi. Thành viên: người đang ở các tổ của đơn vị "
    "và đã vào tổ trước cuối tháng. Đã thi: thành viên có ít nhất một lượt thi tự làm bài kết thúc trong tháng "
    "(giờ Việt Nam). Tỷ lệ tham gia = đã thi / thành viên. Điểm trung bình = số câu đúng / số câu được hỏi "
    "trong mọi lượt thi đó. Chủ đề yếu: tỷ lệ trả lời đúng theo chủ đề gốc, chỉ tính các vòng thi đã đóng "
    "và chủ đề có từ %(min)d câu trả lời trở lên."
)


def how() -> str:
    return HOW % {"min": MIN_TOPIC_ANSWERS}


@dataclass(frozen=True)
class Figures:
    teams: int = 0
    members: int = 0
    played: int = 0
    right: int = 0  # right answers (the attempts' scores)
    asked: int = 0  # questions the attempts showed

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.teams + other.teams,
            self.members + other.members,
            self.played + other.played,
            self.right + other.right,
            self.asked + other.asked,
        )

    @property
    def rate(self) -> float | None:
        """Participation in percent, one decimal (as shown); None without members."""
        return round(100 * self.played / self.members, 1) if self.members else None

    @property
    def average(self) -> float | None:
        """Right answers in percent, one decimal; None when nobody played."""
        return round(100 * self.right / self.asked, 1) if self.asked else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def average_text(self) -> str:
        return percent(self.average)


@dataclass(frozen=True)
class Change:
    """From last month to this one; the difference of the figures as shown, so a reader's subtraction agrees."""

    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    @property
    def arrow(self) -> str:
        delta = self.delta
        if delta is None:
            return ""
        return "▲" if delta > 0 else "▼" if delta < 0 else "="

    @property
    def delta_text(self) -> str:
        """“+12,5”: the change in percentage points."""
        return signed(self.delta)

    @property
    def before_text(self) -> str:
        return percent(self.before)

    @property
    def after_text(self) -> str:
        return percent(self.after)

    @property
    def direction(self) -> str:
        """A CSS class: up, down, same or none."""
        return {"▲": "up", "▼": "down", "=": "same"}.get(self.arrow, "none")


@dataclass(frozen=True)
class UnitRow:
    """A unit's figures this month and last; ``own`` is the row of the teams attached to the unit itself."""

    unit: Unit
    now: Figures
    before: Figures
    own: bool = False

    @property
    def rate_change(self) -> Change:
        return Change(self.before.rate, self.now.rate)

    @property
    def average_change(self) -> Change:
        return Change(self.before.average, self.now.average)


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    seen: int
    right: int

    @property
    def label(self) -> str:
        return self.topic.label

    @property
    def facility(self) -> float:
        return round(100 * self.right / self.seen, 1)

    @property
    def facility_text(self) -> str:
        return percent(self.facility)


@dataclass(frozen=True)
class MonthlyReport:
    unit: Unit
    period: Period
    total: UnitRow
    rows: list[UnitRow]
    history: list[tuple[Period, Figures]]  # oldest first, ending with ``period``
    topics: list[TopicRow]  # weakest first, only those with enough answers
    topics_too_few: list[TopicRow] = field(default_factory=list)  # answered, but under the threshold

    @property
    def previous(self) -> Period:
        return self.period.previous()


def months_ending(period: Period, count: int = HISTORY_MONTHS) -> list[Period]:
    months = [period]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months


def natural_key(name: str) -> list:
    """“Ấp 2” before “Ấp 10”."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


# --- The queries: each a GROUP BY unit path, one column per month -----------------


def _per_path(queryset: QuerySet, path: str, **columns) -> dict[str, dict]:
    return {row.pop("at"): row for row in queryset.values(at=F(path)).annotate(**columns).order_by()}


def _teams(root: Unit, months: list[Period]) -> dict[str, dict]:
    columns = {f"m{i}": Count("pk", filter=Q(created_at__lt=m.end)) for i, m in enumerate(months)}
    return _per_path(Team.objects.filter(unit__path__startswith=root.path), "unit__path", **columns)


def _in_month(month: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}submitted_at__gte": month.start, f"{prefix}submitted_at__lt": month.end})


def _members_and_play(root: Unit, months: list[Period]) -> dict[str, dict]:
    """Per unit path and month: members, and those of them who played, their right answers and questions asked.

    A month counts the attempts that ended in it by people who were members
    by its end. Each person's attempts and questions are first summed per
    month (one row per person), then joined to their membership (one per
    person: a unique constraint) and summed per unit path: at a national
    contest's size the province's six months are ~500,000 attempts and ten
    times as many questions, and joining each of them to the user, the
    membership and the unit, then counting distinct people per path, took
    seconds (docs/BENCHMARKS.md, "Standings at national-contest size").

    The people, their attempts and their questions are the ORM's querysets;
    only the statement that joins and sums them is written by hand: the ORM
    cannot select from a subquery (a GROUP BY of GROUP BYs).
    """
    members = Membership.objects.filter(team__unit__path__startswith=root.path)
    people = members.values(
        at=F("team__unit__path"),
        person=F("user_id"),
        # 1 if a member by the end of month i: the outer sums multiply by it.
        **{f"member{i}": Case(When(joined_at__lt=m.end, then=1), default=0) for i, m in enumerate(months)},
    ).order_by()
    window = {"submitted_at__gte": months[0].start, "submitted_at__lt": months[-1].end}
    in_subtree = members.values("user_id")
    attempts = (
        Attempt.objects.filter(**window, user_id__in=in_subtree)
        .values(person=F("user_id"))
        .annotate(
            **{f"attempts{i}": Count("pk", filter=_in_month(m)) for i, m in enumerate(months)},
            **{f"right{i}": Sum("score", filter=_in_month(m)) for i, m in enumerate(months)},
        )
        .order_by()
    )
    # Questions shown are counted where they are stored: an attempt keeps no count of its own, and a round's
    # blueprint is no exact source (an item the bank cannot fill gives fewer questions).
    asked = (
        AttemptQuestion.objects.filter(
            **{f"attempt__{k}": v for k, v in window.items()}, attempt__user_id__in=in_subtree
        )
        .values(person=F("attempt__user_id"))
        .annotate(**{f"asked{i}": Count("pk", filter=_in_month(m, "attempt__")) for i, m in enumerate(months)})
        .order_by()
    )
    people_sql, people_params = people.query.sql_with_params()
    attempts_sql, attempts_params = attempts.query.sql_with_params()
    asked_sql, asked_params = asked.query.sql_with_params()
    columns = ", ".join(
        f"SUM(m.member{i}) AS members{i}, "
        f"SUM(CASE WHEN a.attempts{i} > 0 THEN m.member{i} ELSE 0 END) AS played{i}, "
        f"SUM(m.member{i} * a.right{i}) AS right{i}, "
        f"SUM(m.member{i} * q.asked{i}) AS asked{i}"
        for i in range(len(months))
    )
    sql = f"""
        SELECT m.at, {columns}
        FROM ({people_sql}) m
        LEFT JOIN ({attempts_sql}) a ON a.person = m.person
        LEFT JOIN ({asked_sql}) q ON q.person = m.person
        GROUP BY m.at
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*people_params, *attempts_params, *asked_params))
        names = [column[0] for column in cursor.description[1:]]
        # A sum over nobody is NULL; PostgreSQL sums bigints as numeric (Decimal).
        return {at: {name: int(value or 0) for name, value in zip(names, sums, strict=True)} for at, *sums in cursor}


def _topics(root: Unit, period: Period, now: datetime) -> tuple[list[TopicRow], list[TopicRow]]:
    """Facility per root topic (questionbank.stats' definition), enough answers first, weakest first."""
    counted = Attempt.objects.filter(
        _in_month(period),
        # As the item statistics: nothing from a round still open.
        round__closes_at__lte=now,
        user_id__in=Membership.objects.filter(team__unit__path__startswith=root.path, joined_at__lt=period.end).values(
            "user_id"
        ),
    )
    seen = dict(
        AttemptQuestion.objects.filter(attempt__in=counted)
        .values_list("question__topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    right = dict(
        Answer.objects.filter(attempt__in=counted, correct=True)
        .values_list("question__topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not seen:
        return [], []
    topics = {t.pk: t for t in Topic.objects.all()}

    def root_of(topic: Topic) -> Topic:
        while topic.parent_id:
            topic = topics[topic.parent_id]
        return topic

    totals: dict[int, list[int]] = {}
    for topic_id, n in seen.items():
        root_topic = root_of(topics[topic_id])
        tally = totals.setdefault(root_topic.pk, [0, 0])
        tally[0] += n
        tally[1] += right.get(topic_id, 0)
    rows = sorted(
        (TopicRow(topics[pk], seen=n, right=r) for pk, (n, r) in totals.items()),
        key=lambda row: (row.right / row.seen, -row.seen, row.topic.position),
    )
    return [r for r in rows if r.seen >= MIN_TOPIC_ANSWERS], [r for r in rows if r.seen < MIN_TOPIC_ANSWERS]


# --- The report -------------------------------------------------------------------


def monthly_report(unit: Unit, period: Period, *, now: datetime | None = None) -> MonthlyReport:
    """The report of ``unit``'s subtree for the month ``period`` (a Period of kind month)."""
    now = now or timezone.now()
    months = months_ending(period)
    teams, members = _teams(unit, months), _members_and_play(unit, months)

    def figures(path: str, i: int) -> Figures:
        of_path = members.get(path, {})
        return Figures(
            teams=teams.get(path, {}).get(f"m{i}", 0),
            members=of_path.get(f"members{i}", 0),
            played=of_path.get(f"played{i}", 0),
            right=of_path.get(f"right{i}", 0),
            asked=of_path.get(f"asked{i}", 0),
        )

    # Fold every unit path into the child of ``unit`` it lies under (None: the unit's own teams).
    depth = len(path_ids(unit.path))
    folded: dict[int | None, list[Figures]] = {}
    for path in teams.keys() | members.keys():
        ids = path_ids(path)
        child = ids[depth] if len(ids) > depth else None
        sums = folded.setdefault(child, [Figures()] * len(months))
        folded[child] = [total + figures(path, i) for i, total in enumerate(sums)]

    empty = [Figures()] * len(months)
    history = [sum((f[i] for f in folded.values()), Figures()) for i in range(len(months))]
    children = sorted(unit.children.all(), key=lambda u: natural_key(u.name))
    rows = []
    for child in children:
        months_of_child = folded.get(child.pk, empty)
        rows.append(UnitRow(child, now=months_of_child[-1], before=months_of_child[-2]))
    own = folded.get(None)
    if own and children and (own[-1].teams or own[-2].teams):
        rows.append(UnitRow(unit, now=own[-1], before=own[-2], own=True))
    weak, too_few = _topics(unit, period, now)
    return MonthlyReport(
        unit=unit,
        period=period,
        total=UnitRow(unit, now=history[-1], before=history[-2]),
        rows=rows,
        history=list(zip(months, history, strict=True)),
        topics=weak,
        topics_too_few=too_few,
    )
