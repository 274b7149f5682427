"""Standings pages: the member's week and month on the phone, the officer's full tables on the desktop.

Decisions:
- Members see people by display name, team and unit only; the member page is
  built from the cached boards (selectors.glance), which hold no phone at all.
- Officers see the phone masked (leaderboards.masking), on the page and in
  Excel alike: the full number is still searchable ("find a person") on the
  server, so an officer who knows it can find the row without the page
  showing it.
- The people table shows 100 rows a page (a year may hold 100,000 people);
  "find a person" takes a name or a phone and opens the page of the first
  match, with every match listed above the table to jump to.
- The period defaults to this week; the unit to the competition's unit, or
  the officer's own unit when it lies inside the competition's.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from leaderboards import standings
from leaderboards.masking import mask_phone
from leaderboards.periods import MONTH, QUARTER, STAGE, WEEK, YEAR, Period
from quizsite.accounts.models import Membership, Unit, path_ids
from quizsite.workbooks import table_download

from . import selectors
from .forms import StandingsForm

PEOPLE_PER_PAGE = 100
FOUND_SHOWN = 20


def period_title(period: Period, stages: dict) -> str:
    """The period as a heading: a stage by its own title."""
    if period.kind == STAGE:
        return stages[period.stage_id].title
    return period.label


# --- Members ----------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """My rank and my team's, and the top 10 people and teams, this week or this month."""
    kind = MONTH if request.GET.get("period") == MONTH else WEEK
    membership = Membership.objects.filter(user=request.user).select_related("team__unit").first()
    boards = selectors.member_glances(
        request.user, membership, [Period.current(kind)], limit=selectors.MEMBER_COMPETITIONS
    )
    context = {
        "kind": kind,
        "membership": membership,
        "boards": [(item.competition, item.glances[0]) for item in boards],
    }
    return render(request, "leaderboards/tables/mine.html", context)


# --- Officers ---------------------------------------------------------------


@login_required
@require_GET
def competitions(request: HttpRequest) -> HttpResponse:
    rows = selectors.competitions_with_standings_for(request.user)
    return render(request, "leaderboards/tables/competitions.html", {"rows": rows})


def _read(request: HttpRequest, pk: int):
    """The scope, the stages and the checked query string; a page with the message (400) if it is bad."""
    scope = selectors.officer_scope(request.user, pk)
    stages = list(scope.competition.stages.order_by("position", "pk"))
    form = StandingsForm(request.GET, scope=scope, stages=stages)
    if form.is_valid():
        return scope, stages, form.cleaned_data, None
    context = {"competition": scope.competition, "form": form, "errors": form.errors}
    return scope, stages, None, render(request, "leaderboards/tables/officer.html", context, status=400)


def _period_options(current: Period, stages) -> list[tuple[str, str]]:
    """This and last week, month; this quarter and year; each stage; the whole competition."""
    week, month = Period.current(WEEK), Period.current(MONTH)
    options = [
        (week.slug, _("Tuần này") + f" · {week.label}"),
        (week.previous().slug, _("Tuần trước") + f" · {week.previous().label}"),
        (month.slug, _("Tháng này") + f" · {month.label}"),
        (month.previous().slug, _("Tháng trước") + f" · {month.previous().label}"),
        (Period.current(QUARTER).slug, Period.current(QUARTER).label),
        (Period.current(YEAR).slug, Period.current(YEAR).label),
        *[(Period.for_stage(stage.pk).slug, _("Giai đoạn: %(title)s") % {"title": stage.title}) for stage in stages],
        (Period.whole().slug, _("Cả cuộc thi")),
    ]
    if current.slug not in {slug for slug, _label in options}:
        options.insert(0, (current.slug, current.label))
    return options


def _people_page(request: HttpRequest, rows: list, find: str):
    """The page of 100 people asked for; with a person to find and no page named, the first match's page."""
    found = selectors.find_people(rows, find) if find else []
    paginator = Paginator(rows, PEOPLE_PER_PAGE)
    if found and "page" not in request.GET:
        return paginator.get_page(found[0][0] // PEOPLE_PER_PAGE + 1), found
    return paginator.get_page(request.GET.get("page")), found


@login_required
@require_GET
def officer(request: HttpRequest, pk: int) -> HttpResponse:
    scope, stages, query, refused = _read(request, pk)
    if refused:
        return refused
    competition, period, unit, level = scope.competition, query["period"], query["unit"], query["level"]
    people = standings.people(competition, period, unit)
    teams = standings.teams(competition, period, unit)
    units = standings.units(competition, period, unit, kind=level)

    page, found = _people_page(request, people.rows, query["find"])
    choices = selectors.unit_choices(scope, unit)
    path = set(path_ids(unit.path))
    by_stage = {stage.pk: stage for stage in stages}
    context = {
        "competition": competition,
        "scope": scope,
        "period": period,
        "period_title": period_title(period, by_stage),
        "previous": period.previous() if period.is_calendar else None,
        "next": period.next() if period.is_calendar else None,
        "period_options": _period_options(period, stages),
        "unit": unit,
        "unit_choices": [(u, "— " * depth + u.name) for u, depth in choices],
        "breadcrumb": [u for u, _depth in choices if u.pk in path],
        "level": level or "",
        "levels": [(kind, Unit.Kind(kind).label) for kind in selectors.kinds_below(unit)],
        "find": query["find"],
        "found": [(row, row.name, position // PEOPLE_PER_PAGE + 1) for position, row in found[:FOUND_SHOWN]],
        "found_count": len(found),
        "found_ids": {row.user_id for _position, row in found},
        "people": people,
        "page": page,
        "people_rows": [(row, row.name, mask_phone(row.phone)) for row in page.object_list],
        "teams": teams,
        "units": units,
    }
    return render(request, "leaderboards/tables/officer.html", context)


def _filename(competition_id: int, table: str, period: Period, unit_id: int) -> str:
    return f"xep-hang-{table}-{competition_id}-{period.slug}-dv{unit_id}"


def _caption(result: standings.Standings, title: str, stages) -> str:
    provisional = f" ({_('tạm tính')})" if result.provisional else ""
    head = f"{result.competition.title} · {period_title(result.period, stages)} · {result.unit.name}{provisional}"
    return f"{head}. {title}: {result.how}"


@login_required
@require_GET
def people_excel(request: HttpRequest, pk: int) -> HttpResponse:
    scope, stages, query, refused = _read(request, pk)
    if refused:
        return refused
    result = standings.people(scope.competition, query["period"], query["unit"])
    headers = [_("Hạng"), _("Họ và tên"), _("Số điện thoại"), _("Tổ"), _("Đơn vị"), _("Tổng điểm")]
    headers += [_("Số vòng"), _("Thời gian (giây)"), _("Lần nộp cuối")]
    rows = (
        [r.rank, r.name, mask_phone(r.phone), r.team_name, r.unit_name]
        + [r.total, r.rounds, r.seconds, r.last_submitted_at]
        for r in result.rows
    )
    caption = _caption(result, _("Cá nhân"), {s.pk: s for s in stages})
    name = _filename(scope.competition.pk, "ca-nhan", query["period"], query["unit"].pk)
    return table_download(name, _("Cá nhân"), headers, rows, caption=caption)


@login_required
@require_GET
def teams_excel(request: HttpRequest, pk: int) -> HttpResponse:
    scope, stages, query, refused = _read(request, pk)
    if refused:
        return refused
    result = standings.teams(scope.competition, query["period"], query["unit"])
    headers = [_("Hạng"), _("Tổ"), _("Đơn vị"), _("Tổng điểm"), _("Đã thi"), _("Số thành viên")]
    headers += [_("Tỉ lệ tham gia (%)"), _("Điểm trung bình")]
    rows = (
        [r.rank, r.name, r.unit_name, r.total, r.played, r.size, r.participation_percent, round(r.average, 2)]
        for r in result.rows
    )
    caption = _caption(result, _("Tổ"), {s.pk: s for s in stages})
    name = _filename(scope.competition.pk, "to", query["period"], query["unit"].pk)
    return table_download(name, _("Tổ"), headers, rows, caption=caption)


@login_required
@require_GET
def units_excel(request: HttpRequest, pk: int) -> HttpResponse:
    scope, stages, query, refused = _read(request, pk)
    if refused:
        return refused
    result = standings.units(scope.competition, query["period"], query["unit"], kind=query["level"])
    headers = [_("Hạng"), _("Đơn vị"), _("Tổ đã thi"), _("Số tổ"), _("Người đã thi"), _("Số thành viên")]
    headers += [_("Tỉ lệ tham gia (%)"), _("Điểm trung bình")]
    rows = (
        [r.rank, r.name, r.teams_played, r.teams, r.played, r.members, r.participation_percent, round(r.average, 2)]
        for r in result.rows
    )
    caption = _caption(result, _("Đơn vị"), {s.pk: s for s in stages})
    name = _filename(scope.competition.pk, "don-vi", query["period"], query["unit"].pk)
    return table_download(name, _("Đơn vị"), headers, rows, caption=caption)
