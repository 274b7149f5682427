"""Writes to units, teams and roles. Views and commands call these."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .adapter import clear_failed_sign_ins
from .models import Affiliation, Membership, RoleAssignment, Team, Unit, User
from .permissions import (
    can_appoint_leader,
    can_change_membership,
    can_rename_unit,
    can_reset_password,
    can_revoke_role,
    can_set_size_limit,
    is_organiser_of,
)


def _clean_name(name: str) -> str:
    """What people type, with the stray spaces of a phone keyboard gone."""
    return " ".join(name.split())


def _named(siblings: QuerySet, name: str):
    """The sibling called ``name``, whatever its case ("Ấp 1" is "ấp 1")."""
    folded = name.casefold()
    return next((row for row in siblings.only("pk", "name") if row.name.casefold() == folded), None)


def _unit_name_taken(name: str) -> ValidationError:
    return ValidationError(_("Đã có đơn vị tên “%(name)s” ở cấp này.") % {"name": name}, code="duplicate")


def create_unit(*, name: str, kind: str, parent: Unit | None = None, code: str = "") -> Unit:
    name = _clean_name(name)
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if _named(Unit.objects.filter(parent=parent), name):
        raise _unit_name_taken(name)
    try:
        with transaction.atomic():
            unit = Unit.objects.create(name=name, kind=kind, parent=parent, code=code, path="")
            unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
            unit.depth = parent.depth + 1 if parent else 0
            unit.save(update_fields=["path", "depth"])
    except IntegrityError:
        # Two identical adds at once (a double tap, two tabs): the other one won.
        if _named(Unit.objects.filter(parent=parent), name):
            raise _unit_name_taken(name) from None
        raise
    return unit


def get_or_create_unit(*, name: str, kind: str, parent: Unit | None = None, code: str = "") -> Unit:
    existing = Unit.objects.filter(code=code).first() if code else None
    existing = existing or _named(Unit.objects.filter(parent=parent), _clean_name(name))
    if existing:
        return existing
    try:
        return create_unit(name=name, kind=kind, parent=parent, code=code)
    except ValidationError as error:
        if error.code != "duplicate":
            raise
        return _named(Unit.objects.filter(parent=parent), _clean_name(name))


def rename_unit(*, actor: User, unit: Unit, name: str) -> Unit:
    if not is_organiser_of(actor, unit):
        raise PermissionDenied
    if not can_rename_unit(actor, unit):
        raise ValidationError(_("Tên tỉnh, xã, phường theo danh mục hành chính không đổi ở đây."))
    name = _clean_name(name)
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if _named(Unit.objects.filter(parent=unit.parent).exclude(pk=unit.pk), name):
        raise _unit_name_taken(name)
    unit.name = name
    try:
        with transaction.atomic():
            unit.save(update_fields=["name"])
    except IntegrityError:
        raise _unit_name_taken(name) from None
    return unit


def _team_name_taken(name: str) -> ValidationError:
    return ValidationError(_("Đơn vị này đã có tổ tên “%(name)s”.") % {"name": name}, code="duplicate")


def create_team(*, unit: Unit, name: str, size_limit: int | None = None) -> Team:
    name = _clean_name(name)
    if not name:
        raise ValidationError(_("Tên tổ không được để trống."))
    if _named(Team.objects.filter(unit=unit), name):
        raise _team_name_taken(name)
    try:
        with transaction.atomic():
            return Team.objects.create(unit=unit, name=name, size_limit=size_limit, invite_token=new_invite_token())
    except IntegrityError:
        # Two identical creates at once (a double tap, two tabs): the other one won.
        if _named(Team.objects.filter(unit=unit), name):
            raise _team_name_taken(name) from None
        raise


def rotate_invite(*, team: Team) -> Team:
    team.invite_token = new_invite_token()
    team.save(update_fields=["invite_token"])
    return team


def new_invite_token() -> str:
    return secrets.token_urlsafe(16)[:22]


# What new_invite_token makes; anything else names no team and never reaches the
# database (PostgreSQL refuses a NUL in a query).
INVITE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")


def team_for_invite(token: str) -> Team | None:
    """The team an invite link names, or None for a token that is not one of ours or was replaced."""
    if not INVITE_TOKEN.fullmatch(token or ""):
        return None
    return Team.objects.select_related("unit__parent").filter(invite_token=token).first()


def add_member(
    *,
    team: Team,
    user: User,
    role: str = Membership.Role.MEMBER,
    affiliation: str = Affiliation.OTHER,
) -> Membership:
    """Put ``user`` in ``team``, keeping the size limit even under races.

    The team row is locked so two people joining by the last free place at
    the same moment cannot both get it.
    """
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        current = Membership.objects.filter(user=user).select_related("team").first()
        if current and current.team_id == team.pk:
            raise ValidationError(_("Bạn đã là thành viên của tổ này."))
        if current:
            raise ValidationError(
                _("%(user)s đang là thành viên của “%(team)s”. Mỗi người chỉ ở một tổ.")
                % {"user": user.display_name, "team": current.team.name}
            )
        if team.memberships.count() >= team.max_members:
            raise ValidationError(
                _("Tổ “%(team)s” đã đủ %(limit)d thành viên, không thể thêm người.")
                % {"team": team.name, "limit": team.max_members}
            )
        if role != Membership.Role.MEMBER and team.memberships.filter(role=role).exists():
            raise ValidationError(_("Tổ đã có %(role)s.") % {"role": Membership.Role(role).label.lower()})
        try:
            with transaction.atomic():
                return Membership.objects.create(team=team, user=user, role=role, affiliation=affiliation)
        except IntegrityError:
            raise ValidationError(_("Không thể thêm thành viên, vui lòng thử lại.")) from None


def join_by_invite(*, token: str, user: User, affiliation: str = Affiliation.OTHER) -> Membership:
    team = team_for_invite(token)
    if team is None:
        raise ValidationError(_("Liên kết mời không hợp lệ hoặc đã được thay mới. Hãy xin tổ trưởng liên kết mới."))
    return add_member(team=team, user=user, affiliation=affiliation)


def remove_member(*, membership: Membership) -> None:
    membership.delete()


def set_member_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Make a member leader, deputy or plain member; naming a leader or deputy hands the post over."""
    if not can_change_membership(actor, membership):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    if role == Membership.Role.LEADER and not can_appoint_leader(actor, membership.team):
        raise ValidationError(_("Chỉ tổ trưởng hoặc cán bộ tổ chức mới giao được vai trò tổ trưởng."))
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=membership.team_id)
        if role != Membership.Role.MEMBER:
            # Hand the post over: the previous holder becomes a plain member.
            Membership.objects.filter(team_id=membership.team_id, role=role).exclude(pk=membership.pk).update(
                role=Membership.Role.MEMBER
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def grant_role(*, user: User, role: str, unit: Unit, granted_by: User | None = None) -> RoleAssignment:
    """Give ``user`` an officer role over ``unit``'s subtree.

    When an officer grants it, the unit must lie inside a subtree where they
    are organiser: nobody hands out power above their own unit.
    """
    if role not in RoleAssignment.Role.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    if granted_by is not None and not granted_by.is_superuser:
        organiser_units = Unit.objects.filter(
            role_assignments__user=granted_by, role_assignments__role=RoleAssignment.Role.ORGANISER
        )
        if not any(unit.is_within(scope) for scope in organiser_units):
            raise ValidationError(_("Bạn chỉ có thể phân quyền trong đơn vị mình phụ trách."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": granted_by}
    )
    return assignment


def revoke_role(*, actor: User, assignment: RoleAssignment) -> None:
    if not is_organiser_of(actor, assignment.unit):
        raise PermissionDenied
    if not can_revoke_role(actor, assignment):
        # Nobody locks themselves out by accident; another organiser above them can do it.
        raise ValidationError(_("Bạn không thể tự thu hồi quyền của chính mình."))
    assignment.delete()


def set_member_affiliation(*, membership: Membership, affiliation: str) -> Membership:
    if affiliation not in Affiliation.values:
        raise ValidationError(_("Hãy chọn một tổ chức trong danh sách."))
    membership.affiliation = affiliation
    membership.save(update_fields=["affiliation"])
    return membership


def set_team_size_limit(*, actor: User, team: Team, size_limit: int | None) -> Team:
    """Change the most members a team may have (None: the common limit); never below who is already in it."""
    if not can_set_size_limit(actor, team):
        raise PermissionDenied
    if size_limit is not None and size_limit < 1:
        raise ValidationError(_("Số thành viên tối đa phải lớn hơn 0."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        members = team.memberships.count()
        if size_limit is not None and size_limit < members:
            raise ValidationError(
                _("Tổ đang có %(members)d thành viên, không thể đặt giới hạn %(limit)d.")
                % {"members": members, "limit": size_limit}
            )
        if size_limit is None and settings.TEAM_SIZE_LIMIT < members:
            raise ValidationError(
                _(
                    "Tổ đang có %(members)d thành viên, nhiều hơn giới hạn chung %(limit)d: "
                    "hãy giữ một giới hạn riêng từ %(members)d trở lên."
                )
                % {"members": members, "limit": settings.TEAM_SIZE_LIMIT}
            )
        team.size_limit = size_limit
        team.save(update_fields=["size_limit"])
    return team


# Letters and digits that cannot be misread when an officer reads them out
# over the phone (no 0/o, 1/l/i).
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def reset_member_password(*, actor: User, membership: Membership) -> str:
    """Give a team member who cannot use the e-mail reset a temporary password; return it once.

    The officer reads it to the member, who signs in with it and is asked
    at once to choose their own. Sessions signed in with the old password end.
    """
    membership = Membership.objects.select_related("user", "team__unit").get(pk=membership.pk)
    if not can_reset_password(actor, membership):
        raise PermissionDenied
    password = "-".join("".join(secrets.choice(_TEMPORARY_ALPHABET) for _i in range(4)) for _group in range(3))
    user = membership.user
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    # Their own wrong guesses must not keep them out of the password just given.
    clear_failed_sign_ins(user)
    return password
