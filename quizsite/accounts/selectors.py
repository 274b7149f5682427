"""Reads shared by the unit and team pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from .models import Membership, RoleAssignment, Team, Unit, outermost
from .names import name_sort_key, vietnamese_key

# How far below each root the /units/ tree goes; deeper units are one click
# away on their parent's page (a province holds ~1,300 hamlets).
TREE_DEPTH = 2


@dataclass
class UnitNode:
    unit: Unit
    team_count: int = 0  # teams anywhere in the subtree
    children: list[UnitNode] = field(default_factory=list)


def _subtree_team_counts(units: list[Unit]) -> Counter[str]:
    """Teams per unit path, each team counted at every ancestor in one query."""
    counts: Counter[str] = Counter()
    if not units:
        return counts
    q = Unit.objects.within_any(units)
    for unit_path, n in Team.objects.filter(unit__in=q).values_list("unit__path").annotate(n=Count("id")):
        parts = unit_path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            counts["/" + "/".join(parts[:i]) + "/"] += n
    return counts


def unit_tree(roots: list[Unit], depth: int = TREE_DEPTH) -> list[UnitNode]:
    """The subtrees under ``roots`` down to ``depth`` levels, with team counts."""
    roots = outermost(roots)
    q = Unit.objects.none()
    for root in roots:
        q = q | Unit.objects.subtree(root).filter(depth__lte=root.depth + depth)
    counts = _subtree_team_counts(roots)
    nodes: dict[int, UnitNode] = {}
    for unit in q.order_by("depth", "name"):
        nodes[unit.pk] = UnitNode(unit=unit, team_count=counts[unit.path])
    top: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else top).append(node)
    return top


def child_units(unit: Unit) -> list[UnitNode]:
    # "Ấp Bàu Sen" before "Khu phố Chợ": the database orders by code point, a Vietnamese reader by letter.
    children = sorted(unit.children.all(), key=lambda child: vietnamese_key(child.name))
    counts = _subtree_team_counts(children)
    return [UnitNode(unit=child, team_count=counts[child.path]) for child in children]


def teams_of_unit(unit: Unit) -> QuerySet[Team]:
    return unit.teams.annotate(member_count=Count("memberships")).order_by("name")


def officers_of_unit(unit: Unit) -> QuerySet[RoleAssignment]:
    return unit.role_assignments.select_related("user").order_by("role", "user__full_name")


def roster(team: Team) -> list[Membership]:
    """Leader first, then deputy, then members by name as a Vietnamese list is: by given name, Đ after D."""
    order = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    members = list(team.memberships.select_related("user"))
    return sorted(members, key=lambda m: (order.get(m.role, 3), name_sort_key(m.user.display_name)))
