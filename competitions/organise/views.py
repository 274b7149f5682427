"""Organiser pages: competitions, stages, self-paced rounds and the round dashboard.

Scope: organisers change what lies in their unit subtrees; viewers there read
the lists, the dashboard and its live counts (403 on any change); anyone
without either role gets a 403, and an object outside the subtrees a 404.
Rounds of an ancestor unit's competition that their teams play (the province
round a ward's teams take) they read too, restricted to their own teams and
never changed. Who may do what is decided in selectors.py (round_access,
competition_access); the views and templates only read it.

Decisions:
- A new round is a draft: members neither see nor start it until an
  organiser presses “Công bố”, which checks that the bank can fill every row
  of the blueprint.
- The ranking shows to everyone with access once the round has closed. While
  it is open only organisers see it, marked provisional: they need it to spot
  odd results early, while leadership reads final numbers only (and the
  prediction tie-break is known only after close).
- The preview draws with the same code as a real attempt, but stores nothing:
  no attempt, no question marked used. Organisers only: it shows questions
  before the round opens.
- Flags never block an attempt. An organiser marks each one as looked at
  (“Đã xem / hợp lệ”) with an optional note; viewers read flags and reviews.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from competitions import drawing, eligibility
from competitions.models import Round, Stage
from questionbank.selectors import TopicTree
from quizsite import refusals
from quizsite.accounts.permissions import require_role

from . import jury, services
from . import selectors as reads
from .forms import CompetitionForm, FlagReviewForm, JuryForm, JuryListForm, RoundForm, StageForm, blueprint_formset

Role = reads.Role
RANKING_ROWS = 50
POLL_SECONDS = 10


# --- Competitions -----------------------------------------------------------


@login_required
@require_GET
def competition_list(request: HttpRequest) -> HttpResponse:
    rows = reads.competitions_run_or_played(request.user)
    context = {
        "competitions": rows,
        "any_shared": any(row.shared for row in rows),
        "can_create": reads.can_create_competitions(request.user),
    }
    return render(request, "competitions/organise/competition_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def competition_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.ORGANISER)  # viewers and everyone else: 403
    form = CompetitionForm(request.POST or None, units=reads.organiser_scope_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.create_competition(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã tạo cuộc thi. Hãy thêm giai đoạn và vòng thi."))
            return redirect("organise:competition", pk=competition.pk)
    return render(request, "competitions/organise/competition_form.html", {"form": form})


@login_required
@require_GET
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _competition_page(request, reads.competition_access(request.user, pk))


def _competition_page(request: HttpRequest, access, *, jury_list_form: JuryListForm | None = None) -> HttpResponse:
    now = timezone.now()
    context = {
        "competition": access.competition,
        "stages": [
            (stage, [(r, r.status_at(now)) for r in rounds]) for stage, rounds in reads.competition_rounds(access)
        ],
        "can_edit": access.can_edit,
        "shared": access.shared,
        "through": access.through,
        "jury": jury.jury_of(access.competition) if access.can_edit else None,
        "jury_form": JuryForm() if access.can_edit else None,
        "jury_list_form": (jury_list_form or JuryListForm()) if access.can_edit else None,
    }
    return render(request, "competitions/organise/competition_detail.html", context)


@login_required
@require_POST
def jury_add(request: HttpRequest, pk: int) -> HttpResponse:
    competition = reads.get_competition_for_officer(request.user, pk, write=True)
    form = JuryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập số điện thoại."))
        return redirect("organise:competition", pk=competition.pk)
    try:
        person = jury.add_jury_member(actor=request.user, competition=competition, phone=form.cleaned_data["phone"])
    except ValidationError as exc:
        refusals.as_messages(request, exc)
    else:
        messages.success(request, _("Đã thêm %(name)s vào ban giám khảo.") % {"name": person.display_name})
    return redirect("organise:competition", pk=competition.pk)


@login_required
@require_POST
def jury_add_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Several phones at once; a wrong line shows the page again with the list as pasted and each line's fault."""
    access = reads.competition_access(request.user, pk)
    if not access.can_edit:
        raise PermissionDenied
    competition = access.competition
    form = JuryListForm(request.POST)
    if form.is_valid():
        try:
            done = jury.add_jury_members(actor=request.user, competition=competition, text=form.cleaned_data["phones"])
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            message = _("Đã thêm %(n)d người vào ban giám khảo.") % {"n": len(done.added)}
            if done.already:
                message += " " + _("%(n)d người đã có tên từ trước.") % {"n": done.already}
            messages.success(request, message)
            return redirect("organise:competition", pk=competition.pk)
    return _competition_page(request, access, jury_list_form=form)


@login_required
@require_POST
def jury_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    competition = reads.get_competition_for_officer(request.user, pk, write=True)
    jury.remove_jury_member(actor=request.user, competition=competition, person_pk=person_pk)
    messages.success(request, _("Đã bỏ khỏi ban giám khảo."))
    return redirect("organise:competition", pk=competition.pk)


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competition = reads.get_competition_for_officer(request.user, pk, write=True)
    units = reads.organiser_scope_units(request.user)
    form = CompetitionForm(request.POST or None, units=units, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_competition(competition=competition, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã lưu cuộc thi."))
            return redirect("organise:competition", pk=competition.pk)
    return render(request, "competitions/organise/competition_form.html", {"form": form, "competition": competition})


# --- Stages -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request: HttpRequest, pk: int) -> HttpResponse:
    competition = reads.get_competition_for_officer(request.user, pk, write=True)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_stage(competition=competition, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã thêm giai đoạn."))
            return redirect("organise:competition", pk=competition.pk)
    return render(request, "competitions/organise/stage_form.html", {"form": form, "competition": competition})


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stage = reads.get_stage_for_officer(request.user, pk, write=True)
    form = StageForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_stage(stage=stage, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã lưu giai đoạn."))
            return redirect("organise:competition", pk=stage.competition_id)
    context = {"form": form, "competition": stage.competition, "stage": stage}
    return render(request, "competitions/organise/stage_form.html", context)


@login_required
@require_POST
def stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    stage = reads.get_stage_for_officer(request.user, pk, write=True)
    services.move_stage(stage=stage, up=request.POST.get("direction") == "up")
    return redirect("organise:competition", pk=stage.competition_id)


# --- Rounds -----------------------------------------------------------------


def _round_form_page(request: HttpRequest, stage: Stage, round: Round | None) -> HttpResponse:
    tree = TopicTree()
    competition = stage.competition
    offer_reopen = round is not None and round.is_closed
    form = RoundForm(request.POST or None, competition=competition, round=round, offer_reopen=offer_reopen)
    current = services.blueprint_rows(round) if round is not None else []
    allowed = services.blueprint_topic_ids(competition, round)
    formset = blueprint_formset(request.POST or None, tree=tree, allowed=allowed, rows=current)
    attempts = round.attempts.count() if round is not None else 0
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.to_data(formset.rows())
        try:
            if round is None:
                round = services.create_round(actor=request.user, stage=stage, data=data)
                messages.success(
                    request,
                    _("Đã lưu vòng thi dưới dạng bản nháp. Kiểm tra cấu trúc đề rồi bấm “Công bố” để người thi thấy."),
                )
            else:
                saved = services.update_round(actor=request.user, round=round, data=data)
                messages.success(request, _("Đã lưu vòng thi."))
                if saved.reopened_note:
                    messages.warning(request, saved.reopened_note)
                if saved.capped_note:
                    messages.warning(request, saved.capped_note)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            return redirect("organise:round", pk=round.pk)
    context = {
        "form": form,
        "formset": formset,
        "stage": stage,
        "competition": competition,
        "round": round,
        "attempts": attempts,
        "current": current,
        "bank": drawing.blueprint_counts(round) if round is not None else [],
    }
    return render(request, "competitions/organise/round_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    stage = reads.get_stage_for_officer(request.user, pk, write=True)
    return _round_form_page(request, stage, None)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round = reads.get_round_for_officer(request.user, pk, write=True)
    return _round_form_page(request, round.stage, round)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """“Công bố”: members see the draft round from now on, if the bank can fill its blueprint."""
    round = reads.get_round_for_officer(request.user, pk, write=True)
    try:
        round = services.publish_round(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã công bố vòng thi. Người thi thấy vòng này và vào thi được từ %(at)s.")
            % {"at": timezone.localtime(max(round.opens_at, round.published_at)).strftime("%H:%M %d/%m/%Y")},
        )
    return redirect("organise:round", pk=round.pk)


@login_required
@require_GET
def round_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    access = reads.round_access(request.user, pk)
    round = access.round
    now = timezone.now()
    status = round.status_at(now)
    show_ranking = access.can_see_ranking(now)
    ranked = reads.round_ranking(access, now)
    flags = list(reads.round_flags(round, within=access.through))
    context = {
        "round": round,
        "competition": round.stage.competition,
        "status": status,
        "access": access,
        "is_organiser": access.can_edit,
        "blueprint": list(round.blueprint.select_related("topic").order_by("pk")),
        "bank": [] if access.shared else drawing.blueprint_counts(round),
        "shortfall": [] if access.shared else drawing.blueprint_shortfall(round),
        "eligible_units": eligibility.eligible_unit_roots(round),
        "counts": reads.live_counts(round, now, within=access.through),
        "flags": flags,
        "unreviewed": sum(1 for flag in flags if not flag.is_reviewed),
        "review_form": FlagReviewForm() if access.can_edit else None,
        "show_ranking": show_ranking,
        "provisional": status != Round.Status.CLOSED,
        "ranking": ranked[:RANKING_ROWS],
        "ranking_more": max(0, len(ranked) - RANKING_ROWS),
        "poll_seconds": POLL_SECONDS,
        "minutes": -(-round.time_limit_seconds // 60),
    }
    return render(request, "competitions/organise/round_dashboard.html", context)


@login_required
@require_POST
def flag_review(request: HttpRequest, pk: int) -> HttpResponse:
    """“Đã xem / hợp lệ”: the organiser looked at a flagged attempt; it keeps counting."""
    flag = reads.get_flag_for_officer(request.user, pk, write=True)
    form = FlagReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.review_flag(flag=flag, reviewer=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã đánh dấu cảnh báo của %(name)s là đã xem.") % {"name": flag.attempt.user.display_name}
        )
    return redirect(reverse("organise:round", kwargs={"pk": flag.attempt.round_id}) + "#flags")


@login_required
@require_GET
def round_counts(request: HttpRequest, pk: int) -> JsonResponse:
    access = reads.round_access(request.user, pk)
    data = reads.live_counts(access.round, within=access.through).as_dict()
    data["updated"] = timezone.localtime().strftime("%H:%M:%S")
    return JsonResponse(data)


@login_required
@require_GET
def round_preview(request: HttpRequest, pk: int) -> HttpResponse:
    round = reads.get_round_for_officer(request.user, pk, write=True)
    context = {
        "round": round,
        "questions": reads.preview_draw(round),
        "shortfall": drawing.blueprint_shortfall(round),
        "minutes": -(-round.time_limit_seconds // 60),
    }
    return render(request, "competitions/organise/round_preview.html", context)
