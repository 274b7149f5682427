"""The allauth pages as members see them: Vietnamese, one column, `next` kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

# English words allauth would show if a string slipped through untranslated.
ENGLISH = re.compile(
    r"\b(Password|Remember|Sign In|Sign Up|Sign Out|Email|Phone|Login|Forgot|optional|again|must|"
    r"already|Successfully|signed|This field|required|too short|Enter a)\b"
)


def _visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r'(type|name|autocomplete|id|for|class|inputmode|aria-describedby)="[^"]*"', " ", main)
    return re.sub(r"<[^>]+>", " ", main) + " ".join(re.findall(r'placeholder="([^"]*)"', main))


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password", "account_logout"])
def test_the_sign_in_pages_show_no_english(client, make_user, name):
    if name == "account_logout":
        client.force_login(make_user())
    html = client.get(reverse(name)).content.decode()
    assert not ENGLISH.findall(_visible_text(html))


def test_the_login_field_is_labelled_for_phone_or_email(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert "Số điện thoại hoặc e-mail" in html


def test_the_login_page_keeps_next_and_passes_it_to_sign_up(client, db):
    html = client.get(reverse("account_login") + "?next=/join/abc/").content.decode()
    assert 'name="next" value="/join/abc/"' in html
    assert reverse("account_signup") + "?next=%2Fjoin%2Fabc%2F" in html


def test_the_sign_up_page_keeps_next_and_links_back_to_sign_in(client, db):
    html = client.get(reverse("account_signup") + "?next=/join/abc/").content.decode()
    assert 'name="next" value="/join/abc/"' in html
    assert reverse("account_login") + "?next=%2Fjoin%2Fabc%2F" in html


def test_sign_up_errors_are_in_vietnamese(client, make_user):
    make_user(phone="+84912345678")
    response = client.post(
        reverse("account_signup"),
        {"full_name": "A", "phone": "0912345678", "email": "sai", "password1": "123", "password2": "456"},
    )
    text = _visible_text(response.content.decode())
    assert "Số điện thoại này đã được đăng ký." in text
    assert "Mật khẩu quá ngắn" in text
    assert not ENGLISH.findall(text)


def test_a_missing_password_is_reported_in_vietnamese(client, db):
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": ""})
    text = _visible_text(response.content.decode())
    assert "Trường này là bắt buộc." in text
    assert not ENGLISH.findall(text)


def test_signing_in_greets_in_vietnamese_and_follows_next(client, make_user):
    make_user(phone="+84912345678", name="Nguyễn Thị Lan")
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": PASSWORD, "next": "/units/"})
    assert response["Location"] == "/units/"
    home = client.get(reverse("home")).content.decode()
    assert "Bạn đã đăng nhập: Nguyễn Thị Lan." in home


def test_signing_out_says_so_in_vietnamese(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("account_logout"), follow=True)
    assert "Bạn đã đăng xuất." in response.content.decode()


def _login_errors(client, login: str) -> str:
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    return _visible_text(response.content.decode())


def test_an_account_without_a_phone_signs_in_by_email(client, django_user_model):
    # allauth's phone step sent such an account back to this page without a word.
    admin = django_user_model.objects.create_superuser(email="qt@example.vn", password=PASSWORD, full_name="Quản Trị")
    response = client.post(reverse("account_login"), {"login": "QT@example.vn", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_a_user_name_is_answered_with_how_that_account_signs_in(client, django_user_model):
    django_user_model.objects.create_superuser(username="admin", email="qt@example.vn", password=PASSWORD)
    text = _login_errors(client, "admin")
    assert "Ở đây không đăng nhập bằng tên đăng nhập. Hãy nhập số điện thoại hoặc e-mail của tài khoản." in text


def test_an_account_with_neither_phone_nor_email_is_told_to_ask_the_admin(client, django_user_model):
    django_user_model.objects.create_user(username="thu-kho", password=PASSWORD)
    assert "Tài khoản này chưa có số điện thoại hay e-mail để đăng nhập." in _login_errors(client, "thu-kho")


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("0912 345", "Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678."),
        ("024 3825 1234", "Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678."),
        ("lan@", "Địa chỉ e-mail không hợp lệ."),
        ("Nguyễn Thị Lan", "Hãy nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ e-mail."),
    ],
)
def test_an_identifier_that_is_neither_a_phone_nor_an_email_is_named_plainly(client, db, login, message):
    text = _login_errors(client, login)
    assert message in text
    assert not ENGLISH.findall(text)


def test_the_number_without_its_leading_zero_still_signs_in(client, make_user):
    person = make_user(phone="+84912345678")
    client.post(reverse("account_login"), {"login": "912 345 678", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(person.pk)
