"""The roster's pages: the template anyone may download, and a unit's roster as a file to correct and import again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from quizsite import workbooks
from quizsite.accounts.permissions import UNIT_READERS, get_unit_for_officer

from .template import roster_rows, roster_workbook


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    """At a stable address without sign-in: a Sở's IT staff and other programs fetch it too."""
    return workbooks.download(roster_workbook(), "mau-danh-sach-to-cns.xlsx")


@require_GET
@login_required
def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_officer(request.user, pk, *UNIT_READERS)
    return workbooks.download(roster_workbook(roster_rows(unit)), f"danh-sach-to-cns-{unit.pk}.xlsx")
