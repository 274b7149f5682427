"""Who may see what: officer roles are scoped to unit subtrees.

Every officer page goes through these helpers, so the rule lives in one
place: an object outside the officer's subtrees is a 404 (we do not even
confirm it exists); a signed-in person with no officer role at all is a 403.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import RoleAssignment, Team, Unit

Role = RoleAssignment.Role


def officer_units(user, roles: Iterable[str]) -> list[Unit]:
    """The roots of the subtrees where ``user`` holds any of ``roles``."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    return [
        assignment.unit
        for assignment in RoleAssignment.objects.filter(user=user, role__in=list(roles)).select_related("unit")
    ]


def has_role(user, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or RoleAssignment.objects.filter(user=user, role__in=roles).exists()


def require_role(user, *roles: str) -> list[Unit]:
    units = officer_units(user, roles)
    if not units:
        raise PermissionDenied
    return units


def scope_q(units: Iterable[Unit], field: str = "unit") -> Q:
    """A filter for rows whose ``field`` unit lies in one of ``units``' subtrees."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{field}__path__startswith": unit.path})
    return q


def units_in_scope(user, *roles: str) -> QuerySet[Unit]:
    return Unit.objects.within_any(require_role(user, *roles))


def get_unit_for_officer(user, pk: int, *roles: str) -> Unit:
    try:
        return units_in_scope(user, *roles).get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None


def get_team_for_officer(user, pk: int, *roles: str) -> Team:
    units = require_role(user, *roles)
    try:
        return Team.objects.select_related("unit").filter(scope_q(units)).get(pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def can_manage_team(user, team: Team) -> bool:
    """Team leaders and deputies manage their own roster; organisers above them too."""
    if not user.is_authenticated:
        return False
    if team.memberships.filter(user=user, role__in=["leader", "deputy"]).exists():
        return True
    return any(team.unit.is_within(unit) for unit in officer_units(user, [Role.ORGANISER]))
