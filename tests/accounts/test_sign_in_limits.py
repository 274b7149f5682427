"""Sign-in limits protect each account, not a building (DESIGN §4).

A community hall on one Wi-Fi, or a carrier's shared address, is one address
for hundreds of people: they must all get in, while guessing one account's
password stays slow from anywhere.
"""

from __future__ import annotations

import time

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client
from django.urls import reverse

from quizsite.accounts.phone import display_phone
from tests.conftest import PASSWORD

HALL = "203.0.113.7"
LOCKED = "Đăng nhập sai quá nhiều lần"


def _sign_in(client: Client, login: str, password: str, **headers):
    return client.post(reverse("account_login"), {"login": login, "password": password}, headers=headers)


def _signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_one_persons_typos_never_stop_another_from_signing_in(make_user):
    make_user(phone="+84912000001", name="Người Gõ Nhầm")
    binh = make_user(phone="+84912000002", name="Người Khác")
    typist = Client(REMOTE_ADDR=HALL)
    for _ in range(20):
        assert _sign_in(typist, "0912 000 001", "sai-mat-khau").status_code == 200

    other = Client(REMOTE_ADDR=HALL)
    response = _sign_in(other, "0912 000 002", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(other) == binh.pk


def test_typos_on_five_phone_accounts_lock_out_no_other_phone_account(make_user):
    # allauth counted failures on the e-mail or username only: every phone
    # sign-in shared one counter, and five typos anywhere locked out everyone.
    people = [make_user(phone=f"+8491200010{i}", name=f"Người {i}") for i in range(6)]
    for i, person in enumerate(people[:5]):
        client = Client(REMOTE_ADDR=f"198.51.100.{i + 1}")
        assert _sign_in(client, display_phone(person.phone), "sai-mat-khau").status_code == 200

    client = Client(REMOTE_ADDR="198.51.100.99")
    response = _sign_in(client, display_phone(people[5].phone), PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(client) == people[5].pk


def test_three_hundred_people_in_one_hall_all_get_in_some_after_a_typo(make_user):
    people = [make_user(phone=f"+8491300{i:04d}", name=f"Thành viên {i}") for i in range(300)]
    started = time.monotonic()
    for i, person in enumerate(people):
        client = Client(REMOTE_ADDR=HALL)
        if i % 10 == 0:
            assert _sign_in(client, display_phone(person.phone), "go-nham-mot-lan").status_code == 200
        response = _sign_in(client, display_phone(person.phone), PASSWORD)
        assert response.status_code == 302, (i, response.status_code)
        assert _signed_in_as(client) == person.pk
    assert time.monotonic() - started < 120  # all of them within the two minutes of the story


def test_guessing_one_accounts_password_is_stopped_from_every_address(make_user, monkeypatch):
    lan = make_user(phone="+84912000003", email="lan@example.vn", name="Nguyễn Thị Lan")
    for i in range(5):
        _sign_in(Client(REMOTE_ADDR=f"198.51.100.{i + 1}"), "0912 000 003", f"doan-{i}")

    # The right password, from an address that never guessed, by phone or by e-mail: refused for now.
    for login in ("0912 000 003", "lan@example.vn"):
        client = Client(REMOTE_ADDR="192.0.2.50")
        response = _sign_in(client, login, PASSWORD)
        assert response.status_code == 200
        assert LOCKED in response.content.decode()
        assert _signed_in_as(client) is None

    # Others at the guesser's addresses are not held back.
    other = make_user(phone="+84912000004")
    client = Client(REMOTE_ADDR="198.51.100.1")
    assert _sign_in(client, "0912 000 004", PASSWORD).status_code == 302

    # Five minutes later the owner gets in.
    later = time.time() + 5 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    client = Client(REMOTE_ADDR="192.0.2.50")
    assert _sign_in(client, "0912 000 003", PASSWORD).status_code == 302
    assert _signed_in_as(client) == lan.pk != other.pk


def test_behind_nginx_the_address_is_the_one_nginx_saw(settings, rf):
    # nginx appends the address it saw; a server that takes the first entry
    # (daphne --proxy-headers) takes what the client wrote. Only the last entry can be trusted.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.post("/accounts/login/", REMOTE_ADDR="10.9.8.7", HTTP_X_FORWARDED_FOR="10.9.8.7, 203.0.113.7")
    assert get_adapter().get_client_ip(request) == "203.0.113.7"


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(rf):
    request = rf.post("/accounts/login/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert get_adapter().get_client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize("behind_proxy", [True, False], ids=["behind nginx", "no proxy"])
def test_a_forged_forwarded_for_does_not_escape_the_per_address_limit(settings, make_user, behind_proxy):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
    person = make_user(phone="+84912000005")

    def attempt(n: int, login: str, password: str, real: str = HALL):
        forged = f"10.0.{n // 250}.{n % 250}"
        # As daphne --proxy-headers would hand it over: REMOTE_ADDR is the forged first entry.
        client = Client(REMOTE_ADDR=forged if behind_proxy else real)
        return client, _sign_in(client, login, password, X_Forwarded_For=f"{forged}, {real}")

    # A spraying script: one wrong password on each of 100 numbers, a new forged address each time.
    for n in range(100):
        attempt(n, f"0912 {n:03d} 999", "mat-khau-pho-bien")
    client, response = attempt(100, "0912 000 005", PASSWORD)
    assert LOCKED in response.content.decode()
    assert _signed_in_as(client) is None

    client, response = attempt(101, "0912 000 005", PASSWORD, real="192.0.2.60")
    assert response.status_code == 302
    assert _signed_in_as(client) == person.pk
