"""Organiser pages for live rounds: create one in a stage, change it while it waits, and its page
with the join code, the QR code, the projector's link and the host console's.

Scope as for the other organiser pages: organisers change what lies in their
unit subtrees, viewers there read the page (without the projector's token or
the host console), a viewer asking to change a round gets a 403, and a round
outside their subtrees is a 404. The game itself runs on the live pages
(``/live/<code>/…``), built apart.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from competitions import drawing
from competitions.live import links
from competitions.live.cards import share_links
from competitions.live.models import LiveRound
from competitions.live.qr import qr_svg
from competitions.models import Stage
from questionbank.selectors import TopicTree
from quizsite import refusals

from . import live_selectors as reads
from . import live_services as services
from . import selectors
from .forms import blueprint_formset
from .live_forms import DRAW, LiveRoundForm, quiet, slot_formset
from .team_picker import PICKER_ONLY, TeamPicker


def _live_form_page(request: HttpRequest, stage: Stage, live_round: LiveRound | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    saved = services.live_round_data(live_round) if live_round is not None else None
    picker = TeamPicker(post, stage=stage, saved=saved)
    if picker.action and request.headers.get(PICKER_ONLY):
        # static/js/team_picker.js asks for the picker's part of the page alone.
        return render(request, "competitions/organise/_team_picker.html", {"picker": picker})
    current = list(reads.live_questions(live_round)) if live_round is not None else []
    form = LiveRoundForm(post, stage=stage, saved=saved, current=current)
    slots = slot_formset(post, current=current)
    allowed = drawing.bank_topic_ids(stage.competition.unit)
    blueprint = blueprint_formset(post, tree=TopicTree(), allowed=allowed)
    if picker.action:
        # A button of the picker: the page again with the picker changed, nothing saved, nothing refused yet.
        quiet(form, slots, blueprint)
    elif post is not None and all([picker.is_valid(), form.is_valid(), slots.is_valid()]):
        # The blueprint's rows count only when the questions are drawn.
        drawing_them = form.cleaned_data["source"] == DRAW
        if not drawing_them or blueprint.is_valid():
            data = form.to_data(
                slots=slots.slots(), blueprint=blueprint.rows() if drawing_them else [], teams=picker.choice()
            )
            try:
                if live_round is None:
                    live_round = services.create_live_round(actor=request.user, stage=stage, data=data)
                    messages.success(
                        request,
                        _("Đã tạo vòng thi trực tiếp. Mã tham gia: %(code)s.") % {"code": live_round.code},
                    )
                else:
                    services.update_live_round(actor=request.user, live_round=live_round, data=data)
                    messages.success(request, _("Đã lưu vòng thi trực tiếp."))
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    exc = ValidationError(picker.take_refusal(exc.message_dict))
                if exc.messages:
                    refusals.on_form(form, exc)
            else:
                return redirect("organise:live_round", pk=live_round.pk)
    context = {
        "form": form,
        "slots": slots,
        "formset": blueprint,
        "picker": picker,
        "stage": stage,
        "competition": stage.competition,
        "live_round": live_round,
    }
    return render(request, "competitions/organise/live_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def live_create(request: HttpRequest, pk: int) -> HttpResponse:
    stage = selectors.get_stage_for_officer(request.user, pk, write=True)
    return _live_form_page(request, stage, None)


@login_required
@require_http_methods(["GET", "POST"])
def live_edit(request: HttpRequest, pk: int) -> HttpResponse:
    live_round = reads.get_live_round_for_officer(request.user, pk, write=True)
    if problem := services.edit_problem(live_round):
        messages.error(request, problem)
        return redirect("organise:live_round", pk=live_round.pk)
    return _live_form_page(request, live_round.round.stage, live_round)


@login_required
@require_GET
def live_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = reads.live_access(request.user, pk)
    live_round = access.live_round
    player_url = request.build_absolute_uri(links.player_path(live_round.code))
    questions = list(reads.live_questions(live_round))
    entries = list(reads.live_entries(live_round))
    captain_mode = live_round.team_mode == LiveRound.TeamMode.CAPTAIN
    context = {
        "live_round": live_round,
        "round": live_round.round,
        "competition": live_round.round.stage.competition,
        "can_edit": access.can_edit,
        "edit_problem": services.edit_problem(live_round),
        "player_url": player_url,
        # Drawn by us from our own URL: nothing a user typed reaches the markup.
        "qr": mark_safe(qr_svg(player_url)),  # noqa: S308
        "screen_url": (
            request.build_absolute_uri(links.screen_path(live_round.code, live_round.screen_token))
            if access.can_edit
            else ""
        ),
        "host_url": links.host_path(live_round.code) if access.can_edit else "",
        "questions": questions,
        "total_seconds": sum(q.duration_seconds for q in questions),
        "entries": entries,
        "captain_mode": captain_mode,
        # The join link to send to the teams' Zalo groups, while the code still opens the round.
        "live_share": share_links(request, live_round) if live_round.status != LiveRound.Status.FINISHED else None,
        # Each name isolated (<bdi>): a team's name cannot turn the sentence around it.
        "without_captain": format_html_join(
            ", ", "<bdi>{}</bdi>", ((e.team.name,) for e in entries if e.captain_id is None)
        )
        if captain_mode
        else "",
    }
    response = render(request, "competitions/organise/live_detail.html", context)
    # The projector's token is in the page: never keep it in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
