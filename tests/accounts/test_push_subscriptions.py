"""Turning reminders on and off (the home page's card posts here): stored, bounded, refused plainly."""

from __future__ import annotations

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from py_vapid import Vapid01

from quizsite.accounts import services as accounts
from quizsite.accounts.devices import DEVICE_COOKIE
from quizsite.accounts.push_subscriptions import MAX_DEVICES, PushSubscription
from quizsite.accounts.web_push import new_key_pair
from tests.accounts.test_sign_in_links import open_link, sheet_links
from tests.conftest import PASSWORD

SUBSCRIBE, UNSUBSCRIBE = "/reminders/subscribe/", "/reminders/unsubscribe/"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_subscription(n: int = 1, host: str = "fcm.googleapis.com") -> dict:
    """What a phone's PushSubscription.toJSON() gives."""
    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": f"https://{host}/fcm/send/phone-{n}:APA91b{'x' * 120}",
        "expirationTime": None,
        "keys": {"p256dh": b64url(public), "auth": b64url(os.urandom(16))},
    }


@pytest.fixture(autouse=True)
def vapid(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()


def post(client, url: str, body) -> tuple[int, dict]:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json() if response["Content-Type"] == "application/json" else {}


def test_a_member_turns_reminders_on_for_their_phone_in_the_language_they_read(client, member_a):
    client.force_login(member_a)
    client.cookies["django_language"] = "en"
    phone = browser_subscription()

    status, answer = post(client, SUBSCRIBE, phone)

    assert status == 200 and answer["on"] is True
    kept = PushSubscription.objects.get()
    assert (kept.user, kept.endpoint, kept.p256dh, kept.auth) == (
        member_a,
        phone["endpoint"],
        phone["keys"]["p256dh"],
        phone["keys"]["auth"],
    )
    assert kept.language == "en"


def test_turning_on_twice_keeps_one_subscription(client, member_a):
    client.force_login(member_a)
    phone = browser_subscription()

    post(client, SUBSCRIBE, phone)
    post(client, SUBSCRIBE, phone)

    assert PushSubscription.objects.count() == 1


def test_a_phone_shared_by_two_members_reminds_the_one_who_turned_reminders_on_last(client, member_a, leader_a):
    phone = browser_subscription()
    client.force_login(member_a)
    post(client, SUBSCRIBE, phone)
    client.force_login(leader_a)
    post(client, SUBSCRIBE, phone)

    assert list(PushSubscription.objects.values_list("user", flat=True)) == [leader_a.pk]


def phone_browser(device: str) -> Client:
    """A phone's browser that has been to the site before: it carries its device cookie."""
    browser = Client()
    browser.cookies[DEVICE_COOKIE] = device
    return browser


def holders() -> dict[str, list[int]]:
    """Which member holds each phone's subscription, by phone number (the endpoint's "phone-<n>")."""
    rows = PushSubscription.objects.order_by("endpoint", "user")
    held: dict[str, list[int]] = {}
    for endpoint, user in rows.values_list("endpoint", "user"):
        held.setdefault(endpoint.split("/phone-")[1].split(":")[0], []).append(user)
    return held


def test_signing_out_of_a_shared_phone_ends_that_members_reminders_there_and_nowhere_else(member_a, leader_a):
    shared, own = phone_browser("the-hamlet-phone"), phone_browser("member-a-own-phone")
    shared_push, own_push, leaders_other = browser_subscription(1), browser_subscription(2), browser_subscription(3)
    shared.force_login(member_a)
    own.force_login(member_a)
    assert post(shared, SUBSCRIBE, shared_push)[0] == post(own, SUBSCRIBE, own_push)[0] == 200
    leaders = phone_browser("the-leaders-phone")
    leaders.force_login(leader_a)
    post(leaders, SUBSCRIBE, leaders_other)

    assert shared.get(reverse("account_logout")).status_code == 200  # the "are you sure" page deletes nothing
    assert holders() == {"1": [member_a.pk], "2": [member_a.pk], "3": [leader_a.pk]}
    shared.post(reverse("account_logout"))

    assert holders() == {"2": [member_a.pk], "3": [leader_a.pk]}
    # The next person on the shared phone turns reminders on; the browser kept its subscription (an old
    # browser that ignores Clear-Site-Data): it is theirs alone.
    shared.force_login(leader_a)
    post(shared, SUBSCRIBE, shared_push)
    assert holders() == {"1": [leader_a.pk], "2": [member_a.pk], "3": [leader_a.pk]}
    # The member signs out of their own phone too: only that one goes, not the leader's two.
    own.post(reverse("account_logout"))
    assert holders() == {"1": [leader_a.pk], "3": [leader_a.pk]}


def test_the_same_endpoint_turned_on_by_another_member_is_theirs_alone_with_a_fresh_record(member_a, leader_a):
    shared, phone = phone_browser("the-hamlet-phone"), browser_subscription()
    shared.force_login(member_a)
    post(shared, SUBSCRIBE, phone)
    PushSubscription.objects.update(failures=3)

    shared.force_login(leader_a)  # signed in over the member's session, who never signed out
    post(shared, SUBSCRIBE, phone)

    kept = PushSubscription.objects.get()
    assert (kept.user, kept.device, kept.failures) == (leader_a, "the-hamlet-phone", 0)
    assert not member_a.push_subscriptions.exists()


def test_a_phone_that_first_turns_reminders_on_gets_the_device_cookie_its_sign_out_deletes_by(member_a):
    browser = Client()  # no device cookie yet
    browser.force_login(member_a)

    post(browser, SUBSCRIBE, browser_subscription())

    assert browser.cookies[DEVICE_COOKIE].value == PushSubscription.objects.get().device != ""
    browser.post(reverse("account_logout"))
    assert not PushSubscription.objects.exists()


def test_a_sign_in_link_that_replaces_a_member_on_a_shared_phone_ends_their_reminders_there(
    make_user, leader_a, member_a, team_a
):
    lan = make_user(name="Lê Thị Lan")  # imported from the roster: no password, a link from the leader
    lan.set_unusable_password()
    lan.save(update_fields=["password"])
    accounts.add_member(team=team_a, user=lan)
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]
    shared, own = phone_browser("the-hamlet-phone"), phone_browser("member-a-own-phone")
    for browser, n in ((shared, 1), (own, 2)):
        browser.force_login(member_a)
        post(browser, SUBSCRIBE, browser_subscription(n))

    open_link(shared, token)

    assert shared.session["_auth_user_id"] == str(lan.pk)
    assert holders() == {"2": [member_a.pk]}


def test_a_new_phone_past_the_limit_replaces_the_one_not_reached_for_longest(client, member_a, leader_a):
    client.force_login(member_a)
    for n in range(1, MAX_DEVICES + 2):
        post(client, SUBSCRIBE, browser_subscription(n))
    client.force_login(leader_a)
    post(client, SUBSCRIBE, browser_subscription(99))

    mine = PushSubscription.objects.filter(user=member_a)
    assert mine.count() == MAX_DEVICES
    assert not mine.filter(endpoint__contains="phone-1:").exists()
    assert mine.filter(endpoint__contains=f"phone-{MAX_DEVICES + 1}:").exists()
    assert PushSubscription.objects.filter(user=leader_a).count() == 1


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("not json", "không đúng dạng"),
        ([1, 2], "không đúng dạng"),
        ({"endpoint": 5, "keys": {}}, "không đúng dạng"),
        ({**browser_subscription(host="127.0.0.1:8000")}, "dịch vụ nhắc nhở mà trang chưa hỗ trợ"),
        ({**browser_subscription(), "endpoint": "http://fcm.googleapis.com/fcm/send/x"}, "chưa hỗ trợ"),
        ({**browser_subscription(host="fcm.googleapis.com.evil.example")}, "chưa hỗ trợ"),
        ({**browser_subscription(), "endpoint": "https://fcm.googleapis.com/" + "x" * 600}, "dài quá 500 ký tự"),
        ({**browser_subscription(), "keys": {"p256dh": "abc", "auth": b64url(os.urandom(16))}}, "Khóa mã hóa"),
        ({**browser_subscription(), "keys": {"p256dh": b64url(b"\x04" * 65), "auth": "!!"}}, "Khóa mã hóa"),
        ({"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "a" * 5000}}, "quá dài"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_reason_and_nothing_is_stored(client, member_a, body, said):
    client.force_login(member_a)

    status, answer = post(client, SUBSCRIBE, body)

    assert status == 400
    assert said in answer["error"]
    assert not PushSubscription.objects.exists()


def test_a_push_service_address_of_a_known_service_is_taken_at_any_of_its_hosts(client, member_a):
    client.force_login(member_a)

    status, _answer = post(client, SUBSCRIBE, browser_subscription(host="web.push.apple.com"))

    assert status == 200


def test_signed_out_nobody_can_subscribe(client, db):
    response = client.post(SUBSCRIBE, json.dumps(browser_subscription()), content_type="application/json")

    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_subscribing_takes_posts_only(client, member_a):
    client.force_login(member_a)

    assert client.get(SUBSCRIBE).status_code == 405
    assert client.get(UNSUBSCRIBE).status_code == 405


def test_without_a_key_pair_there_is_nothing_to_subscribe_to(client, member_a, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    client.force_login(member_a)

    status, _answer = post(client, SUBSCRIBE, browser_subscription())

    assert status == 404
    assert not PushSubscription.objects.exists()


def test_turning_off_forgets_this_phone_only(client, member_a):
    phone, tablet = browser_subscription(1), browser_subscription(2)
    client.force_login(member_a)
    post(client, SUBSCRIBE, phone)
    post(client, SUBSCRIBE, tablet)

    status, answer = post(client, UNSUBSCRIBE, {"endpoint": phone["endpoint"]})

    assert status == 200 and answer["on"] is False
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [tablet["endpoint"]]


def test_nobody_turns_off_another_members_phone(client, member_a, leader_a):
    phone = browser_subscription()
    client.force_login(member_a)
    post(client, SUBSCRIBE, phone)
    client.force_login(leader_a)

    post(client, UNSUBSCRIBE, {"endpoint": phone["endpoint"]})

    assert PushSubscription.objects.filter(user=member_a).count() == 1


def test_a_script_turning_reminders_on_and_off_in_a_loop_is_stopped(client, member_a):
    client.force_login(member_a)
    phone = browser_subscription()
    answers = [post(client, SUBSCRIBE if n % 2 == 0 else UNSUBSCRIBE, phone)[0] for n in range(31)]

    assert answers[:30] == [200] * 30
    assert answers[30] == 429


def test_vapid_keys_prints_a_pair_that_signs_and_verifies(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())

    signer = Vapid01.from_string(lines["VAPID_PRIVATE_KEY"])
    public = signer.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert b64url(public) == lines["VAPID_PUBLIC_KEY"]
    assert len(public) == 65  # what a browser's applicationServerKey takes


def test_whoever_signs_in_on_a_shared_phone_ends_the_reminders_others_left_on_it(member_a, leader_a):
    """The member never signed out (their session ran out); the next one signs in with their password."""
    shared, own = phone_browser("the-hamlet-phone"), phone_browser("member-a-own-phone")
    shared.force_login(member_a)
    own.force_login(member_a)
    post(shared, SUBSCRIBE, browser_subscription(1))
    post(own, SUBSCRIBE, browser_subscription(2))
    shared.cookies.pop(settings.SESSION_COOKIE_NAME)  # the session is gone, the phone's device cookie stays

    response = shared.post(reverse("account_login"), {"login": leader_a.phone, "password": PASSWORD})

    assert response.status_code == 302 and shared.session["_auth_user_id"] == str(leader_a.pk)
    assert holders() == {"2": [member_a.pk]}  # the member's own phone keeps theirs
