"""Award list pages: the organisers' (list, create, draft, review, publish, correct, Excel) and the public ones.

Officers: organisers of a body's unit (or above it) manage its lists, viewers
there read them; outside their subtrees a 404, without any officer role a 403
(selectors.py). The public page and its print annex need no sign-in: they are
found by an unguessable token and show name, team, unit, prize and a masked
phone only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizsite import refusals
from quizsite.workbooks import table_download

from . import cards, drafting, services
from . import selectors as reads
from .forms import AwardListForm, BodyForm, PublishForm, ReasonForm, ReturnForm
from .models import AwardList

# --- A competition's lists ------------------------------------------------------------------


@login_required
@require_GET
def award_lists(request: HttpRequest, pk: int) -> HttpResponse:
    competition, found = reads.competition_for_awards(request.user, pk)
    context = {
        "competition": competition,
        "lists": reads.lists_of(competition, found),
        "can_create": bool(reads.body_units(competition, found)),
        "has_bodies": bool(reads.bodies_for(competition, found)),
    }
    return render(request, "leaderboards/awards/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, pk: int) -> HttpResponse:
    competition, found = reads.competition_for_awards(request.user, pk)
    units = reads.body_units(competition, found)
    if not units:
        raise reads.PermissionDenied
    form = BodyForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_body(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã thêm cơ quan trao giải."))
            return redirect("leaderboards:award_list_create", pk=competition.pk)
    return render(request, "leaderboards/awards/body_form.html", {"form": form, "competition": competition})


def _list_form(request: HttpRequest, competition, found, award_list: AwardList | None = None) -> AwardListForm:
    return AwardListForm(
        request.POST or None,
        competition=competition,
        bodies=reads.bodies_for(competition, found),
        scope_units=reads.scope_units(competition, found),
        award_list=award_list,
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_list_create(request: HttpRequest, pk: int) -> HttpResponse:
    competition, found = reads.competition_for_awards(request.user, pk)
    if not reads.body_units(competition, found):
        raise reads.PermissionDenied
    bodies = reads.bodies_for(competition, found)
    if not bodies:
        messages.info(request, _("Hãy thêm cơ quan trao giải trước khi lập danh sách."))
        return redirect("leaderboards:award_body_create", pk=competition.pk)
    form = _list_form(request, competition, found)
    if request.method == "POST" and form.is_valid():
        try:
            award_list = services.create_list(actor=request.user, competition=competition, data=form.to_data())
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã tạo bản nháp danh sách đạt giải."))
            return redirect("leaderboards:award_list", pk=award_list.pk)
    return render(request, "leaderboards/awards/form.html", {"form": form, "competition": competition})


# --- One list ------------------------------------------------------------------------------


@login_required
@require_GET
def award_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = reads.list_access(request.user, pk)
    award_list = access.award_list
    draft = None if award_list.is_frozen else drafting.draft(award_list)
    context = {
        "award_list": award_list,
        "can_manage": access.can_manage,
        "draft": draft,
        "rows": (
            list(award_list.rows.all())
            if award_list.is_frozen
            else drafting.labelled_rows(draft.rows if draft.ok else [])
        ),
        "skipped": drafting.skipped_rows(draft, award_list),
        "quotas": drafting.quota_rows(draft, award_list),
        "audit": award_list.audit.select_related("actor"),
        "publish_form": PublishForm(initial={"seen_hash": draft.content_hash}) if draft and draft.ok else None,
        "own_review": award_list.sent_for_review_by_id == request.user.pk,
        "return_form": ReturnForm(),
        "correction": AwardList.objects.filter(replaces=award_list).first() if award_list.is_frozen else None,
        "verified": services.verify(award_list) if award_list.is_frozen else None,
    }
    return render(request, "leaderboards/awards/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def award_list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award_list = reads.get_list_for_manager(request.user, pk)
    if not award_list.is_editable:
        messages.error(request, _("Chỉ sửa được bản nháp. Hãy trả danh sách về bản nháp trước."))
        return redirect("leaderboards:award_list", pk=award_list.pk)
    competition = award_list.competition
    found = reads.scopes(request.user)
    form = _list_form(request, competition, found, award_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_list(actor=request.user, award_list=award_list, data=form.to_data())
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("leaderboards:award_list", pk=award_list.pk)
    context = {"form": form, "competition": competition, "award_list": award_list}
    return render(request, "leaderboards/awards/form.html", context)


@login_required
@require_POST
def award_list_review(request: HttpRequest, pk: int) -> HttpResponse:
    award_list = reads.get_list_for_manager(request.user, pk)
    try:
        services.send_for_review(actor=request.user, award_list=award_list)
    except ValidationError as exc:
        refusals.as_messages(request, exc)
    else:
        messages.success(request, _("Đã gửi duyệt. Một cán bộ tổ chức khác xem và công bố danh sách."))
    return redirect("leaderboards:award_list", pk=award_list.pk)


@login_required
@require_POST
def award_list_return(request: HttpRequest, pk: int) -> HttpResponse:
    award_list = reads.get_list_for_manager(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lý do quá dài."))
        return redirect("leaderboards:award_list", pk=award_list.pk)
    try:
        services.return_to_draft(actor=request.user, award_list=award_list, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        refusals.as_messages(request, exc)
    else:
        messages.success(request, _("Đã trả danh sách về bản nháp."))
    return redirect("leaderboards:award_list", pk=award_list.pk)


@login_required
@require_POST
def award_list_publish(request: HttpRequest, pk: int) -> HttpResponse:
    award_list = reads.get_list_for_manager(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thiếu xác nhận danh sách bạn đã xem. Hãy tải lại trang rồi công bố."))
        return redirect("leaderboards:award_list", pk=award_list.pk)
    try:
        services.publish(actor=request.user, award_list=award_list, seen_hash=form.cleaned_data["seen_hash"])
    except ValidationError as exc:
        refusals.as_messages(request, exc)
    else:
        messages.success(request, _("Đã công bố. Danh sách không thể sửa nữa; nếu sai, hãy lập bản đính chính."))
    return redirect("leaderboards:award_list", pk=award_list.pk)


@login_required
@require_http_methods(["GET", "POST"])
def award_list_correct(request: HttpRequest, pk: int) -> HttpResponse:
    award_list = reads.get_list_for_manager(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.start_correction(
                actor=request.user, award_list=award_list, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            refusals.on_form(form, exc)
        else:
            messages.success(
                request, _("Đã tạo bản đính chính (bản nháp). Danh sách cũ vẫn có hiệu lực đến khi công bố bản này.")
            )
            return redirect("leaderboards:award_list", pk=correction.pk)
    return render(request, "leaderboards/awards/correct.html", {"form": form, "award_list": award_list})


@login_required
@require_GET
def award_list_excel(request: HttpRequest, pk: int) -> HttpResponse:
    access = reads.list_access(request.user, pk)
    award_list = access.award_list
    if award_list.is_frozen:
        rows = drafting.stored_rows(award_list)
        caption = _("%(title)s · %(body)s · công bố %(at)s · SHA-256 %(hash)s") % {
            "title": award_list.title,
            "body": award_list.body.name,
            "at": award_list.published_at.strftime("%d/%m/%Y"),
            "hash": award_list.content_hash,
        }
    else:
        draft = drafting.draft(award_list)
        rows = draft.rows
        caption = _("BẢN NHÁP, chưa công bố: %(title)s · %(body)s") % {
            "title": award_list.title,
            "body": award_list.body.name,
        }
        if not draft.ok:
            caption += " · " + draft.problem
    headers = [
        _("STT"),
        _("Họ và tên / tên"),
        _("Tổ"),
        _("Đơn vị"),
        _("Giải"),
        _("Đối tượng"),
        _("Hạng"),
        _("Điểm"),
        _("Số điện thoại"),
    ]
    table = [
        [
            r["position"],
            r["name"],
            r["team_name"],
            r["unit_name"],
            r["tier"],
            r["category_label"],
            r["rank"],
            r["total"],
            r["masked_phone"],
        ]
        for r in drafting.labelled_rows(rows)
    ]
    return table_download(f"danh-sach-dat-giai-{award_list.pk}", award_list.title, headers, table, caption=caption)


# --- Public ------------------------------------------------------------------------------------


def _public_context(request: HttpRequest, token: str) -> dict:
    award_list = reads.public_list(token)
    rows = list(award_list.rows.all())
    return {
        "award_list": award_list,
        "rows": rows,
        "people": award_list.ranked == AwardList.Ranked.PEOPLE,
        "has_categories": any(row.category for row in rows),
        "public_url": request.build_absolute_uri(),
        "og": cards.public_card(request, award_list),
    }


@require_GET
def public_list(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "leaderboards/awards/public.html", _public_context(request, token))


@require_GET
def public_annex(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "leaderboards/awards/annex.html", _public_context(request, token))
