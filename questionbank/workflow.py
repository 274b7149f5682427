"""The question workflow's rules, once: what may happen to a question now, and who may do it.

draft → in review → approved → retired. The write functions of services.py
raise the problem these functions name; the question page reads
``actions_for`` to show only the buttons that will work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quizsite.accounts.models import RoleAssignment, User
from quizsite.accounts.permissions import officer_units

from .models import Question

Status = Question.Status
Role = RoleAssignment.Role


def edit_problem(question: Question) -> str | None:
    if question.status == Status.RETIRED:
        return _("Câu hỏi đã ngừng dùng, không sửa được.")
    if question.status == Status.IN_REVIEW:
        return _("Câu hỏi đang chờ duyệt; hãy chờ kết quả duyệt hoặc xin trả lại để sửa.")
    return None


def submit_problem(question: Question) -> str | None:
    if question.status != Status.DRAFT:
        return _("Chỉ gửi duyệt được câu hỏi đang ở trạng thái nháp.")
    return None


def review_problem(question: Question, reviewer: User) -> str | None:
    """Why ``reviewer`` may not approve or reject ``question`` now (the reviewer role aside)."""
    if question.status != Status.IN_REVIEW:
        return _("Chỉ duyệt được câu hỏi đang chờ duyệt.")
    if question.author_id == reviewer.pk:
        return _("Người duyệt phải khác người soạn câu hỏi.")
    return None


def retire_problem(question: Question) -> str | None:
    if question.status == Status.RETIRED:
        return _("Câu hỏi đã ngừng dùng.")
    return None


@dataclass(frozen=True)
class Actions:
    """The buttons of the question page for one person."""

    edit: bool
    submit: bool
    review: bool
    # A reviewer looking at their own question in review: told why they cannot review it.
    review_blocked: bool
    retire: bool


def holds_role(actor: User, question: Question, role: str) -> bool:
    """Whether ``actor`` holds ``role`` over the question's unit (a superuser holds every role)."""
    return any(question.unit.is_within(unit) for unit in officer_units(actor, [role]))


def actions_for(*, actor: User, question: Question, is_latest: bool = True) -> Actions:
    """What ``actor`` may do to ``question`` now. An older version is never edited: its newest one is."""
    author = holds_role(actor, question, Role.AUTHOR)
    reviewer = holds_role(actor, question, Role.REVIEWER)
    in_review = question.status == Status.IN_REVIEW
    return Actions(
        edit=author and is_latest and edit_problem(question) is None,
        submit=author and submit_problem(question) is None,
        review=reviewer and review_problem(question, actor) is None,
        review_blocked=reviewer and in_review and question.author_id == actor.pk,
        retire=(author or reviewer) and retire_problem(question) is None,
    )
