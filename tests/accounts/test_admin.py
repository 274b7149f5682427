from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts.models import User
from tests.conftest import PASSWORD


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


# --- Signing in to the admin: the site's sign-in and its limits -------------------------------


@pytest.fixture
def staff(db):
    # Like the demo admin and `createsuperuser`: an e-mail, no phone.
    return User.objects.create_superuser(email="qt@example.vn", password=PASSWORD, full_name="Quản Trị Viên")


def _sign_in(client, password: str):
    return client.post(reverse("account_login"), {"login": "qt@example.vn", "password": password, "next": "/admin/"})


def test_the_admin_login_page_leads_to_the_sites_sign_in_keeping_next(client, db):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/accounts/user/"


def test_the_admin_page_signs_in_through_the_site_and_comes_back(client, staff):
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert 'name="next" value="/admin/"' in response.content.decode()

    response = client.post(
        reverse("account_login"), {"login": "qt@example.vn", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_forty_wrong_passwords_then_the_right_one_do_not_open_the_admin(client, staff):
    for n in range(40):
        response = client.post("/admin/login/", {"username": staff.username, "password": f"doan-{n}"})
        assert response["Location"].startswith(reverse("account_login"))
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_guessing_the_admins_password_at_the_sign_in_is_stopped_after_five(client, staff):
    for n in range(5):
        client.post(reverse("account_login"), {"login": "qt@example.vn", "password": f"doan-{n}", "next": "/admin/"})
    response = client.post(
        reverse("account_login"), {"login": "qt@example.vn", "password": PASSWORD, "next": "/admin/"}
    )
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_member_is_refused_at_the_admin_without_a_loop(client, make_user):
    client.force_login(make_user())
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_a_signed_in_staff_member_goes_straight_on(client, staff):
    client.force_login(staff)
    assert client.get("/admin/login/?next=/admin/accounts/unit/")["Location"] == "/admin/accounts/unit/"


def test_the_admin_login_never_leads_to_another_site(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
