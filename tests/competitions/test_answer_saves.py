"""record_answer as one insert-or-update: the first answer's time stays, the change is what counts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from competitions import services
from competitions.models import Answer
from tests.competitions.helpers import right_ids, slots, wrong_id


def test_a_changed_answer_keeps_the_time_of_the_first_answer(open_round, member_a):
    attempt = services.start_attempt(round=open_round, user=member_a)
    slot = slots(attempt)[0]
    first = timezone.now()
    later = first + timedelta(seconds=30)

    services.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=[wrong_id(slot)], now=first)
    changed = services.record_answer(
        attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot), now=later
    )

    stored = Answer.objects.get(attempt=attempt, question_id=slot.question_id)
    assert (stored.choices, stored.answered_at, stored.updated_at) == (right_ids(slot), first, later)
    assert (changed.pk, changed.answered_at, changed.updated_at) == (stored.pk, first, later)


def test_answers_to_different_questions_are_separate_rows(open_round, member_a):
    attempt = services.start_attempt(round=open_round, user=member_a)
    first, second = slots(attempt)[:2]

    services.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=right_ids(first))
    services.record_answer(attempt=attempt, question_id=second.question_id, choice_ids=[wrong_id(second)])

    stored = {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}
    assert stored == {first.question_id: right_ids(first), second.question_id: [wrong_id(second)]}
