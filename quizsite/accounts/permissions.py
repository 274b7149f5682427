"""Who may see what: officer roles are scoped to unit subtrees.

Every officer page goes through these helpers, so the rule lives in one
place: an object outside the officer's subtrees is a 404 (we do not even
confirm it exists); a signed-in person with no officer role at all is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

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


def officer_units_by_role(user, roles: Iterable[str]) -> dict[str, list[Unit]]:
    """The roots of ``user``'s subtrees for each of ``roles``, in one query."""
    roles = list(roles)
    found: dict[str, list[Unit]] = {role: [] for role in roles}
    if not user.is_authenticated:
        return found
    if user.is_superuser:
        roots = list(Unit.objects.filter(parent__isnull=True))
        return {role: roots for role in roles}
    for assignment in RoleAssignment.objects.filter(user=user, role__in=roles).select_related("unit"):
        found[assignment.role].append(assignment.unit)
    return found


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


def get_membership_for_manager(user, team_pk: int, pk: int) -> Membership:
    team = get_team_for_manager(user, team_pk)
    try:
        membership = team.memberships.select_related("user", "team__unit").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None
    if not can_change_membership(user, membership):
        raise PermissionDenied
    return membership


def can_rename_unit(user, unit: Unit) -> bool:
    """Organisers rename what they added; names from the administrative list (with a code) stay as written."""
    return not unit.code and is_organiser_of(user, unit)


def role_revoker(user, unit: Unit) -> Callable[[RoleAssignment], bool]:
    """Which of ``unit``'s officer roles ``user`` may take away, decided with one query.

    Organisers over the unit may, except their own role: nobody locks
    themselves out by accident (an organiser above them can do it).
    """
    if not is_organiser_of(user, unit):
        return lambda assignment: False
    return lambda assignment: assignment.user_id != user.pk or user.is_superuser


def can_revoke_role(user, assignment: RoleAssignment) -> bool:
    return role_revoker(user, assignment.unit)(assignment)


class TeamRights:
    """What one person may do on one team's page, decided once for the whole roster.

    The roster page asks for every row; this answers from two queries (their
    own place in the team and their officer roles), plus one for the members'
    own officer roles when a password reset is asked about.
    """

    def __init__(self, user, team: Team) -> None:
        self.user = user
        self.team = team
        own = team.memberships.filter(user=user).first() if user.is_authenticated else None
        self.own_role: str | None = own.role if own else None
        self.leads = bool(own and own.leads)
        roles = officer_units_by_role(user, UNIT_READERS)
        self.organiser_scopes = roles[Role.ORGANISER]
        self.organiser = any(team.unit.is_within(u) for u in self.organiser_scopes)
        # Organisers and viewers above the team read its page through the unit pages.
        self.officer_reader = self.organiser or any(team.unit.is_within(u) for u in roles[Role.VIEWER])

    @property
    def manage(self) -> bool:
        """Leaders and deputies keep their own roster; organisers above the team too."""
        return self.organiser or self.leads

    @property
    def can_appoint_leader(self) -> bool:
        """Naming a new leader demotes the old one, so only the leader or an organiser may."""
        return self.organiser or self.own_role == Membership.Role.LEADER

    @property
    def can_set_size_limit(self) -> bool:
        return self.organiser

    def can_change(self, membership: Membership) -> bool:
        """Organisers change anyone; the leader everyone else; the deputy everyone but the leader.

        Nobody demotes or removes themselves from here by accident (a leader
        hands over by naming another).
        """
        if membership.team_id != self.team.pk:
            return False
        if self.organiser:
            return True
        if membership.user_id == self.user.pk:
            return False
        if self.own_role == Membership.Role.LEADER:
            return True
        return self.own_role == Membership.Role.DEPUTY and membership.role != Membership.Role.LEADER

    @cached_property
    def _officers_outside_scope(self) -> set[int]:
        outside = set()
        for assignment in RoleAssignment.objects.filter(user__memberships__team=self.team).select_related("unit"):
            if not any(assignment.unit.is_within(scope) for scope in self.organiser_scopes):
                outside.add(assignment.user_id)
        return outside

    def can_reset_password(self, membership: Membership) -> bool:
        """Organisers over the team give its members who cannot use the e-mail reset a temporary password.

        Never their own (they change it themselves), never a staff account,
        and never someone holding an officer role outside the organiser's
        subtrees: a commune organiser must not take over a province officer's
        account through that officer's hamlet team.
        """
        if not self.organiser or membership.team_id != self.team.pk or membership.user_id == self.user.pk:
            return False
        person = membership.user
        return not (person.is_staff or person.is_superuser) and person.pk not in self._officers_outside_scope

    def can_issue_sign_in_link(self, membership: Membership) -> bool:
        """Who gets a first sign-in link from this person: a link signs its holder in, so it is a key to the account.

        Those who lead the team hand them to members who have no password yet
        (never to themselves, a staff account or anyone holding an officer
        role: an officer's account is not a hamlet leader's to open). A member
        who already has a password gets one only from an organiser who may
        give them a temporary password: the same power, the same rule.
        """
        if not self.manage or membership.team_id != self.team.pk or membership.user_id == self.user.pk:
            return False
        person = membership.user
        if person.has_usable_password() or self.organiser:
            return self.can_reset_password(membership)
        return not (person.is_staff or person.is_superuser) and person.pk not in self._officers_in_team

    @cached_property
    def _officers_in_team(self) -> set[int]:
        return set(RoleAssignment.objects.filter(user__memberships__team=self.team).values_list("user_id", flat=True))


def team_rights(user, team: Team) -> TeamRights:
    return TeamRights(user, team)


def can_manage_team(user, team: Team) -> bool:
    return user.is_authenticated and team_rights(user, team).manage


def can_change_membership(user, membership: Membership) -> bool:
    return team_rights(user, membership.team).can_change(membership)


def can_appoint_leader(user, team: Team) -> bool:
    return team_rights(user, team).can_appoint_leader


def can_set_size_limit(user, team: Team) -> bool:
    return team_rights(user, team).can_set_size_limit


def can_reset_password(user, membership: Membership) -> bool:
    return team_rights(user, membership.team).can_reset_password(membership)
