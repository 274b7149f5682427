"""The people rules live in services and permission helpers; the pages only read them.

Each rule is tried twice: on the service called directly (as a script or
another page would), and through the page, which shows the button exactly
when the rule allows it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quizsite.accounts import permissions, services
from quizsite.accounts.models import Membership, RoleAssignment


def _page(client, user, name: str, pk: int) -> str:
    client.force_login(user)
    return client.get(reverse(f"accounts:{name}", args=[pk])).content.decode()


# --- Renaming a unit ------------------------------------------------------------------


def test_a_unit_with_an_administrative_code_is_not_renamed_even_by_the_service(make_officer, province):
    organiser = make_officer(RoleAssignment.Role.ORGANISER, province)
    assert not permissions.can_rename_unit(organiser, province)
    with pytest.raises(ValidationError, match="không đổi ở đây"):
        services.rename_unit(actor=organiser, unit=province, name="Tỉnh Khác")
    province.refresh_from_db()
    assert province.name == "Tỉnh Demo"


def test_only_an_organiser_above_a_unit_renames_it(organiser_a, organiser_b, viewer_a, hamlet_a):
    assert permissions.can_rename_unit(organiser_a, hamlet_a)
    for outsider in (organiser_b, viewer_a):
        assert not permissions.can_rename_unit(outsider, hamlet_a)
        with pytest.raises(PermissionDenied):
            services.rename_unit(actor=outsider, unit=hamlet_a, name="Ấp Khác")
    hamlet_a.refresh_from_db()
    assert hamlet_a.name == "Ấp 1"


def test_the_rename_form_is_shown_exactly_when_the_rule_allows(client, organiser_a, viewer_a, province, hamlet_a):
    rename = reverse("accounts:unit_rename", args=[hamlet_a.pk])
    assert rename in _page(client, organiser_a, "unit_detail", hamlet_a.pk)
    assert rename not in _page(client, viewer_a, "unit_detail", hamlet_a.pk)
    boss = services.grant_role(user=organiser_a, role=RoleAssignment.Role.ORGANISER, unit=province)
    assert reverse("accounts:unit_rename", args=[province.pk]) not in _page(
        client, boss.user, "unit_detail", province.pk
    )


# --- Appointing a leader --------------------------------------------------------------


@pytest.fixture
def deputy(team_a, make_user):
    person = make_user(name="Tổ Phó")
    services.add_member(team=team_a, user=person, role=Membership.Role.DEPUTY)
    return person


def test_a_deputy_cannot_appoint_a_leader_even_through_the_service(team_a, leader_a, member_a, deputy):
    membership = Membership.objects.get(user=member_a)
    assert not permissions.can_appoint_leader(deputy, team_a)
    with pytest.raises(ValidationError, match="Chỉ tổ trưởng hoặc cán bộ tổ chức"):
        services.set_member_role(actor=deputy, membership=membership, role=Membership.Role.LEADER)
    assert Membership.objects.get(user=leader_a).role == Membership.Role.LEADER
    # The deputy still names members deputy or member.
    services.set_member_role(actor=deputy, membership=membership, role=Membership.Role.MEMBER)


def test_someone_outside_the_team_changes_no_role_through_the_service(team_a, member_a, organiser_b):
    membership = Membership.objects.get(user=member_a)
    with pytest.raises(PermissionDenied):
        services.set_member_role(actor=organiser_b, membership=membership, role=Membership.Role.DEPUTY)
    assert Membership.objects.get(user=member_a).role == Membership.Role.MEMBER


def test_the_leader_choice_is_offered_exactly_when_the_rule_allows(client, team_a, leader_a, member_a, deputy):
    option = '<option value="leader"'
    assert option in _page(client, leader_a, "team_detail", team_a.pk)
    assert option not in _page(client, deputy, "team_detail", team_a.pk)


# --- Revoking an officer role ------------------------------------------------------------


def test_an_organiser_cannot_revoke_their_own_role_even_through_the_service(organiser_a):
    own = organiser_a.roles.get()
    assert not permissions.can_revoke_role(organiser_a, own)
    with pytest.raises(ValidationError, match="tự thu hồi"):
        services.revoke_role(actor=organiser_a, assignment=own)
    assert organiser_a.roles.exists()


def test_an_officer_outside_the_unit_revokes_nothing_through_the_service(organiser_b, viewer_a):
    assignment = viewer_a.roles.get()
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=organiser_b, assignment=assignment)
    assert viewer_a.roles.exists()


def test_the_revoke_button_is_shown_exactly_when_the_rule_allows(client, organiser_a, viewer_a, commune_a):
    html = _page(client, organiser_a, "unit_detail", commune_a.pk)
    assert reverse("accounts:role_revoke", args=[viewer_a.roles.get().pk]) in html
    assert reverse("accounts:role_revoke", args=[organiser_a.roles.get().pk]) not in html
    html = _page(client, viewer_a, "unit_detail", commune_a.pk)
    assert reverse("accounts:role_revoke", args=[viewer_a.roles.get().pk]) not in html


# --- The size limit -----------------------------------------------------------------------


def test_only_an_organiser_sets_the_size_limit_even_through_the_service(team_a, leader_a, organiser_a):
    with pytest.raises(PermissionDenied):
        services.set_team_size_limit(actor=leader_a, team=team_a, size_limit=50)
    services.set_team_size_limit(actor=organiser_a, team=team_a, size_limit=12)
    team_a.refresh_from_db()
    assert team_a.size_limit == 12
