"""Saving an answer: the same rules through every entry point, on SQLite and on PostgreSQL.

An answer is saved through three entry points, and each case below runs
through all three (``test_every_entry_point_applies_the_same_rules``):

- ``record_answer``, the ORM path, as the plain form post of the attempt page
  uses it: the attempt is looked up for the signed-in person (404 for anyone
  else), then record_answer checks and saves;
- ``save_answer``, the save endpoint's service: on PostgreSQL a valid save is
  one SQL statement (``_upsert_answer``) and anything it does not save goes
  on to record_answer, which says why. On SQLite save_answer always goes
  through record_answer (the ORM), so there the raw statement is not run:
  run this file on both databases (``DATABASE_URL`` set and unset);
- the save endpoint itself (attempt.js's POST), which calls save_answer.

Choices are named by their keys (``Choice.key``), as the page sends them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.http import Http404
from django.test import Client
from django.urls import reverse

from competitions import attempts
from competitions.models import Answer, Attempt, AttemptQuestion
from competitions.permissions import get_attempt_for_player
from questionbank.models import Question
from quizsite.accounts.models import User
from tests.competitions.helpers import right_ids, slots, time_passes, wrong_id
from tests.components import postgres_url

NOT_YOURS = "not found"
SAVED = "saved"


@dataclass(frozen=True)
class Outcome:
    kind: str  # SAVED, NOT_YOURS, or the message that refused the save
    # When the entry point says the current choice was given (the endpoint's "answered_at").
    updated_at: object = None


def _through_record_answer(user: User, attempt: Attempt, question_id: int, choices: list) -> Outcome:
    try:
        mine = get_attempt_for_player(user, attempt.pk)
        answer = attempts.record_answer(attempt=mine, question_id=question_id, choice_ids=choices)
    except Http404:
        return Outcome(NOT_YOURS)
    except ValidationError as error:
        return Outcome(" ".join(error.messages))
    return Outcome(SAVED, answer.updated_at)


def _through_save_answer(user: User, attempt: Attempt, question_id: int, choices: list) -> Outcome:
    try:
        answer = attempts.save_answer(user=user, attempt_id=attempt.pk, question_id=question_id, choice_ids=choices)
    except ValidationError as error:
        return Outcome(" ".join(error.messages))
    return Outcome(NOT_YOURS) if answer is None else Outcome(SAVED, answer.updated_at)


def _through_the_endpoint(user: User, attempt: Attempt, question_id: int, choices: list) -> Outcome:
    client = Client()
    client.force_login(user)
    url = reverse("competitions:attempt_save", kwargs={"pk": attempt.pk})
    response = client.post(url, {"question": question_id, "choice": choices})
    if response.status_code == 404:
        return Outcome(NOT_YOURS)
    body = response.json()
    if response.status_code == 200:
        assert set(body) == {"saved", "answered_at"}  # never a word about which choice is right
        return Outcome(SAVED, datetime.fromisoformat(body["answered_at"]))
    assert response.status_code == (409 if body["finished"] else 400)
    return Outcome(body["error"])


ENTRY_POINTS: dict[str, Callable[..., Outcome]] = {
    "record_answer": _through_record_answer,
    "save_answer": _through_save_answer,
    "endpoint": _through_the_endpoint,
}


@dataclass
class World:
    """An attempt of member_a under way (3 single-choice questions of 4 in the bank), and another member."""

    attempt: Attempt
    slots: list[AttemptQuestion]
    owner: User
    other: User
    outside: Question

    def stored(self) -> dict[int, list[int]]:
        return {a.question_id: a.choices for a in Answer.objects.filter(attempt=self.attempt)}


@pytest.fixture
def world(open_round, bank, member_a, leader_a) -> World:
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    drawn = slots(attempt)
    outside = next(q for q in bank if q.pk not in {s.question_id for s in drawn})
    return World(attempt=attempt, slots=drawn, owner=member_a, other=leader_a, outside=outside)


# --- The cases: each sets the scene, saves through ``save`` and checks what was stored ---


def the_owner_saves_a_choice(w: World, save) -> None:
    slot = w.slots[0]
    outcome = save(w.owner, w.attempt, slot.question_id, right_ids(slot))
    assert outcome.kind == SAVED
    assert w.stored() == {slot.question_id: right_ids(slot)}


def a_change_of_answer_keeps_the_time_of_the_first(w: World, save) -> None:
    slot = w.slots[0]
    assert save(w.owner, w.attempt, slot.question_id, [wrong_id(slot)]).kind == SAVED
    minute = timedelta(minutes=1)  # the first answer was given a minute ago
    Answer.objects.update(answered_at=F("answered_at") - minute, updated_at=F("updated_at") - minute)
    first = Answer.objects.get()

    outcome = save(w.owner, w.attempt, slot.question_id, right_ids(slot))

    now = Answer.objects.get()
    assert (now.pk, now.choices, now.answered_at) == (first.pk, right_ids(slot), first.answered_at)
    assert now.updated_at > first.updated_at
    assert (outcome.kind, outcome.updated_at) == (SAVED, now.updated_at)


def answers_to_two_questions_are_two_rows(w: World, save) -> None:
    first, second = w.slots[:2]
    save(w.owner, w.attempt, first.question_id, right_ids(first))
    save(w.owner, w.attempt, second.question_id, [wrong_id(second)])
    assert w.stored() == {first.question_id: right_ids(first), second.question_id: [wrong_id(second)]}


def someone_else_s_attempt_is_not_found(w: World, save) -> None:
    slot = w.slots[0]
    assert save(w.other, w.attempt, slot.question_id, right_ids(slot)).kind == NOT_YOURS
    assert w.stored() == {}


def someone_else_s_attempt_is_not_found_even_with_a_bad_choice(w: World, save) -> None:
    assert save(w.other, w.attempt, w.slots[0].question_id, ["x"]).kind == NOT_YOURS


def a_save_after_the_deadline_is_refused_and_the_answer_given_in_time_stays(w: World, save) -> None:
    slot = w.slots[0]
    save(w.owner, w.attempt, slot.question_id, right_ids(slot))
    time_passes(w.attempt, timedelta(minutes=11))

    outcome = save(w.owner, w.attempt, slot.question_id, [wrong_id(slot)])

    assert outcome.kind == "Đã hết giờ làm bài; câu trả lời này không được lưu."
    assert w.stored() == {slot.question_id: right_ids(slot)}
    w.attempt.refresh_from_db()
    assert (w.attempt.finished_reason, w.attempt.score) == (Attempt.FinishedReason.DEADLINE, 1)


def a_save_after_submit_is_refused_and_the_submitted_answer_stays(w: World, save) -> None:
    slot = w.slots[0]
    save(w.owner, w.attempt, slot.question_id, right_ids(slot))
    attempts.submit_attempt(attempt=w.attempt)

    outcome = save(w.owner, w.attempt, slot.question_id, [wrong_id(slot)])

    assert outcome.kind == "Bài đã nộp, không thể sửa câu trả lời."
    assert w.stored() == {slot.question_id: right_ids(slot)}


def a_choice_of_another_question_is_refused(w: World, save) -> None:
    first, second = w.slots[:2]
    save(w.owner, w.attempt, first.question_id, right_ids(first))

    outcome = save(w.owner, w.attempt, first.question_id, [second.choice_order[0]])

    assert outcome.kind == "Phương án không thuộc câu hỏi này."
    assert w.stored() == {first.question_id: right_ids(first)}


def two_choices_on_a_single_choice_question_are_refused(w: World, save) -> None:
    slot = w.slots[0]
    assert save(w.owner, w.attempt, slot.question_id, slot.choice_order[:2]).kind == (
        "Câu này chỉ chọn đúng một phương án."
    )
    assert w.stored() == {}


def no_choice_on_a_single_choice_question_is_refused(w: World, save) -> None:
    slot = w.slots[0]
    assert save(w.owner, w.attempt, slot.question_id, []).kind == "Câu này chỉ chọn đúng một phương án."
    assert w.stored() == {}


def several_choices_on_a_multiple_choice_question_are_saved(w: World, save) -> None:
    slot = w.slots[0]
    Question.objects.filter(pk=slot.question_id).update(kind=Question.Kind.MULTIPLE)
    assert save(w.owner, w.attempt, slot.question_id, slot.choice_order[:2]).kind == SAVED
    assert w.stored() == {slot.question_id: sorted(slot.choice_order[:2])}


def an_unknown_key_is_refused_even_the_choice_s_primary_key(w: World, save) -> None:
    slot = w.slots[0]
    right = next(c for c in slot.question.choices.all() if c.is_correct)  # what the old page sent
    assert save(w.owner, w.attempt, slot.question_id, [right.pk]).kind == "Phương án không thuộc câu hỏi này."
    assert save(w.owner, w.attempt, slot.question_id, [999_999_999]).kind == "Phương án không thuộc câu hỏi này."
    assert w.stored() == {}


def a_choice_that_is_not_a_number_is_refused(w: World, save) -> None:
    assert save(w.owner, w.attempt, w.slots[0].question_id, ["x"]).kind == "Phương án không hợp lệ."
    assert w.stored() == {}


def a_question_outside_the_attempt_is_refused(w: World, save) -> None:
    choice = w.outside.choices.first().key
    assert save(w.owner, w.attempt, w.outside.pk, [choice]).kind == "Câu hỏi này không thuộc bài thi của bạn."
    assert w.stored() == {}


CASES = [
    the_owner_saves_a_choice,
    a_change_of_answer_keeps_the_time_of_the_first,
    answers_to_two_questions_are_two_rows,
    someone_else_s_attempt_is_not_found,
    someone_else_s_attempt_is_not_found_even_with_a_bad_choice,
    a_save_after_the_deadline_is_refused_and_the_answer_given_in_time_stays,
    a_save_after_submit_is_refused_and_the_submitted_answer_stays,
    a_choice_of_another_question_is_refused,
    two_choices_on_a_single_choice_question_are_refused,
    no_choice_on_a_single_choice_question_is_refused,
    several_choices_on_a_multiple_choice_question_are_saved,
    an_unknown_key_is_refused_even_the_choice_s_primary_key,
    a_choice_that_is_not_a_number_is_refused,
    a_question_outside_the_attempt_is_refused,
]


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_every_entry_point_applies_the_same_rules(world, case, entry):
    case(world, ENTRY_POINTS[entry])


# --- What only PostgreSQL's one-statement save has -----------------------------


def test_a_save_on_postgresql_is_one_statement_after_the_session_and_the_user(
    client, world, django_assert_max_num_queries
):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement save is PostgreSQL's; SQLite goes through record_answer")
    slot = world.slots[0]
    client.force_login(world.owner)
    url = reverse("competitions:attempt_save", kwargs={"pk": world.attempt.pk})

    with django_assert_max_num_queries(3):  # the session (the database in tests), the user, the save
        assert client.post(url, {"question": slot.question_id, "choice": right_ids(slot)}).status_code == 200


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
