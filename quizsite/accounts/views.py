"""Units, teams, rosters, invitations and officer roles.

Every write is a plain form POST that calls a service and redirects back
with a message; refusals come back as Vietnamese messages and change nothing.
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizsite.flash import flash_errors

from . import cards, selectors, services
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
    can_rename_unit,
    can_reset_password,
    can_set_size_limit,
    get_membership_for_manager,
    get_role_assignment_for_organiser,
    get_team_for_manager,
    get_team_for_reader,
    get_unit_for_officer,
    get_unit_for_organiser,
    is_organiser_of,
    require_role,
    role_revoker,
    team_rights,
)

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
    officers = list(selectors.officers_of_unit(unit))
    can_revoke = role_revoker(request.user, unit)
    children = selectors.child_units(unit)
    context = {
        "unit": unit,
        # Only the part of the path the officer may open is linked.
        "ancestors": [a for a in unit.ancestors() if a.pk != unit.pk and any(a.is_within(r) for r in roots)],
        "children": children,
        # A commune's teams sit in its hamlets: right after an import its own list is empty.
        "teams_below": sum(node.team_count for node in children),
        "teams": selectors.teams_of_unit(unit),
        "officers": [(assignment, can_revoke(assignment)) for assignment in officers],
        "can_edit": can_edit,
        "can_rename": can_rename_unit(request.user, unit),
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
        flash_errors(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    try:
        child = services.create_unit(name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], parent=unit)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("accounts:unit_detail", unit.pk)
    messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": child.name})
    return redirect("accounts:unit_detail", unit.pk)


@require_POST
@login_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = RenameUnitForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    try:
        services.rename_unit(actor=request.user, unit=unit, name=form.cleaned_data["name"])
        messages.success(request, _("Đã đổi tên đơn vị."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("accounts:unit_detail", unit.pk)


@require_POST
@login_required
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = TeamForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    try:
        team = services.create_team(unit=unit, name=form.cleaned_data["name"])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("accounts:unit_detail", unit.pk)
    messages.success(request, _("Đã lập tổ “%(name)s”. Gửi liên kết mời cho tổ trưởng.") % {"name": team.name})
    return redirect("accounts:team_detail", team.pk)


@require_POST
@login_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_organiser(request.user, pk)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:unit_detail", unit.pk)
    person = form.cleaned_data["phone"]
    try:
        assignment = services.grant_role(
            user=person, role=form.cleaned_data["role"], unit=unit, granted_by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
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
        services.revoke_role(actor=request.user, assignment=assignment)
        messages.success(
            request,
            _("Đã thu hồi vai trò “%(role)s” của %(name)s.")
            % {"role": assignment.get_role_display(), "name": assignment.user.display_name},
        )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("accounts:unit_detail", assignment.unit_id)


# --- Teams ----------------------------------------------------------------


def _invite_url(request: HttpRequest, team: Team) -> str:
    return request.build_absolute_uri(reverse("accounts:join", args=[team.invite_token]))


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_reader(request.user, pk)
    members = selectors.roster(team)
    rights = team_rights(request.user, team)
    role_choices = [c for c in Membership.Role.choices if rights.can_appoint_leader or c[0] != Membership.Role.LEADER]
    context = {
        "team": team,
        "rows": [(m, rights.can_change(m), rights.can_reset_password(m)) for m in members],
        "member_count": len(members),
        "manage": rights.manage,
        "can_set_size_limit": rights.can_set_size_limit,
        "officer_reader": rights.officer_reader,
        "role_choices": role_choices,
        "affiliations": Affiliation.choices,
        "invite_url": _invite_url(request, team) if rights.manage else "",
        "without_password": sum(not m.user.has_usable_password() for m in members) if rights.manage else 0,
    }
    if rights.can_set_size_limit:
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
    if not can_set_size_limit(request.user, team):
        raise PermissionDenied
    form = SizeLimitForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:team_detail", team.pk)
    try:
        services.set_team_size_limit(actor=request.user, team=team, size_limit=form.cleaned_data["size_limit"])
        messages.success(request, _("Đã lưu số thành viên tối đa."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("accounts:team_detail", team.pk)


@require_POST
@login_required
def member_role(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    membership = get_membership_for_manager(request.user, team_pk, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:team_detail", membership.team_id)
    try:
        services.set_member_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        messages.success(
            request,
            _("%(name)s giờ là %(role)s.")
            % {"name": membership.user.display_name, "role": membership.get_role_display().lower()},
        )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("accounts:team_detail", membership.team_id)


@require_POST
@login_required
def member_affiliation(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    membership = get_membership_for_manager(request.user, team_pk, pk)
    form = AffiliationForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
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


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def member_password(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    """An organiser gives a member who signs in by phone a temporary password, shown once."""
    team = get_team_for_reader(request.user, team_pk)
    try:
        membership = team.memberships.select_related("user", "team__unit").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None
    context = {"membership": membership, "team": team}
    if request.method == "POST":
        context["password"] = services.reset_member_password(actor=request.user, membership=membership)
    elif not can_reset_password(request.user, membership):
        raise PermissionDenied
    return render(request, "accounts/member_password.html", context)


# --- Joining by invite ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    team = services.team_for_invite(token)
    if team is None:
        return render(request, "accounts/join_invalid.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        form = AffiliationForm(request.POST)
        if not form.is_valid():
            flash_errors(request, form)
            return redirect("accounts:join", token)
        try:
            services.join_by_invite(token=token, user=request.user, affiliation=form.cleaned_data["affiliation"])
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("accounts:join", token)
        messages.success(request, _("Chào mừng bạn đến với “%(team)s”!") % {"team": team.name})
        return redirect("accounts:team_detail", team.pk)
    context = {
        "team": team,
        "member_count": team.memberships.count(),
        "form": AffiliationForm(),
        "og": cards.invite_card(request, team),
    }
    if request.user.is_authenticated:
        context["current"] = Membership.objects.filter(user=request.user).select_related("team").first()
    return render(request, "accounts/join.html", context)


# --- The admin's sign-in ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """Django admin's own login form has no rate limit: the admin signs in where everyone does.

    Whatever is posted here is never checked; it only leads to the site's
    sign-in page (with its per-account and per-address limits), which comes
    back to the admin page asked for.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect(next_url)
        # Signed in but not staff: the sign-in page would only send them back here.
        raise PermissionDenied
    return redirect_to_login(next_url, login_url=reverse("account_login"))
