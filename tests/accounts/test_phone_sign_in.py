from __future__ import annotations

import phonenumbers
import pytest
from django.urls import reverse
from phonenumbers import carrier

from quizsite.accounts.phone import display_phone, normalize_phone
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912-345-678",
    ],
)
def test_the_ways_people_write_a_number_normalise_to_one(typed):
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["0084 912 345 678", "+84 0912 345 678", "912 345 678"])
def test_the_less_usual_ways_normalise_too(typed):
    assert normalize_phone(typed) == "+84912345678"


# One real-shaped number per carrier and prefix family; phonenumbers' own
# carrier data names it, so this list proves each carrier is covered.
MOBILES = [
    ("0961 234 567", "Viettel"),
    ("0325 123 456", "Viettel"),
    ("0868 123 456", "Viettel"),
    ("0912 345 678", "Vinaphone"),
    ("0833 123 456", "Vinaphone"),
    ("0888 123 456", "Vinaphone"),
    ("0901 000 001", "MobiFone"),
    ("0778 123 456", "MobiFone"),
    ("0898 123 456", "MobiFone"),
    ("0921 234 567", "Vietnamobile"),
    ("0563 123 456", "Vietnamobile"),
    ("0593 123 456", "G-Mobile"),
    ("0995 123 456", "G-Mobile"),
    ("0599 123 456", "G-Mobile"),
    ("0559 123 456", "Reddi"),
    ("0877 123 456", "Vinaphone"),  # Itel, on Vinaphone's network
]


@pytest.mark.parametrize(("typed", "carrier_name"), MOBILES, ids=[f"{c} {t}" for t, c in MOBILES])
def test_a_mobile_of_each_carrier_is_accepted_and_stored_e164(typed, carrier_name):
    stored = normalize_phone(typed)
    assert stored == "+84" + typed.replace(" ", "")[1:]
    assert carrier.name_for_number(phonenumbers.parse(stored), "en") == carrier_name


@pytest.mark.parametrize(
    "typed",
    [
        "024 3825 1234",  # a Hà Nội landline: members sign in with the phone they carry
        "0276 3822 345",  # a Tây Ninh landline
        "1900 1234 56",  # a hotline
        "1800 1234",
        "0212345678",
        "0551 234 567",  # a prefix no carrier holds
    ],
)
def test_a_landline_or_service_number_is_refused(typed):
    assert normalize_phone(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "091234567",
        "09123456789",
        "+1 212 555 0100",
        "+86 139 1234 5678",
        "abc",
        "0912 FLOWER",
        "0912\x00345678",
    ],
)
def test_it_refuses_what_is_not_a_vietnamese_mobile(typed):
    assert normalize_phone(typed) is None


def test_a_landline_at_sign_up_is_refused_in_vietnamese(client, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Người Mới", "phone": "024 3825 1234", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678." in response.content.decode()
    assert not django_user_model.objects.exists()


def test_a_stored_number_is_shown_the_local_way():
    assert display_phone("+84912345678") == "0912 345 678"


def test_a_member_signs_in_with_the_local_form_of_the_number(client, make_user):
    make_user(phone="+84912345678", name="Nguyễn Thị Lan")
    response = client.post(reverse("account_login"), {"login": "0912 345 678", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "Nguyễn Thị Lan" in home.content.decode()


def test_a_member_signs_in_with_email(client, make_user):
    make_user(email="lan@example.vn", name="Nguyễn Thị Lan")
    response = client.post(reverse("account_login"), {"login": "lan@example.vn", "password": PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_is_refused_in_vietnamese(client, make_user):
    make_user(phone="+84912345678")
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "không đúng" in response.content.decode()


def test_sign_up_stores_the_number_normalised(client, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Trần Văn Bình",
            "phone": "0987 654 321",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = django_user_model.objects.get(phone="+84987654321")
    assert user.full_name == "Trần Văn Bình"


def test_sign_up_refuses_a_number_already_taken(client, make_user, django_user_model):
    make_user(phone="+84987654321")
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Người Khác", "phone": "0987654321", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert django_user_model.objects.filter(phone="+84987654321").count() == 1


def test_sign_up_refuses_a_bad_number_with_a_clear_message(client, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Người Mới", "phone": "12345", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not django_user_model.objects.exists()
