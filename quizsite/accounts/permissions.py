"""Who may see what: officer roles are scoped to unit subtrees.

Every officer page goes through these helpers, so the rule lives in one
place: an object outside the officer's subtrees is a 404 (we do not even
confirm it exists); a signed-in person with no officer role at all is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Membership, RoleAssignment, Team, Unit

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


# Who may open the unit pages and the rosters of teams under them; organisers
# also change them, viewers only read.
UNIT_READERS = (Role.ORGANISER, Role.VIEWER)


def get_team_for_reader(user, pk: int) -> Team:
    """A team page: its own members, and organisers/viewers whose subtree holds it.

    Anyone else who holds a reading role gets a 404 (outside their subtree);
    a signed-in person with neither membership nor role gets a 403.
    """
    team = Team.objects.select_related("unit").filter(pk=pk).first()
    if team is not None and team.memberships.filter(user=user).exists():
        return team
    units = require_role(user, *UNIT_READERS)
    if team is None or not any(team.unit.is_within(unit) for unit in units):
        raise Http404
    return team


def get_team_for_manager(user, pk: int) -> Team:
    """A team whose roster ``user`` may change: its leader, deputy, or an organiser above it."""
    team = get_team_for_reader(user, pk)
    if not can_manage_team(user, team):
        raise PermissionDenied
    return team


def is_organiser_of(user, unit: Unit) -> bool:
    return any(unit.is_within(scope) for scope in officer_units(user, [Role.ORGANISER]))


def get_unit_for_organiser(user, pk: int) -> Unit:
    """A unit ``user`` may change. Viewers in scope get a 403, outsiders a 404."""
    unit = get_unit_for_officer(user, pk, *UNIT_READERS)
    if not is_organiser_of(user, unit):
        raise PermissionDenied
    return unit


def get_role_assignment_for_organiser(user, pk: int) -> RoleAssignment:
    units = require_role(user, *UNIT_READERS)
    try:
        assignment = RoleAssignment.objects.select_related("unit", "user").filter(scope_q(units)).get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise Http404 from None
    if not is_organiser_of(user, assignment.unit):
        raise PermissionDenied
    return assignment


def membership_editor(user, team: Team) -> Callable[[Membership], bool]:
    """Which rows of ``team``'s roster ``user`` may change, decided with two queries.

    Organisers above the team change anyone; the leader changes everyone else;
    the deputy changes everyone but the leader. Nobody demotes or removes
    themselves from here by accident (a leader hands over by naming another).
    """
    if is_organiser_of(user, team.unit):
        return lambda membership: True
    own = team.memberships.filter(user=user).values_list("role", flat=True).first()

    def can_change(membership: Membership) -> bool:
        if membership.user_id == user.pk:
            return False
        if own == Membership.Role.LEADER:
            return True
        return own == Membership.Role.DEPUTY and membership.role != Membership.Role.LEADER

    return can_change


def can_change_membership(user, membership: Membership) -> bool:
    return membership_editor(user, membership.team)(membership)


def get_membership_for_manager(user, team_pk: int, pk: int) -> Membership:
    team = get_team_for_manager(user, team_pk)
    try:
        membership = team.memberships.select_related("user", "team__unit").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None
    if not can_change_membership(user, membership):
        raise PermissionDenied
    return membership


def can_appoint_leader(user, team: Team) -> bool:
    """Naming a new leader demotes the old one, so only the leader or an organiser may."""
    if is_organiser_of(user, team.unit):
        return True
    return team.memberships.filter(user=user, role=Membership.Role.LEADER).exists()
