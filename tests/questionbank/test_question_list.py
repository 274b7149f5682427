from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank import services
from questionbank.models import Question, Topic
from quizsite.accounts.models import RoleAssignment

URL = reverse("questionbank:list")


def page_text(response) -> str:
    return response.content.decode()


def test_an_author_sees_the_questions_of_their_commune(client, author_a, make_question, commune_a, hamlet_a):
    make_question(author=author_a, unit=commune_a, text="Câu của xã An Bình")
    make_question(author=author_a, unit=hamlet_a, text="Câu của Ấp 1")
    client.force_login(author_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Câu của xã An Bình" in page_text(response)
    assert "Câu của Ấp 1" in page_text(response)


def test_questions_of_another_commune_are_not_listed(client, author_a, author_b, make_question, commune_b):
    make_question(author=author_b, unit=commune_b, text="Câu của xã Tân Phú")
    client.force_login(author_a)
    assert "Câu của xã Tân Phú" not in page_text(client.get(URL))


def test_only_the_latest_version_of_a_question_is_listed(client, author_a, approved_question):
    data = services.QuestionData(
        topic=approved_question.topic,
        kind=approved_question.kind,
        text="Phiên bản thứ hai",
        choices=[services.ChoiceData(c.text, c.is_correct) for c in approved_question.choices.all()],
    )
    services.edit_question(question=approved_question, editor=author_a, data=data)
    client.force_login(author_a)
    text = page_text(client.get(URL))
    assert "Phiên bản thứ hai" in text
    assert approved_question.text not in text


def test_a_reviewer_may_open_the_list(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["member_a", "organiser_a"])
def test_people_without_a_question_role_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_the_list_does_not_accept_post(client, author_a):
    client.force_login(author_a)
    assert client.post(URL).status_code == 405


@pytest.fixture
def mixed(make_question, author_a, reviewer_a, commune_a, hamlet_a, topic):
    sub = services.create_subtopic(parent=topic, name="Lừa đảo qua điện thoại")
    payment = Topic.objects.get(root_key=Topic.Root.PAYMENT)
    made = {
        "sub": make_question(author=author_a, unit=commune_a, text="Câu chủ đề con", topic=sub),
        "payment": make_question(author=author_a, unit=commune_a, text="Câu thanh toán QR", topic=payment),
        "hard": make_question(author=author_a, unit=hamlet_a, text="Câu khó ở ấp", difficulty=3),
        "multi": make_question(
            author=author_a,
            unit=commune_a,
            text="Câu nhiều đáp án",
            kind=Question.Kind.MULTIPLE,
            choices=[services.ChoiceData("X", True), services.ChoiceData("Y", True)],
            source="Quyết định 1418/QĐ-TTg",
        ),
    }
    services.submit_for_review(question=made["payment"], actor=author_a)
    return made


def listed(client, **params) -> str:
    return page_text(client.get(URL, params))


def test_filtering_by_a_root_topic_includes_its_subtopics(client, author_a, mixed, topic):
    client.force_login(author_a)
    text = listed(client, topic=topic.pk)
    assert "Câu chủ đề con" in text
    assert "Câu thanh toán QR" not in text


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"status": "in_review"}, "Câu thanh toán QR", "Câu khó ở ấp"),
        ({"kind": "multiple"}, "Câu nhiều đáp án", "Câu khó ở ấp"),
        ({"difficulty": "3"}, "Câu khó ở ấp", "Câu nhiều đáp án"),
        ({"q": "QR"}, "Câu thanh toán QR", "Câu khó ở ấp"),
        ({"q": "1418"}, "Câu nhiều đáp án", "Câu thanh toán QR"),
    ],
)
def test_filters_and_search_narrow_the_list(client, author_a, mixed, params, shown, hidden):
    client.force_login(author_a)
    text = listed(client, **params)
    assert shown in text
    assert hidden not in text


def test_filtering_by_unit_keeps_its_subtree(client, author_a, mixed, hamlet_a):
    client.force_login(author_a)
    text = listed(client, unit=hamlet_a.pk)
    assert "Câu khó ở ấp" in text
    assert "Câu thanh toán QR" not in text


def test_a_unit_outside_the_scope_is_refused_as_a_filter(client, author_a, mixed, commune_b):
    client.force_login(author_a)
    assert "không nằm trong phạm vi" in listed(client, unit=commune_b.pk)


def test_the_excel_export_link_carries_the_current_filters(client, author_a, mixed):
    client.force_login(author_a)
    text = listed(client, status="draft", q="Câu")
    export = reverse("questionbank:excel_export")
    assert f'href="{export}?q=C%C3%A2u&amp;status=draft' in text or f'href="{export}?status=draft&amp;q=' in text
    assert reverse("questionbank:excel_template") in text
    assert reverse("questionbank:excel_import") in text


def test_the_list_shows_fifty_per_page_with_a_bounded_number_of_queries(
    client, author_a, make_question, commune_a, hamlet_a, django_assert_max_num_queries
):
    for i in range(55):
        make_question(author=author_a, unit=hamlet_a if i % 2 else commune_a, text=f"Câu số {i:02d}")
    client.force_login(author_a)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 50
    assert "Trang 1/2" in page_text(response)
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 5


def test_an_author_can_add_a_subtopic_from_the_list(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(reverse("questionbank:subtopic_create"), {"parent": topic.pk, "name": "Mã độc"})
    assert response.status_code == 302
    assert Topic.objects.filter(parent=topic, name="Mã độc").exists()
    assert "Mã độc" in page_text(client.get(URL))


def test_a_duplicate_subtopic_is_refused_with_a_message(client, author_a, topic):
    services.create_subtopic(parent=topic, name="Mã độc")
    client.force_login(author_a)
    response = client.post(reverse("questionbank:subtopic_create"), {"parent": topic.pk, "name": "Mã độc"}, follow=True)
    assert "Đã có chủ đề" in page_text(response)
    assert Topic.objects.filter(parent=topic, name="Mã độc").count() == 1


def test_a_reviewer_cannot_add_subtopics(client, reviewer_a, topic):
    client.force_login(reviewer_a)
    response = client.post(reverse("questionbank:subtopic_create"), {"parent": topic.pk, "name": "Mã độc"})
    assert response.status_code == 403


def test_a_person_with_only_an_author_role_elsewhere_sees_nothing_here(client, make_officer, commune_b, mixed):
    outsider = make_officer(RoleAssignment.Role.REVIEWER, commune_b)
    client.force_login(outsider)
    assert "Câu thanh toán QR" not in listed(client)
