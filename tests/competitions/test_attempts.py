"""start_attempt, submit_attempt, scoring and the deadline, with a frozen clock.

The rules of saving an answer are in test_answer_saves.py, through every entry point.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions import attempts, closing
from competitions.models import Answer, Attempt, AttemptFlag, Round
from quizsite.accounts import services as accounts
from tests.competitions.helpers import right_ids, slots, wrong_id

# --- Eligibility ------------------------------------------------------------


def test_a_team_member_of_the_competition_unit_may_start(open_round, member_a, team_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a, device_id="d", user_agent="UA")

    assert attempt.number == 1
    assert attempt.team == team_a
    assert attempt.deadline == attempt.started_at + timedelta(seconds=600)


def test_it_refuses_a_member_of_a_team_outside_the_competition_unit(open_round, make_user, team_b):
    outsider = make_user(name="Người xã khác")
    accounts.add_member(team=team_b, user=outsider)

    with pytest.raises(ValidationError, match="dành cho thành viên"):
        attempts.start_attempt(round=open_round, user=outsider)
    assert not Attempt.objects.exists()


def test_it_refuses_a_person_without_a_team_when_the_round_is_for_teams(open_round, make_user):
    with pytest.raises(ValidationError):
        attempts.start_attempt(round=open_round, user=make_user())


def test_eligible_units_widen_the_round_to_another_commune(open_round, make_user, team_b, commune_b, commune_a):
    open_round.eligible_units.set([commune_a, commune_b])
    player = make_user()
    accounts.add_member(team=team_b, user=player)

    assert attempts.start_attempt(round=open_round, user=player).team == team_b


def test_anyone_signed_in_may_play_an_open_to_all_round(open_round, make_user):
    open_round.entry = Round.Entry.ANYONE_SIGNED_IN
    open_round.save()

    attempt = attempts.start_attempt(round=open_round, user=make_user())

    assert attempt.team is None


def test_it_refuses_to_start_a_closed_round(open_round, member_a):
    later = open_round.closes_at + timedelta(minutes=1)

    with pytest.raises(ValidationError, match="đã đóng"):
        attempts.start_attempt(round=open_round, user=member_a, now=later)


def test_it_refuses_to_start_a_round_not_yet_open(open_round, member_a):
    with pytest.raises(ValidationError, match="chưa mở"):
        attempts.start_attempt(round=open_round, user=member_a, now=open_round.opens_at - timedelta(minutes=1))


def test_it_refuses_when_the_attempts_are_used_up(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    attempts.submit_attempt(attempt=attempt)

    with pytest.raises(ValidationError, match="hết 1 lượt"):
        attempts.start_attempt(round=open_round, user=member_a)


def test_a_second_attempt_is_allowed_when_the_round_allows_two(open_round, member_a):
    open_round.attempts_allowed = 2
    open_round.save()
    first = attempts.start_attempt(round=open_round, user=member_a)
    attempts.submit_attempt(attempt=first)

    second = attempts.start_attempt(round=open_round, user=member_a)

    assert (second.number, second.pk != first.pk) == (2, True)


def test_the_deadline_is_the_round_close_when_that_comes_first(open_round, member_a):
    now = open_round.closes_at - timedelta(minutes=3)

    attempt = attempts.start_attempt(round=open_round, user=member_a, now=now)

    assert attempt.deadline == open_round.closes_at


def test_it_refuses_a_round_with_an_empty_bank(make_round, member_a):
    round = make_round(count=2)  # no bank fixture: nothing approved

    with pytest.raises(ValidationError, match="chưa có câu hỏi"):
        attempts.start_attempt(round=round, user=member_a)
    assert not Attempt.objects.exists()


# --- Submit, scoring, deadline ----------------------------------------------


def _answer_all(attempt, *, right: int, now=None):
    for i, slot in enumerate(slots(attempt)):
        choice = right_ids(slot) if i < right else [wrong_id(slot)]
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=choice, now=now)


def test_the_score_counts_the_right_answers(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=2, now=start + timedelta(seconds=30))

    done = attempts.submit_attempt(attempt=attempt, prediction=5, now=start + timedelta(seconds=95))

    assert (done.score, done.correct_all, done.prediction) == (2, False, 5)
    assert done.duration == timedelta(seconds=95)
    assert done.finished_reason == Attempt.FinishedReason.SUBMITTED


def test_all_right_answers_mark_correct_all(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=3, now=start + timedelta(seconds=30))

    done = attempts.submit_attempt(attempt=attempt, now=start + timedelta(seconds=60))

    assert (done.score, done.correct_all) == (3, True)


def test_a_multiple_choice_question_is_all_or_nothing(make_round, make_approved, member_a):
    from questionbank import services as qb

    question = make_approved(
        kind="multiple",
        text="Những cách nào giúp bảo vệ tài khoản?",
        choices=[
            qb.ChoiceData("Bật xác thực hai lớp", True),
            qb.ChoiceData("Đổi mật khẩu định kỳ", True),
            qb.ChoiceData("Dùng chung mật khẩu", False),
        ],
    )
    round = make_round(count=1)
    start = timezone.now()
    attempt = attempts.start_attempt(round=round, user=member_a, now=start)
    right = list(question.choices.filter(is_correct=True).values_list("key", flat=True))

    attempts.record_answer(attempt=attempt, question_id=question.pk, choice_ids=right[:1], now=start)
    assert attempts.submit_attempt(attempt=attempt, now=start + timedelta(seconds=60)).score == 0


def test_submitting_twice_counts_once_and_returns_the_same_result(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=3, now=start + timedelta(seconds=10))

    first = attempts.submit_attempt(attempt=attempt, prediction=4, now=start + timedelta(seconds=60))
    second = attempts.submit_attempt(attempt=attempt, prediction=9, now=start + timedelta(seconds=90))

    assert (second.pk, second.score, second.submitted_at, second.prediction) == (
        first.pk,
        3,
        first.submitted_at,
        4,
    )
    assert Attempt.objects.filter(user=member_a).count() == 1


def test_a_submit_after_the_deadline_finishes_at_the_deadline(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=3, now=start + timedelta(seconds=30))

    done = attempts.submit_attempt(attempt=attempt, prediction=7, now=attempt.deadline + timedelta(minutes=5))

    assert done.finished_reason == Attempt.FinishedReason.DEADLINE
    assert done.submitted_at == attempt.deadline
    assert done.duration == timedelta(seconds=600)
    assert done.score == 3
    assert done.prediction is None  # a late prediction does not count


def test_an_answer_changed_after_the_deadline_does_not_count(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=3, now=start + timedelta(seconds=30))
    # Simulate a write that slipped past the deadline (clock skew, old code path).
    Answer.objects.filter(attempt=attempt).update(updated_at=attempt.deadline + timedelta(seconds=1))

    done = attempts.submit_attempt(attempt=attempt, now=attempt.deadline + timedelta(seconds=2))

    assert done.score == 0
    assert set(Answer.objects.filter(attempt=attempt).values_list("correct", flat=True)) == {None}


def test_an_expired_attempt_is_finished_when_it_is_read(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)

    attempts.finish_if_expired(attempt=attempt, now=attempt.deadline + timedelta(seconds=1))

    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE


def test_starting_again_after_the_deadline_finishes_the_old_attempt_first(open_round, member_a):
    open_round.attempts_allowed = 2
    open_round.save()
    first = attempts.start_attempt(round=open_round, user=member_a)

    second = attempts.start_attempt(round=open_round, user=member_a, now=first.deadline + timedelta(seconds=1))

    first.refresh_from_db()
    assert first.finished_reason == Attempt.FinishedReason.DEADLINE
    assert second.number == 2


def test_a_saved_prediction_survives_a_deadline_finish(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    attempts.record_prediction(attempt=attempt, prediction="12")

    done = attempts.submit_attempt(attempt=attempt, now=attempt.deadline + timedelta(seconds=5))

    assert done.prediction == 12


def test_a_negative_prediction_is_refused_and_the_attempt_stays_open(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)

    with pytest.raises(ValidationError, match="Số dự đoán phải từ 0 đến 1.000.000."):
        attempts.submit_attempt(attempt=attempt, prediction="-3")

    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.prediction) == (None, None)


# --- Flags ------------------------------------------------------------------


def test_a_too_fast_attempt_is_flagged_but_still_counts(open_round, member_a):
    start = timezone.now()
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(attempt, right=3, now=start + timedelta(seconds=1))

    done = attempts.submit_attempt(attempt=attempt, now=start + timedelta(seconds=4))

    assert done.score == 3
    assert list(done.flags.values_list("kind", flat=True)) == [AttemptFlag.Kind.TOO_FAST]


def test_two_accounts_on_one_device_are_flagged(open_round, member_a, leader_a):
    start = timezone.now()
    attempts.submit_attempt(
        attempt=attempts.start_attempt(round=open_round, user=leader_a, device_id="phone-1", now=start),
        now=start + timedelta(minutes=5),
    )
    attempt = attempts.start_attempt(round=open_round, user=member_a, device_id="phone-1", now=start)

    done = attempts.submit_attempt(attempt=attempt, now=start + timedelta(minutes=6))

    flag = done.flags.get()
    assert flag.kind == AttemptFlag.Kind.SHARED_DEVICE
    assert "Đỗ Tổ Trưởng" in flag.description


# --- Closing ----------------------------------------------------------------


def test_close_rounds_finishes_expired_attempts_and_counts_who_got_everything_right(open_round, member_a, leader_a):
    start = open_round.opens_at + timedelta(minutes=1)
    perfect = attempts.start_attempt(round=open_round, user=member_a, now=start)
    _answer_all(perfect, right=3, now=start + timedelta(seconds=30))
    attempts.submit_attempt(attempt=perfect, now=start + timedelta(seconds=60))
    abandoned = attempts.start_attempt(round=open_round, user=leader_a, now=start)
    _answer_all(abandoned, right=3, now=start + timedelta(seconds=30))  # never submitted: still counts at the deadline

    closing.close_rounds(now=open_round.closes_at + timedelta(minutes=1))

    abandoned.refresh_from_db()
    open_round.refresh_from_db()
    assert abandoned.finished_reason == Attempt.FinishedReason.DEADLINE
    assert open_round.prediction_actual == 2


def test_close_rounds_leaves_open_rounds_alone(open_round):
    closing.close_rounds()

    open_round.refresh_from_db()
    assert open_round.prediction_actual is None
    assert open_round.results_taken_at is None


def test_close_rounds_takes_a_rounds_results_once_even_when_nobody_got_everything_right(open_round, member_a):
    start = open_round.opens_at + timedelta(minutes=1)
    attempt = attempts.start_attempt(round=open_round, user=member_a, now=start)
    attempts.submit_attempt(attempt=attempt, now=start + timedelta(seconds=60))  # no answers: 0 right
    after_close = open_round.closes_at + timedelta(minutes=1)

    first = closing.close_rounds(now=after_close)
    second = closing.close_rounds(now=after_close + timedelta(minutes=1))

    open_round.refresh_from_db()
    assert [r.pk for r in first] == [open_round.pk]
    assert second == []  # a count of 0 is a number, not "not taken yet"
    assert open_round.prediction_actual == 0
    assert open_round.results_taken_at == after_close
