"""Choice keys: the random identity a browser sees instead of the primary key (see Choice.key)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from questionbank import models, services
from questionbank.models import Choice


def test_every_way_of_writing_a_question_gives_its_choices_distinct_nine_digit_keys(
    author_a, reviewer_a, commune_a, approved_question, topic
):
    data = services.QuestionData(
        topic=topic,
        kind="single",
        text="Mã OTP có nên đọc cho người gọi điện tự xưng là ngân hàng?",
        choices=[services.ChoiceData("Không", True), services.ChoiceData("Có", False)],
    )
    bulk = services.create_questions_bulk(author=author_a, unit=commune_a, items=[data], submit=False)
    new_version = services.edit_question(question=approved_question, editor=author_a, data=data)

    for question in (approved_question, bulk[0], new_version):
        keys = list(question.choices.values_list("key", flat=True))
        assert len(set(keys)) == len(keys) >= 2
        assert all(100_000_000 <= key <= 999_999_999 for key in keys)


def test_new_keys_never_repeat_one_another_or_a_taken_key(monkeypatch):
    draws = iter([5, 5, 7, 9, 11])  # randbelow's answers: a repeat, then one already taken
    monkeypatch.setattr(models.secrets, "randbelow", lambda _n: next(draws))

    keys = models.new_choice_keys(3, taken=[models.CHOICE_KEY_MIN + 7])

    assert keys == [models.CHOICE_KEY_MIN + 5, models.CHOICE_KEY_MIN + 9, models.CHOICE_KEY_MIN + 11]


def test_the_database_refuses_a_repeated_key_in_a_question_and_a_key_of_another_length(approved_question):
    taken = approved_question.choices.first().key
    for key in (taken, 99_999_999, 1_000_000_000):
        with pytest.raises(IntegrityError), transaction.atomic():
            Choice.objects.create(question=approved_question, position=9, key=key, text="Thêm")
