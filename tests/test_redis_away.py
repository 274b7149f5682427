"""Redis is for speed, never for correctness (issue 9): while it is away, pages, sessions and sign-in limits go on.

The cache is the site's own (quizsite/resilient_cache.py, as settings.py
configures it with REDIS_URL) pointed at a port nothing listens on, or at a
redis-server of the test's own that is started later. Before the fix, the
first request with Redis stopped was an HTTP 500 (redis ConnectionError, then
"'SessionStore' object has no attribute '_session_cache'").
"""

from __future__ import annotations

import logging
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from quizsite.accounts.adapter import clear_failed_sign_ins
from tests.conftest import PASSWORD
from tests.redis_away import RedisServer, redis_away, resilient_caches  # noqa: F401  (redis_away: a fixture)

LOCKED = "Đăng nhập sai quá nhiều lần"


def _sign_in(client: Client, login: str, password: str):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def _signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


@pytest.mark.usefixtures("redis_away")
def test_signing_in_reading_the_session_and_signing_out_work_from_postgresql(make_user):
    lan = make_user(phone="+84912000011", name="Nguyễn Thị Lan")
    browser = Client()

    signed_in = _sign_in(browser, "0912 000 011", PASSWORD)
    home = browser.get(reverse("home"))

    assert signed_in.status_code == 302
    assert home.status_code == 200 and home.wsgi_request.user == lan
    assert Session.objects.filter(session_key=browser.cookies["sessionid"].value).exists()

    browser.post(reverse("account_logout"))
    assert not browser.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.mark.usefixtures("redis_away")
def test_a_session_ended_by_another_process_is_ended_here_too(make_user):
    # The sessions' cache keeps no memory of its own while Redis is away: another process that signs
    # the member out changes PostgreSQL and its own memory only, and this process must not serve an old copy.
    lan = make_user(phone="+84912000012")
    browser = Client()
    assert _sign_in(browser, "0912 000 012", PASSWORD).status_code == 302
    assert browser.get(reverse("home")).wsgi_request.user == lan

    Session.objects.filter(session_key=browser.cookies["sessionid"].value).delete()  # signed out elsewhere

    assert not browser.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.mark.usefixtures("redis_away")
def test_wrong_passwords_still_lock_the_account_and_others_still_get_in(make_user):
    lan = make_user(phone="+84912000013", name="Nguyễn Thị Lan")
    binh = make_user(phone="+84912000014", name="Trần Văn Bình")
    for i in range(5):
        assert _sign_in(Client(REMOTE_ADDR=f"198.51.100.{i + 1}"), "0912 000 013", f"doan-{i}").status_code == 200

    guessed = Client(REMOTE_ADDR="192.0.2.50")
    refused = _sign_in(guessed, "0912 000 013", PASSWORD)
    other = Client(REMOTE_ADDR="198.51.100.1")

    assert refused.status_code == 200 and LOCKED in refused.content.decode()
    assert _signed_in_as(guessed) is None
    assert _sign_in(other, "0912 000 014", PASSWORD).status_code == 302
    assert _signed_in_as(other) == binh.pk

    clear_failed_sign_ins(lan)  # an officer reset the password
    assert _sign_in(guessed, "0912 000 013", PASSWORD).status_code == 302


@pytest.mark.usefixtures("redis_away")
def test_an_outage_is_logged_once_not_once_per_call(make_user, caplog):
    make_user(phone="+84912000015")
    with caplog.at_level(logging.WARNING, logger="quizsite.resilient_cache"):
        for _ in range(3):
            browser = Client()
            _sign_in(browser, "0912 000 015", PASSWORD)
            browser.get(reverse("home"))

    said = [r.getMessage() for r in caplog.records if r.name == "quizsite.resilient_cache"]
    assert len(said) == 1 and "cannot be used" in said[0]


@pytest.mark.needs_redis
def test_redis_is_used_again_once_it_is_back_and_the_outage_s_memory_is_dropped(settings, caplog):
    with RedisServer() as own_redis:
        _comes_back(settings, own_redis, caplog)


def _comes_back(settings, own_redis: RedisServer, caplog) -> None:
    settings.CACHES = resilient_caches(own_redis.url, retry_after=0.2)
    cache.set("counter", 1)  # Redis not started yet: this process's memory has it
    assert cache.get("counter") == 1
    assert caches["sessions"].get("counter") is None  # the sessions' cache keeps nothing of its own

    own_redis.start()
    time.sleep(0.3)  # the breaker's pause
    with caplog.at_level(logging.WARNING, logger="quizsite.resilient_cache"):
        cache.set("board", "from redis")

    assert any(key.endswith(b":board") for key in own_redis.client().keys("*"))
    assert cache.get("board") == "from redis"
    assert cache.get("counter") is None  # what the outage wrote is not served later
    assert any("is back" in r.getMessage() for r in caplog.records)

    own_redis.stop()
    assert cache.get("board") is None  # away again: an empty memory, not an error


@pytest.mark.needs_redis
def test_after_a_failure_redis_is_not_tried_again_until_the_pause_is_over(settings):
    # So a request does not pay a connection attempt for each of its cache calls during an outage.
    with RedisServer() as own_redis:
        settings.CACHES = resilient_caches(own_redis.url, retry_after=60)
        cache.set("before", 1)  # fails: the breaker opens for a minute
        own_redis.start()

        cache.set("during", 2)

        assert own_redis.client().keys("*") == []  # not tried: this process's memory has it
        assert cache.get("during") == 2


@pytest.mark.needs_redis
def test_a_redis_that_refuses_writes_costs_no_sign_in(settings, make_user):
    # Out of memory with no eviction: Redis answers, but every write is an error.
    lan = make_user(phone="+84912000016")
    with RedisServer() as own_redis:
        own_redis.start("--maxmemory", "1", "--maxmemory-policy", "noeviction")
        settings.CACHES = resilient_caches(own_redis.url)
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.SESSION_CACHE_ALIAS = "sessions"
        browser = Client()

        assert _sign_in(browser, "0912 000 016", PASSWORD).status_code == 302
        assert browser.get(reverse("home")).wsgi_request.user == lan
