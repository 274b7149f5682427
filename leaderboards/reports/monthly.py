"""The monthly participation report of a unit subtree, computed on demand by aggregate queries.

Officers must report participation by unit every month before the 20th.
Nothing here is stored or prepared by a job: the report of any month is
read from the attempts when it is asked for, so it is ready the moment the
month ends and can never be late. It costs the same eight queries whatever
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

from django.db.models import Count, F, Q, QuerySet, Sum
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


def _members(root: Unit, months: list[Period]) -> dict[str, dict]:
    columns = {f"m{i}": Count("pk", filter=Q(joined_at__lt=m.end)) for i, m in enumerate(months)}
    return _per_path(Membership.objects.filter(team__unit__path__startswith=root.path), "team__unit__path", **columns)


def _counted(months: list[Period], prefix: str = "") -> list[Q]:
    """For each month: the attempt ended in it, by someone who was a member by its end."""
    return [
        Q(
            **{
                f"{prefix}submitted_at__gte": m.start,
                f"{prefix}submitted_at__lt": m.end,
                f"{prefix}user__memberships__joined_at__lt": m.end,
            }
        )
        for m in months
    ]


def _attempts(root: Unit, months: list[Period]) -> dict[str, dict]:
    # One membership per person (a unique constraint), so joining it never repeats an attempt.
    window = Attempt.objects.filter(
        submitted_at__gte=months[0].start,
        submitted_at__lt=months[-1].end,
        user__memberships__team__unit__path__startswith=root.path,
    )
    columns = {}
    for i, counted in enumerate(_counted(months)):
        columns[f"played{i}"] = Count("user_id", distinct=True, filter=counted)
        columns[f"right{i}"] = Sum("score", filter=counted)
    return _per_path(window, "user__memberships__team__unit__path", **columns)


def _asked(root: Unit, months: list[Period]) -> dict[str, dict]:
    window = AttemptQuestion.objects.filter(
        attempt__submitted_at__gte=months[0].start,
        attempt__submitted_at__lt=months[-1].end,
        attempt__user__memberships__team__unit__path__startswith=root.path,
    )
    columns = {f"m{i}": Count("pk", filter=q) for i, q in enumerate(_counted(months, "attempt__"))}
    return _per_path(window, "attempt__user__memberships__team__unit__path", **columns)


def _topics(root: Unit, period: Period, now: datetime) -> tuple[list[TopicRow], list[TopicRow]]:
    """Facility per root topic (questionbank.stats' definition), enough answers first, weakest first."""
    counted = {
        "attempt__submitted_at__gte": period.start,
        "attempt__submitted_at__lt": period.end,
        "attempt__user__memberships__team__unit__path__startswith": root.path,
        "attempt__user__memberships__joined_at__lt": period.end,
        # As the item statistics: nothing from a round still open.
        "attempt__round__closes_at__lte": now,
    }
    seen = dict(
        AttemptQuestion.objects.filter(**counted).values_list("question__topic_id").annotate(n=Count("pk")).order_by()
    )
    right = dict(
        Answer.objects.filter(**counted, correct=True)
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
    teams, members = _teams(unit, months), _members(unit, months)
    attempts, asked = _attempts(unit, months), _asked(unit, months)

    def figures(path: str, i: int) -> Figures:
        played = attempts.get(path, {})
        return Figures(
            teams=teams.get(path, {}).get(f"m{i}", 0),
            members=members.get(path, {}).get(f"m{i}", 0),
            played=played.get(f"played{i}", 0),
            right=played.get(f"right{i}") or 0,
            asked=asked.get(path, {}).get(f"m{i}", 0),
        )

    # Fold every unit path into the child of ``unit`` it lies under (None: the unit's own teams).
    depth = len(path_ids(unit.path))
    folded: dict[int | None, list[Figures]] = {}
    for path in teams.keys() | members.keys() | attempts.keys() | asked.keys():
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
