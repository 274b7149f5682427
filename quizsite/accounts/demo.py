"""The demo province: real communes of Tây Ninh, made-up hamlets, teams and people.

Everything here is deterministic (fixed lists and a seeded random), so a
second run finds every row it would create and adds nothing: ``make run``
calls it at every start. Only rows that are missing are written, through
the same services the pages use.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from vietnam_provinces import Ward

from . import services
from .management.commands.load_units import find_province, load_units, province_code, province_name, ward_code
from .models import Affiliation, Membership, RoleAssignment, Team, Unit, User
from .phone import display_phone

PASSWORD = "Demo@2025"
# A history, not the moment of seeding: the teams were formed this long before the seeding, leader and
# deputy with them, and the members joined over the weeks after (``JOINING``). Both end long before the
# rounds the demo plays (competitions.demo: last week's and this week's), and before the month an
# officer's monthly report opens on (the previous one until the 20th), so its figures are not zero.
FORMED_BEFORE = timedelta(weeks=13)
JOINING = timedelta(weeks=8)
ADMIN_EMAIL = "admin@example.vn"
PROVINCE = "Tây Ninh"  # the 2025 province, which absorbed Long An

# Real communes and wards (names as vietnam-provinces writes them); the
# hamlets and neighbourhoods under them are made up.
COMMUNES: dict[str, tuple[str, ...]] = {
    "Phường Tân Ninh": ("Khu phố Ninh Phúc", "Khu phố Hiệp Bình", "Khu phố Ninh Trung"),
    "Phường Hoà Thành": ("Khu phố Long Mỹ", "Khu phố Long Thời", "Khu phố Hiệp Trường"),
    "Xã Tân Biên": ("Ấp Thạnh Hòa", "Ấp Thạnh Tây", "Ấp Tân Lợi"),
    "Xã Dương Minh Châu": ("Ấp Bình Hòa", "Ấp Phước Bình", "Ấp Phước Hội"),
}
# Neighbourhoods of the wards are large: each has a second team, as the
# provincial plan allows ("ấp, khu phố có số lượng lớn").
SECOND_TEAM_IN = ("Phường Tân Ninh", "Phường Hoà Thành")
ENTERPRISE_COMMUNE = "Xã Tân Biên"
ENTERPRISE = "Công ty TNHH Dệt may Tân Biên"  # fictional; enterprises over 300 workers have their own team
# A commune whose teams came from its officers' Excel list (demo_roster): loaded here, its hamlets,
# teams and people made by the roster import.
IMPORTED_COMMUNE = "Xã Thạnh Đức"
# Teams whose leader and a member the printed table shows: one of each kind.
SHOWCASE_TEAMS = (
    "Tổ chuyển đổi số cộng đồng Ấp Bình Hòa",
    "Tổ chuyển đổi số cộng đồng Khu phố Ninh Phúc",
    f"Tổ chuyển đổi số {ENTERPRISE}",
)

Role = RoleAssignment.Role

# (name, role, commune, or None at the province) — phones 0901 000 001 onwards, in this order.
OFFICERS: tuple[tuple[str, str, str | None], ...] = (
    ("Nguyễn Thị Thu Hà", Role.AUTHOR, None),
    ("Trần Minh Khoa", Role.AUTHOR, None),
    ("Lê Văn Phước", Role.REVIEWER, None),
    ("Phạm Ngọc Trâm", Role.ORGANISER, None),
    ("Võ Thành Nhân", Role.VIEWER, None),
    ("Huỳnh Thị Mỹ Linh", Role.ORGANISER, "Phường Tân Ninh"),
    ("Đặng Quốc Bảo", Role.AUTHOR, "Phường Tân Ninh"),
    ("Bùi Thị Ngọc Hân", Role.VIEWER, "Phường Tân Ninh"),
    # Four words: no generated member (three) shares the name.
    ("Trương Thị Kim Ngân", Role.ORGANISER, IMPORTED_COMMUNE),
)
OFFICER_PHONE_BASE = 901_000_000
MEMBER_PHONE_BASE = 902_000_000

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương",
    "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lâm", "Đoàn",
)  # fmt: skip
MALE_MIDDLE = ("Văn", "Minh", "Quốc", "Hoàng", "Thanh", "Đức", "Hữu", "Công")
MALE_GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Lộc", "Long", "Nam",
    "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Trí", "Tuấn", "Vinh", "Hiếu", "Nhân",
)  # fmt: skip
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng")
FEMALE_GIVEN = (
    "Anh", "Châu", "Diễm", "Dung", "Hà", "Hạnh", "Hằng", "Hương", "Lan", "Linh",
    "Loan", "Mai", "Ngân", "Nhung", "Oanh", "Phượng", "Thảo", "Trang", "Tuyết", "Yến",
)  # fmt: skip

A = Affiliation
COMMUNITY_AFFILIATIONS = (
    A.WOMENS_UNION, A.FARMERS_UNION, A.VETERANS, A.POST_TELECOM, A.BANK, A.YOUTH_UNION, A.OTHER,
)  # fmt: skip
COMMUNE_AFFILIATIONS = (A.POST_TELECOM, A.BANK, A.WOMENS_UNION, A.FARMERS_UNION, A.VETERANS, A.YOUTH_UNION)
ENTERPRISE_AFFILIATIONS = (A.TRADE_UNION, A.TRADE_UNION, A.YOUTH_UNION, A.OTHER)


@dataclass(frozen=True)
class TeamPlan:
    unit: str  # key in the units dict: a commune, "commune/hamlet" or the enterprise
    name: str
    leader_affiliation: str
    member_affiliations: tuple[str, ...]


@dataclass(frozen=True)
class PersonPlan:
    phone: str
    full_name: str
    team: TeamPlan
    role: str
    affiliation: str


@dataclass(frozen=True)
class OfficerPlan:
    phone: str
    full_name: str
    role: str
    unit: Unit


@dataclass(frozen=True)
class DemoAccount:
    """One line of the accounts list; ``username`` is what one types to sign in."""

    username: str
    full_name: str
    phone: str
    email: str
    password: str
    role: str
    unit: str
    team: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Demo:
    province: Unit
    author: User
    reviewer: User
    accounts: list[DemoAccount]
    imported_commune: Unit  # its roster comes from ``demo_roster``, imported by its organiser
    imported_by: User


def team_plans() -> list[TeamPlan]:
    plans = []
    for commune, hamlets in COMMUNES.items():
        plans.append(TeamPlan(commune, f"Tổ chuyển đổi số cộng đồng {commune}", A.OTHER, COMMUNE_AFFILIATIONS))
        for hamlet in hamlets:
            key = f"{commune}/{hamlet}"
            plans.append(
                TeamPlan(key, f"Tổ chuyển đổi số cộng đồng {hamlet}", A.LOCAL_GOVERNMENT, COMMUNITY_AFFILIATIONS)
            )
            if commune in SECOND_TEAM_IN:
                plans.append(
                    TeamPlan(key, f"Tổ chuyển đổi số cộng đồng số 2 {hamlet}", A.YOUTH_UNION, COMMUNITY_AFFILIATIONS)
                )
    plans.append(TeamPlan(ENTERPRISE, f"Tổ chuyển đổi số {ENTERPRISE}", A.TRADE_UNION, ENTERPRISE_AFFILIATIONS))
    return plans


def people_plans() -> list[PersonPlan]:
    """Leader, deputy and 4–8 members for every team, the same on every run."""
    rng = random.Random(2025)
    seen: set[str] = set()
    people = []
    for team in team_plans():
        roster = [(Membership.Role.LEADER, team.leader_affiliation), (Membership.Role.DEPUTY, A.YOUTH_UNION)]
        roster += [(Membership.Role.MEMBER, rng.choice(team.member_affiliations)) for _ in range(rng.randint(4, 8))]
        for role, affiliation in roster:
            phone = f"+84{MEMBER_PHONE_BASE + len(people) + 1}"
            people.append(PersonPlan(phone, _new_name(rng, seen, affiliation), team, role, affiliation))
    return people


def _new_name(rng: random.Random, seen: set[str], affiliation: str) -> str:
    while True:
        female = affiliation == A.WOMENS_UNION or (affiliation != A.VETERANS and rng.random() < 0.5)
        middle, given = (FEMALE_MIDDLE, FEMALE_GIVEN) if female else (MALE_MIDDLE, MALE_GIVEN)
        name = f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"
        if name not in seen:
            seen.add(name)
            return name


@transaction.atomic
def build_demo(*, now: datetime | None = None) -> Demo:
    """Create what is missing of the demo province and its people; return the accounts.

    What is created is dated as a history (``FORMED_BEFORE``): teams and
    memberships created by an earlier run keep their dates.
    """
    formed = (now or timezone.now()) - FORMED_BEFORE
    province, units = _units()
    teams = _teams(units, formed=formed)
    people = people_plans()
    officers = [
        OfficerPlan(f"+84{OFFICER_PHONE_BASE + n}", name, role, units[commune] if commune else province)
        for n, (name, role, commune) in enumerate(OFFICERS, start=1)
    ]
    users = _users([(p.phone, p.full_name) for p in [*people, *officers]])
    admin = _admin()

    had_team = set(Membership.objects.filter(user__in=list(users.values())).values_list("user_id", flat=True))
    joined = []
    rng = random.Random(f"joined-{formed:%Y%m%d}")
    for person in people:
        user = users[person.phone]
        if user.pk in had_team:
            continue
        try:
            membership = services.add_member(
                team=teams[person.team.name], user=user, role=person.role, affiliation=person.affiliation
            )
        except ValidationError:
            # Someone changed the roster by hand (team full, post taken): theirs wins.
            continue
        # The leader and the deputy formed the team; the others joined in the weeks after.
        later = timedelta(0) if person.role != Membership.Role.MEMBER else JOINING * rng.uniform(0.05, 1)
        membership.joined_at = formed + later
        joined.append(membership)
    Membership.objects.bulk_update(joined, ["joined_at"])
    for officer in officers:
        services.grant_role(user=users[officer.phone], role=officer.role, unit=officer.unit)

    accounts = [DemoAccount(ADMIN_EMAIL, admin.full_name, "", ADMIN_EMAIL, PASSWORD, "admin", province.name, "")]
    accounts += [_account(users[o.phone], o.role, o.unit.name, "") for o in officers]
    memberships = Membership.objects.filter(user__in=list(users.values())).select_related("team__unit")
    by_user = {m.user_id: m for m in memberships}
    for person in people:
        user = users[person.phone]
        if membership := by_user.get(user.pk):
            accounts.append(_account(user, membership.role, membership.team.unit.name, membership.team.name))
    author = next(users[o.phone] for o in officers if o.role == Role.AUTHOR)  # at the province: the first
    reviewer = next(users[o.phone] for o in officers if o.role == Role.REVIEWER)
    importer = next(o for o in officers if o.unit.name == IMPORTED_COMMUNE)
    return Demo(
        province=province,
        author=author,
        reviewer=reviewer,
        accounts=accounts,
        imported_commune=importer.unit,
        imported_by=users[importer.phone],
    )


def _account(user: User, role: str, unit: str, team: str) -> DemoAccount:
    local = "0" + user.phone[3:]
    return DemoAccount(local, user.full_name, display_phone(user.phone), user.email, PASSWORD, str(role), unit, team)


def _units() -> tuple[Unit, dict[str, Unit]]:
    """The province and the chosen communes from the package, then hamlets and the enterprise."""
    package_province = find_province(PROVINCE)
    wards = {w.name: w for w in Ward.iter_by_province(package_province.code)}
    chosen = [wards[name] for name in [*COMMUNES, IMPORTED_COMMUNE]]
    load_units([package_province], ward_codes={ward_code(w) for w in chosen})
    province = _loaded(province_code(package_province), province_name(package_province), parent=None)
    units: dict[str, Unit] = {}
    for ward in chosen:
        commune = units[ward.name] = _loaded(ward_code(ward), ward.name, parent=province)
        for hamlet in COMMUNES.get(ward.name, ()):
            units[f"{ward.name}/{hamlet}"] = services.get_or_create_unit(
                name=hamlet, kind=Unit.Kind.HAMLET, parent=commune
            )
    units[ENTERPRISE] = services.get_or_create_unit(
        name=ENTERPRISE, kind=Unit.Kind.ENTERPRISE, parent=units[ENTERPRISE_COMMUNE]
    )
    return province, units


def _loaded(code: str, name: str, *, parent: Unit | None) -> Unit:
    # load_units keeps a unit made by hand under the same name, without its code.
    return Unit.objects.filter(code=code).first() or Unit.objects.get(parent=parent, name=name)


def _teams(units: dict[str, Unit], *, formed: datetime) -> dict[str, Team]:
    plans = team_plans()
    existing = {(t.unit_id, t.name): t for t in Team.objects.filter(unit__in=[units[p.unit] for p in plans])}
    teams, created = {}, []
    for plan in plans:
        unit = units[plan.unit]
        team = existing.get((unit.pk, plan.name))
        if team is None:
            team = services.create_team(unit=unit, name=plan.name)
            team.created_at = formed
            created.append(team)
        teams[plan.name] = team
    Team.objects.bulk_update(created, ["created_at"])
    return teams


def _users(wanted: list[tuple[str, str]]) -> dict[str, User]:
    """Users by phone, creating the missing ones in bulk.

    They all get the same password hash: hashing it once per person would
    take a minute at every start, and the demo password is public anyway.
    """
    users = {u.phone: u for u in User.objects.filter(phone__in=[phone for phone, _ in wanted])}
    missing = [(phone, name) for phone, name in wanted if phone not in users]
    if not missing:
        return users
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        User(username="u" + secrets.token_hex(8), phone=phone, full_name=name, password=password)
        for phone, name in missing
    )
    # Re-read: not every database hands back primary keys from bulk_create.
    return users | {u.phone: u for u in User.objects.filter(phone__in=[phone for phone, _ in missing])}


def _admin() -> User:
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    return admin or User.objects.create_superuser(email=ADMIN_EMAIL, password=PASSWORD, full_name="Quản trị hệ thống")
