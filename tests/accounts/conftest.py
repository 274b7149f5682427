"""People and helpers for the unit, team and invitation pages."""

from __future__ import annotations

import pytest

from quizsite.accounts.models import Membership, RoleAssignment, Team, Unit, User


@pytest.fixture
def organiser_b(make_officer, commune_b) -> User:
    """An organiser of the neighbouring commune: everything of commune A is a 404 to them."""
    return make_officer(RoleAssignment.Role.ORGANISER, commune_b, "Ngô Tổ Chức Bên Kia")


@pytest.fixture
def viewer_a(make_officer, commune_a) -> User:
    return make_officer(RoleAssignment.Role.VIEWER, commune_a, "Đinh Theo Dõi")


@pytest.fixture
def nobody(make_user) -> User:
    """Signed in, in no team, with no officer role."""
    return make_user(name="Người Qua Đường")


@pytest.fixture
def snapshot(db):
    """Everything the people pages can change, to prove a refused request changed nothing."""

    def take() -> dict:
        return {
            "units": sorted(Unit.objects.values_list("pk", "name", "kind", "parent_id")),
            "teams": sorted(Team.objects.values_list("pk", "name", "size_limit", "invite_token")),
            "members": sorted(Membership.objects.values_list("pk", "team_id", "user_id", "role", "affiliation")),
            "roles": sorted(RoleAssignment.objects.values_list("pk", "user_id", "role", "unit_id")),
        }

    return take
