"""Review works for the two practice kinds as for the others: write, submit, approve, then edit into v2."""

from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank.models import Question
from quizsite.accounts.models import RoleAssignment
from tests.questionbank.test_author_practice_kinds import hotspot_form, order_form

CREATE = reverse("questionbank:create")


@pytest.mark.parametrize(("kind", "make_form"), [("order", order_form), ("hotspot", hotspot_form)])
def test_a_practice_question_goes_from_draft_to_approved_and_into_a_second_version(
    client, author_a, reviewer_a, make_officer, commune_a, topic, kind, make_form
):
    client.force_login(author_a)
    client.post(CREATE, make_form(topic))
    question = Question.objects.get(kind=kind)
    client.post(reverse("questionbank:submit", args=[question.pk]))

    client.force_login(reviewer_a)
    queue = client.get(reverse("questionbank:review_queue")).content.decode()
    assert question.text[:40] in queue
    client.post(reverse("questionbank:approve", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == "approved"

    listed = client.get(reverse("questionbank:list"), {"kind": kind}).content.decode()
    assert question.text[:40] in listed

    second = make_officer(RoleAssignment.Role.AUTHOR, commune_a, "Phạm Văn Biên")
    client.force_login(second)
    form = make_form(topic, text="Phiên bản hai của câu thực hành")
    form.pop("image", None)
    response = client.post(reverse("questionbank:edit", args=[question.pk]), form)

    new = Question.objects.get(family=question.family, version=2)
    assert response.status_code == 302
    assert (new.kind, new.status, new.author) == (kind, "draft", second)
    assert [c.text for c in new.choices.all()] == [c.text for c in question.choices.all()]
    assert [c.area for c in new.choices.all()] == [c.area for c in question.choices.all()]
    question.refresh_from_db()
    assert question.status == "approved"  # the approved version keeps serving rounds until v2 is approved

    client.force_login(reviewer_a)
    client.post(reverse("questionbank:retire", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == "retired"
