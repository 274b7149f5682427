"""Answer saves: one insert-or-update, the first answer's time stays, the last change counts.

The save endpoint (attempt.js) runs as one statement on PostgreSQL
(attempts.save_answer); these tests go through it, on SQLite and PostgreSQL,
for each rule that statement carries.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Answer
from questionbank.models import Question
from tests.competitions.helpers import right_ids, slots, time_passes, wrong_id
from tests.components import postgres_url


def test_a_changed_answer_keeps_the_time_of_the_first_answer(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    slot = slots(attempt)[0]
    first = timezone.now()
    later = first + timedelta(seconds=30)

    attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=[wrong_id(slot)], now=first)
    changed = attempts.record_answer(
        attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot), now=later
    )

    stored = Answer.objects.get(attempt=attempt, question_id=slot.question_id)
    assert (stored.choices, stored.answered_at, stored.updated_at) == (right_ids(slot), first, later)
    assert (changed.pk, changed.answered_at, changed.updated_at) == (stored.pk, first, later)


def test_answers_to_different_questions_are_separate_rows(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    first, second = slots(attempt)[:2]

    attempts.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=right_ids(first))
    attempts.record_answer(attempt=attempt, question_id=second.question_id, choice_ids=[wrong_id(second)])

    stored = {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}
    assert stored == {first.question_id: right_ids(first), second.question_id: [wrong_id(second)]}


@pytest.fixture
def attempt(open_round, member_a):
    return attempts.start_attempt(round=open_round, user=member_a)


@pytest.fixture
def player(client, member_a):
    client.force_login(member_a)
    return client


def _save(client, attempt, question_id, choices):
    url = reverse("competitions:attempt_save", kwargs={"pk": attempt.pk})
    return client.post(url, {"question": question_id, "choice": choices})


def _stored(attempt) -> dict[int, list[int]]:
    return {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}


def test_a_save_through_the_endpoint_stores_the_last_choice_and_answers_its_time(player, attempt):
    slot = slots(attempt)[0]

    _save(player, attempt, slot.question_id, [wrong_id(slot)])
    response = _save(player, attempt, slot.question_id, right_ids(slot))

    stored = Answer.objects.get(attempt=attempt)
    assert response.json() == {"saved": True, "answered_at": stored.updated_at.isoformat()}
    assert stored.choices == right_ids(slot)


def test_a_save_to_someone_else_s_attempt_is_a_404_and_stores_nothing(client, attempt, leader_a):
    slot = slots(attempt)[0]
    client.force_login(leader_a)

    response = _save(client, attempt, slot.question_id, right_ids(slot))

    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_a_bad_choice_to_someone_else_s_attempt_is_a_404_too(client, attempt, leader_a):
    client.force_login(leader_a)

    assert _save(client, attempt, slots(attempt)[0].question_id, ["x"]).status_code == 404


def test_a_save_after_submit_is_refused_and_keeps_the_submitted_answer(player, attempt):
    slot = slots(attempt)[0]
    _save(player, attempt, slot.question_id, right_ids(slot))
    attempts.submit_attempt(attempt=attempt)

    response = _save(player, attempt, slot.question_id, [wrong_id(slot)])

    assert response.status_code == 409
    assert response.json()["error"] == "Bài đã nộp, không thể sửa câu trả lời."
    assert _stored(attempt) == {slot.question_id: right_ids(slot)}


def test_a_save_after_the_deadline_keeps_the_answer_given_in_time(player, attempt):
    slot = slots(attempt)[0]
    _save(player, attempt, slot.question_id, right_ids(slot))
    time_passes(attempt, timedelta(minutes=11))

    response = _save(player, attempt, slot.question_id, [wrong_id(slot)])

    attempt.refresh_from_db()
    assert (response.status_code, attempt.is_finished) == (409, True)
    assert _stored(attempt) == {slot.question_id: right_ids(slot)}


def test_a_single_answer_question_refuses_two_choices(player, attempt):
    slot = slots(attempt)[0]

    response = _save(player, attempt, slot.question_id, slot.choice_order[:2])

    assert response.status_code == 400
    assert response.json()["error"] == "Câu này chỉ chọn đúng một phương án."
    assert not Answer.objects.exists()


def test_a_single_answer_question_refuses_no_choice(player, attempt):
    slot = slots(attempt)[0]

    assert _save(player, attempt, slot.question_id, []).status_code == 400
    assert not Answer.objects.exists()


def test_a_multiple_answer_question_takes_several_choices(player, attempt):
    slot = slots(attempt)[0]
    Question.objects.filter(pk=slot.question_id).update(kind=Question.Kind.MULTIPLE)

    response = _save(player, attempt, slot.question_id, slot.choice_order[:2])

    assert response.status_code == 200
    assert _stored(attempt) == {slot.question_id: sorted(slot.choice_order[:2])}


def test_a_choice_of_another_question_of_the_attempt_is_refused(player, attempt):
    first, second = slots(attempt)[:2]
    _save(player, attempt, first.question_id, right_ids(first))

    response = _save(player, attempt, first.question_id, [second.choice_order[0]])

    assert response.status_code == 400
    assert _stored(attempt) == {first.question_id: right_ids(first)}


def test_a_question_outside_the_attempt_is_refused(player, attempt, bank):
    drawn = {s.question_id for s in slots(attempt)}
    outside = next(q for q in bank if q.pk not in drawn)

    response = _save(player, attempt, outside.pk, [outside.choices.first().pk])

    assert response.status_code == 400
    assert response.json()["error"] == "Câu hỏi này không thuộc bài thi của bạn."
    assert not Answer.objects.exists()


def test_the_save_response_never_names_the_right_choice(player, attempt):
    slot = slots(attempt)[0]

    body = _save(player, attempt, slot.question_id, [wrong_id(slot)]).json()

    assert set(body) == {"saved", "answered_at"}


def test_a_save_on_postgresql_is_one_statement_after_the_session_and_the_user(
    player, attempt, django_assert_max_num_queries
):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement save is PostgreSQL's; SQLite goes through record_answer")
    slot = slots(attempt)[0]

    with django_assert_max_num_queries(3):  # the session (the database in tests), the user, the save
        assert _save(player, attempt, slot.question_id, right_ids(slot)).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_postgres
def test_a_save_waiting_on_a_submit_is_refused_once_the_submit_commits(open_round, member_a):
    postgres_url()
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    slot = slots(attempt)[0]
    submitted, outcome = threading.Event(), []

    def submit() -> None:
        try:
            with transaction.atomic():
                attempts.submit_attempt(attempt=attempt)
                submitted.set()
                time.sleep(0.5)  # the save below waits on the attempt row meanwhile
        finally:
            connection.close()

    def save() -> None:
        submitted.wait(5)
        try:
            outcome.append(
                attempts.save_answer(
                    user=member_a, attempt_id=attempt.pk, question_id=slot.question_id, choice_ids=right_ids(slot)
                )
            )
        except ValidationError as error:
            outcome.append(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=save)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcome == [["Bài đã nộp, không thể sửa câu trả lời."]]
    assert not Answer.objects.exists()
