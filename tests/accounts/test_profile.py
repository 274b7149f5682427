"""A person's own profile page: what it shows, and the name and e-mail they correct themselves."""

from __future__ import annotations

import threading

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, User
from quizsite.accounts.profile import update_profile
from tests.components import postgres_url
from tests.conftest import PASSWORD

URL = reverse("accounts:profile")


@pytest.fixture
def leader(make_user, team_a, commune_b):
    user = make_user(name="Nguyễn Thị Mai", phone="+84912345678", email="mai@example.com")
    accounts.add_member(team=team_a, user=user, role=Membership.Role.LEADER)
    accounts.grant_role(user=user, role=RoleAssignment.Role.VIEWER, unit=commune_b)
    return user


def _save(client, **data):
    return client.post(URL, {"full_name": "Nguyễn Thị Mai", "email": "mai@example.com", "password": "", **data})


def test_the_profile_shows_who_i_am_here(client, leader, team_a):
    client.force_login(leader)

    page = client.get(URL).content.decode()

    assert "Nguyễn Thị Mai" in page
    assert "0912 345 678" in page and "+84912345678" not in page
    assert "mai@example.com" in page
    assert f'href="{reverse("accounts:team_detail", args=[team_a.pk])}">Tổ CNS Ấp 1</a> · Tổ trưởng' in page
    assert "Ấp 1, Xã An Bình, Tỉnh Demo" in page
    assert "Theo dõi · Xã Tân Phú" in page
    assert f'href="{reverse("account_change_password")}"' in page


def test_a_person_without_a_team_is_told_so(client, make_user):
    client.force_login(make_user(name="Người Qua Đường"))

    page = client.get(URL).content.decode()

    assert "Chưa thuộc tổ nào" in page


def test_i_correct_my_full_name(client, leader):
    client.force_login(leader)

    response = _save(client, full_name="  Nguyễn   Thị Mai Anh ")

    assert response.status_code == 302 and response.url == URL
    leader.refresh_from_db()
    assert leader.full_name == "Nguyễn Thị Mai Anh"
    assert "Đã lưu hồ sơ." in client.get(URL).content.decode()


def test_an_empty_name_is_refused_and_nothing_changes(client, leader):
    client.force_login(leader)

    response = _save(client, full_name="   ")

    assert response.status_code == 200
    assert "Hãy nhập họ và tên." in response.content.decode()
    leader.refresh_from_db()
    assert leader.full_name == "Nguyễn Thị Mai"


def test_a_new_email_needs_my_password(client, leader):
    client.force_login(leader)

    response = _save(client, email="mai.moi@example.com", password="sai-mat-khau")

    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    leader.refresh_from_db()
    assert leader.email == "mai@example.com"


def test_a_new_email_replaces_the_old_one_for_signing_in(client, leader):
    EmailAddress.objects.create(user=leader, email="mai@example.com", primary=True, verified=False)
    client.force_login(leader)

    assert _save(client, email="Mai.Moi@example.com", password=PASSWORD).status_code == 302

    leader.refresh_from_db()
    assert leader.email == "mai.moi@example.com"
    assert list(EmailAddress.objects.filter(user=leader).values_list("email", "primary")) == [
        ("mai.moi@example.com", True)
    ]
    client.logout()
    login = reverse("account_login")
    assert client.post(login, {"login": "mai@example.com", "password": PASSWORD}).status_code == 200  # refused
    assert client.post(login, {"login": "mai.moi@example.com", "password": PASSWORD}).status_code == 302


def test_an_email_someone_else_uses_is_refused_in_any_case(client, leader, make_user):
    make_user(name="Người Khác", email="Khac@Example.com")
    client.force_login(leader)

    response = _save(client, email="khac@example.com", password=PASSWORD)

    assert "E-mail này đã được một tài khoản khác dùng." in response.content.decode()
    leader.refresh_from_db()
    assert leader.email == "mai@example.com"


def test_an_invalid_email_is_explained(client, leader):
    client.force_login(leader)

    response = _save(client, email="mai@", password=PASSWORD)

    assert response.status_code == 200
    assert "E-mail không hợp lệ" in response.content.decode()
    leader.refresh_from_db()
    assert leader.email == "mai@example.com"


def test_a_person_who_signs_in_by_email_cannot_clear_it(make_user):
    user = make_user(name="Chỉ Có Email", email="email@example.com")
    User.objects.filter(pk=user.pk).update(phone=None)
    user.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        update_profile(user=user, full_name="Chỉ Có Email", email="", password=PASSWORD)

    assert "không thể bỏ trống e-mail" in refused.value.message_dict["email"][0]
    user.refresh_from_db()
    assert user.email == "email@example.com"


def test_a_member_with_a_phone_may_clear_the_email(leader):
    update_profile(user=leader, full_name="Nguyễn Thị Mai", email="", password=PASSWORD)

    leader.refresh_from_db()
    assert leader.email == ""


def test_the_profile_refuses_other_methods(client, leader):
    client.force_login(leader)

    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_the_profile_page_fits_a_phone_form(client, leader):
    client.force_login(leader)

    page = client.get(URL).content.decode()

    assert 'autocomplete="name"' in page
    assert 'type="email"' in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_four_people_claiming_one_email_at_once_leave_it_to_one(make_user):
    postgres_url()
    people = [make_user(name=f"Người {i}") for i in range(4)]
    barrier = threading.Barrier(len(people))
    outcomes: list[object] = []

    def claim(user: User) -> None:
        try:
            barrier.wait()
            update_profile(user=user, full_name=user.full_name, email="chung@example.com", password=PASSWORD)
            outcomes.append("saved")
        except Exception as exc:  # noqa: BLE001 - the test inspects what each person got
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("saved") == 1
    refused = [o for o in outcomes if o != "saved"]
    assert all(isinstance(o, ValidationError) for o in refused), refused
    assert all("đã được một tài khoản khác dùng" in o.message_dict["email"][0] for o in refused)
    assert User.objects.filter(email__iexact="chung@example.com").count() == 1
    assert EmailAddress.objects.filter(email__iexact="chung@example.com").count() == 1
