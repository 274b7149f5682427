"""The detail page, the member preview and the workflow buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank import services
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment


def url(name: str, question: Question) -> str:
    return reverse(f"questionbank:{name}", args=[question.pk])


@pytest.fixture
def draft(make_question, author_a, commune_a) -> Question:
    return make_question(author=author_a, unit=commune_a)


@pytest.fixture
def in_review(draft, author_a) -> Question:
    return services.submit_for_review(question=draft, actor=author_a)


@pytest.fixture
def author_reviewer(author_a, commune_a):
    """An officer who both writes and reviews in commune A."""
    accounts.grant_role(user=author_a, role=RoleAssignment.Role.REVIEWER, unit=commune_a)
    return author_a


# --- detail ----------------------------------------------------------------


def test_the_detail_page_marks_the_right_answer_for_officers(client, author_a, approved_question):
    client.force_login(author_a)
    html = client.get(url("detail", approved_question)).content.decode()
    assert approved_question.text in html
    assert '<div class="choice correct"><b>A.</b> <span>Không chia sẻ cho bất kỳ ai</span>' in html
    assert "Mã OTP chỉ dành cho chính chủ tài khoản." in html


def test_the_detail_page_shows_who_did_what(client, author_a, reviewer_a, approved_question):
    client.force_login(author_a)
    html = client.get(url("detail", approved_question)).content.decode()
    for text in ("Tạo mới", "Gửi duyệt", "Duyệt", "Trần Thị Soạn", "Lê Văn Duyệt"):
        assert text in html


def test_the_detail_page_links_every_version(client, author_a, approved_question):
    data = services.QuestionData(
        topic=approved_question.topic,
        kind=approved_question.kind,
        text="Phiên bản hai",
        choices=[services.ChoiceData(c.text, c.is_correct) for c in approved_question.choices.all()],
    )
    new = services.edit_question(question=approved_question, editor=author_a, data=data)
    client.force_login(author_a)
    html = client.get(url("detail", new)).content.decode()
    assert f'href="{url("detail", approved_question)}">v1</a>' in html
    assert "<strong>v2</strong>" in html
    assert "Tạo phiên bản mới" in html


def test_an_author_sees_edit_and_submit_on_a_draft(client, author_a, draft):
    client.force_login(author_a)
    html = client.get(url("detail", draft)).content.decode()
    assert url("edit", draft) in html
    assert url("submit", draft) in html
    assert url("approve", draft) not in html


def test_a_reviewer_sees_approve_and_reject_on_a_question_in_review(client, reviewer_a, in_review):
    client.force_login(reviewer_a)
    html = client.get(url("detail", in_review)).content.decode()
    assert url("approve", in_review) in html
    assert url("reject", in_review) in html
    assert url("edit", in_review) not in html


def test_a_reviewer_who_wrote_the_question_is_told_why_they_cannot_approve(client, author_reviewer, in_review):
    client.force_login(author_reviewer)
    html = client.get(url("detail", in_review)).content.decode()
    assert url("approve", in_review) not in html
    assert "Bạn là người soạn câu hỏi này nên không thể tự duyệt" in html


def test_the_detail_page_refuses_a_person_without_a_question_role(client, member_a, approved_question):
    client.force_login(member_a)
    assert client.get(url("detail", approved_question)).status_code == 403


def test_the_detail_page_is_404_for_an_officer_of_another_commune(client, author_b, approved_question):
    client.force_login(author_b)
    assert client.get(url("detail", approved_question)).status_code == 404


def test_the_detail_page_refuses_post(client, author_a, approved_question):
    client.force_login(author_a)
    assert client.post(url("detail", approved_question)).status_code == 405


# --- member preview --------------------------------------------------------


def test_the_preview_shows_the_question_as_a_member_sees_it(client, reviewer_a, approved_question):
    client.force_login(reviewer_a)
    html = client.get(url("preview", approved_question)).content.decode()
    assert 'class="phone member-question"' in html
    assert approved_question.text in html
    assert html.count('type="radio" name="preview-choice"') == 3
    assert "correct" not in html
    assert "Mã OTP chỉ dành cho chính chủ" not in html  # the explanation comes after the round


def test_the_preview_of_a_multiple_choice_question_uses_checkboxes(client, author_a, make_question, commune_a):
    question = make_question(
        author=author_a,
        unit=commune_a,
        kind=Question.Kind.MULTIPLE,
        choices=[services.ChoiceData("Zalo", True), services.ChoiceData("VNeID", True)],
    )
    client.force_login(author_a)
    html = client.get(url("preview", question)).content.decode()
    assert html.count('type="checkbox" name="preview-choice"') == 2
    assert "Chọn tất cả phương án đúng" in html


def test_the_preview_refuses_a_person_without_a_question_role(client, organiser_a, approved_question):
    client.force_login(organiser_a)
    assert client.get(url("preview", approved_question)).status_code == 403


def test_the_preview_is_404_for_an_officer_of_another_commune(client, author_b, approved_question):
    client.force_login(author_b)
    assert client.get(url("preview", approved_question)).status_code == 404


def test_the_preview_refuses_post(client, author_a, approved_question):
    client.force_login(author_a)
    assert client.post(url("preview", approved_question)).status_code == 405


# --- submit ----------------------------------------------------------------


def test_an_author_submits_a_draft_for_review(client, author_a, draft):
    client.force_login(author_a)
    response = client.post(url("submit", draft), follow=True)
    draft.refresh_from_db()
    assert draft.status == Question.Status.IN_REVIEW
    assert "Đã gửi câu hỏi đi duyệt." in response.content.decode()


def test_submitting_twice_explains_why(client, author_a, in_review):
    client.force_login(author_a)
    response = client.post(url("submit", in_review), follow=True)
    assert "Chỉ gửi duyệt được câu hỏi đang ở trạng thái nháp." in response.content.decode()


def test_a_reviewer_cannot_submit(client, reviewer_a, draft):
    client.force_login(reviewer_a)
    assert client.post(url("submit", draft)).status_code == 403


def test_submit_is_404_for_an_officer_of_another_commune(client, author_b, draft):
    client.force_login(author_b)
    assert client.post(url("submit", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Question.Status.DRAFT


# --- approve and reject ------------------------------------------------------


def test_a_reviewer_approves_and_returns_to_the_queue(client, reviewer_a, in_review):
    client.force_login(reviewer_a)
    response = client.post(url("approve", in_review), {"note": "Rõ ràng"})
    in_review.refresh_from_db()
    assert response["Location"] == reverse("questionbank:review_queue")
    assert (in_review.status, in_review.reviewer) == (Question.Status.APPROVED, reviewer_a)
    assert in_review.events.get(action="approved").note == "Rõ ràng"


def test_the_author_is_refused_when_approving_their_own_question(client, author_reviewer, in_review):
    client.force_login(author_reviewer)
    response = client.post(url("approve", in_review), follow=True)
    in_review.refresh_from_db()
    assert in_review.status == Question.Status.IN_REVIEW
    assert "Người duyệt phải khác người soạn câu hỏi." in response.content.decode()


def test_an_author_without_the_reviewer_role_cannot_approve(client, author_a, in_review):
    client.force_login(author_a)
    assert client.post(url("approve", in_review)).status_code == 403


def test_approve_is_404_for_a_reviewer_of_another_commune(client, make_officer, commune_b, in_review):
    client.force_login(make_officer(RoleAssignment.Role.REVIEWER, commune_b))
    assert client.post(url("approve", in_review)).status_code == 404


def test_rejecting_without_a_note_is_refused_with_a_message(client, reviewer_a, in_review):
    client.force_login(reviewer_a)
    response = client.post(url("reject", in_review), {"note": ""}, follow=True)
    in_review.refresh_from_db()
    assert in_review.status == Question.Status.IN_REVIEW
    assert "Hãy ghi lý do trả lại" in response.content.decode()


def test_rejecting_with_a_note_sends_the_question_back_to_its_author(client, reviewer_a, author_a, in_review):
    client.force_login(reviewer_a)
    client.post(url("reject", in_review), {"note": "Phương án C sai chính tả"})
    in_review.refresh_from_db()
    assert in_review.status == Question.Status.DRAFT
    client.force_login(author_a)
    assert "Phương án C sai chính tả" in client.get(url("detail", in_review)).content.decode()


def test_reject_is_403_for_an_author_and_405_for_get(client, author_a, reviewer_a, in_review):
    client.force_login(author_a)
    assert client.post(url("reject", in_review), {"note": "x"}).status_code == 403
    client.force_login(reviewer_a)
    assert client.get(url("reject", in_review)).status_code == 405


def test_reject_is_404_outside_and_needs_sign_in(client, make_officer, commune_b, in_review):
    assert client.post(url("reject", in_review), {"note": "x"}).status_code == 302
    client.force_login(make_officer(RoleAssignment.Role.REVIEWER, commune_b))
    assert client.post(url("reject", in_review), {"note": "x"}).status_code == 404


# --- retire ----------------------------------------------------------------


def test_an_author_retires_a_question(client, author_a, approved_question):
    client.force_login(author_a)
    client.post(url("retire", approved_question), {"note": "Văn bản đã thay thế"})
    approved_question.refresh_from_db()
    assert approved_question.status == Question.Status.RETIRED
    html = client.get(url("detail", approved_question)).content.decode()
    assert "Văn bản đã thay thế" in html
    assert url("retire", approved_question) not in html


def test_retire_is_403_without_a_role_404_outside_405_for_get(client, member_a, author_b, author_a, approved_question):
    assert client.post(url("retire", approved_question)).status_code == 302
    client.force_login(member_a)
    assert client.post(url("retire", approved_question)).status_code == 403
    client.force_login(author_b)
    assert client.post(url("retire", approved_question)).status_code == 404
    client.force_login(author_a)
    assert client.get(url("retire", approved_question)).status_code == 405
    approved_question.refresh_from_db()
    assert approved_question.status == Question.Status.APPROVED
