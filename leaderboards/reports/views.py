"""The monthly report's pages: choose a unit and a month, read it, print it, take it to Excel.

Organisers and viewers open it for the units of their subtrees; another
subtree's unit is a 404 and a person with neither role a 403
(``quizsite.accounts.permissions``). A month the URL gets wrong is a
message and the chooser again, never an error page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from leaderboards.periods import Period
from quizsite.accounts.models import Unit, path_ids
from quizsite.accounts.permissions import UNIT_READERS, require_role
from quizsite.workbooks import table_download

from . import charts
from .forms import MonthlyReportForm, default_month, parse_month
from .monthly import MIN_TOPIC_ANSWERS, MonthlyReport, UnitRow, how, monthly_report


def report_url(name: str, unit_id: int, period: Period) -> str:
    return f"{reverse(name, args=[unit_id])}?{urlencode({'month': period.slug})}"


@require_GET
@login_required
def monthly_index(request: HttpRequest) -> HttpResponse:
    roots = require_role(request.user, *UNIT_READERS)
    today = timezone.localdate()
    form = MonthlyReportForm(request.GET or None, roots=roots, today=today)
    if form.is_bound and form.is_valid():
        return redirect(
            report_url("leaderboards:monthly_report", form.cleaned_data["unit"], form.cleaned_data["month"])
        )
    return render(request, "leaderboards/reports/index.html", {"form": form}, status=400 if form.is_bound else 200)


def _unit_and_month(request: HttpRequest, unit_id: int) -> tuple[Unit, Period, list[Unit]] | HttpResponse:
    """The unit (404 outside the officer's subtrees) and the ``?month=`` asked for, or the chooser with why not."""
    roots = require_role(request.user, *UNIT_READERS)
    unit = Unit.objects.within_any(roots).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    asked = request.GET.get("month", "")
    try:
        period = parse_month(asked, today) if asked else default_month(today)
    except ValidationError:
        form = MonthlyReportForm({"unit": unit.pk, "month": asked}, roots=roots, today=today, also=unit)
        form.is_valid()
        return render(request, "leaderboards/reports/index.html", {"form": form}, status=400)
    return unit, period, roots


def _context(report: MonthlyReport, roots: list[Unit], today) -> dict:
    unit, period = report.unit, report.period
    # The way up, as far as the officer may go.
    above = [u for u in Unit.objects.filter(pk__in=path_ids(unit.path)[:-1]) if any(u.is_within(r) for r in roots)]
    rows = [(row_label(report, row), row) for row in report.rows]
    return {
        "report": report,
        "rows": rows,
        "unit": unit,
        "period": period,
        "above": sorted(above, key=lambda u: u.depth),
        "how": how(),
        "min_topic_answers": MIN_TOPIC_ANSWERS,
        "under_way": period.first <= today <= period.last,
        "previous_url": report_url("leaderboards:monthly_report", unit.pk, period.previous()),
        "next_url": (
            report_url("leaderboards:monthly_report", unit.pk, period.next()) if period.next().first <= today else ""
        ),
        "xlsx_url": report_url("leaderboards:monthly_xlsx", unit.pk, period),
        "print_url": report_url("leaderboards:monthly_print", unit.pk, period),
        "rates_chart": charts.rate_bars(
            [(label, row.now.rate) for label, row in rows],
            title=_("Tỷ lệ tham gia theo đơn vị, %(month)s") % {"month": period.label},
            chart_id="rates",
        ),
        "trend_chart": charts.trend_columns(
            [(f"{p.first:%m/%Y}", figures.rate) for p, figures in report.history],
            title=_("Tỷ lệ tham gia của %(unit)s, 6 tháng gần nhất") % {"unit": unit.name},
            chart_id="trend",
        ),
    }


@require_GET
@login_required
def monthly_report_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    found = _unit_and_month(request, unit_id)
    if isinstance(found, HttpResponse):
        return found
    unit, period, roots = found
    report = monthly_report(unit, period)
    context = _context(report, roots, timezone.localdate())
    return render(request, "leaderboards/reports/report.html", context)


@require_GET
@login_required
def monthly_print(request: HttpRequest, unit_id: int) -> HttpResponse:
    found = _unit_and_month(request, unit_id)
    if isinstance(found, HttpResponse):
        return found
    unit, period, roots = found
    report = monthly_report(unit, period)
    context = _context(report, roots, timezone.localdate()) | {"printed_at": timezone.localtime()}
    return render(request, "leaderboards/reports/print.html", context)


@require_GET
@login_required
def monthly_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    found = _unit_and_month(request, unit_id)
    if isinstance(found, HttpResponse):
        return found
    unit, period, _roots = found
    report = monthly_report(unit, period)
    return table_download(
        f"bao-cao-thang-{period.slug}-don-vi-{unit.pk}",
        _("Báo cáo %(month)s") % {"month": period.slug},
        [
            _("Đơn vị"),
            _("Số tổ"),
            _("Thành viên"),
            _("Đã thi"),
            _("Tỷ lệ tham gia (%)"),
            _("Điểm trung bình (% câu đúng)"),
            _("Tỷ lệ tham gia tháng trước (%)"),
            _("Thay đổi tỷ lệ (điểm %)"),
            _("Điểm trung bình tháng trước (%)"),
            _("Thay đổi điểm trung bình (điểm %)"),
        ],
        excel_rows(report),
        caption=f"{unit.name} · {period.label} · {how()}",
    )


def row_label(report: MonthlyReport, row: UnitRow) -> str:
    if row is report.total:
        return _("Tổng cộng: %(unit)s") % {"unit": row.unit.name}
    if row.own:
        return _("Các tổ trực thuộc %(unit)s") % {"unit": row.unit.name}
    return row.unit.name


def excel_rows(report: MonthlyReport) -> list[list]:
    """The table of the page, then the last six months and the weakest topics, in one sheet."""
    rows = []
    for row in [*report.rows, report.total]:
        rows.append(
            [
                row_label(report, row),
                row.now.teams,
                row.now.members,
                row.now.played,
                row.now.rate,
                row.now.average,
                row.before.rate,
                row.rate_change.delta,
                row.before.average,
                row.average_change.delta,
            ]
        )
    rows += [
        [],
        [
            _("Sáu tháng gần nhất"),
            _("Số tổ"),
            _("Thành viên"),
            _("Đã thi"),
            _("Tỷ lệ tham gia (%)"),
            _("Điểm trung bình (% câu đúng)"),
        ],
    ]
    for period, figures in report.history:
        rows.append([period.label, figures.teams, figures.members, figures.played, figures.rate, figures.average])
    rows += [[], [_("Chủ đề yếu nhất"), _("Số câu trả lời"), _("Số câu đúng"), _("Tỷ lệ đúng (%)")]]
    for topic in report.topics:
        rows.append([topic.label, topic.seen, topic.right, topic.facility])
    if not report.topics:
        rows.append([_("Chưa chủ đề nào đủ số câu trả lời.")])
    return rows
