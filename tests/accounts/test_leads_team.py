"""Who leads a team (quizsite.accounts.models.Membership.leads and Membership.objects.leading()): its leader
and its deputy, nobody else. The roster, the round's team page and the links to it ask this one rule
(the pages: tests/competitions/test_team_and_home.py)."""

from __future__ import annotations

from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership
from quizsite.accounts.permissions import can_manage_team


def test_the_leader_and_the_deputy_lead_their_team_and_a_member_does_not(team_a, leader_a, member_a, make_user):
    deputy = make_user(name="Tổ Phó")
    accounts.add_member(team=team_a, user=deputy, role=Membership.Role.DEPUTY)
    by_user = {m.user: m for m in Membership.objects.all()}

    assert by_user[leader_a].leads and by_user[deputy].leads
    assert not by_user[member_a].leads
    assert set(Membership.objects.leading().values_list("user", flat=True)) == {leader_a.pk, deputy.pk}


def test_the_leader_and_the_deputy_keep_the_roster_and_nobody_else_outside_the_officers(
    team_a, team_b, leader_a, member_a, make_user, nobody, author_b
):
    deputy = make_user(name="Tổ Phó")
    accounts.add_member(team=team_a, user=deputy, role=Membership.Role.DEPUTY)
    leader_b = make_user(name="Tổ trưởng Ấp 2")
    accounts.add_member(team=team_b, user=leader_b, role=Membership.Role.LEADER)

    assert can_manage_team(leader_a, team_a) and can_manage_team(deputy, team_a)
    assert not any(can_manage_team(user, team_a) for user in (member_a, leader_b, nobody, author_b))
