"""The periods standings are taken over: a week, a month, a quarter, a year, a stage, a whole competition.

Calendar periods run in local time (Asia/Ho_Chi_Minh): a week from Monday
00:00 to the next Monday 00:00 (“Sunday 24:00”). A round belongs to the
calendar period in which it opens, so a weekly round that opens on Monday
and closes on Sunday night is that week's, and a round is never counted in
two weeks. Each period has a slug for URLs (``2026-W48``, ``2026-11``,
``2026-Q4``, ``2026``, ``stage-12``, ``all``); a bad slug is a ValueError,
which the views turn into a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WEEK, MONTH, QUARTER, YEAR, STAGE, COMPETITION = "week", "month", "quarter", "year", "stage", "competition"
CALENDAR_KINDS = (WEEK, MONTH, QUARTER, YEAR)
KIND_LABELS = {
    WEEK: _("Tuần"),
    MONTH: _("Tháng"),
    QUARTER: _("Quý"),
    YEAR: _("Năm"),
    STAGE: _("Giai đoạn"),
    COMPETITION: _("Cả cuộc thi"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_WEEK_SLUG = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH_SLUG = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_SLUG = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR_SLUG = re.compile(r"^(\d{4})$")
_STAGE_SLUG = re.compile(r"^stage-(\d{1,9})$")


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class Period:
    """``first`` and ``last`` are local dates, both included; None for a stage or a whole competition."""

    kind: str
    first: date | None = None
    last: date | None = None
    stage_id: int | None = None

    # --- Building -------------------------------------------------------

    @classmethod
    def week_of(cls, day: date) -> Period:
        monday = day - timedelta(days=day.weekday())
        return cls(WEEK, monday, monday + timedelta(days=6))

    @classmethod
    def month_of(cls, day: date) -> Period:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(MONTH, first, following - timedelta(days=1))

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        month = 3 * ((day.month - 1) // 3) + 1
        first = date(day.year, month, 1)
        last = date(day.year + 1, 1, 1) if month == 10 else date(day.year, month + 3, 1)
        return cls(QUARTER, first, last - timedelta(days=1))

    @classmethod
    def year_of(cls, day: date) -> Period:
        return cls(YEAR, date(day.year, 1, 1), date(day.year, 12, 31))

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The calendar period of ``kind`` holding ``day``."""
        builders = {WEEK: cls.week_of, MONTH: cls.month_of, QUARTER: cls.quarter_of, YEAR: cls.year_of}
        if kind not in builders:
            raise ValueError(kind)
        return builders[kind](day)

    @classmethod
    def current(cls, kind: str, now: datetime | None = None) -> Period:
        return cls.of(kind, timezone.localdate(now or timezone.now()))

    @classmethod
    def for_stage(cls, stage_id: int) -> Period:
        return cls(STAGE, stage_id=stage_id)

    @classmethod
    def whole(cls) -> Period:
        return cls(COMPETITION)

    @classmethod
    def from_slug(cls, slug: str) -> Period:
        """The period a URL names; ValueError for anything else (including impossible dates)."""
        slug = (slug or "").strip()
        if slug == "all":
            return cls.whole()
        if m := _STAGE_SLUG.match(slug):
            return cls.for_stage(int(m[1]))
        if m := _WEEK_SLUG.match(slug):
            return cls.week_of(date.fromisocalendar(int(m[1]), int(m[2]), 1))
        if m := _QUARTER_SLUG.match(slug):
            return cls.quarter_of(date(int(m[1]), 3 * int(m[2]) - 2, 1))
        if m := _MONTH_SLUG.match(slug):
            return cls.month_of(date(int(m[1]), int(m[2]), 1))
        if m := _YEAR_SLUG.match(slug):
            return cls.year_of(date(int(m[1]), 1, 1))
        raise ValueError(slug)

    # --- Reading --------------------------------------------------------

    @property
    def is_calendar(self) -> bool:
        return self.kind in CALENDAR_KINDS

    @property
    def start(self) -> datetime | None:
        """Local midnight opening the period (aware)."""
        return _midnight(self.first) if self.first else None

    @property
    def end(self) -> datetime | None:
        """Local midnight after the period's last day (aware, excluded)."""
        return _midnight(self.last + timedelta(days=1)) if self.last else None

    @property
    def slug(self) -> str:
        if self.kind == WEEK:
            year, week, _day = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return f"{self.first.year}"
        if self.kind == STAGE:
            return f"stage-{self.stage_id}"
        return "all"

    @property
    def label(self) -> str:
        """“Tuần 48 (23/11–29/11/2026)”, “Tháng 11/2026”, “Quý IV/2026”, “Năm 2026”; a stage's title is the caller's."""
        if self.kind == WEEK:
            week = self.first.isocalendar()[1]
            return gettext("Tuần %(week)d (%(first)s–%(last)s)") % {
                "week": week,
                "first": f"{self.first:%d/%m}",
                "last": f"{self.last:%d/%m/%Y}",
            }
        if self.kind == MONTH:
            return gettext("Tháng %(month)d/%(year)d") % {"month": self.first.month, "year": self.first.year}
        if self.kind == QUARTER:
            quarter = ROMAN[(self.first.month - 1) // 3 + 1]
            return gettext("Quý %(quarter)s/%(year)d") % {"quarter": quarter, "year": self.first.year}
        if self.kind == YEAR:
            return gettext("Năm %(year)d") % {"year": self.first.year}
        return str(KIND_LABELS[self.kind])

    @property
    def rounds_rule(self) -> str:
        """Which rounds the period counts, in words (the module's rule: a round is its opening period's)."""
        if self.kind == WEEK:
            return gettext("Tính các vòng mở từ thứ Hai %(first)s đến Chủ nhật %(last)s.") % {
                "first": f"{self.first:%d/%m}",
                "last": f"{self.last:%d/%m/%Y}",
            }
        if self.kind == MONTH:
            return gettext("Tính các vòng mở trong tháng %(month)d/%(year)d.") % {
                "month": self.first.month,
                "year": self.first.year,
            }
        if self.kind == QUARTER:
            return gettext("Tính các vòng mở trong quý %(quarter)s/%(year)d.") % {
                "quarter": ROMAN[(self.first.month - 1) // 3 + 1],
                "year": self.first.year,
            }
        if self.kind == YEAR:
            return gettext("Tính các vòng mở trong năm %(year)d.") % {"year": self.first.year}
        if self.kind == STAGE:
            return gettext("Tính các vòng của giai đoạn này, kể cả vòng trực tiếp.")
        return gettext("Tính mọi vòng tự làm của cuộc thi; điểm vòng trực tiếp tính trong giai đoạn của vòng đó.")

    def previous(self) -> Period:
        if not self.is_calendar:
            raise ValueError(self.kind)
        return Period.of(self.kind, self.first - timedelta(days=1))

    def next(self) -> Period:
        if not self.is_calendar:
            raise ValueError(self.kind)
        return Period.of(self.kind, self.last + timedelta(days=1))

    def contains(self, moment: datetime) -> bool:
        if not self.is_calendar:
            raise ValueError(self.kind)
        return self.start <= moment < self.end
