"""Demo data for a first look: a province, teams, people, officers, the question bank and rounds
(a live one among them, its join code on the province organiser's home page), and a commune whose
teams were imported from an Excel list and have not signed in yet (a first sign-in link is printed).

    manage.py seed_demo          # a table of accounts to sign in with, and counts
    manage.py seed_demo --json   # every demo account as JSON, for scripts

Running it again adds nothing and prints the same accounts; ``make run``
calls it at every start. Only the first sign-in link is new at each run
(links are stored hashed: only a fresh one can be printed), and the one
printed before stops working.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse

from competitions.demo import build_demo_live_round, build_demo_rounds
from leaderboards.demo import build_demo_awards
from questionbank.demo_bank.loader import load
from questionbank.models import Question
from quizsite.accounts.demo import PASSWORD, SHOWCASE_TEAMS, Demo, DemoAccount, build_demo
from quizsite.accounts.demo_roster import ImportedCommune, first_sign_in_link, import_demo_roster
from quizsite.accounts.models import Membership, Team, Unit, User
from quizsite.accounts.phone import display_phone
from quizsite.accounts.sign_in_links import IssuedLink, expiry_text

ROLE_LABELS = {
    "admin": "Quản trị hệ thống",
    "author": "Soạn câu hỏi",
    "reviewer": "Duyệt câu hỏi",
    "organiser": "Tổ chức cuộc thi",
    "viewer": "Theo dõi",
    "leader": "Tổ trưởng",
    "deputy": "Tổ phó",
    "member": "Thành viên",
}
OFFICER_ROLES = {"admin", "author", "reviewer", "organiser", "viewer"}


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (tỉnh Tây Ninh, các tổ, cán bộ, ngân hàng câu hỏi) và in các tài khoản để đăng nhập."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-attempts",
            action="store_true",
            help="Không tạo bài thi mẫu của tuần trước (nhanh hơn; dùng cho kiểm thử).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Chỉ in danh sách mọi tài khoản mẫu dạng JSON.",
        )

    def handle(self, *args, as_json: bool, without_attempts: bool, **options) -> None:
        try:
            with transaction.atomic():
                demo = build_demo()
                load(unit=demo.province, author=demo.author, reviewer=demo.reviewer)
                past, _current = build_demo_rounds(province=demo.province, play=not without_attempts)
                award_list = build_demo_awards(province=demo.province, competition=past.competition, last_week=past)
                # After the weekly rounds (people who never signed in have played none), before the live
                # round (every team of the province is entered in it).
                imported = import_demo_roster(commune=demo.imported_commune, officer=demo.imported_by)
                live_round = build_demo_live_round(province=demo.province)
                # Only the table prints it: a link made for --json would only replace the one printed before.
                link = None if as_json else first_sign_in_link(imported=imported, officer=demo.imported_by)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        if as_json:
            self.stdout.write(json.dumps([a.as_dict() for a in demo.accounts], ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.table(shown_accounts(demo.accounts)))
        self.stdout.write("")
        self.stdout.write(f"Mật khẩu của mọi tài khoản mẫu: {PASSWORD}")
        self.stdout.write("Đăng nhập bằng số điện thoại (hoặc e-mail với tài khoản quản trị).")
        self.stdout.write("Danh sách đầy đủ: manage.py seed_demo --json")
        self.stdout.write("")
        for label, count in counts(demo).items():
            self.stdout.write(f"{label}: {count}")
        if award_list is not None:
            public = reverse("leaderboards:award_public", args=[award_list.public_token])
            self.stdout.write(f"Danh sách đạt giải đã công bố: {award_list.title} — {public}")
        if live_round is not None:
            self.stdout.write(f"Vòng thi trực tiếp “{live_round.round.title}”: mã tham gia {live_round.code}")
        self.stdout.write("")
        for line in imported_lines(imported, demo.imported_by, link):
            self.stdout.write(line)

    def table(self, accounts: list[DemoAccount]) -> str:
        header = ("Đăng nhập", "Mật khẩu", "Vai trò", "Họ và tên", "Đơn vị", "Tổ")
        rows = [(a.phone or a.username, a.password, ROLE_LABELS[a.role], a.full_name, a.unit, a.team) for a in accounts]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                 for row in [header, *rows]]  # fmt: skip
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)


def shown_accounts(accounts: list[DemoAccount]) -> list[DemoAccount]:
    """Every officer, then a leader and a member of a few teams: enough to try each kind of page."""
    shown = [a for a in accounts if a.role in OFFICER_ROLES]
    for role in (Membership.Role.LEADER, Membership.Role.MEMBER):
        for team in SHOWCASE_TEAMS:
            shown += [a for a in accounts if a.role == role and a.team == team][:1]
    return shown


def imported_lines(imported: ImportedCommune, officer: User, link: IssuedLink | None) -> list[str]:
    """The imported commune, who prints its teams' sign-in sheets, and one link ready to try."""
    lines = [
        f"{imported.commune.name}: {len(imported.teams)} tổ, {imported.members} thành viên nhập từ tệp Excel, "
        f"{imported.never_signed_in} người chưa đăng nhập lần nào. {officer.full_name} "
        f"({display_phone(officer.phone)}) in tờ liên kết đăng nhập lần đầu ở trang từng tổ."
    ]
    if link is not None:
        user, role = link.membership.user, ROLE_LABELS[link.membership.role].lower()
        lines += [
            f"Liên kết đăng nhập lần đầu của {user.full_name} ({role} {link.membership.team.name}, "
            f"{display_phone(user.phone)}), dùng một lần, hết hạn lúc {expiry_text(link.expires_at)}:",
            f"  {link.url}",
            "  (mở sau địa chỉ máy chủ, như http://127.0.0.1:8000; in tờ liên kết mới cho người này thì liên kết trên "
            "không dùng được nữa)",
        ]
    return lines


def counts(demo: Demo) -> dict[str, int]:
    units = Unit.objects.subtree(demo.province)
    return {
        "Đơn vị": units.count(),
        "Tổ chuyển đổi số": Team.objects.filter(unit__in=units).count(),
        "Thành viên tổ": Membership.objects.filter(team__unit__in=units).count(),
        "Câu hỏi đã duyệt": Question.objects.approved().filter(unit__in=units).count(),
    }
