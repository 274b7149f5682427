from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from questionbank import services
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment

URL = reverse("questionbank:review_queue")


def submitted(question: Question, actor, minutes_ago: int) -> Question:
    services.submit_for_review(question=question, actor=actor)
    Question.objects.filter(pk=question.pk).update(submitted_at=timezone.now() - timedelta(minutes=minutes_ago))
    return question


def test_the_queue_lists_questions_in_review_oldest_first(client, reviewer_a, author_a, make_question, commune_a):
    submitted(make_question(author=author_a, unit=commune_a, text="Gửi sau"), author_a, 5)
    submitted(make_question(author=author_a, unit=commune_a, text="Gửi trước"), author_a, 60)
    make_question(author=author_a, unit=commune_a, text="Còn nháp")
    client.force_login(reviewer_a)
    html = client.get(URL).content.decode()
    assert html.index("Gửi trước") < html.index("Gửi sau")
    assert "Còn nháp" not in html


def test_the_queue_leaves_out_other_communes(client, reviewer_a, author_b, make_question, commune_b):
    submitted(make_question(author=author_b, unit=commune_b, text="Câu xã khác"), author_b, 1)
    client.force_login(reviewer_a)
    assert "Câu xã khác" not in client.get(URL).content.decode()


def test_own_questions_are_shown_without_the_review_button(client, author_a, make_question, commune_a):
    accounts.grant_role(user=author_a, role=RoleAssignment.Role.REVIEWER, unit=commune_a)
    question = submitted(make_question(author=author_a, unit=commune_a, text="Câu tự soạn"), author_a, 1)
    client.force_login(author_a)
    html = client.get(URL).content.decode()
    assert "Câu tự soạn" in html
    assert "cần một người duyệt khác" in html
    assert "Xem và duyệt" not in html
    assert reverse("questionbank:detail", args=[question.pk]) in html


def test_the_queue_is_for_reviewers_only(client, author_a):
    client.force_login(author_a)
    assert client.get(URL).status_code == 403


def test_the_queue_refuses_post(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.post(URL).status_code == 405
