"""Qualification pages: on a stage, the lists that enter the top K teams of an earlier stage into it.

An organiser of the competition's subtree makes a draft (the stage to take
from, K, overall or per unit), sees who would go through, and publishes;
a published list shows its rows as stored, its SHA-256, who published it
and when, and can only be corrected by a new list with a reason. Viewers
read every page; a viewer's POST is a 403 (the access rule is selectors.py's).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from competitions.models import Qualification
from competitions.organise.selectors import get_stage_for_officer
from quizsite import refusals
from quizsite.accounts.permissions import is_organiser_of

from . import selectors, services
from .forms import CorrectionForm, QualificationForm


@login_required
@require_http_methods(["GET", "POST"])
def stage_qualifications(request: HttpRequest, pk: int) -> HttpResponse:
    stage = get_stage_for_officer(request.user, pk, write=request.method == "POST")
    can_edit = is_organiser_of(request.user, stage.competition.unit)
    form = QualificationForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            qualification = services.create_draft(actor=request.user, into_stage=stage, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            return redirect("leaderboards:qualify_detail", pk=qualification.pk)
    context = {
        "stage": stage,
        "competition": stage.competition,
        "lists": list(selectors.stage_lists(stage)),
        "form": form if can_edit else None,
    }
    return render(request, "leaderboards/qualify/stage.html", context)


def _detail_page(request: HttpRequest, qualification: Qualification, correction: Form | None = None) -> HttpResponse:
    can_edit = is_organiser_of(request.user, qualification.into_stage.competition.unit)
    drawn = None
    if qualification.is_draft:
        drawn = services.draw(qualification)
        rows = drawn.rows
    else:
        rows = services.stored_rows(qualification)
    if correction is None and can_edit and qualification.status == Qualification.Status.PUBLISHED:
        correction = CorrectionForm(
            stage=qualification.into_stage,
            initial={
                "from_stage": qualification.from_stage_id,
                "top_k": qualification.top_k,
                "per_unit_kind": qualification.per_unit_kind,
            },
        )
    context = {
        "qualification": qualification,
        "stage": qualification.into_stage,
        "competition": qualification.into_stage.competition,
        "rows": rows,
        "drawn": drawn,
        "per_unit": bool(qualification.per_unit_kind),
        "kind_label": qualification.get_per_unit_kind_display() if qualification.per_unit_kind else "",
        "tied_extra": services.tied_extra(rows, qualification.top_k),
        "intact": None if qualification.is_draft else services.intact(qualification, rows),
        "can_edit": can_edit,
        "correction": correction if can_edit else None,
        "replaced_by": getattr(qualification, "replaced_by", None)
        if qualification.status == Qualification.Status.REPLACED
        else None,
    }
    return render(request, "leaderboards/qualify/detail.html", context)


@login_required
@require_GET
def qualification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.get_qualification_for_officer(request.user, pk))


@login_required
@require_POST
def qualification_publish(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = selectors.get_qualification_for_officer(request.user, pk, write=True)
    try:
        services.publish(actor=request.user, qualification=qualification)
    except ValidationError as exc:
        refusals.as_messages(request, exc)
    else:
        messages.success(request, _("Đã công bố danh sách vào vòng. Danh sách không thay đổi được nữa."))
    return redirect("leaderboards:qualify_detail", pk=qualification.pk)


@login_required
@require_POST
def qualification_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction: a new draft that, once published, replaces this list."""
    qualification = selectors.get_qualification_for_officer(request.user, pk, write=True)
    form = CorrectionForm(request.POST, stage=qualification.into_stage)
    if form.is_valid():
        try:
            draft = services.create_draft(
                actor=request.user, into_stage=qualification.into_stage, replaces=qualification, **form.cleaned_data
            )
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã tạo bản nháp đính chính. Danh sách cũ vẫn có hiệu lực đến khi công bố."))
            return redirect("leaderboards:qualify_detail", pk=draft.pk)
    return _detail_page(request, qualification, correction=form)


@login_required
@require_POST
def qualification_discard(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = selectors.get_qualification_for_officer(request.user, pk, write=True)
    stage_pk = qualification.into_stage_id
    try:
        services.discard_draft(actor=request.user, qualification=qualification)
    except ValidationError as exc:
        refusals.as_messages(request, exc)
        return redirect("leaderboards:qualify_detail", pk=qualification.pk)
    messages.success(request, _("Đã xóa bản nháp."))
    return redirect("leaderboards:qualify_stage", pk=stage_pk)
