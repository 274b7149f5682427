"""The roots of what an officer sees when they hold roles on several units (quizsite.accounts.models.outermost):
the unit list, and through competitions.visibility the standings, award and organiser pages."""

from __future__ import annotations

from quizsite.accounts import selectors
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment, outermost
from quizsite.accounts.permissions import UNIT_READERS, officer_units

Role = RoleAssignment.Role


def test_a_unit_inside_another_is_dropped_and_a_repeated_one_kept_once(province, commune_a, hamlet_a, commune_b):
    assert outermost([hamlet_a, commune_a, commune_a, commune_b]) == [commune_a, commune_b]
    assert outermost([commune_b, hamlet_a, province]) == [province]
    assert outermost([]) == []


def test_the_highest_unit_comes_first_whatever_the_tree_order(commune_a, commune_b, hamlet_a):
    # Tree order (by path) would put Ấp 1 (under Xã An Bình) before Xã Tân Phú; the standings open on the
    # first root, and an officer of a commune and of another commune's hamlet expects their commune there.
    assert outermost([hamlet_a, commune_b]) == [commune_b, hamlet_a]


def test_an_officer_of_a_commune_and_of_one_of_its_hamlets_gets_one_tree(client, viewer_a, commune_a, hamlet_a, team_a):
    accounts.grant_role(user=viewer_a, role=Role.VIEWER, unit=hamlet_a)

    tree = selectors.unit_tree(officer_units(viewer_a, UNIT_READERS))

    assert [node.unit for node in tree] == [commune_a]
    assert [child.unit for child in tree[0].children] == [hamlet_a]
    assert tree[0].team_count == 1
