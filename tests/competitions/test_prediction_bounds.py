"""A prediction is a number from 0 to 1,000,000. Anything else is refused with the autosave's message, on
the submit too: the attempt stays open for the member to correct it, unless its time is up (the server's
deadline wins, and a late prediction never counts)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Answer, Attempt
from tests.competitions.helpers import right_ids, slots

pytestmark = pytest.mark.django_db

BAD = ["2147483648", "-1", "abc", str(10**30), "1000001", "1.5"]
MESSAGES = ("Số dự đoán phải là một số nguyên.", "Số dự đoán phải từ 0 đến 1.000.000.")


def _url(name: str, pk: int) -> str:
    return reverse(f"competitions:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize("prediction", BAD)
def test_a_bad_prediction_on_submit_is_refused_and_the_attempt_stays_open(player, attempt, prediction):
    first = slots(attempt)[0]
    attempts.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=right_ids(first))

    response = player.post(_url("attempt_submit", attempt.pk), {"prediction": prediction}, follow=True)

    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.prediction is None
    total = attempt.questions.count()
    assert response.redirect_chain[-1][0] == _url("attempt", attempt.pk) + f"?q={total + 1}"
    page = response.content.decode()
    assert any(message in page for message in MESSAGES)
    assert "Bạn đã trả lời 1/3 câu." in page
    assert Answer.objects.filter(attempt=attempt).count() == 1


@pytest.mark.parametrize("prediction", BAD)
def test_the_submit_refuses_a_prediction_with_the_autosave_s_message(player, attempt, prediction):
    saved = player.post(_url("attempt_save", attempt.pk), {"prediction": prediction}).json()["error"]

    page = player.post(_url("attempt_submit", attempt.pk), {"prediction": prediction}, follow=True).content.decode()

    assert saved in MESSAGES
    assert saved in page


def test_after_a_refused_prediction_the_member_corrects_it_and_submits(player, attempt):
    player.post(_url("attempt_submit", attempt.pk), {"prediction": "2147483648"})

    player.post(_url("attempt_submit", attempt.pk), {"prediction": "12"})

    attempt.refresh_from_db()
    assert (attempt.finished_reason, attempt.prediction) == (Attempt.FinishedReason.SUBMITTED, 12)


def test_a_refused_prediction_keeps_the_one_saved_before(player, attempt):
    player.post(_url("attempt_save", attempt.pk), {"prediction": "12"})

    player.post(_url("attempt_submit", attempt.pk), {"prediction": "2147483648"})

    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.prediction) == (None, 12)


def test_an_empty_prediction_on_submit_keeps_the_one_saved_before(player, attempt):
    player.post(_url("attempt_save", attempt.pk), {"prediction": "12"})

    player.post(_url("attempt_submit", attempt.pk), {"prediction": ""})

    attempt.refresh_from_db()
    assert (attempt.finished_reason, attempt.prediction) == (Attempt.FinishedReason.SUBMITTED, 12)


def test_a_bad_prediction_sent_after_the_deadline_does_not_keep_the_attempt_open(attempt):
    late = attempt.deadline + timedelta(seconds=5)

    attempts.submit_attempt(attempt=attempt, prediction="2147483648", now=late)

    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE
    assert attempt.prediction is None


def test_a_submit_whose_time_is_up_lands_on_the_result_page_whatever_the_prediction(player, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=20), deadline=timezone.now() - timedelta(seconds=1)
    )

    response = player.post(_url("attempt_submit", attempt.pk), {"prediction": "-1"}, follow=True)

    assert response.redirect_chain[-1][0] == _url("attempt_result", attempt.pk)
    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE


@pytest.mark.parametrize("prediction", BAD)
def test_autosave_refuses_a_bad_prediction_with_a_message_and_the_attempt_stays_playable(player, attempt, prediction):
    response = player.post(_url("attempt_save", attempt.pk), {"prediction": prediction})

    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert body["finished"] is False
    assert body["error"] in ("Số dự đoán phải là một số nguyên.", "Số dự đoán phải từ 0 đến 1.000.000.")
    attempt.refresh_from_db()
    assert attempt.prediction is None
    assert player.post(_url("attempt_submit", attempt.pk), {"prediction": "7"}).status_code == 302
    attempt.refresh_from_db()
    assert (attempt.finished_reason, attempt.prediction) == (Attempt.FinishedReason.SUBMITTED, 7)


@pytest.mark.parametrize("prediction", ["0", "1000000"])
def test_the_bounds_themselves_are_accepted(player, attempt, prediction):
    player.post(_url("attempt_submit", attempt.pk), {"prediction": prediction})

    attempt.refresh_from_db()
    assert attempt.prediction == int(prediction)


def test_the_prediction_input_carries_the_bounds(player, attempt):
    page = player.get(_url("attempt", attempt.pk) + "?q=4").content.decode()

    assert 'name="prediction" type="number" min="0" max="1000000"' in page
