"""Bench data: an author with many questions, printed as JSON accounts.

Run by bench/harness.py against the bench database (cwd = the source tree,
DATABASE_URL in the environment). With ``--author PHONE`` (a demo author
from ``seed_demo``) it adds questions to that author's unit; without it,
it makes its own small unit tree with an author, a reviewer and a member.
Questions are a mix of drafts, ones in review and approved ones, written
through the question-bank services like an author would.

With ``--weekly-round`` (bench/weekly_round.py) it also adds ``--members``
bench members in teams of ten under the demo province (one shared password
hash, as the demo does) and prints, for the round open this week, every
member who may play it with a signed-in session made here: a password
check costs the server a few hundred ms, so only a few virtual users sign
in through the real form and the others bring the session cookie a sign-in
would have given them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import import_module

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from competitions.eligibility import eligible_teams  # noqa: E402
from competitions.models import Round  # noqa: E402
from questionbank import services as qb  # noqa: E402
from questionbank.models import Question  # noqa: E402
from quizsite.accounts import services as accounts  # noqa: E402
from quizsite.accounts.demo import PASSWORD as DEMO_PASSWORD  # noqa: E402
from quizsite.accounts.models import Membership, RoleAssignment, Unit, User  # noqa: E402
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


def open_round() -> Round | None:
    """The self-paced round open now that seed_demo made for this week (the newest open one)."""
    return Round.objects.open_now().filter(mode=Round.Mode.SELF_PACED).order_by("-opens_at", "-pk").first()


def add_members(*, round: Round, count: int) -> None:
    """``count`` bench members in teams of ten, in hamlets of a commune the round admits."""
    if count <= 0:
        return
    province = round.stage.competition.unit
    commune = Unit.objects.filter(parent=province).order_by("path").first() or province
    base = 903_000_000
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        User(username=f"benchmember{n}", phone=f"+84{base + n}", full_name=f"Thành viên đo tải {n}", password=password)
        for n in range(1, count + 1)
    )
    users = list(User.objects.filter(username__startswith="benchmember").order_by("pk"))
    memberships = []
    for start in range(0, len(users), 10):
        n = start // 10 + 1
        hamlet = accounts.get_or_create_unit(name=f"Ấp Đo Tải {n}", kind=Unit.Kind.HAMLET, parent=commune)
        team = accounts.create_team(unit=hamlet, name=f"Tổ công nghệ số cộng đồng Ấp Đo Tải {n}")
        memberships += [Membership(team=team, user=user) for user in users[start : start + 10]]
    Membership.objects.bulk_create(memberships)


def signed_in_players(round: Round) -> list[dict[str, str]]:
    """Everyone who may play ``round``, each with a session as the login form would have made it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    players = []
    members = Membership.objects.filter(team__in=eligible_teams(round)).select_related("user").order_by("pk")
    for membership in members:
        user = membership.user
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        players.append(
            {
                "login": "0" + user.phone[3:],
                "password": PASSWORD if user.username.startswith("benchmember") else DEMO_PASSWORD,
                "session": session.session_key,
            }
        )
    return players


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--author", help="phone of a demo author to add questions for")
    parser.add_argument("--weekly-round", action="store_true", help="print the open round's players, signed in")
    parser.add_argument("--members", type=int, default=0, help="bench members to add (with --weekly-round)")
    args = parser.parse_args()
    if args.author:
        author, reviewer, unit = demo_author(args.author)
        logins: list[dict[str, str]] = []
    else:
        author, reviewer, unit, logins = own_tree()
    add_questions(author=author, reviewer=reviewer, unit=unit, count=args.questions)
    out = {"accounts": logins, "questions_added": args.questions, "unit": unit.name}
    if args.weekly_round:
        round = open_round()
        if round is None:
            raise SystemExit("no self-paced round is open now: run seed_demo first")
        add_members(round=round, count=args.members)
        out["weekly_round"] = {"round": round.pk, "title": round.title, "players": signed_in_players(round)}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
