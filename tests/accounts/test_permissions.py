"""Every officer page of the people part, against every kind of visitor.

Logged out → sign-in page; signed in without a role → 403; an officer of the
neighbouring commune → 404 and nothing changes; the organiser of the commune
→ the page or the change; the wrong HTTP method → 405.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from quizsite.accounts.models import Membership, RoleAssignment


@dataclass
class Page:
    name: str
    method: str  # the one the page answers to
    args: Any  # world -> url args
    data: Any = None  # world -> POST data

    def url(self, world: dict) -> str:
        return reverse(f"accounts:{self.name}", args=self.args(world))


PAGES = [
    Page("unit_detail", "get", lambda w: [w["hamlet"].pk]),
    Page("team_detail", "get", lambda w: [w["team"].pk]),
    Page("team_qr", "get", lambda w: [w["team"].pk]),
    Page("member_remove", "get", lambda w: [w["team"].pk, w["membership"].pk]),
    Page("member_password", "get", lambda w: [w["team"].pk, w["membership"].pk]),
    Page("unit_add_child", "post", lambda w: [w["hamlet"].pk], lambda w: {"name": "Khu 5", "kind": "hamlet"}),
    Page("unit_rename", "post", lambda w: [w["hamlet"].pk], lambda w: {"name": "Ấp Một"}),
    Page("team_create", "post", lambda w: [w["hamlet"].pk], lambda w: {"name": "Tổ mới"}),
    Page("role_grant", "post", lambda w: [w["hamlet"].pk], lambda w: {"phone": w["phone"], "role": "viewer"}),
    Page("role_revoke", "post", lambda w: [w["assignment"].pk]),
    Page("team_rotate_invite", "post", lambda w: [w["team"].pk]),
    Page("team_size_limit", "post", lambda w: [w["team"].pk], lambda w: {"size_limit": "12"}),
    Page("member_role", "post", lambda w: [w["team"].pk, w["membership"].pk], lambda w: {"role": "deputy"}),
    Page(
        "member_affiliation",
        "post",
        lambda w: [w["team"].pk, w["membership"].pk],
        lambda w: {"affiliation": "bank"},
    ),
    Page("member_remove", "post", lambda w: [w["team"].pk, w["membership"].pk]),
]
IDS = [f"{p.method} {p.name}" for p in PAGES]


@pytest.fixture
def world(hamlet_a, team_a, member_a, make_officer, make_user) -> dict:
    viewer = make_officer(RoleAssignment.Role.VIEWER, hamlet_a, "Người Được Xem")
    target = make_user(name="Người Sẽ Được Giao", phone="+84977000111")
    return {
        "hamlet": hamlet_a,
        "team": team_a,
        "membership": Membership.objects.get(user=member_a),
        "assignment": viewer.roles.get(),
        "phone": "0977 000 111",
        "target": target,
    }


def _send(client, page: Page, world: dict, method: str | None = None):
    method = method or page.method
    data = page.data(world) if page.data and method == "post" else {}
    return getattr(client, method)(page.url(world), data)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_signed_in_person_without_a_role_is_refused(client, world, nobody, snapshot, page):
    client.force_login(nobody)
    before = snapshot()
    assert _send(client, page, world).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_an_organiser_of_another_commune_does_not_see_it_exists(client, world, organiser_b, snapshot, page):
    client.force_login(organiser_b)
    before = snapshot()
    assert _send(client, page, world).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_organiser_of_the_commune_gets_the_page_or_the_change(client, world, organiser_a, snapshot, page):
    client.force_login(organiser_a)
    before = snapshot()
    response = _send(client, page, world)
    if page.method == "get":
        assert response.status_code == 200
        assert snapshot() == before
    else:
        assert response.status_code == 302
        assert snapshot() != before


@pytest.mark.parametrize(
    "name",
    ["unit_add_child", "unit_rename", "team_create", "role_grant", "team_size_limit"],
)
def test_a_viewer_in_scope_may_look_but_not_change(client, world, viewer_a, snapshot, name):
    page = next(p for p in PAGES if p.name == name)
    client.force_login(viewer_a)
    before = snapshot()
    assert _send(client, page, world).status_code == 403
    assert snapshot() == before


def test_the_unit_list_refuses_a_person_without_a_role(client, nobody):
    client.force_login(nobody)
    assert client.get(reverse("accounts:unit_list")).status_code == 403


def test_the_unit_list_refuses_post(client, organiser_a):
    client.force_login(organiser_a)
    assert client.post(reverse("accounts:unit_list")).status_code == 405


def test_the_unit_list_does_not_show_another_communes_units(client, organiser_b, hamlet_a, hamlet_b):
    client.force_login(organiser_b)
    page = client.get(reverse("accounts:unit_list")).content.decode()
    assert "Ấp 2" in page
    assert "Ấp 1" not in page and "Xã An Bình" not in page
