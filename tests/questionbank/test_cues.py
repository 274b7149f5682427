"""The question page warns when the right answer is given away by its length."""

from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank import services as qb

WARNING = "Đáp án đúng dài hơn hẳn các phương án sai"


def _page(client, person, question) -> str:
    client.force_login(person)
    return client.get(reverse("questionbank:detail", args=[question.pk])).content.decode()


def test_an_author_is_warned_when_the_right_answer_is_much_the_longest(client, make_question, author_a, commune_a):
    question = make_question(
        author=author_a,
        unit=commune_a,
        choices=[
            qb.ChoiceData("Không cung cấp mã OTP cho bất kỳ ai, kể cả người tự xưng là nhân viên ngân hàng", True),
            qb.ChoiceData("Đọc cho nhân viên", False),
            qb.ChoiceData("Gửi qua Zalo", False),
        ],
    )

    assert WARNING in _page(client, author_a, question)


@pytest.mark.parametrize(
    "texts",
    [
        ("Không chia sẻ cho ai", "Chia sẻ cho người thân", "Đọc cho nhân viên ngân hàng"),  # a wrong one is longest
        ("Không chia sẻ cho bất kỳ ai", "Chia sẻ cho người thân ở xa", "Gửi qua tin nhắn Zalo"),  # about the same
    ],
)
def test_no_warning_when_the_lengths_say_nothing(client, make_question, reviewer_a, author_a, commune_a, texts):
    right, *wrong = texts
    question = make_question(
        author=author_a,
        unit=commune_a,
        choices=[qb.ChoiceData(right, True), *(qb.ChoiceData(text, False) for text in wrong)],
    )

    assert WARNING not in _page(client, reviewer_a, question)


def test_true_false_questions_are_never_warned(client, make_question, author_a, commune_a):
    question = make_question(
        author=author_a,
        unit=commune_a,
        kind="true_false",
        text="Mã OTP có thể đọc cho nhân viên ngân hàng qua điện thoại.",
        choices=[qb.ChoiceData("Đúng", False), qb.ChoiceData("Sai", True)],
    )

    assert WARNING not in _page(client, author_a, question)
