"""Units, teams, rosters, invitations and officer roles.

Every write is a plain form POST that calls a service and redirects back
with a message; refusals come back as Vietnamese messages and change nothing.
"""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import (
    AffiliationForm,
    ChildUnitForm,
    GrantRoleForm,
    MemberRoleForm,
    RenameUnitForm,
    SizeLimitForm,
    TeamForm,
)
from .models import Affiliation, Membership, Team
from .permissions import (
    UNIT_READERS,
    can_appoint_leader,
    can_manage_team,
    get_membership_for_manager,
    get_role_assignment_for_organiser,
    get_team_for_manager,
    get_team_for_reader,
    get_unit_for_officer,
    get_unit_for_organiser,
    is_organiser_of,
    membership_editor,
    officer_units,
    require_role,
)

# What services._new_token makes (secrets.token_urlsafe); anything else is no
# invitation, and is never sent to the database (PostgreSQL refuses a NUL).
INVITE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _flash(request: HttpRequest, error: ValidationError | Form) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
        return
    for field, errors in error.errors.items():
        label = error.fields[field].label if field in error.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


# --- Units ----------------------------------------------------------------


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    roots = require_role(request.user, *UNIT_READERS)
    return render(request, "accounts/unit_list.html", {"tree": selectors.unit_tree(roots)})


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_officer(request.user, pk, *UNIT_READERS)
    roots = require_role(request.user, *UNIT_READERS)
    can_edit = is_organiser_of(request.user, unit)
    context = {
        "unit": unit,
        # Only the part of the path the officer may open is linked.
        "ancestors": [a for a in unit.ancestors() if a.pk != unit.pk and any(a.is_within(r) for r in roots)],
        "children": selectors.child_units(unit),
        "teams": selectors.teams_of_unit(unit),
        "officers": selectors.officers_of_unit(unit),
        "can_edit": can_edit,
    }
    if can_edit:
        context |= {
            "child_form": ChildUnitForm(),
            "rename_form": RenameUnitForm(initial={"name": unit.name}),
            "team_form": TeamForm(),
            "grant_form": GrantRoleForm(),
        }
    return render(request, "accounts/unit_detail.html", context)


@require_POST
@login_required
def unit_add_child(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = ChildUnitForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    try:
        child = services.create_unit(name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], parent=unit)
    except ValidationError as error:
        _flash(request, error)
        return redirect("accounts:unit_detail", unit.pk)
    messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": child.name})
    return redirect("accounts:unit_detail", unit.pk)


@require_POST
@login_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = RenameUnitForm(request.POST)
    if unit.code:
        messages.error(request, _("Tên tỉnh, xã, phường theo danh mục hành chính không đổi ở đây."))
    elif not form.is_valid():
        _flash(request, form)
    else:
        try:
            services.rename_unit(unit=unit, name=form.cleaned_data["name"])
            messages.success(request, _("Đã đổi tên đơn vị."))
        except ValidationError as error:
            _flash(request, error)
    return redirect("accounts:unit_detail", unit.pk)


@require_POST
@login_required
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = TeamForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    try:
        team = services.create_team(unit=unit, name=form.cleaned_data["name"])
    except ValidationError as error:
        _flash(request, error)
        return redirect("accounts:unit_detail", unit.pk)
    messages.success(request, _("Đã lập tổ “%(name)s”. Gửi liên kết mời cho tổ trưởng.") % {"name": team.name})
    return redirect("accounts:team_detail", team.pk)


@require_POST
@login_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    person = form.cleaned_data["phone"]
    try:
        assignment = services.grant_role(
            user=person, role=form.cleaned_data["role"], unit=unit, granted_by=request.user
        )
    except ValidationError as error:
        _flash(request, error)
        return redirect("accounts:unit_detail", unit.pk)
    messages.success(
        request,
        _("Đã giao vai trò “%(role)s” cho %(name)s.")
        % {"role": assignment.get_role_display(), "name": person.display_name},
    )
    return redirect("accounts:unit_detail", unit.pk)


@require_POST
@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_role_assignment_for_organiser(request.user, pk)
    try:
        services.revoke_role(assignment=assignment, revoked_by=request.user)
        messages.success(
            request,
            _("Đã thu hồi vai trò “%(role)s” của %(name)s.")
            % {"role": assignment.get_role_display(), "name": assignment.user.display_name},
        )
    except ValidationError as error:
        _flash(request, error)
    return redirect("accounts:unit_detail", assignment.unit_id)


# --- Teams ----------------------------------------------------------------


def _invite_url(request: HttpRequest, team: Team) -> str:
    return request.build_absolute_uri(reverse("accounts:join", args=[team.invite_token]))


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_reader(request.user, pk)
    members = selectors.roster(team)
    manage = can_manage_team(request.user, team)
    can_change = membership_editor(request.user, team) if manage else (lambda membership: False)
    leader_choice = manage and can_appoint_leader(request.user, team)
    role_choices = [c for c in Membership.Role.choices if leader_choice or c[0] != Membership.Role.LEADER]
    context = {
        "team": team,
        "rows": [(m, manage and can_change(m)) for m in members],
        "member_count": len(members),
        "manage": manage,
        "is_organiser": is_organiser_of(request.user, team.unit),
        "officer_reader": any(team.unit.is_within(u) for u in officer_units(request.user, UNIT_READERS)),
        "role_choices": role_choices,
        "affiliations": Affiliation.choices,
        "invite_url": _invite_url(request, team) if manage else "",
    }
    if context["is_organiser"]:
        context["size_form"] = SizeLimitForm(initial={"size_limit": team.size_limit})
    return render(request, "accounts/team_detail.html", context)


@require_GET
@login_required
def team_qr(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_manager(request.user, pk)
    image = qrcode.make(_invite_url(request, team), image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    # The link inside is a secret that rotates: never keep an old one in a cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def team_rotate_invite(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_manager(request.user, pk)
    services.rotate_invite(team=team)
    messages.success(request, _("Đã tạo liên kết mời mới. Liên kết cũ không còn dùng được."))
    return redirect("accounts:team_detail", team.pk)


@require_POST
@login_required
def team_size_limit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_reader(request.user, pk)
    if not is_organiser_of(request.user, team.unit):
        raise PermissionDenied
    form = SizeLimitForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
        return redirect("accounts:team_detail", team.pk)
    try:
        services.set_team_size_limit(team=team, size_limit=form.cleaned_data["size_limit"])
        messages.success(request, _("Đã lưu số thành viên tối đa."))
    except ValidationError as error:
        _flash(request, error)
    return redirect("accounts:team_detail", team.pk)


@require_POST
@login_required
def member_role(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    membership = get_membership_for_manager(request.user, team_pk, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
    elif form.cleaned_data["role"] == Membership.Role.LEADER and not can_appoint_leader(request.user, membership.team):
        messages.error(request, _("Chỉ tổ trưởng hoặc cán bộ tổ chức mới giao được vai trò tổ trưởng."))
    else:
        services.set_member_role(membership=membership, role=form.cleaned_data["role"])
        messages.success(
            request,
            _("%(name)s giờ là %(role)s.")
            % {"name": membership.user.display_name, "role": membership.get_role_display().lower()},
        )
    return redirect("accounts:team_detail", membership.team_id)


@require_POST
@login_required
def member_affiliation(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    membership = get_membership_for_manager(request.user, team_pk, pk)
    form = AffiliationForm(request.POST)
    if not form.is_valid():
        _flash(request, form)
    else:
        services.set_member_affiliation(membership=membership, affiliation=form.cleaned_data["affiliation"])
        messages.success(request, _("Đã lưu tổ chức của %(name)s.") % {"name": membership.user.display_name})
    return redirect("accounts:team_detail", membership.team_id)


@require_http_methods(["GET", "POST"])
@login_required
def member_remove(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    membership = get_membership_for_manager(request.user, team_pk, pk)
    if request.method == "GET":
        return render(request, "accounts/member_remove.html", {"membership": membership, "team": membership.team})
    services.remove_member(membership=membership)
    messages.success(request, _("Đã đưa %(name)s ra khỏi tổ.") % {"name": membership.user.display_name})
    return redirect("accounts:team_detail", membership.team_id)


# --- Joining by invite ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    valid = INVITE_TOKEN.fullmatch(token)
    team = Team.objects.select_related("unit").filter(invite_token=token).first() if valid else None
    if team is None:
        return render(request, "accounts/join_invalid.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        form = AffiliationForm(request.POST)
        if not form.is_valid():
            _flash(request, form)
            return redirect("accounts:join", token)
        try:
            services.join_by_invite(token=token, user=request.user, affiliation=form.cleaned_data["affiliation"])
        except ValidationError as error:
            _flash(request, error)
            return redirect("accounts:join", token)
        messages.success(request, _("Chào mừng bạn đến với “%(team)s”!") % {"team": team.name})
        return redirect("accounts:team_detail", team.pk)
    context = {"team": team, "member_count": team.memberships.count(), "form": AffiliationForm()}
    if request.user.is_authenticated:
        context["current"] = Membership.objects.filter(user=request.user).select_related("team").first()
    return render(request, "accounts/join.html", context)
