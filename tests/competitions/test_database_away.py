"""While PostgreSQL is away, members get a 503 in their language (a page, or JSON for attempt.js), never a 500.

The fault is injected at the connection: every new cursor fails as psycopg's
does when the server has gone, for the one request only. The 503 is rendered
while the fault is still there, so a page that touched the database (the
user, the session, a context processor) would fail instead. On PostgreSQL a
real dead connection (its backend terminated) must not serve the next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware as DjangosSessionMiddleware
from django.db import connections
from django.test import Client
from django.urls import reverse

from competitions import attempts
from competitions.models import Answer
from tests.competitions.helpers import right_ids, slots
from tests.components import postgres_url
from tests.conftest import PASSWORD

# Closing connections inside a test's transaction would break it: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

AWAY = "Máy chủ tạm gián đoạn"


@contextmanager
def database_away() -> Iterator[None]:
    """Every new cursor on this thread's connection fails, as when PostgreSQL is restarting."""
    connection = connections["default"]
    error = connection.Database.OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(connection, "create_cursor", side_effect=error):
        yield


def _page(attempt) -> str:
    return reverse("competitions:attempt", kwargs={"pk": attempt.pk})


def _save(attempt) -> str:
    return reverse("competitions:attempt_save", kwargs={"pk": attempt.pk})


def test_a_question_page_while_the_database_is_away_is_a_short_vietnamese_503_that_reloads_itself(player, attempt):
    with database_away():
        response = player.get(_page(attempt))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert AWAY in page
    assert "Những câu trả lời đã lưu vẫn còn nguyên." in page
    assert '<meta http-equiv="refresh" content="5">' in page


def test_the_503_page_is_in_english_for_someone_who_chose_english(player, attempt):
    player.post(reverse("set_language"), {"language": "en"})

    with database_away():
        response = player.get(_page(attempt))

    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Back to the home page" in page


def test_the_next_request_after_the_fault_gets_the_question(player, attempt):
    with database_away():
        assert player.get(_page(attempt)).status_code == 503

    response = player.get(_page(attempt))

    assert response.status_code == 200
    assert "Câu 1/3" in response.content.decode()


def test_an_autosave_while_the_database_is_away_gets_json_to_retry_and_the_retry_is_saved_once(player, attempt):
    slot = slots(attempt)[0]
    tap = {"question": slot.question_id, "choice": right_ids(slot)}

    with database_away():
        refused = player.post(_save(attempt), tap)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert refused.json() == {"error": "Máy chủ đang tạm gián đoạn. Vui lòng thử lại sau ít giây.", "retry_after": 5}
    assert not Answer.objects.filter(attempt=attempt).exists()

    assert player.post(_save(attempt), tap).json()["saved"] is True
    assert list(Answer.objects.filter(attempt=attempt).values_list("choices", flat=True)) == [right_ids(slot)]


def test_a_submit_from_attempt_js_gets_json_and_the_plain_form_gets_the_page(player, attempt):
    url = reverse("competitions:attempt_submit", kwargs={"pk": attempt.pk})

    with database_away():
        from_script = player.post(url, headers={"Accept": "application/json"})
        from_form = player.post(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})

    assert (from_script.status_code, from_script.json()["retry_after"]) == (503, 5)
    assert from_form.status_code == 503
    page = from_form.content.decode()
    assert AWAY in page
    assert "http-equiv" not in page  # a form post is not repeated behind the member's back
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


@contextmanager
def sessions_not_stored() -> Iterator[None]:
    """The database goes away after the view, while SessionMiddleware stores the session."""
    store_session = DjangosSessionMiddleware.process_response

    def store_while_away(self, request, response):
        with database_away():
            return store_session(self, request, response)

    with mock.patch.object(DjangosSessionMiddleware, "process_response", store_while_away):
        yield


def test_a_sign_in_whose_session_cannot_be_updated_gets_the_503_page_not_a_400(member_a):
    """Django would say the session "was deleted before the request completed" (SessionInterrupted)."""
    browser = Client(raise_request_exception=False)

    with sessions_not_stored():
        response = browser.post(
            reverse("account_login"),
            {"login": "0" + member_a.phone.removeprefix("+84"), "password": PASSWORD},
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert AWAY in response.content.decode()


def test_a_guest_whose_new_session_cannot_be_stored_gets_the_503_page_not_a_500(live, team_a):
    """A new session fails with the database's own error, which Django turns into a 500 outside any view."""
    browser = Client(raise_request_exception=False)

    with sessions_not_stored():
        response = browser.post(reverse("live:play", args=[live.code]), {"nickname": "Bé Na", "team": team_a.pk})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert AWAY in response.content.decode()


def test_an_integrity_error_is_not_taken_for_an_outage(member_a, attempt):
    """A broken rule is a bug to see in the logs, not a 503 to retry for ever."""
    browser = Client(raise_request_exception=False)
    browser.force_login(member_a)
    slot = slots(attempt)[0]

    def save_twice(**kwargs):
        for _ in range(2):  # the second row breaks the one-answer-per-question constraint
            Answer.objects.create(attempt=attempt, question_id=slot.question_id, choices=[])

    with mock.patch.object(attempts, "save_answer", save_twice):
        response = browser.post(_save(attempt), {"question": slot.question_id, "choice": right_ids(slot)})

    assert response.status_code == 500
    assert "Máy chủ đang gặp sự cố" in response.content.decode()  # templates/500.html


@pytest.mark.needs_postgres
def test_a_dead_connection_answers_503_once_and_the_next_request_connects_afresh(player, attempt):
    """PostgreSQL restarted: the thread's open connection is dead. It must not serve the next request."""
    postgres_url()
    assert player.get(_page(attempt)).status_code == 200
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()

    during = player.get(_page(attempt))
    after = player.get(_page(attempt))

    assert during.status_code == 503
    assert after.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
