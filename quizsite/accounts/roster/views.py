"""The roster's pages: the template anyone may download, a unit's roster as a file, and the officer's import.

The import is two steps: the upload shows the preview (nothing written),
and the officer's confirmation imports the same file, which waits in the
cache meanwhile under a key only that officer's session can name.
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_cookie

from quizsite import workbooks
from quizsite.accounts.permissions import UNIT_READERS, get_unit_for_officer, get_unit_for_organiser

from . import importing
from .template import roster_rows, roster_workbook

# Browsers and proxies may keep the template this long; it changes only with a deploy.
TEMPLATE_MAX_AGE = 24 * 60 * 60


@functools.cache
def _template(language: str, team_size_limit: int) -> tuple[bytes, str]:
    """The template in ``language`` (the active one) and its ETag, built once per process (~15 ms of openpyxl)."""
    content = roster_workbook()
    return content, f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _current_template() -> tuple[bytes, str]:
    # The help sheet names the team size limit: a changed setting is a new template.
    return _template(translation.get_language(), settings.TEAM_SIZE_LIMIT)


@require_GET
@cache_control(public=True, max_age=TEMPLATE_MAX_AGE)
@vary_on_cookie  # the language cookie chooses the help sheet's language
@condition(etag_func=lambda request: _current_template()[1])
def roster_template(request: HttpRequest) -> HttpResponse:
    """At a stable address without sign-in: a Sở's IT staff and other programs fetch it too, as often as they like."""
    return workbooks.download(_current_template()[0], "mau-danh-sach-to-cns.xlsx")


@require_GET
@login_required
def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_officer(request.user, pk, *UNIT_READERS)
    return workbooks.download(roster_workbook(roster_rows(unit)), f"danh-sach-to-cns-{unit.pk}.xlsx")


# The uploaded file waits here between the preview and the import, for this long.
UPLOAD_SECONDS = 30 * 60
# Problems shown on the page; the count above the table says how many there are in all.
MAX_PROBLEMS_SHOWN = 500


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + workbooks.CONTENT_TYPE}),
    )


@require_http_methods(["GET", "POST"])
@login_required
def roster_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload, then the preview: the report per row, what would be created, moved, and who is missing."""
    unit = get_unit_for_organiser(request.user, pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_roster(upload)
        except ValidationError as refused:
            form.add_error("file", refused)
        else:
            upload.seek(0)
            token = secrets.token_urlsafe(16)
            cache.set(_key(request, token), upload.read(), UPLOAD_SECONDS)
            plan = importing.preview_roster(actor=request.user, scope=unit, rows=rows)
            return _preview(request, unit, plan, token)
    return render(request, "accounts/roster_import.html", {"unit": unit, "form": form})


@require_POST
@login_required
def roster_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    token = request.POST.get("token", "")
    content = cache.get(_key(request, token)) if token.isascii() and len(token) < 40 else None
    if content is None:
        messages.error(request, _("Tệp đã tải lên quá lâu hoặc không còn. Hãy tải tệp lên lại."))
        return redirect("accounts:roster_import", pk=unit.pk)
    remove_missing = request.POST.get("remove_missing") == "on"
    try:
        rows = importing.read_roster(SimpleUploadedFile("danh-sach.xlsx", content))
        done = importing.import_roster(actor=request.user, scope=unit, rows=rows, remove_missing=remove_missing)
    except importing.RosterRefused as refused:
        return _preview(request, unit, refused.plan, token)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("accounts:roster_import", pk=unit.pk)
    cache.delete(_key(request, token))
    messages.success(
        request,
        _("Đã nhập %(rows)d thành viên: %(new)d người mới, %(moved)d người đổi tổ, %(removed)d người bị bỏ khỏi tổ.")
        % {"rows": len(rows), "new": done.created_members, "moved": done.moved, "removed": done.removed},
    )
    return redirect("accounts:unit_detail", pk=unit.pk)


def _key(request: HttpRequest, token: str) -> str:
    # The officer's own: another account cannot import a file it did not upload.
    return f"roster-upload:{request.user.pk}:{token}"


def _preview(request: HttpRequest, unit, plan, token: str) -> HttpResponse:
    problems = plan.problems
    return render(
        request,
        "accounts/roster_preview.html",
        {
            "unit": unit,
            "plan": plan,
            "token": token,
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "member_count": len(plan.rows),
            "team_count": len(plan.destinations),
        },
    )
