from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user(name="Quản Trị", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["user", "unit", "team", "roleassignment"])
def test_the_admin_lists_the_people_models(admin_client_, team_a, leader_a, organiser_a, model):
    assert admin_client_.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_the_admin_finds_a_user_by_phone(admin_client_, make_user):
    make_user(name="Lâm Thị Tìm", phone="+84933444555")
    html = admin_client_.get(reverse("admin:accounts_user_changelist"), {"q": "933444555"}).content.decode()
    assert "Lâm Thị Tìm" in html


def test_the_admin_team_page_shows_its_members_inline(admin_client_, team_a, leader_a):
    html = admin_client_.get(reverse("admin:accounts_team_change", args=[team_a.pk])).content.decode()
    assert "Đỗ Tổ Trưởng" in html or str(leader_a.pk) in html


def test_the_admin_shows_a_units_path_read_only(admin_client_, hamlet_a):
    html = admin_client_.get(reverse("admin:accounts_unit_change", args=[hamlet_a.pk])).content.decode()
    assert hamlet_a.path in html
    assert 'name="path"' not in html
