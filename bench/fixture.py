"""Bench data: an author with many questions, printed as JSON accounts.

Run by bench/harness.py against the bench database (cwd = the source tree,
DATABASE_URL in the environment). With ``--author PHONE`` (a demo author
from ``seed_demo``) it adds questions to that author's unit; without it,
it makes its own small unit tree with an author, a reviewer and a member.
Questions are a mix of drafts, ones in review and approved ones, written
through the question-bank services like an author would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from questionbank import services as qb  # noqa: E402
from questionbank.models import Question  # noqa: E402
from quizsite.accounts import services as accounts  # noqa: E402
from quizsite.accounts.models import RoleAssignment, Unit, User  # noqa: E402
from quizsite.accounts.phone import normalize_phone  # noqa: E402

PASSWORD = "Bench-mat-khau-2025"
Role = RoleAssignment.Role


def person(phone: str, name: str) -> User:
    user = User.objects.filter(phone=phone).first()
    return user or User.objects.create_user(phone=phone, password=PASSWORD, full_name=name)


def own_tree() -> tuple[User, User, Unit, list[dict[str, str]]]:
    province = accounts.get_or_create_unit(name="Tỉnh Đo Tải", kind=Unit.Kind.PROVINCE, code="bench")
    commune = accounts.get_or_create_unit(name="Xã Đo Tải", kind=Unit.Kind.COMMUNE, parent=province)
    hamlet = accounts.get_or_create_unit(name="Ấp Đo Tải", kind=Unit.Kind.HAMLET, parent=commune)
    author = person("+84900000001", "Tác giả đo tải")
    reviewer = person("+84900000002", "Người duyệt đo tải")
    member = person("+84900000003", "Thành viên đo tải")
    for user, role in ((author, Role.AUTHOR), (reviewer, Role.REVIEWER)):
        if not RoleAssignment.objects.filter(user=user, role=role, unit=commune).exists():
            accounts.grant_role(user=user, role=role, unit=commune)
    if not member.memberships.exists():
        accounts.add_member(team=accounts.create_team(unit=hamlet, name="Tổ CNS đo tải"), user=member)
    logins = [
        {"role": role, "phone": user.phone, "password": PASSWORD}
        for role, user in (("author", author), ("reviewer", reviewer), ("member", member))
    ]
    return author, reviewer, commune, logins


def demo_author(phone: str) -> tuple[User, User, Unit]:
    author = User.objects.get(phone=normalize_phone(phone) or phone)
    unit = RoleAssignment.objects.filter(user=author, role=Role.AUTHOR).select_related("unit").first().unit
    reviewer = person("+84900000002", "Người duyệt đo tải")
    if not RoleAssignment.objects.filter(user=reviewer, role=Role.REVIEWER, unit=unit).exists():
        accounts.grant_role(user=reviewer, role=Role.REVIEWER, unit=unit)
    return author, reviewer, unit


def add_questions(*, author: User, reviewer: User, unit: Unit, count: int) -> None:
    topics = qb.ensure_root_topics()
    for i in range(count):
        data = qb.QuestionData(
            topic=topics[i % len(topics)],
            kind=Question.Kind.SINGLE,
            text=f"Câu hỏi đo tải số {i + 1}: dịch vụ công trực tuyến nào cho phép nộp hồ sơ tại nhà?",
            choices=[
                qb.ChoiceData("Cổng Dịch vụ công quốc gia", True),
                qb.ChoiceData("Một trang mạng xã hội bất kỳ", False),
                qb.ChoiceData("Tin nhắn từ số lạ", False),
                qb.ChoiceData(f"Phương án khác {i + 1}", False),
            ],
            explanation="Theo Quyết định 06/QĐ-TTg.",
            source="Quyết định 06/QĐ-TTg",
        )
        question = qb.create_question(author=author, unit=unit, data=data)
        if i % 3:
            question = qb.submit_for_review(question=question, actor=author)
        if i % 3 == 2:
            qb.approve(question=question, reviewer=reviewer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--author", help="phone of a demo author to add questions for")
    args = parser.parse_args()
    if args.author:
        author, reviewer, unit = demo_author(args.author)
        logins: list[dict[str, str]] = []
    else:
        author, reviewer, unit, logins = own_tree()
    add_questions(author=author, reviewer=reviewer, unit=unit, count=args.questions)
    print(json.dumps({"accounts": logins, "questions_added": args.questions, "unit": unit.name}, ensure_ascii=False))


if __name__ == "__main__":
    main()
