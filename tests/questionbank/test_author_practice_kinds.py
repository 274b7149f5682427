"""Authors write order and hotspot questions through the form; reviewers read their key; members never see it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from questionbank import services
from questionbank.models import Question, QuestionStatistics
from quizsite.accounts.models import RoleAssignment
from tests.conftest import HOTSPOT_AREAS, ORDER_STEPS, question_image

CREATE = reverse("questionbank:create")


def url(name: str, question: Question) -> str:
    return reverse(f"questionbank:{name}", args=[question.pk])


def order_form(topic, steps=ORDER_STEPS, **overrides) -> dict:
    data = {
        "topic": topic.pk,
        "kind": "order",
        "text": "Sắp xếp các bước nộp hồ sơ trên Cổng Dịch vụ công.",
        "difficulty": "2",
        **{f"choice_{i}_text": step for i, step in enumerate(steps)},
    }
    data.update(overrides)
    return data


def hotspot_form(topic, *, image=True, **overrides) -> dict:
    data = {
        "topic": topic.pk,
        "kind": "hotspot",
        "text": "Chạm vào dấu hiệu lừa đảo rõ nhất trong tin nhắn.",
        "difficulty": "2",
        "choice_0_text": "Tên người gửi",
        "choice_0_area": "5; 4; 50; 8",
        "choice_1_text": "Đường link lạ",
        "choice_1_area": "10,5; 42; 60; 7",  # a comma for decimals, as Vietnamese write them
        "choice_1_correct": "on",
        "choice_2_text": "Giờ gửi tin",
        "choice_2_area": "70 4 25 8",
    }
    if image:
        data["image"] = question_image()
    data.update(overrides)
    return data


@pytest.fixture
def second_author(make_officer, commune_a):
    return make_officer(RoleAssignment.Role.AUTHOR, commune_a, "Phạm Văn Biên")


def errors_of(response) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', response.content.decode(), re.S))


# --- order ---------------------------------------------------------------------------------------


def test_an_author_writes_the_steps_of_an_order_question_in_their_right_order(client, author_a, topic):
    client.force_login(author_a)
    # A tick left over from another kind means nothing for steps.
    response = client.post(CREATE, order_form(topic, choice_0_correct="on"))

    question = Question.objects.get(kind="order")
    assert response.status_code == 302
    assert [(c.position, c.text, c.is_correct) for c in question.choices.all()] == [
        (i, step, False) for i, step in enumerate(ORDER_STEPS)
    ]


def test_an_order_question_of_two_steps_is_refused_and_nothing_is_saved(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, order_form(topic, steps=ORDER_STEPS[:2]))

    assert response.status_code == 200
    assert "cần từ 3 đến 7 bước (đang có 2)" in response.content.decode()
    assert not Question.objects.exists()


def test_the_form_names_the_rows_steps_and_says_the_platform_shuffles_them(client, author_a, topic):
    client.force_login(author_a)
    html = client.post(CREATE, order_form(topic, text="")).content.decode()

    assert 'data-kind="order"' in html
    assert "Bước 1" in html and "Bước 7" in html
    assert "Hệ thống tự xáo trộn các bước cho mỗi người thi" in html


# --- hotspot -------------------------------------------------------------------------------------


def test_an_author_draws_a_hotspot_question_on_an_uploaded_image(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, hotspot_form(topic))

    question = Question.objects.get(kind="hotspot")
    assert response.status_code == 302
    assert question.image and question.image_small
    assert [(c.text, c.is_correct, c.area) for c in question.choices.all()] == [
        ("Tên người gửi", False, {"x": 0.05, "y": 0.04, "w": 0.5, "h": 0.08}),
        ("Đường link lạ", True, {"x": 0.105, "y": 0.42, "w": 0.6, "h": 0.07}),
        ("Giờ gửi tin", False, {"x": 0.7, "y": 0.04, "w": 0.25, "h": 0.08}),
    ]


def test_a_hotspot_question_without_an_image_is_refused_on_the_image_field(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, hotspot_form(topic, image=False))

    html = response.content.decode()
    assert response.status_code == 200
    field = html[html.index('name="image"') : html.index('name="choice_0_text"')]
    assert "Câu chạm vào hình cần một hình ảnh" in field
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "Vùng B: cần 4 số “x; y; rộng; cao”"),
        ("10; 20; 30", "Vùng B: cần 4 số “x; y; rộng; cao”"),
        ("-5; 10; 20; 20", "Vùng B: mỗi số phải từ 0 đến 100"),
        ("50; 50; 60; 10", "Vùng B nằm ngoài hình."),
        ("", "Vùng B chưa được vẽ trên hình."),
        ("10; 5; 50; 5", "Vùng B chồng lên vùng A"),
    ],
)
def test_a_bad_area_is_said_on_its_row_and_nothing_is_saved(client, author_a, topic, cell, message):
    client.force_login(author_a)
    response = client.post(CREATE, hotspot_form(topic, choice_1_area=cell))

    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index('name="choice_1_text"') : html.index('name="choice_2_text"')]
    assert message in row
    assert not Question.objects.exists()


def test_without_a_script_a_new_form_shows_the_area_cells_for_an_author_to_type(client, author_a):
    client.force_login(author_a)
    html = client.get(CREATE).content.decode()

    # No kind is known yet, so no cell is hidden by it (the script hides what the chosen kind does not use).
    assert "data-question-form novalidate" in html
    assert html.count('name="choice_') == 3 * services.MAX_CHOICES
    assert "Vùng A trên hình (x; y; rộng; cao, theo % của hình)" in html


def test_a_hotspot_question_takes_exactly_one_right_area(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, hotspot_form(topic, choice_0_correct="on"))

    assert "cần đúng 1 vùng đúng (đang có 2)" in response.content.decode()
    assert not Question.objects.exists()


def test_a_form_that_comes_back_after_an_upload_asks_for_the_image_again(client, author_a, topic):
    client.force_login(author_a)
    html = client.post(CREATE, hotspot_form(topic, text="")).content.decode()

    assert 'id="chon-lai-hinh"' in html
    assert 'value="10,5; 42; 60; 7"' in html  # the areas drawn stay in their cells


def test_another_author_edits_a_draft_hotspot_question_and_its_image_stays(
    client, author_a, second_author, commune_a, make_hotspot_question
):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    client.force_login(second_author)
    html = client.get(url("edit", question)).content.decode()
    assert 'value="10; 42; 60; 7"' in html  # the saved area, in percent
    assert f'data-image-url="{question.image_small.url}"' in html

    data = hotspot_form(question.topic, image=False, choice_2_correct="on", choice_1_correct=None)
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url("edit", question), data)

    question.refresh_from_db()
    assert response.status_code == 302
    assert question.image
    assert [c.text for c in question.choices.all() if c.is_correct] == ["Giờ gửi tin"]


def test_removing_the_image_of_a_hotspot_question_is_refused(client, author_a, commune_a, make_hotspot_question):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    response = client.post(url("edit", question), hotspot_form(question.topic, image=False, remove_image="on"))

    question.refresh_from_db()
    assert "Câu chạm vào hình cần một hình ảnh" in response.content.decode()
    assert question.image and question.choices.count() == len(HOTSPOT_AREAS)


def test_a_new_version_of_an_approved_hotspot_question_copies_its_image_and_areas(
    client, author_a, second_author, reviewer_a, commune_a, make_hotspot_question
):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    services.submit_for_review(question=question, actor=author_a)
    services.approve(question=question, reviewer=reviewer_a)
    client.force_login(second_author)
    response = client.post(url("edit", question), hotspot_form(question.topic, image=False, text="Bản sửa"))

    new = Question.objects.get(family=question.family, version=2)
    assert response.status_code == 302
    assert new.image.name == question.image.name
    assert [c.area for c in new.choices.all()][1] == {"x": 0.105, "y": 0.42, "w": 0.6, "h": 0.07}
    assert [c.area for c in question.choices.all()][1] == HOTSPOT_AREAS[1][2].__dict__


# --- the review page ------------------------------------------------------------------------------


def test_a_reviewer_reads_the_steps_numbered_in_their_right_order(
    client, author_a, reviewer_a, commune_a, make_order_question
):
    question = make_order_question(author=author_a, unit=commune_a)
    client.force_login(reviewer_a)
    html = client.get(url("detail", question)).content.decode()

    places = [html.index(step) for step in ORDER_STEPS]
    assert places == sorted(places)
    assert "<b>Bước 1.</b> <span>" + ORDER_STEPS[0] in html
    assert "<b>Bước 4.</b> <span>" + ORDER_STEPS[3] in html


def test_a_reviewer_sees_every_area_drawn_and_the_right_one_marked(
    client, author_a, reviewer_a, commune_a, make_hotspot_question
):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    client.force_login(reviewer_a)
    html = client.get(url("detail", question)).content.decode()

    boxes = re.findall(r'<span class="hotspot-box labelled( correct)?" style="([^"]+)"><span>(\w)', html)
    assert [(right == " correct", letter) for right, _style, letter in boxes] == [
        (False, "A"),
        (True, "B"),
        (False, "C"),
        (False, "D"),
    ]
    assert boxes[1][1] == "left:10.00%;top:42.00%;width:60.00%;height:7.00%"
    assert '<div class="choice correct"><b>B.</b> <span>Đường link lạ</span>' in html


def test_the_statistics_count_taps_per_area_and_steps_in_their_right_place(
    client, author_a, commune_a, make_order_question, make_hotspot_question
):
    order = make_order_question(author=author_a, unit=commune_a)
    hotspot = make_hotspot_question(author=author_a, unit=commune_a)
    for question, counts in ((order, [9, 5, 4, 7]), (hotspot, [1, 8, 0, 3])):
        keys = [c.key for c in question.choices.all()]
        QuestionStatistics.objects.create(
            question=question,
            seen=12,
            correct=3,
            facility=0.25,
            choice_counts={str(key): n for key, n in zip(keys, counts, strict=True)},
            computed_at=timezone.now(),
        )
    client.force_login(author_a)

    order_html = client.get(url("detail", order)).content.decode()
    assert "Số lượt đặt bước này đúng chỗ" in order_html
    assert re.search(r"<b>2\.</b> " + re.escape(ORDER_STEPS[1][:20]) + r".*?</td><td>5</td>", order_html)
    hotspot_html = client.get(url("detail", hotspot)).content.decode()
    assert "Số lượt chạm vùng này" in hotspot_html
    assert re.search(r"<b>B\.</b> Đường link lạ ✓</td><td>8</td>", hotspot_html)


# --- what a member sees --------------------------------------------------------------------------


def shown_steps(html: str) -> list[str]:
    return re.findall(r'<span class="step-text">([^<]+)</span>', html)


def test_the_preview_shows_the_steps_shuffled_never_in_the_authors_order(
    client, author_a, commune_a, make_order_question
):
    question = make_order_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    orders = {tuple(shown_steps(client.get(url("preview", question)).content.decode())) for _ in range(20)}

    assert all(sorted(order) == sorted(ORDER_STEPS) for order in orders)
    assert tuple(ORDER_STEPS) not in orders
    assert len(orders) > 1


def test_the_form_preview_shuffles_the_steps_typed_too(client, author_a, topic):
    client.force_login(author_a)
    html = client.post(CREATE, order_form(topic, text="")).content.decode()

    steps = shown_steps(html[html.index("data-preview ") :])
    assert sorted(steps) == sorted(ORDER_STEPS) and steps != list(ORDER_STEPS)


def test_the_hotspot_preview_shows_every_area_as_a_candidate_and_never_the_right_one(
    client, author_a, commune_a, make_hotspot_question
):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    orders = set()
    for _ in range(12):
        html = client.get(url("preview", question)).content.decode()
        start = html.index("data-preview ")
        phone = html[start : html.index("</ul>", start)]
        assert phone.count('class="hotspot-box"') == len(HOTSPOT_AREAS)
        assert not re.search(r"correct|is-right|✓|checked", phone)
        orders.add(tuple(re.findall(r'class="hotspot-box" style="[^"]+" title="([^"]+)"', phone)))
    assert len(orders) > 1  # the areas come in an order drawn for each page, not the author's
