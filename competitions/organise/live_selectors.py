"""Organiser reads for live rounds: the lookup scoped to the person's subtrees, and the detail page's rows.

As for self-paced rounds (selectors.py): neither organiser nor viewer role is
a 403; a live round outside their subtrees a 404; a viewer asking to change
one a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from competitions.live.models import LiveEntry, LiveQuestion, LiveRound
from quizsite.accounts.models import Membership
from quizsite.accounts.permissions import is_organiser_of, require_role, scope_q

from .selectors import READERS


@dataclass(frozen=True)
class LiveAccess:
    live_round: LiveRound
    can_edit: bool


def live_access(user, pk: int) -> LiveAccess:
    units = require_role(user, *READERS)
    live_round = (
        LiveRound.objects.select_related("round__stage__competition__unit")
        .filter(scope_q(units, "round__stage__competition__unit"), pk=pk)
        .first()
    )
    if live_round is None:
        raise Http404
    return LiveAccess(live_round, can_edit=is_organiser_of(user, live_round.round.stage.competition.unit))


def get_live_round_for_officer(user, pk: int, *, write: bool = False) -> LiveRound:
    """A live round the user may read; with ``write``, one they may change (else 403)."""
    access = live_access(user, pk)
    if write and not access.can_edit:
        raise PermissionDenied
    return access.live_round


def live_questions(live_round: LiveRound) -> QuerySet[LiveQuestion]:
    return live_round.questions.select_related("question__topic").order_by("position")


def live_entries(live_round: LiveRound) -> QuerySet[LiveEntry]:
    """Entered teams with their unit, captain, and how many players wait for them."""
    return (
        live_round.entries.select_related("team__unit", "captain")
        .annotate(player_count=Count("team__live_players", filter=Q(team__live_players__live_round=live_round)))
        .order_by("team__name", "pk")
    )


def captain_choices(team_ids: list[int]) -> dict[int, list[Membership]]:
    """Each team's members, leader first, for the captain's select; one query."""
    members: dict[int, list[Membership]] = {team_id: [] for team_id in team_ids}
    order = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    rows = Membership.objects.filter(team_id__in=team_ids).select_related("user", "team")
    for membership in sorted(rows, key=lambda m: (order.get(m.role, 3), m.user.display_name.lower(), m.pk)):
        members[membership.team_id].append(membership)
    return members
