"""Who may read and manage which award lists, and the reads the pages share.

Organisers of a body's unit (or above it) manage the body's lists; viewers
there read them. A person with neither role anywhere gets a 403; a list or a
competition outside their subtrees a 404 (we do not confirm it exists).
A commune's officers may award their own commune inside a province contest:
a competition is open to them when they see some of it
(``competitions.visibility.units_seen``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from competitions.models import Competition
from competitions.visibility import units_seen
from quizsite.accounts.models import RoleAssignment, Unit
from quizsite.accounts.permissions import officer_units_by_role, scope_q

from .models import AwardingBody, AwardList

Role = RoleAssignment.Role
# How deep below the competition's unit the scope picker goes (a province: its communes and their hamlets).
SCOPE_DEPTH = 2
SCOPE_CHOICES_MAX = 500


@dataclass(frozen=True)
class Scopes:
    readers: list[Unit]  # organiser and viewer roots
    organisers: list[Unit]

    def reads(self, unit: Unit) -> bool:
        return any(unit.is_within(root) for root in self.readers)

    def manages(self, unit: Unit) -> bool:
        return any(unit.is_within(root) for root in self.organisers)


def scopes(user) -> Scopes:
    roles = officer_units_by_role(user, (Role.ORGANISER, Role.VIEWER))
    readers = roles[Role.ORGANISER] + roles[Role.VIEWER]
    if not readers:
        raise PermissionDenied
    return Scopes(readers=readers, organisers=roles[Role.ORGANISER])


def _overlaps(a: Unit, b: Unit) -> bool:
    return a.is_within(b) or b.is_within(a)


def competition_for_awards(user, pk: int) -> tuple[Competition, Scopes]:
    found = scopes(user)
    competition = Competition.objects.select_related("unit").filter(pk=pk).first()
    if competition is None or not units_seen(competition, found.readers):
        raise Http404
    return competition, found


def lists_of(competition: Competition, found: Scopes) -> QuerySet[AwardList]:
    """The competition's lists whose body lies in the person's subtrees, newest first."""
    return (
        competition.award_lists.filter(scope_q(found.readers, "body__unit"))
        .select_related("body", "replaced_by")
        .order_by("-created_at", "-pk")
    )


def bodies_for(competition: Competition, found: Scopes) -> list[AwardingBody]:
    """Bodies the person may draw a list for in this competition."""
    bodies = AwardingBody.objects.filter(scope_q(found.organisers)).select_related("unit")
    return [b for b in bodies if _overlaps(b.unit, competition.unit)]


def body_units(competition: Competition, found: Scopes) -> list[Unit]:
    """Where a new body may sit: the competition's unit when the person organises it, their own units inside it."""
    units = {}
    for root in found.organisers:
        if competition.unit.is_within(root):
            units[competition.unit.pk] = competition.unit
            units[root.pk] = root
        elif root.is_within(competition.unit):
            units[root.pk] = root
    return sorted(units.values(), key=lambda u: u.path)


def scope_units(competition: Competition, found: Scopes) -> QuerySet[Unit]:
    """Units a list may be restricted to: those of the competition the person sees as an organiser."""
    return (
        Unit.objects.within_any(units_seen(competition, found.organisers))
        .filter(depth__lte=competition.unit.depth + SCOPE_DEPTH)
        .order_by("path")[:SCOPE_CHOICES_MAX]
    )


@dataclass(frozen=True)
class ListAccess:
    award_list: AwardList
    can_manage: bool


def list_access(user, pk: int) -> ListAccess:
    found = scopes(user)
    award_list = (
        AwardList.objects.select_related(
            "competition__unit",
            "body__unit",
            "scope",
            "replaces",
            "replaced_by",
            "created_by",
            "sent_for_review_by",
            "published_by",
        )
        .filter(pk=pk)
        .first()
    )
    if award_list is None or not found.reads(award_list.body.unit):
        raise Http404
    return ListAccess(award_list, can_manage=found.manages(award_list.body.unit))


def get_list_for_manager(user, pk: int) -> AwardList:
    access = list_access(user, pk)
    if not access.can_manage:
        raise PermissionDenied
    return access.award_list


def public_list(token: str) -> AwardList:
    """A published or replaced list by its public token; anything else is a 404."""
    award_list = (
        AwardList.objects.public()
        .select_related("competition", "body", "replaced_by")
        .filter(public_token=token)
        .first()
    )
    if award_list is None:
        raise Http404
    return award_list
