"""An attempt of a self-paced round: start, save each answer, predict, submit, finish at the deadline.

Times: every function takes ``now`` (default: the server clock), so tests
freeze the clock by passing it. The browser's clock never decides anything.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questionbank import marking
from questionbank.models import Question
from questionbank.services import mark_used
from quizsite.accounts.models import User

from .drawing import draw_questions
from .eligibility import entry_problem, team_for_round
from .flags import flag_finished_attempt
from .models import Answer, Attempt, AttemptQuestion, Round
from .results_changed import round_results_changed

Reason = Attempt.FinishedReason
# "How many people will get everything right?": far more than a province's players, far below the column's limit.
PREDICTION_MAX = 1_000_000


def start_attempt(
    *,
    round: Round,
    user: User,
    device_id: str = "",
    user_agent: str = "",
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start an attempt, or return the one already under way (resume on any phone).

    The questions are drawn and stored once, in the same transaction. Two
    starts at the same moment cannot make two attempts: the database refuses
    the second (``attempt_one_unfinished`` / ``attempt_number_unique``) and the
    loser returns the winner's attempt.
    """
    now = now or timezone.now()
    finish_expired_attempts(now=now, round=round, user=user)
    problem = entry_problem(round=round, user=user, now=now)
    for _try in range(3):
        current = Attempt.objects.unfinished().filter(round=round, user=user).first()
        if current is not None:
            return current
        if problem:
            raise ValidationError(problem)
        used = Attempt.objects.filter(round=round, user=user).count()
        if used >= round.attempts_allowed:
            raise ValidationError(_("Bạn đã dùng hết %(n)d lượt thi của vòng này.") % {"n": round.attempts_allowed})
        try:
            return _create_attempt(
                round=round, user=user, number=used + 1, device_id=device_id, user_agent=user_agent, now=now, rng=rng
            )
        except IntegrityError:
            continue  # someone (the same person on another tab) started first
    raise ValidationError(_("Không bắt đầu được lượt thi, vui lòng thử lại."))


@transaction.atomic
def _create_attempt(
    *,
    round: Round,
    user: User,
    number: int,
    device_id: str,
    user_agent: str,
    now: datetime,
    rng: random.Random | None,
) -> Attempt:
    closes_at = _closes_at_held(round)
    if closes_at <= now:
        raise ValidationError(_("Vòng thi đã đóng."))
    drawn = draw_questions(round=round, rng=rng or random.Random())
    if not drawn:
        raise ValidationError(_("Vòng thi chưa có câu hỏi. Vui lòng báo ban tổ chức."))
    attempt = Attempt.objects.create(
        round=round,
        user=user,
        team=team_for_round(round=round, user=user),
        number=number,
        started_at=now,
        deadline=min(now + round.time_limit, closes_at),
        device_id=device_id[:64],
        user_agent=user_agent[:300],
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question=d.question, position=i, choice_order=d.choice_order)
        for i, d in enumerate(drawn)
    )
    mark_used(questions=[d.question for d in drawn])
    return attempt


def _closes_at_held(round: Round) -> datetime:
    """The round's closing time as committed now, held until this transaction ends.

    An organiser moving closes_at earlier caps the deadlines of attempts under
    way (organise.services.update_round, which locks the round FOR UPDATE).
    On PostgreSQL this read takes FOR SHARE: starts do not wait for each
    other, but a start and that update wait for one another, so either the
    new attempt sees the new close or the update sees the new attempt. SQLite
    lets one transaction write at a time, so a plain read is enough there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT closes_at FROM {Round._meta.db_table} WHERE id = %s FOR SHARE", [round.pk])
            return cursor.fetchone()[0]
    return Round.objects.values_list("closes_at", flat=True).get(pk=round.pk)


def _locked(attempt: Attempt) -> Attempt:
    # OF self: the attempt row only. A plain FOR UPDATE would lock the joined
    # round row too, and every save and submit of the round would queue on it.
    return Attempt.objects.select_for_update(of=("self",)).select_related("round").get(pk=attempt.pk)


def record_answer(
    *, attempt: Attempt, question_id: int, choice_ids: Iterable[int | str], now: datetime | None = None
) -> Answer:
    """Save (or change) the answer to one question of an attempt under way.

    ``choice_ids`` are the chosen choices' keys (``Choice.key``, what the page
    sent), never their primary keys; for an order question, every step's key
    in the member's order.

    Every tap of attempt.js lands here, so it is kept to two statements: one
    reads the question's slot and locks the attempt (a submit or the deadline
    finish waits for it, or it sees them), one inserts or updates the answer.
    The returned answer's ``answered_at`` is loaded from the database only if
    read (a changed answer keeps its first time).
    """
    now = now or timezone.now()
    try:
        sent = [int(c) for c in choice_ids]
    except (TypeError, ValueError):
        raise ValidationError(_("Phương án không hợp lệ.")) from None
    problem = None
    with transaction.atomic():
        try:
            slot = (
                AttemptQuestion.objects.select_related("attempt", "question")
                .select_for_update(of=("attempt",))
                .get(attempt_id=attempt.pk, question_id=question_id)
            )
        except AttemptQuestion.DoesNotExist:
            slot = None
        attempt = slot.attempt if slot is not None else _locked(attempt)
        if attempt.submitted_at is not None:
            problem = _("Bài đã nộp, không thể sửa câu trả lời.")
        elif now >= attempt.deadline:
            _finish(attempt, now=now)
            problem = _("Đã hết giờ làm bài; câu trả lời này không được lưu.")
        else:
            if slot is None:
                raise ValidationError(_("Câu hỏi này không thuộc bài thi của bạn."))
            chosen = _acceptable(slot.question.kind, slot.choice_order, sent)
            answer = Answer(attempt=attempt, question_id=question_id, choices=chosen, answered_at=now, updated_at=now)
            Answer.objects.bulk_create(
                [answer],
                update_conflicts=True,
                unique_fields=["attempt", "question"],
                update_fields=["choices", "updated_at"],
            )
            del answer.answered_at  # deferred: the first answer's time, if this one changed it
            return answer
    raise ValidationError(problem)


def _acceptable(kind: str, keys: list[int], sent: list[int]) -> list[int]:
    """``sent`` as stored (marking.stored), or ValidationError saying why it cannot be an answer.

    A key sent twice is a repeated step for an ``order`` question, and only
    a double tap for the others. An empty answer clears a multiple-choice
    answer (every box unticked); any other kind needs something chosen.
    """
    if kind not in marking.SEQUENCE_KINDS:
        sent = list(dict.fromkeys(sent))
    if not sent and kind == Question.Kind.MULTIPLE:
        return []
    problem = marking.answer_problem(kind, keys, sent)
    if problem == "foreign":
        raise ValidationError(_("Phương án không thuộc câu hỏi này."))
    if kind in marking.SEQUENCE_KINDS and problem == "repeated":
        raise ValidationError(_("Mỗi bước chỉ được đặt vào một vị trí."))
    if kind in marking.SEQUENCE_KINDS and problem:
        raise ValidationError(_("Hãy sắp xếp đủ tất cả các bước, mỗi bước một vị trí."))
    if kind == Question.Kind.HOTSPOT and problem:
        raise ValidationError(_("Hãy chạm vào đúng một vùng trên hình."))
    if problem:
        raise ValidationError(_("Câu này chỉ chọn đúng một phương án."))
    return marking.stored(kind, sent)


def save_answer(
    *,
    user: User,
    attempt_id: int,
    question_id: int | None,
    choice_ids: Iterable[int | str],
    now: datetime | None = None,
) -> Answer | None:
    """record_answer for attempt.js's save endpoint, which has the attempt's id and the signed-in user.

    Returns None when the attempt is not ``user``'s (the view answers 404,
    confirming nothing). On PostgreSQL a valid save is one statement and one
    round trip (``_upsert_answer``); anything it does not save (a bad
    choice, a late save, someone else's attempt) goes through record_answer,
    which says why and finishes an attempt past its deadline.
    """
    now = now or timezone.now()
    try:
        chosen = [int(c) for c in choice_ids]
    except (TypeError, ValueError):
        chosen = None  # record_answer says so, after the owner check
    # A key sent twice (a repeated step, or a double tap) goes the long way, which refuses or forgives it.
    one_statement = chosen is not None and len(set(chosen)) == len(chosen)
    if connection.vendor == "postgresql" and one_statement and question_id is not None:
        answer = _upsert_answer(user=user, attempt_id=attempt_id, question_id=question_id, chosen=chosen, now=now)
        if answer is not None:
            return answer
    attempt = Attempt.objects.filter(pk=attempt_id, user=user).first()
    if attempt is None:
        return None
    return record_answer(attempt=attempt, question_id=question_id, choice_ids=choice_ids, now=now)


_UPSERT_ANSWER = f"""
WITH attempt AS (
    SELECT id FROM {Attempt._meta.db_table}
    WHERE id = %(attempt)s AND user_id = %(user)s AND submitted_at IS NULL AND deadline > %(now)s
    FOR UPDATE
)
INSERT INTO {Answer._meta.db_table} (attempt_id, question_id, choices, answered_at, updated_at)
SELECT attempt.id, slot.question_id,
       CASE WHEN question.kind = ANY(%(sequence)s) THEN %(chosen)s::jsonb ELSE %(sorted)s::jsonb END,
       %(now)s, %(now)s
FROM attempt
JOIN {AttemptQuestion._meta.db_table} slot ON slot.attempt_id = attempt.id AND slot.question_id = %(question)s
JOIN {Question._meta.db_table} question ON question.id = slot.question_id
WHERE slot.choice_order @> %(chosen)s::jsonb
  AND (question.kind <> ALL(%(one_choice)s) OR jsonb_array_length(%(chosen)s::jsonb) = 1)
  AND (question.kind <> ALL(%(sequence)s)
       OR jsonb_array_length(%(chosen)s::jsonb) = jsonb_array_length(slot.choice_order))
ON CONFLICT (attempt_id, question_id) DO UPDATE SET choices = EXCLUDED.choices, updated_at = EXCLUDED.updated_at
RETURNING id, answered_at, choices
"""


def _upsert_answer(*, user: User, attempt_id: int, question_id: int, chosen: list[int], now: datetime) -> Answer | None:
    """record_answer's rules as one PostgreSQL statement; None when it saved nothing.

    The attempt row is locked FOR UPDATE (that row only) and re-read once a
    submit or deadline finish holding it commits, so a save either lands
    before the submit scores the attempt or sees it submitted and saves
    nothing: never acknowledged but not counted. The chosen ids must lie in
    the slot's choice_order (the question's choices, as shown), one of them
    for single, true/false and hotspot questions, every one of them for an
    order question (the keys are distinct: save_answer sends repeats the
    long way). An order answer is stored in the member's order, any other
    sorted (marking.stored). No ORM, no BEGIN/COMMIT: the save
    is the endpoint hit most during a round, and the ORM's query building
    cost more CPU than PostgreSQL's work.
    """
    params = {
        "attempt": attempt_id,
        "user": user.pk,
        "question": question_id,
        "chosen": json.dumps(chosen),
        "sorted": json.dumps(sorted(chosen)),
        "now": now,
        "one_choice": [kind.value for kind in marking.ONE_CHOICE_KINDS],
        "sequence": [kind.value for kind in marking.SEQUENCE_KINDS],
    }
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_ANSWER, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return Answer(
        pk=row[0], attempt_id=attempt_id, question_id=question_id, choices=row[2], answered_at=row[1], updated_at=now
    )


def clean_prediction(prediction: int | str | None) -> int | None:
    """The prediction as a number from 0 to PREDICTION_MAX, None if left empty; else ValidationError."""
    if prediction in (None, ""):
        return None
    try:
        value = int(prediction)
    except (TypeError, ValueError):
        raise ValidationError(_("Số dự đoán phải là một số nguyên.")) from None
    if not 0 <= value <= PREDICTION_MAX:
        raise ValidationError(_("Số dự đoán phải từ 0 đến %(max)s.") % {"max": f"{PREDICTION_MAX:,}".replace(",", ".")})
    return value


def record_prediction(*, attempt: Attempt, prediction: int | str | None, now: datetime | None = None) -> Attempt:
    """Save the prediction before submitting, so a deadline finish keeps it."""
    now = now or timezone.now()
    value = clean_prediction(prediction)
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.submitted_at is not None or now >= attempt.deadline:
            raise ValidationError(_("Đã hết thời gian dự đoán."))
        if attempt.round.prediction_enabled:
            attempt.prediction = value
            attempt.save(update_fields=["prediction"])
    return attempt


def submit_attempt(*, attempt: Attempt, prediction: int | str | None = None, now: datetime | None = None) -> Attempt:
    """Finish an attempt. Idempotent: a second submit returns the first result.

    Before the deadline a prediction that is not a number from 0 to
    PREDICTION_MAX is refused with clean_prediction's message (the
    autosave's) and the attempt stays open, so the member can correct it;
    an empty one keeps the prediction saved before, if any. After the
    deadline the server's clock wins: the attempt finishes as ``deadline``
    whatever was sent, and the prediction is not read at all (a late one
    does not count, right or wrong, so refusing it would only keep open an
    attempt whose time is up).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.submitted_at is not None:
            return attempt
        if now < attempt.deadline and attempt.round.prediction_enabled:
            value = clean_prediction(prediction)
            if value is not None:
                attempt.prediction = value
                attempt.save(update_fields=["prediction"])
        return _finish(attempt, now=now)


def finish_if_expired(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Called on every read of an attempt: the deadline holds whatever the browser does."""
    now = now or timezone.now()
    if not attempt.is_expired(now):
        return attempt
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.submitted_at is None:
            _finish(attempt, now=now)
    return attempt


def finish_expired_attempts(
    *, now: datetime | None = None, round: Round | None = None, user: User | None = None
) -> int:
    """Finish every unfinished attempt past its deadline; returns how many."""
    now = now or timezone.now()
    expired = Attempt.objects.expired(now)
    if round is not None:
        expired = expired.filter(round=round)
    if user is not None:
        expired = expired.filter(user=user)
    finished = 0
    for attempt in expired.only("pk"):
        with transaction.atomic():
            locked = _locked(attempt)
            if locked.submitted_at is None:
                _finish(locked, now=now)
                finished += 1
    return finished


def _finish(attempt: Attempt, *, now: datetime) -> Attempt:
    """Score and close a locked, unfinished attempt."""
    late = now >= attempt.deadline
    ended = attempt.deadline if late else now
    slots = list(attempt.questions.select_related("question").prefetch_related("question__choices"))
    answers = {a.question_id: a for a in attempt.answers.all()}
    score = 0
    for slot in slots:
        answer = answers.get(slot.question_id)
        if answer is None:
            continue
        if answer.updated_at > attempt.deadline:
            answer.correct = None  # given after the deadline: not counted
            continue
        kind = slot.question.kind
        answer.correct = marking.is_right(kind, marking.right_answer(kind, slot.question.choices.all()), answer.choices)
        score += answer.correct
    Answer.objects.bulk_update(answers.values(), ["correct"])
    attempt.submitted_at = ended
    attempt.finished_reason = Reason.DEADLINE if late else Reason.SUBMITTED
    attempt.score = score
    attempt.correct_all = bool(slots) and score == len(slots)
    attempt.duration = ended - attempt.started_at
    attempt.save(update_fields=["submitted_at", "finished_reason", "score", "correct_all", "duration"])
    flag_finished_attempt(attempt, question_count=len(slots))
    round_results_changed(round_id=attempt.round_id)
    return attempt
