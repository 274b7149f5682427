"""The demo's imported commune: three hamlet teams brought in from its officer's Excel list, as a commune starts.

The list is written into the roster template and goes through the reading,
the preview and the import that the roster page and ``manage.py
import_roster`` use, as the commune's organiser: the import makes the
hamlets, the teams and the people. Nobody there has a password: each first
signs in by a personal link from their leader or the commune's officer.

Imported once: while the commune has a team, whatever was changed there by
hand (a member who moved, a leader replaced) stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quizsite import workbooks

from .models import Membership, Team, Unit, User
from .roster import importing
from .roster.columns import NO, YES
from .roster.template import roster_workbook
from .sign_in_links import DEFAULT_DAYS, IssuedLink, eligible_members, issue_links

# The import is part of the demo's history: after the other teams formed (demo.FORMED_BEFORE, 13 weeks),
# before the rounds the demo plays and the month an officer's monthly report opens on, so it counts them.
IMPORTED_BEFORE = timedelta(weeks=5)

# Per hamlet (made up, like the demo's other hamlets), the people as the officer typed them: full name,
# phone, role, affiliation, Youth Union member, officer (cán bộ, công chức). The hamlet head leads, a
# Youth Union member is deputy, then the mass organisations, post, telecom and bank staff.
HAMLETS: tuple[tuple[str, tuple[tuple[str, str, str, str, str, str], ...]], ...] = (
    (
        "Ấp Bến Mương",
        (
            ("Nguyễn Văn Thành", "0387 215 401", "Tổ trưởng", "Trưởng ấp / khu phố", NO, NO),
            ("Trần Thị Mộng Tuyền", "0353 118 072", "Tổ phó", "Đoàn Thanh niên", YES, NO),
            ("Lê Thị Kim Phượng", "0978 604 215", "Thành viên", "Hội Liên hiệp Phụ nữ", NO, NO),
            ("Phạm Văn Tư", "0918 327 466", "Thành viên", "Hội Cựu chiến binh", NO, NO),
            ("Võ Văn Hậu", "0886410259", "Thành viên", "Hội Nông dân", NO, NO),
            ("Huỳnh Ngọc Thảo Vy", "0779 182 634", "Thành viên", "Bưu điện / viễn thông", YES, NO),
            ("Đoàn Minh Trung", "0832 557 190", "Thành viên", "Khác", NO, YES),
            ("Nguyễn Thị Bé Năm", "0702 631 845", "Thành viên", "Khác", NO, NO),
        ),
    ),
    (
        "Ấp Cẩm Bình",
        (
            ("Trương Văn Bảy", "0961 448 027", "Tổ trưởng", "Trưởng ấp / khu phố", NO, NO),
            ("Lâm Hoàng Phúc", "0379 905 316", "Tổ phó", "Đoàn Thanh niên", YES, NO),
            ("Ngô Thị Hồng Nhung", "0396 274 581", "Thành viên", "Hội Liên hiệp Phụ nữ", NO, NO),
            ("Đặng Văn Mười", "0857 316 042", "Thành viên", "Hội Nông dân", NO, NO),
            ("Phan Thị Diễm My", "0945.720.863", "Thành viên", "Ngân hàng", YES, NO),
            ("Hồ Thanh Tâm", "0765 094 318", "Thành viên", "Bưu điện / viễn thông", YES, NO),
            ("Châu Văn Lực", "0348 661 927", "Thành viên", "Khác", NO, YES),
        ),
    ),
    (
        "Ấp Trâm Vàng",
        (
            ("Dương Văn Sáu", "0912 483 705", "Tổ trưởng", "Trưởng ấp / khu phố", NO, NO),
            ("Mai Thị Thu Trang", "0868 219 354", "Tổ phó", "Đoàn Thanh niên", YES, YES),
            ("Bùi Văn Hiền", "0383 507 126", "Thành viên", "Hội Cựu chiến binh", NO, NO),
            ("Tô Thị Ngọc Hân", "0814 372 690", "Thành viên", "Hội Liên hiệp Phụ nữ", NO, NO),
            ("Lý Minh Khôi", "0934 851 206", "Thành viên", "Bưu điện / viễn thông", YES, NO),
            ("Nguyễn Hữu Lộc", "0327 640 915", "Thành viên", "Hội Nông dân", NO, NO),
        ),
    ),
)


@dataclass(frozen=True)
class ImportedCommune:
    commune: Unit
    teams: list[Team]
    members: int
    never_signed_in: int


def team_name(hamlet: str) -> str:
    return f"Tổ chuyển đổi số cộng đồng {hamlet}"


def roster_file_rows(commune: Unit) -> list[tuple[str, ...]]:
    """The officer's list in the template's columns."""
    return [(commune.name, hamlet, team_name(hamlet), *person) for hamlet, people in HAMLETS for person in people]


def import_demo_roster(*, commune: Unit, officer: User, now: datetime | None = None) -> ImportedCommune:
    """Import the commune's list as its organiser, unless it has teams already."""
    teams = Team.objects.filter(unit__path__startswith=commune.path)
    if not teams.exists():
        content = roster_workbook(roster_file_rows(commune))
        rows = importing.read_roster(SimpleUploadedFile("danh-sach-to-cns.xlsx", content, workbooks.CONTENT_TYPE))
        plan = importing.preview_roster(actor=officer, scope=commune, rows=rows)
        if plan.problems:
            raise ValidationError([str(problem) for problem in plan.problems])
        importing.import_roster(actor=officer, scope=commune, rows=rows)
        _date_import(commune, (now or timezone.now()) - IMPORTED_BEFORE)
    members = User.objects.filter(memberships__team__unit__path__startswith=commune.path)
    return ImportedCommune(
        commune=commune,
        teams=list(teams.order_by("pk")),
        members=members.count(),
        never_signed_in=members.filter(last_login__isnull=True).count(),
    )


def _date_import(commune: Unit, when: datetime) -> None:
    Team.objects.filter(unit__path__startswith=commune.path).update(created_at=when)
    Membership.objects.filter(team__unit__path__startswith=commune.path).update(joined_at=when)
    User.objects.filter(memberships__team__unit__path__startswith=commune.path).update(date_joined=when)


def first_sign_in_link(*, imported: ImportedCommune, officer: User) -> IssuedLink | None:
    """A new link for the first person still without a password, leaders first: on a fresh demo, a team's leader.

    A leader, because imported leaders have no password either (the demo
    gives none of these people one: that is the state it shows): the one
    link lets a tester try a member's first sign-in and then, as that
    leader, print the team's own sheet. Links are stored hashed, so only one
    issued now can be printed; it replaces that person's unused link, as a
    new sheet from the team page does.
    """
    for team in imported.teams:
        waiting = [m for m in eligible_members(team=team, actor=officer) if not m.user.has_usable_password()]
        if waiting:
            (link,) = issue_links(
                team=team,
                actor=officer,
                days=DEFAULT_DAYS,
                base_url=reverse("accounts:sign_in_link"),
                member_ids=[waiting[0].pk],
            )
            return link
    return None
