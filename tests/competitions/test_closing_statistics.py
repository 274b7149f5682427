"""Closing rounds refreshes the item statistics, after the closing commits, and never at its expense."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from competitions import attempts, closing
from competitions.models import Answer
from questionbank.models import QuestionStatistics
from tests.competitions.helpers import right_ids, slots, wrong_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(open_round, member_a):
    """One attempt in the open round: two right, one wrong, submitted after a minute."""
    start = open_round.opens_at + timedelta(minutes=1)
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    for i, slot in enumerate(slots(attempt)):
        choice = right_ids(slot) if i < 2 else [wrong_id(slot)]
        attempts.record_answer(
            attempt=attempt, question_id=slot.question_id, choice_ids=choice, now=start + timedelta(seconds=20)
        )
    return attempts.submit_attempt(attempt=attempt, now=start + timedelta(seconds=60))


def test_closing_a_round_refreshes_the_statistics_of_its_questions(
    open_round, played, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closing.close_rounds(now=open_round.closes_at + timedelta(minutes=1))

    stats = {s.question_id: s for s in QuestionStatistics.objects.all()}
    assert set(stats) == {slot.question_id for slot in slots(played)}
    assert sorted(s.correct for s in stats.values()) == [0, 1, 1]
    assert all(s.seen == 1 for s in stats.values())


def test_the_statistics_wait_until_the_closing_is_committed(open_round, played, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        closing.close_rounds(now=open_round.closes_at + timedelta(minutes=1))

        assert not QuestionStatistics.objects.exists()
    for callback in callbacks:  # the commit: the statistics, and the standings told (results_changed)
        callback()
    assert QuestionStatistics.objects.exists()


def test_no_round_closed_no_statistics_run(open_round, played, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        closing.close_rounds()

    assert callbacks == []


def test_a_failure_in_the_statistics_does_not_undo_the_closing(
    open_round, played, django_capture_on_commit_callbacks, caplog
):
    # A corrupt answer row (choices not a list) makes the statistics fail for real.
    Answer.objects.filter(attempt=played, correct=True).update(choices=5)

    with caplog.at_level(logging.ERROR, logger="competitions.closing"):
        with django_capture_on_commit_callbacks(execute=True):
            closed = closing.close_rounds(now=open_round.closes_at + timedelta(minutes=1))

    open_round.refresh_from_db()
    assert [r.pk for r in closed] == [open_round.pk]
    assert open_round.prediction_actual == 0
    assert "Item statistics were not refreshed" in caplog.text
    assert not QuestionStatistics.objects.exists()
