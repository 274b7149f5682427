"""The question page offers exactly the workflow actions that the services then allow.

The rules live once (questionbank/workflow.py): a button shown must work when
pressed, and a button hidden must be refused, for every status and person.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank import services as qb
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment

Status = Question.Status
ACTIONS = {
    # action: (url name, the status a successful press leads to, POST data)
    "submit": ("questionbank:submit", Status.IN_REVIEW, {}),
    "approve": ("questionbank:approve", Status.APPROVED, {}),
    "reject": ("questionbank:reject", Status.DRAFT, {"note": "Sai nguồn"}),
    "retire": ("questionbank:retire", Status.RETIRED, {}),
}


@pytest.fixture
def people(author_a, reviewer_a, make_officer, commune_a):
    both = make_officer(RoleAssignment.Role.AUTHOR, commune_a, "Ngô Vừa Soạn Vừa Duyệt")
    accounts.grant_role(user=both, role=RoleAssignment.Role.REVIEWER, unit=commune_a)
    return {"author": author_a, "reviewer": reviewer_a, "author_and_reviewer": both}


def _question_in(status: str, *, writer, reviewer, make_question, commune_a) -> Question:
    question = make_question(author=writer, unit=commune_a)
    if status != Status.DRAFT:
        qb.submit_for_review(question=question, actor=writer)
    if status in (Status.APPROVED, Status.RETIRED):
        qb.approve(question=question, reviewer=reviewer)
    if status == Status.RETIRED:
        qb.retire(question=question, actor=reviewer)
    question.refresh_from_db()
    assert question.status == status
    return question


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.RETIRED])
@pytest.mark.parametrize("person", ["author", "reviewer", "author_and_reviewer"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_button_is_shown_exactly_when_pressing_it_works(
    client, people, make_question, commune_a, status, person, action
):
    # The question is written by the author-and-reviewer when that person looks at it:
    # they may not review their own question.
    writer = people["author_and_reviewer"] if person == "author_and_reviewer" else people["author"]
    question = _question_in(
        status, writer=writer, reviewer=people["reviewer"], make_question=make_question, commune_a=commune_a
    )
    url_name, after, data = ACTIONS[action]
    url = reverse(url_name, args=[question.pk])
    client.force_login(people[person])

    page = client.get(reverse("questionbank:detail", args=[question.pk]))
    shown = f'action="{url}"' in page.content.decode()
    response = client.post(url, data)

    question.refresh_from_db()
    worked = question.status == after and status != after
    assert page.status_code == 200
    assert response.status_code in (302, 403, 404)
    assert shown == worked, f"{action} shown={shown} but pressing it {'worked' if worked else 'was refused'}"
