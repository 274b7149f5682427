"""Many browsers' signed-in users at once (quizsite/accounts/session_users.py), as Django's get_user finds each."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizsite.accounts.session_users import load_sessions, signed_in_users

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in_browser(user) -> str:
    """A browser that signed in through the real sign-in page; its session key."""
    browser = Client()
    response = browser.post("/accounts/login/", {"login": user.phone, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


def django_says(session_key: str):
    """What Django's own get_user finds for a request with this session (it may flush a failing one)."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return get_user(request)


def test_each_browser_gets_its_own_user_and_the_same_as_django_finds(make_user):
    people = [make_user(name=f"Người {n}") for n in range(5)]
    keys = [signed_in_browser(person) for person in people]

    users = signed_in_users(load_sessions(keys))

    assert {key: user.pk for key, user in users.items()} == {key: p.pk for key, p in zip(keys, people, strict=True)}
    for key in keys:
        assert django_says(key).pk == users[key].pk


def test_a_changed_password_an_inactive_member_and_a_signed_out_browser_are_nobody_as_for_django(make_user):
    stays, changes, leaves, blocked = (make_user(name=n) for n in ("Ở Lại", "Đổi Mật Khẩu", "Đăng Xuất", "Bị Khoá"))
    keys = {person.pk: signed_in_browser(person) for person in (stays, changes, leaves, blocked)}
    changes.set_password("một mật khẩu mới 2026")
    changes.save()
    blocked.is_active = False
    blocked.save()
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = keys[leaves.pk]
    browser.post("/accounts/logout/")

    users = signed_in_users(load_sessions(keys.values()))

    assert set(users) == {keys[stays.pk]}
    for person in (changes, leaves, blocked):
        assert not django_says(keys[person.pk]).is_authenticated


def test_a_guest_s_session_has_data_but_nobody_signed_in_and_unknown_keys_are_left_out(db):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["live_guests"] = {"7": "abc"}
    store.save()

    sessions = load_sessions([store.session_key, "không-có-phiên-này-đâu-12345678", "", "x"])

    assert sessions == {store.session_key: {"live_guests": {"7": "abc"}}}
    assert signed_in_users(sessions) == {}


def test_a_session_naming_a_backend_the_site_does_not_use_or_a_bad_user_id_is_nobody(make_user):
    person = make_user()
    key = signed_in_browser(person)
    good = load_sessions([key])[key]
    forged = {
        "a": good | {BACKEND_SESSION_KEY: "somebody.else.Backend"},
        "b": good | {SESSION_KEY: "không phải số"},
        "c": good | {HASH_SESSION_KEY: ""},
        "d": {k: v for k, v in good.items() if k != SESSION_KEY},
    }

    assert signed_in_users(forged) == {}
    assert signed_in_users({"e": good})["e"].pk == person.pk


def test_a_batch_costs_the_same_queries_whatever_its_size(make_user):
    keys = [signed_in_browser(make_user(name=f"Người {n}")) for n in range(12)]

    def queries(batch) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(signed_in_users(load_sessions(batch))) == len(batch)
        return len(captured)

    assert queries(keys) == queries(keys[:2])
    # With Redis the sessions come from the cache: the users' query is the only one.
    if settings.SESSION_ENGINE.endswith("cached_db"):
        assert queries(keys) == 1
