"""The two practice kinds (issue 18) in the bank: what an author may write, and what a right answer is."""

from __future__ import annotations

import random

import pytest
from django.db import IntegrityError, transaction

from questionbank import cues, marking
from questionbank import services as qb
from questionbank.models import Choice, Question
from tests.conftest import HOTSPOT_AREAS, ORDER_STEPS

Kind = Question.Kind


def _messages(kind, choices, *, has_image=True, topic=None) -> list[str]:
    data = qb.QuestionData(topic=topic, kind=kind, text="Câu hỏi", choices=choices, has_image=has_image)
    return [p.message for p in qb.question_problems(data) if p.field != "topic"]


def _steps(*texts):
    return [qb.ChoiceData(text, False) for text in texts]


def _areas(*areas):
    return [qb.ChoiceData(name, right, area) for name, right, area in areas]


def test_an_order_question_keeps_its_steps_in_the_authors_order_and_marks_none_right(
    make_order_question, author_a, commune_a
):
    question = make_order_question(author=author_a, unit=commune_a)

    choices = list(question.choices.all())
    assert [c.text for c in choices] == list(ORDER_STEPS)
    assert not any(c.is_correct for c in choices)
    assert marking.right_answer(question.kind, choices) == [c.key for c in choices]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (("Mở ứng dụng", "Chọn hóa đơn"), "cần từ 3 đến 7 bước (đang có 2)"),
        (("Mở ứng dụng", "", "Chọn hóa đơn", "Xác nhận"), "không bỏ trống ở giữa (bước trống: B)"),
        (("Mở ứng dụng", "Chọn hóa đơn", "mở ứng dụng"), "Phương án C trùng với phương án A"),
    ],
)
def test_an_order_question_needs_three_to_seven_steps_without_gaps_or_repeats(steps, message):
    messages = _messages(Kind.ORDER, _steps(*steps))

    assert any(message in m for m in messages), messages


def test_seven_steps_are_allowed_and_eight_are_not():
    seven = [f"Việc thứ {word}" for word in ("một", "hai", "ba", "tư", "năm", "sáu", "bảy")]

    assert _messages(Kind.ORDER, _steps(*seven)) == []
    assert "Tối đa 7 phương án." in _messages(Kind.ORDER, _steps(*seven, "Việc thứ tám"))


def test_a_hotspot_question_is_saved_with_its_areas_and_image(make_hotspot_question, author_a, commune_a):
    question = make_hotspot_question(author=author_a, unit=commune_a)

    choices = list(question.choices.all())
    assert question.image and question.image_small
    assert [(c.text, c.is_correct) for c in choices] == [(name, right) for name, right, _area in HOTSPOT_AREAS]
    assert choices[1].area == {"x": 0.1, "y": 0.42, "w": 0.6, "h": 0.07}


@pytest.mark.parametrize(
    ("areas", "has_image", "message"),
    [
        (HOTSPOT_AREAS, False, "cần một hình ảnh"),
        (HOTSPOT_AREAS[:1], True, "cần từ 2 đến 7 vùng"),
        ([(n, True, a) for n, _r, a in HOTSPOT_AREAS[:2]], True, "cần đúng 1 vùng đúng (đang có 2)"),
        ([(n, False, a) for n, _r, a in HOTSPOT_AREAS[:2]], True, "cần đúng 1 vùng đúng (đang có 0)"),
        ([HOTSPOT_AREAS[0], ("Link", True, None)], True, "Vùng B chưa được vẽ"),
        ([HOTSPOT_AREAS[0], ("Link", True, qb.Area(0.5, 0.5, 0.6, 0.1))], True, "Vùng B nằm ngoài hình"),
        ([HOTSPOT_AREAS[0], ("Link", True, qb.Area(-0.1, 0.5, 0.2, 0.1))], True, "Vùng B nằm ngoài hình"),
        ([HOTSPOT_AREAS[0], ("Link", True, qb.Area(0.5, 0.5, float("nan"), 0.1))], True, "Vùng B nằm ngoài hình"),
        ([HOTSPOT_AREAS[0], ("Link", True, qb.Area(0.5, 0.5, 0.01, 0.1))], True, "Vùng B quá nhỏ"),
        ([HOTSPOT_AREAS[0], ("Link", True, qb.Area(0.3, 0.06, 0.3, 0.1))], True, "Vùng B chồng lên vùng A"),
    ],
)
def test_a_hotspot_question_needs_an_image_and_named_areas_on_it_that_do_not_overlap(areas, has_image, message):
    messages = _messages(Kind.HOTSPOT, _areas(*areas), has_image=has_image)

    assert any(message in m for m in messages), messages


def test_the_database_refuses_an_area_off_its_image(make_hotspot_question, author_a, commune_a):
    choice = make_hotspot_question(author=author_a, unit=commune_a).choices.first()
    choice.area_x = 0.9

    with pytest.raises(IntegrityError), transaction.atomic():
        choice.save()


def test_an_area_that_reaches_the_edge_by_a_floats_rounding_is_kept_on_the_image(
    make_hotspot_question, author_a, commune_a
):
    areas = [HOTSPOT_AREAS[0], ("Cuối màn hình", True, qb.Area(0.1, 0.7, 0.9000000001, 0.3000000001))]

    question = make_hotspot_question(author=author_a, unit=commune_a, areas=areas)

    edge = question.choices.get(position=1)
    assert edge.area_x + edge.area_w <= 1 and edge.area_y + edge.area_h <= 1


@pytest.mark.parametrize(
    ("kind", "right", "chosen", "expected"),
    [
        (Kind.ORDER, [1, 2, 3], [1, 2, 3], True),
        (Kind.ORDER, [1, 2, 3], [1, 3, 2], False),
        (Kind.ORDER, [1, 2, 3], [], False),
        (Kind.HOTSPOT, [2], [2], True),
        (Kind.HOTSPOT, [2], [3], False),
        (Kind.MULTIPLE, [1, 3], [3, 1], True),
    ],
)
def test_right_is_the_exact_order_for_steps_and_the_same_set_otherwise(kind, right, chosen, expected):
    assert marking.is_right(kind, right, chosen) is expected


@pytest.mark.parametrize(
    ("kind", "chosen", "problem"),
    [
        (Kind.ORDER, [3, 1, 2], ""),
        (Kind.ORDER, [3, 1], "count"),
        (Kind.ORDER, [3, 1, 1], "repeated"),
        (Kind.ORDER, [3, 1, 9], "foreign"),
        (Kind.HOTSPOT, [2], ""),
        (Kind.HOTSPOT, [2, 3], "count"),
        (Kind.HOTSPOT, [], "empty"),
    ],
)
def test_an_order_answer_holds_every_step_once_and_a_hotspot_answer_one_area(kind, chosen, problem):
    assert marking.answer_problem(kind, {1, 2, 3}, chosen) == problem


def test_steps_are_never_shown_already_in_their_right_order_and_every_other_order_comes_up():
    rng = random.Random(18)
    seen = {tuple(marking.shuffled(Kind.ORDER, [1, 2, 3], rng)) for _ in range(300)}

    assert (1, 2, 3) not in seen
    assert len(seen) == 5


def test_a_tap_is_mapped_to_the_area_that_holds_it():
    areas = [(11, {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}), (22, {"x": 0.5, "y": 0.5, "w": 0.3, "h": 0.1})]

    assert marking.area_at(areas, 0.2, 0.15) == 11
    assert marking.area_at(areas, 0.79, 0.55) == 22
    assert marking.area_at(areas, 0.45, 0.45) is None


def test_the_steps_in_their_right_place_are_counted_one_by_one():
    assert marking.in_right_place([1, 2, 3, 4], [1, 3, 2, 4]) == [1, 4]


def test_a_right_area_much_larger_than_the_others_is_a_cue(make_hotspot_question, author_a, commune_a):
    big = [("Nút Xác nhận", False, qb.Area(0.1, 0.1, 0.2, 0.1)), ("Cả tin nhắn", True, qb.Area(0.1, 0.3, 0.8, 0.5))]
    fair = make_hotspot_question(author=author_a, unit=commune_a)
    weak = make_hotspot_question(author=author_a, unit=commune_a, areas=big)

    assert not cues.right_area_stands_out_by_size(fair, list(fair.choices.all()))
    assert cues.right_area_stands_out_by_size(weak, list(weak.choices.all()))


def test_steps_that_number_themselves_are_a_cue(make_order_question, author_a, commune_a):
    numbered = ("Bước 1: mở ứng dụng", "Bước 2: chọn hóa đơn", "Bước 3: xác nhận")
    fair = make_order_question(author=author_a, unit=commune_a)
    weak = make_order_question(author=author_a, unit=commune_a, steps=numbered)

    assert not cues.steps_say_their_place(fair, list(fair.choices.all()))
    assert cues.steps_say_their_place(weak, list(weak.choices.all()))


def test_areas_are_kept_only_on_hotspot_questions(make_question, author_a, commune_a):
    choices = [qb.ChoiceData(name, right, area) for name, right, area in HOTSPOT_AREAS]

    question = make_question(author=author_a, unit=commune_a, choices=choices)

    assert not Choice.objects.filter(question=question, area_x__isnull=False).exists()
