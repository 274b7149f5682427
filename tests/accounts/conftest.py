"""People and helpers for the unit, team and invitation pages."""

from __future__ import annotations

import pytest

from quizsite.accounts.models import Membership, RoleAssignment, Team, Unit


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
