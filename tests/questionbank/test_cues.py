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


AREA_WARNING = "Vùng đúng lớn hơn hẳn các vùng khác"
STEPS_WARNING = "Các bước tự ghi vị trí của mình"


def test_a_reviewer_is_warned_when_the_right_area_is_much_the_largest(
    client, make_hotspot_question, author_a, reviewer_a, commune_a
):
    question = make_hotspot_question(
        author=author_a,
        unit=commune_a,
        areas=[
            ("Tên người gửi", False, qb.Area(0.05, 0.04, 0.3, 0.08)),
            ("Đường link lạ", True, qb.Area(0.05, 0.3, 0.9, 0.3)),
            ("Giờ gửi tin", False, qb.Area(0.7, 0.04, 0.25, 0.08)),
        ],
    )

    assert AREA_WARNING in _page(client, reviewer_a, question)


def test_areas_of_like_size_bring_no_warning(client, make_hotspot_question, author_a, commune_a):
    question = make_hotspot_question(author=author_a, unit=commune_a)  # the right area is not the largest

    assert AREA_WARNING not in _page(client, author_a, question)


def test_an_author_is_warned_when_the_steps_number_themselves(client, make_order_question, author_a, commune_a):
    steps = ["Bước 1: mở ứng dụng", "Bước 2: chọn Chuyển tiền", "Cuối cùng, nhập mã OTP"]
    question = make_order_question(author=author_a, unit=commune_a, steps=steps)

    assert STEPS_WARNING in _page(client, author_a, question)


def test_steps_that_do_not_say_their_place_bring_no_warning(client, make_order_question, author_a, commune_a):
    question = make_order_question(author=author_a, unit=commune_a)

    assert STEPS_WARNING not in _page(client, author_a, question)
