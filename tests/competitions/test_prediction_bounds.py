"""A prediction is a number from 0 to 1,000,000. Anything else is refused with a message, and never keeps
an attempt open: the submit goes through without it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.models import Attempt

pytestmark = pytest.mark.django_db

BAD = ["2147483648", "-1", "abc", str(10**30), "1000001", "1.5"]


def _url(name: str, pk: int) -> str:
    return reverse(f"competitions:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize("prediction", BAD)
def test_a_bad_prediction_is_dropped_and_the_submit_goes_through(player, attempt, prediction):
    response = player.post(_url("attempt_submit", attempt.pk), {"prediction": prediction}, follow=True)

    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.SUBMITTED
    assert attempt.prediction is None
    assert response.redirect_chain[-1][0] == _url("attempt_result", attempt.pk)
    page = response.content.decode()
    assert "Bài đã nộp, không kèm số dự đoán này." in page
    assert ("Số dự đoán phải là một số nguyên." in page) or ("Số dự đoán phải từ 0 đến 1.000.000." in page)


def test_a_bad_prediction_on_submit_keeps_the_one_saved_before(player, attempt):
    player.post(_url("attempt_save", attempt.pk), {"prediction": "12"})

    player.post(_url("attempt_submit", attempt.pk), {"prediction": "2147483648"})

    attempt.refresh_from_db()
    assert (attempt.finished_reason, attempt.prediction) == (Attempt.FinishedReason.SUBMITTED, 12)


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
