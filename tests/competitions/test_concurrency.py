"""Two taps at once: real threads on PostgreSQL, each with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from competitions import attempts
from competitions.models import Attempt, AttemptQuestion
from tests.competitions.helpers import right_ids, slots
from tests.components import postgres_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres]


def _at_once(fn: Callable[[], object], times: int = 2) -> list[object]:
    barrier = threading.Barrier(times)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_simultaneous_starts_make_one_attempt(open_round, member_a):
    postgres_url()

    results = _at_once(lambda: attempts.start_attempt(round=open_round, user=member_a).pk, times=4)

    assert Attempt.objects.count() == 1
    assert results == [Attempt.objects.get().pk] * 4
    assert AttemptQuestion.objects.count() == 3


def test_two_simultaneous_submits_count_once(open_round, member_a):
    postgres_url()
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    for slot in slots(attempt):
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))

    results = _at_once(lambda: attempts.submit_attempt(attempt=attempt), times=3)

    assert {(a.pk, a.score, a.submitted_at) for a in results} == {(attempt.pk, 3, Attempt.objects.get().submitted_at)}
    assert Attempt.objects.filter(finished_reason="submitted").count() == 1
