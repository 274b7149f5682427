"""The device cookie and the shared-device flag, through the pages as a browser uses them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve, reverse

from competitions.models import Attempt, AttemptFlag
from quizsite.accounts.devices import DEVICE_COOKIE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
YEAR = 365 * 24 * 3600


def _url(name: str, pk: int) -> str:
    return reverse(f"competitions:{name}", kwargs={"pk": pk})


def _sign_in(client: Client, user) -> None:
    """Through the sign-in form, as a person types it (the test client's login() would drop every cookie)."""
    response = client.post(reverse("account_login"), {"login": user.phone, "password": PASSWORD})
    assert response.status_code == 302


def _sign_out(client: Client) -> None:
    assert client.post(reverse("account_logout")).status_code == 302


def _play(client: Client, round) -> Attempt:
    client.get(_url("round_detail", round.pk))
    response = client.post(_url("round_start", round.pk))
    attempt = Attempt.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    client.post(_url("attempt_submit", attempt.pk))
    attempt.refresh_from_db()
    return attempt


def test_a_members_first_visit_sets_a_long_lived_httponly_lax_device_cookie(client, member_a, open_round):
    _sign_in(client, member_a)

    cookie = client.get(_url("round_detail", open_round.pk)).cookies[DEVICE_COOKIE]

    assert len(cookie.value) >= 16
    assert int(cookie["max-age"]) >= YEAR
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_home_page_sets_the_device_cookie_before_signing_in(client):
    assert client.get(reverse("home")).cookies[DEVICE_COOKIE].value


def test_the_device_cookie_is_secure_when_the_session_cookie_is(client, settings, member_a, open_round):
    settings.SESSION_COOKIE_SECURE = True
    client.force_login(member_a)

    assert client.get(_url("round_detail", open_round.pk)).cookies[DEVICE_COOKIE]["secure"] is True


def test_a_browser_keeps_its_device_id_from_page_to_page(client, member_a, open_round):
    client.force_login(member_a)
    first = client.get(reverse("home")).cookies[DEVICE_COOKIE].value

    again = client.get(_url("round_detail", open_round.pk))

    assert DEVICE_COOKIE not in again.cookies
    assert client.cookies[DEVICE_COOKIE].value == first


def test_two_accounts_on_one_browser_in_one_round_are_both_flagged(client, open_round, leader_a, member_a):
    _sign_in(client, leader_a)
    first = _play(client, open_round)
    _sign_out(client)
    _sign_in(client, member_a)

    second = _play(client, open_round)

    assert first.user == leader_a and second.user == member_a
    assert first.device_id and first.device_id == second.device_id == client.cookies[DEVICE_COOKIE].value
    shared = {f.attempt_id: f.description for f in AttemptFlag.objects.filter(kind=AttemptFlag.Kind.SHARED_DEVICE)}
    assert shared == {
        first.pk: "Cùng thiết bị với: Hoàng Thành Viên",
        second.pk: "Cùng thiết bị với: Đỗ Tổ Trưởng",
    }


def test_two_accounts_on_two_browsers_are_not_flagged(open_round, leader_a, member_a):
    for user in (leader_a, member_a):
        browser = Client()
        _sign_in(browser, user)
        _play(browser, open_round)

    assert not AttemptFlag.objects.filter(kind=AttemptFlag.Kind.SHARED_DEVICE).exists()


def test_the_organiser_sees_both_shared_device_attempts(client, open_round, leader_a, member_a, organiser_a):
    _sign_in(client, leader_a)
    _play(client, open_round)
    _sign_out(client)
    _sign_in(client, member_a)
    _play(client, open_round)
    _sign_out(client)
    client.force_login(organiser_a)

    page = client.get(reverse("organise:round", kwargs={"pk": open_round.pk})).content.decode()

    assert page.count("Nhiều tài khoản trên một thiết bị") == 2
    assert "4 cảnh báo chưa xem" in page  # and each was too fast
