"""The create and edit pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionbank import services
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment
from tests.questionbank.test_images import BAD_IMAGES, image_upload, media_files

CREATE = reverse("questionbank:create")


def form_data(topic, **overrides) -> dict:
    data = {
        "topic": topic.pk,
        "kind": "single",
        "text": "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
        "choice_0_text": "dichvucong.gov.vn",
        "choice_0_correct": "on",
        "choice_1_text": "dichvucong.com",
        "choice_2_text": "",
        "explanation": "Địa chỉ chính thức có đuôi .gov.vn",
        "source": "Nghị định 45/2020/NĐ-CP",
        "difficulty": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def preview_html(response) -> str:
    """Only the member preview part of a page."""
    html = response.content.decode()
    start = html.index("data-preview")
    return html[start : html.index("</aside>", start)] if "</aside>" in html[start:] else html[start:]


def test_the_create_page_shows_a_grouped_topic_list_and_a_phone_preview(client, author_a):
    client.force_login(author_a)
    response = client.get(CREATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="Bảo vệ bản thân trên môi trường số">' in html
    assert 'class="phone member-question"' in html
    assert html.count('name="choice_') == 21  # seven rows of text, "đúng" and an area cell


def test_an_author_creates_a_draft_question(client, author_a, commune_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, form_data(topic))
    question = Question.objects.get(text__startswith="Cổng Dịch vụ công")
    assert response.status_code == 302
    assert response["Location"] == reverse("questionbank:detail", args=[question.pk])
    assert (question.status, question.unit, question.author) == ("draft", commune_a, author_a)
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("dichvucong.gov.vn", True),
        ("dichvucong.com", False),
    ]


def test_the_unit_defaults_to_the_first_scope_unit_and_can_be_chosen(client, author_a, hamlet_a, topic):
    accounts.grant_role(user=author_a, role=RoleAssignment.Role.AUTHOR, unit=hamlet_a)
    client.force_login(author_a)
    assert 'name="unit"' in client.get(CREATE).content.decode()
    client.post(CREATE, form_data(topic, unit=hamlet_a.pk))
    assert Question.objects.get(text__startswith="Cổng Dịch vụ công").unit == hamlet_a


def test_a_unit_outside_the_scope_cannot_be_chosen(client, author_a, commune_b, topic):
    client.force_login(author_a)
    response = client.post(CREATE, form_data(topic, unit=commune_b.pk))
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_the_rules_of_the_services_are_shown_and_nothing_is_saved(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, form_data(topic, choice_1_correct="on"))
    assert response.status_code == 200
    assert "Câu một đáp án cần đúng 1 phương án đúng (đang có 2)." in response.content.decode()
    assert not Question.objects.exists()


def test_the_preview_shows_what_was_typed_without_the_right_answer(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(CREATE, form_data(topic, choice_1_correct="on"))
    preview = preview_html(response)
    assert "dichvucong.gov.vn" in preview and "dichvucong.com" in preview
    assert "correct" not in preview
    assert 'type="radio"' in preview


def test_a_true_false_question_needs_only_the_tick(client, author_a, topic):
    client.force_login(author_a)
    client.post(CREATE, form_data(topic, kind="true_false", choice_0_text="", choice_1_text="", choice_0_correct="on"))
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [("Đúng", True), ("Sai", False)]


def test_an_image_is_stored_in_phone_sizes(client, author_a, topic):
    client.force_login(author_a)
    client.post(CREATE, {**form_data(topic), "image": image_upload(size=(1600, 1200))})
    question = Question.objects.get()
    assert question.image_small.width == 480
    assert question.image.width == 1080


def test_a_bad_image_is_refused_with_a_message_and_nothing_is_saved(client, author_a, topic):
    client.force_login(author_a)
    bad = SimpleUploadedFile("anh.jpg", b"khong phai anh", content_type="image/jpeg")
    response = client.post(CREATE, {**form_data(topic), "image": bad})
    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_a_damaged_or_oversized_image_gets_a_message_on_the_form_and_nothing_is_saved(
    client, author_a, topic, settings, case
):
    make, message = BAD_IMAGES[case]
    client.force_login(author_a)
    response = client.post(CREATE, {**form_data(topic), "image": make()})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["image"])
    assert not Question.objects.exists()
    assert media_files(settings) == []


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_a_damaged_image_on_an_edit_leaves_the_question_as_it_was(
    client, author_a, make_question, commune_a, topic, settings, case
):
    question = make_question(author=author_a, unit=commune_a)
    make, message = BAD_IMAGES[case]
    client.force_login(author_a)
    response = client.post(edit_url(question), {**form_data(topic, text="Nội dung đã sửa"), "image": make()})
    assert response.status_code == 200
    assert message in response.content.decode()
    question.refresh_from_db()
    assert question.text == "Không nên chia sẻ mã OTP cho ai?" and not question.image
    assert question.events.count() == 1
    assert media_files(settings) == []


@pytest.mark.parametrize("who", ["reviewer_a", "member_a"])
def test_only_authors_may_create(client, request, who, topic):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(topic)).status_code == 403


def test_create_refuses_other_methods(client, author_a):
    client.force_login(author_a)
    assert client.put(CREATE).status_code == 405


# --- edit ------------------------------------------------------------------


def edit_url(question: Question) -> str:
    return reverse("questionbank:edit", args=[question.pk])


def test_the_edit_page_is_filled_with_the_question(client, author_a, make_question, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    html = client.get(edit_url(question)).content.decode()
    assert question.text in html
    assert 'value="Không chia sẻ cho bất kỳ ai"' in html
    assert "phiên bản mới" not in html


def test_editing_a_draft_saves_it_in_place(client, author_a, make_question, commune_a, topic):
    question = make_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    response = client.post(edit_url(question), form_data(topic, text="Nội dung đã sửa"), follow=True)
    question.refresh_from_db()
    assert question.text == "Nội dung đã sửa"
    assert question.version == 1
    assert "Đã lưu thay đổi." in response.content.decode()


def test_the_edit_page_warns_that_an_approved_question_gets_a_new_version(client, author_a, approved_question):
    client.force_login(author_a)
    html = client.get(edit_url(approved_question)).content.decode()
    assert "Khi lưu sẽ tạo phiên bản mới v2" in html
    assert "Lưu thành phiên bản v2" in html


def test_saving_an_approved_question_says_which_version_was_made(client, author_a, approved_question, topic):
    services.mark_used(questions=[approved_question])
    client.force_login(author_a)
    response = client.post(edit_url(approved_question), form_data(topic, text="Câu hỏi v2"), follow=True)
    new = Question.objects.get(family=approved_question.family, version=2)
    assert response.redirect_chain[-1][0] == reverse("questionbank:detail", args=[new.pk])
    assert "Đã tạo phiên bản mới v2" in response.content.decode()
    approved_question.refresh_from_db()
    assert approved_question.text != "Câu hỏi v2"
    assert approved_question.status == "approved"


def test_opening_an_old_version_for_editing_goes_to_the_newest(client, author_a, approved_question, topic):
    client.force_login(author_a)
    client.post(edit_url(approved_question), form_data(topic, text="Câu hỏi v2"))
    new = Question.objects.get(family=approved_question.family, version=2)
    response = client.get(edit_url(approved_question))
    assert response["Location"] == edit_url(new)


def test_a_question_in_review_is_not_opened_for_editing(client, author_a, make_question, commune_a):
    question = services.submit_for_review(question=make_question(author=author_a, unit=commune_a), actor=author_a)
    client.force_login(author_a)
    response = client.get(edit_url(question), follow=True)
    assert response.redirect_chain[-1][0] == reverse("questionbank:detail", args=[question.pk])
    assert "Không sửa được câu hỏi Chờ duyệt" in response.content.decode()


def test_an_image_can_be_dropped_from_a_draft(client, author_a, make_question, commune_a, topic):
    question = make_question(author=author_a, unit=commune_a)
    services.set_image(question=question, upload=image_upload())
    client.force_login(author_a)
    assert "Bỏ hình ảnh hiện có" in client.get(edit_url(question)).content.decode()
    client.post(edit_url(question), form_data(topic, remove_image="on"))
    question.refresh_from_db()
    assert not question.image_small


def test_an_outsider_officer_gets_404_on_edit(client, author_b, approved_question):
    client.force_login(author_b)
    assert client.get(edit_url(approved_question)).status_code == 404


def test_a_reviewer_cannot_edit(client, reviewer_a, approved_question):
    client.force_login(reviewer_a)
    assert client.get(edit_url(approved_question)).status_code == 403


def test_edit_refuses_other_methods(client, author_a, approved_question):
    client.force_login(author_a)
    assert client.delete(edit_url(approved_question)).status_code == 405


def test_the_preview_on_the_form_never_marks_a_right_answer(client, author_a, approved_question):
    client.force_login(author_a)
    preview = preview_html(client.get(edit_url(approved_question)))
    assert "Không chia sẻ cho bất kỳ ai" in preview
    assert not re.search(r"correct|✓|đáp án đúng:", preview)
