from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import RoleAssignment


def _grant(client, unit, phone: str, role: str = "author"):
    return client.post(reverse("accounts:role_grant", args=[unit.pk]), {"phone": phone, "role": role}, follow=True)


def test_an_organiser_grants_a_role_to_a_person_found_by_phone(client, organiser_a, hamlet_a, make_user):
    person = make_user(name="Lý Văn Mới", phone="+84988777666")
    client.force_login(organiser_a)
    response = _grant(client, hamlet_a, "0988.777.666", "reviewer")
    assert RoleAssignment.objects.filter(user=person, role="reviewer", unit=hamlet_a, granted_by=organiser_a).exists()
    assert "Đã giao vai trò “Duyệt câu hỏi” cho Lý Văn Mới." in response.content.decode()


def test_an_unknown_phone_is_refused_with_a_clear_message(client, organiser_a, hamlet_a):
    client.force_login(organiser_a)
    response = _grant(client, hamlet_a, "0988777666")
    assert "Chưa có ai đăng ký với số điện thoại này" in response.content.decode()
    assert not RoleAssignment.objects.filter(unit=hamlet_a).exists()


def test_a_malformed_phone_is_refused(client, organiser_a, hamlet_a):
    client.force_login(organiser_a)
    response = _grant(client, hamlet_a, "12345")
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_an_organiser_cannot_grant_above_their_own_unit(client, organiser_a, province, make_user, snapshot):
    make_user(phone="+84988777666")
    client.force_login(organiser_a)
    before = snapshot()
    assert _grant(client, province, "0988777666").status_code == 404
    assert snapshot() == before


def test_the_service_refuses_a_grant_outside_the_granters_subtree(organiser_a, commune_b, make_user):
    with pytest.raises(ValidationError):
        services.grant_role(user=make_user(), role="organiser", unit=commune_b, granted_by=organiser_a)


def test_an_organiser_revokes_a_role_below_them(client, organiser_a, hamlet_a, make_officer):
    officer = make_officer("viewer", hamlet_a)
    client.force_login(organiser_a)
    response = client.post(reverse("accounts:role_revoke", args=[officer.roles.get().pk]))
    assert response["Location"] == reverse("accounts:unit_detail", args=[hamlet_a.pk])
    assert not officer.roles.exists()


def test_an_organiser_cannot_revoke_their_own_role(client, organiser_a):
    client.force_login(organiser_a)
    response = client.post(reverse("accounts:role_revoke", args=[organiser_a.roles.get().pk]), follow=True)
    assert organiser_a.roles.exists()
    assert "Bạn không thể tự thu hồi quyền của chính mình." in response.content.decode()


def test_a_role_above_the_organiser_is_invisible_to_them(client, organiser_a, province, make_officer):
    boss = make_officer("organiser", province)
    client.force_login(organiser_a)
    assert client.post(reverse("accounts:role_revoke", args=[boss.roles.get().pk])).status_code == 404
    assert boss.roles.exists()
