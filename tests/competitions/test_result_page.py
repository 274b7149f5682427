"""The result page: per question, the right choices, the person's own choices and the verdict the score counted."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from competitions import attempts
from competitions.models import Answer, Attempt, Round
from tests.competitions.helpers import right_ids, slots, wrong_id

SECTION = re.compile(r'<section class="card">(.*?)</section>', re.S)
CHOICE = re.compile(r'<li><span class="choice(?P<classes>[^"]*)">(?P<body>.*?)</span></li>', re.S)
RIGHT, WRONG = "Bạn trả lời đúng.", "Bạn trả lời chưa đúng."


def _review(page: str) -> list[dict]:
    """Each question of the review as the page shows it: its choices (text, ✔, "bạn chọn") and the verdict."""
    review = []
    for section in SECTION.findall(page.split("Đáp án và giải thích", 1)[1]):
        choices = []
        for match in CHOICE.finditer(section):
            body = match["body"]
            text = html.unescape(re.sub(r"<em.*?</em>|✔", "", body)).strip()
            classes = match["classes"].split()
            assert ("correct" in classes) == body.startswith("✔ ")  # the colour and the tick agree
            assert ("mine" in classes) == ("bạn chọn" in body)
            choices.append((text, "correct" in classes, "mine" in classes))
        verdict = RIGHT if RIGHT in section else WRONG if WRONG in section else None
        review.append({"choices": choices, "verdict": verdict})
    return review


def _expected(slot, chosen: list[int], verdict: str) -> dict:
    by_key = {c.key: c for c in slot.question.choices.all()}
    return {
        "choices": [(by_key[k].text, by_key[k].is_correct, k in chosen) for k in slot.choice_order],
        "verdict": verdict,
    }


@pytest.fixture
def round_showing_answers_after_submit(open_round) -> Round:
    open_round.answers_shown = Round.AnswersShown.AFTER_SUBMIT
    open_round.save()
    return open_round


@pytest.fixture
def attempt(round_showing_answers_after_submit, member_a) -> Attempt:
    return attempts.start_attempt(round=round_showing_answers_after_submit, user=member_a)


def _result(client, member_a, attempt) -> str:
    client.force_login(member_a)
    return client.get(reverse("competitions:attempt_result", kwargs={"pk": attempt.pk})).content.decode()


def test_each_question_shows_the_right_choices_the_person_s_choice_and_the_verdict(client, member_a, attempt):
    right, wrong, skipped = slots(attempt)
    attempts.record_answer(attempt=attempt, question_id=right.question_id, choice_ids=right_ids(right))
    attempts.record_answer(attempt=attempt, question_id=wrong.question_id, choice_ids=[wrong_id(wrong)])
    attempts.submit_attempt(attempt=attempt)

    page = _result(client, member_a, attempt)

    assert "1/3 câu đúng" in page
    assert _review(page) == [
        _expected(right, right_ids(right), RIGHT),
        _expected(wrong, [wrong_id(wrong)], WRONG),
        _expected(skipped, [], WRONG),
    ]


def test_the_verdict_is_the_one_the_score_counted_not_worked_out_again(client, member_a, attempt):
    counted, late, _third = slots(attempt)
    for slot in (counted, late):
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    # The right choice of the second question reached the database after the deadline: the score did not count it.
    Answer.objects.filter(attempt=attempt, question_id=late.question_id).update(
        updated_at=attempt.deadline + timedelta(seconds=1)
    )
    attempts.submit_attempt(attempt=attempt, now=attempt.deadline + timedelta(seconds=2))

    page = _result(client, member_a, attempt)

    assert "1/3 câu đúng" in page
    review = _review(page)
    assert [item["verdict"] for item in review] == [RIGHT, WRONG, WRONG]
    assert review[1] == _expected(late, right_ids(late), WRONG)  # their choice is shown, and it did not count


def test_while_the_answers_are_hidden_no_choice_is_marked(client, member_a, open_round):
    attempt = attempts.start_attempt(round=open_round, user=member_a)  # answers after the round closes
    first = slots(attempt)[0]
    attempts.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=right_ids(first))
    attempts.submit_attempt(attempt=attempt)

    page = _result(client, member_a, attempt)

    assert "1/3 câu đúng" in page
    assert "✔" not in page and "bạn chọn" not in page and 'class="choice' not in page
    assert first.question.text not in page
