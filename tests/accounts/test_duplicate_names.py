"""One name per team or unit among its siblings, whatever the case, even when ten identical creates race."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import RoleAssignment, Team, Unit, User
from tests.accounts.threads import at_once
from tests.components import postgres_url


def test_a_team_name_differing_only_in_case_or_spaces_is_refused(client, organiser_a, hamlet_a, team_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("accounts:team_create", args=[hamlet_a.pk]), {"name": "  tổ cns   ấp 1 "}, follow=True
    )
    assert "Đơn vị này đã có tổ tên “tổ cns ấp 1”." in response.content.decode()
    assert hamlet_a.teams.count() == 1


def test_a_unit_name_differing_only_in_case_is_refused(client, organiser_a, commune_a, hamlet_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("accounts:unit_add_child", args=[commune_a.pk]), {"name": "ẤP 1", "kind": "hamlet"}, follow=True
    )
    assert "Đã có đơn vị tên “ẤP 1” ở cấp này." in response.content.decode()
    assert commune_a.children.count() == 1


def test_two_provinces_cannot_share_a_name(province):
    with pytest.raises(ValidationError):
        services.create_unit(name="tỉnh demo", kind=Unit.Kind.PROVINCE)


def test_the_same_name_is_fine_under_another_parent(hamlet_a, commune_b):
    services.create_unit(name="Ấp 1", kind=Unit.Kind.HAMLET, parent=commune_b)
    assert Unit.objects.filter(name="Ấp 1").count() == 2


def test_renaming_onto_a_siblings_name_is_refused(organiser_a, commune_a, hamlet_a):
    other = services.create_unit(name="Ấp 2", kind=Unit.Kind.HAMLET, parent=commune_a)
    with pytest.raises(ValidationError):
        services.rename_unit(actor=organiser_a, unit=other, name="ấp 1")
    other.refresh_from_db()
    assert other.name == "Ấp 2"


def _organiser_clients(unit: Unit, n: int) -> list[Client]:
    organiser = User.objects.create_user(phone="+84966000001", full_name="Người Bấm Hai Lần")
    services.grant_role(user=organiser, role=RoleAssignment.Role.ORGANISER, unit=unit)
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(organiser)
        clients.append(client)
    return clients


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_identical_team_creates_at_once_make_one_team_and_no_error_page():
    postgres_url()
    hamlet = services.create_unit(name="Ấp Đua", kind=Unit.Kind.HAMLET)
    url = reverse("accounts:team_create", args=[hamlet.pk])
    clients = _organiser_clients(hamlet, 10)

    results = at_once([lambda c=c: c.post(url, {"name": "Tổ CNS Ấp Đua"}) for c in clients])

    assert [getattr(r, "status_code", r) for r in results] == [302] * 10
    team = Team.objects.get(unit=hamlet)
    # The winner lands on the new team; the others back on the unit page, told the name is taken.
    assert sum(r["Location"] == reverse("accounts:team_detail", args=[team.pk]) for r in results) == 1
    for client, response in zip(clients, results, strict=True):
        if response["Location"] != reverse("accounts:team_detail", args=[team.pk]):
            assert "Đơn vị này đã có tổ tên “Tổ CNS Ấp Đua”." in client.get(response["Location"]).content.decode()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_identical_unit_adds_at_once_make_one_unit_and_no_error_page():
    postgres_url()
    commune = services.create_unit(name="Xã Đua", kind=Unit.Kind.COMMUNE)
    url = reverse("accounts:unit_add_child", args=[commune.pk])
    clients = _organiser_clients(commune, 10)

    results = at_once([lambda c=c: c.post(url, {"name": "Khu phố Đua", "kind": "hamlet"}) for c in clients])

    assert [getattr(r, "status_code", r) for r in results] == [302] * 10
    assert commune.children.filter(name="Khu phố Đua").count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_identical_creates_through_the_services_leave_one_row_and_clear_refusals():
    postgres_url()
    root = services.create_unit(name="Xã Dịch Vụ", kind=Unit.Kind.COMMUNE)

    teams = at_once([lambda: services.create_team(unit=root, name="Tổ Một")] * 10)
    units = at_once([lambda: services.create_unit(name="Tỉnh Đua", kind=Unit.Kind.PROVINCE)] * 10)

    for results, message in ((teams, "Đơn vị này đã có tổ tên"), (units, "Đã có đơn vị tên")):
        assert sum(not isinstance(r, Exception) for r in results) == 1
        refusals = [r for r in results if isinstance(r, Exception)]
        assert all(isinstance(r, ValidationError) and message in r.messages[0] for r in refusals), refusals
    assert Team.objects.filter(unit=root).count() == 1
    assert Unit.objects.filter(name="Tỉnh Đua").count() == 1
