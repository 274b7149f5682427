"""What a question page sends so that attempt.js can move offline: the member's own draw, never the key.

Every page of two members' attempts (different draws) is read as an attacker
would: the ``attempt-steps`` JSON holds exactly the questions that member
drew, in their order, each with its choices in that member's order, and
nothing else; and no choice is sent differently from the others of its
question: a right choice's key or text appears on the page exactly as often
as a wrong one's (the right ones are read from the database to compare).
"""

from __future__ import annotations

import html
import json
import random
import re

import pytest
from django.urls import reverse

from competitions import attempts
from competitions.models import Attempt
from quizsite.accounts import services as accounts
from tests.competitions.conftest import SAFETY_TEXTS
from tests.competitions.helpers import right_ids, slots, wrong_id

STEPS = re.compile(r'<script id="attempt-steps" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def wide_round(make_round, bank):
    """Three of the four safety questions per attempt, so that two draws differ in their questions too."""
    return make_round(count=3, time_limit_seconds=600, prediction_enabled=True)


@pytest.fixture
def neighbour(make_user, team_a):
    user = make_user(name="Lê Thị Hàng Xóm")
    accounts.add_member(team=team_a, user=user)
    return user


def _pages(client, attempt: Attempt) -> list[str]:
    url = reverse("competitions:attempt", kwargs={"pk": attempt.pk})
    count = attempt.questions.count()
    return [client.get(f"{url}?q={n}").content.decode() for n in range(1, count + 2)]


def _steps(page: str) -> dict:
    found = STEPS.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def _assert_only_the_members_draw(page: str, attempt: Attempt, chosen: dict[int, list[int]]) -> None:
    data = _steps(page)
    drawn = slots(attempt)
    assert set(data) == {"questions", "chosen"}
    assert [q["id"] for q in data["questions"]] == [s.question_id for s in drawn]
    for shown, slot in zip(data["questions"], drawn, strict=True):
        assert set(shown) == {"id", "kind", "text", "image", "multiple", "choices"}
        assert shown["text"] == slot.question.text
        assert shown["multiple"] is False  # the safety bank: one right choice each, as the page's radios say
        texts = {c.key: c.text for c in slot.question.choices.all()}
        assert shown["choices"] == [[key, texts[key]] for key in slot.choice_order]  # this member's order
    assert data["chosen"] == {str(question): keys for question, keys in chosen.items()}


def _assert_no_choice_stands_out(page: str, attempt: Attempt, chosen: dict[int, list[int]]) -> None:
    """Each choice's key and text appear as often as the others' (plus once where the member chose it)."""
    for slot in slots(attempt):
        right = set(right_ids(slot))
        mine = set(chosen.get(slot.question_id, []))
        keys = {c.key: page.count(str(c.key)) - (c.key in mine) for c in slot.question.choices.all()}
        texts = {c.key: html.unescape(page).count(c.text) for c in slot.question.choices.all()}
        assert len(set(keys.values())) == 1, (slot.question.text, keys, right)
        assert len(set(texts.values())) == 1, (slot.question.text, texts, right)


def test_the_pages_of_two_members_carry_their_own_draws_and_never_which_choice_is_right(
    client, wide_round, member_a, neighbour
):
    first = attempts.start_attempt(round=wide_round, user=member_a, rng=random.Random(1))
    second = attempts.start_attempt(round=wide_round, user=neighbour, rng=random.Random(4))
    draws = [[(s.question_id, s.choice_order) for s in slots(a)] for a in (first, second)]
    assert draws[0] != draws[1]
    assert {q for q, _order in draws[0]} != {q for q, _order in draws[1]}

    for user, attempt in ((member_a, first), (neighbour, second)):
        client.force_login(user)
        for page in _pages(client, attempt):
            _assert_only_the_members_draw(page, attempt, chosen={})
            _assert_no_choice_stands_out(page, attempt, chosen={})
            for _text, _right, explanation in SAFETY_TEXTS:
                assert explanation not in page
            assert "is_correct" not in page and "correct" not in page.lower()


def test_after_answers_the_pages_carry_the_members_own_choices_and_still_not_the_key(client, wide_round, member_a):
    attempt = attempts.start_attempt(round=wide_round, user=member_a)
    first, second, _third = slots(attempt)
    attempts.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=[wrong_id(first)])
    attempts.record_answer(attempt=attempt, question_id=second.question_id, choice_ids=right_ids(second))
    chosen = {first.question_id: [wrong_id(first)], second.question_id: right_ids(second)}
    client.force_login(member_a)

    for page in _pages(client, attempt):
        _assert_only_the_members_draw(page, attempt, chosen=chosen)
        _assert_no_choice_stands_out(page, attempt, chosen=chosen)
