"""Writes to units, teams and roles. Views and commands call these."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Affiliation, Membership, RoleAssignment, Team, Unit, User


def create_unit(*, name: str, kind: str, parent: Unit | None = None, code: str = "") -> Unit:
    name = name.strip()
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if Unit.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(_("Đã có đơn vị tên “%(name)s” ở cấp này.") % {"name": name})
    with transaction.atomic():
        unit = Unit.objects.create(name=name, kind=kind, parent=parent, code=code, path="")
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.depth = parent.depth + 1 if parent else 0
        unit.save(update_fields=["path", "depth"])
    return unit


def get_or_create_unit(*, name: str, kind: str, parent: Unit | None = None, code: str = "") -> Unit:
    existing = Unit.objects.filter(code=code).first() if code else None
    existing = existing or Unit.objects.filter(parent=parent, name=name).first()
    return existing or create_unit(name=name, kind=kind, parent=parent, code=code)


def rename_unit(*, unit: Unit, name: str) -> Unit:
    name = name.strip()
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if Unit.objects.filter(parent=unit.parent, name=name).exclude(pk=unit.pk).exists():
        raise ValidationError(_("Đã có đơn vị tên “%(name)s” ở cấp này.") % {"name": name})
    unit.name = name
    unit.save(update_fields=["name"])
    return unit


def create_team(*, unit: Unit, name: str, size_limit: int | None = None) -> Team:
    name = name.strip()
    if not name:
        raise ValidationError(_("Tên tổ không được để trống."))
    if Team.objects.filter(unit=unit, name=name).exists():
        raise ValidationError(_("Đơn vị này đã có tổ tên “%(name)s”.") % {"name": name})
    return Team.objects.create(unit=unit, name=name, size_limit=size_limit, invite_token=_new_token())


def rotate_invite(*, team: Team) -> Team:
    team.invite_token = _new_token()
    team.save(update_fields=["invite_token"])
    return team


def _new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


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
    team = Team.objects.filter(invite_token=token).first() if token else None
    if team is None:
        raise ValidationError(_("Liên kết mời không hợp lệ hoặc đã được thay mới. Hãy xin tổ trưởng liên kết mới."))
    return add_member(team=team, user=user, affiliation=affiliation)


def remove_member(*, membership: Membership) -> None:
    membership.delete()


def set_member_role(*, membership: Membership, role: str) -> Membership:
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


def revoke_role(*, assignment: RoleAssignment, revoked_by: User | None = None) -> None:
    if revoked_by is not None and assignment.user_id == revoked_by.pk and not revoked_by.is_superuser:
        # Nobody locks themselves out by accident; another organiser above them can do it.
        raise ValidationError(_("Bạn không thể tự thu hồi quyền của chính mình."))
    assignment.delete()


def set_member_affiliation(*, membership: Membership, affiliation: str) -> Membership:
    if affiliation not in Affiliation.values:
        raise ValidationError(_("Hãy chọn một tổ chức trong danh sách."))
    membership.affiliation = affiliation
    membership.save(update_fields=["affiliation"])
    return membership


def set_team_size_limit(*, team: Team, size_limit: int | None) -> Team:
    """Change the most members a team may have; never below who is already in it."""
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if size_limit is not None:
            if size_limit < 1:
                raise ValidationError(_("Số thành viên tối đa phải lớn hơn 0."))
            members = team.memberships.count()
            if size_limit < members:
                raise ValidationError(
                    _("Tổ đang có %(members)d thành viên, không thể đặt giới hạn %(limit)d.")
                    % {"members": members, "limit": size_limit}
                )
        team.size_limit = size_limit
        team.save(update_fields=["size_limit"])
    return team
