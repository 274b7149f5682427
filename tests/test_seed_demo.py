from __future__ import annotations

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.demo import build_demo_rounds, week_start
from competitions.models import Attempt, Round
from leaderboards import standings
from leaderboards.awards.models import AwardList
from leaderboards.periods import Period
from leaderboards.reports.forms import default_month
from leaderboards.reports.monthly import monthly_report
from questionbank.demo_bank import loader as demo_loader
from questionbank.excel import columns
from questionbank.models import Question, QuestionStatistics, Topic
from quizsite.accounts.demo import COMMUNES, IMPORTED_COMMUNE, PASSWORD, SHOWCASE_TEAMS
from quizsite.accounts.demo_roster import HAMLETS, roster_file_rows
from quizsite.accounts.models import Affiliation, Membership, RoleAssignment, Team, Unit, User
from quizsite.accounts.phone import normalize_phone
from quizsite.accounts.roster.template import roster_rows
from tests.questionbank.test_demo_bank import DEMO_COUNTS, bad_copy, per_root

ROLES = {"admin", "author", "reviewer", "organiser", "viewer", "leader", "deputy", "member"}


def seed(*args: str) -> str:
    # Last week's simulated attempts take seconds; only the tests about them play them.
    out = StringIO()
    call_command("seed_demo", "--without-attempts", *args, stdout=out)
    return out.getvalue()


def seed_json() -> list[dict[str, str]]:
    return json.loads(seed("--json"))


def row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "units": Unit.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Membership.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "questions": Question.objects.count(),
        "topics": Topic.objects.count(),
    }


@pytest.fixture
def accounts(db) -> list[dict[str, str]]:
    return seed_json()


def test_it_makes_at_least_twenty_teams_each_with_a_leader_and_a_deputy_within_the_size_limit(accounts):
    teams = Team.objects.all()
    assert teams.count() >= 20
    for team in teams:
        roles = list(team.memberships.values_list("role", flat=True))
        assert roles.count(Membership.Role.LEADER) == 1, team.name
        assert roles.count(Membership.Role.DEPUTY) == 1, team.name
        assert 4 <= roles.count(Membership.Role.MEMBER) <= 8, team.name
        assert len(roles) <= team.max_members


def test_every_role_is_present_among_the_accounts(accounts):
    assert {a["role"] for a in accounts} == ROLES
    assert User.objects.get(email="admin@example.vn").is_superuser
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(RoleAssignment.Role.values)


def test_officers_sit_at_province_and_commune_level(accounts):
    province = Unit.objects.get(code="P80")
    at_province = sorted(RoleAssignment.objects.filter(unit=province).values_list("role", flat=True))
    assert at_province == ["author", "author", "organiser", "reviewer", "viewer"]
    ward = RoleAssignment.objects.filter(unit__name="Phường Tân Ninh")
    assert sorted(ward.values_list("role", flat=True)) == ["author", "organiser", "viewer"]
    imported = RoleAssignment.objects.filter(unit__name=IMPORTED_COMMUNE)
    assert list(imported.values_list("role", flat=True)) == ["organiser"]
    assert RoleAssignment.objects.count() == len(at_province) + 4


def test_the_province_and_its_communes_come_from_vietnam_provinces(accounts):
    province = Unit.objects.get(code="P80")
    assert province.name == "Tỉnh Tây Ninh"
    communes = province.children.filter(kind__in=[Unit.Kind.COMMUNE, Unit.Kind.WARD])
    assert sorted(communes.values_list("name", flat=True)) == sorted([*COMMUNES, IMPORTED_COMMUNE])
    assert all(c.code.startswith("W") for c in communes)
    for commune in communes:
        hamlets = commune.children.filter(kind=Unit.Kind.HAMLET)
        assert 2 <= hamlets.count() <= 3
        assert all(h.name.startswith(("Ấp ", "Khu phố ")) for h in hamlets)
    enterprise = Unit.objects.get(kind=Unit.Kind.ENTERPRISE)
    assert enterprise.is_within(province) and enterprise.teams.exists()


def test_members_have_varied_affiliations_and_vietnamese_names(accounts):
    affiliations = set(Membership.objects.values_list("affiliation", flat=True))
    assert len(affiliations) >= 6
    assert affiliations <= set(Affiliation.values)
    names = [a["full_name"] for a in accounts if a["role"] == "member"]
    assert any(ch in "".join(names) for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    assert all(len(name.split()) >= 3 for name in names)


def test_phones_are_unique_and_shown_the_way_people_read_them(accounts):
    phones = [a["phone"] for a in accounts if a["role"] != "admin"]
    assert len(phones) == len(set(phones))
    for account in accounts:
        if account["role"] != "admin":
            assert account["phone"].startswith("09") and len(account["phone"]) == 12  # 0902 000 001
            assert account["username"] == account["phone"].replace(" ", "")
    imported = User.objects.filter(memberships__team__unit__parent__name=IMPORTED_COMMUNE)
    # Everyone else with a phone is a printed account: the imported commune's people cannot sign in yet.
    assert User.objects.filter(phone__startswith="+84").exclude(pk__in=imported).count() == len(phones)
    assert imported.count() == sum(len(people) for _hamlet, people in HAMLETS)


def test_json_lists_every_demo_account_with_its_sign_in_details(accounts):
    with_password = Membership.objects.exclude(team__unit__parent__name=IMPORTED_COMMUNE)
    assert len(accounts) == with_password.count() + RoleAssignment.objects.count() + 1
    keys = {"username", "phone", "email", "password", "role", "unit", "team"}
    assert all(keys <= set(a) for a in accounts)
    assert {a["password"] for a in accounts} == {PASSWORD}
    admin = next(a for a in accounts if a["role"] == "admin")
    assert admin["username"] == admin["email"] == "admin@example.vn"
    assert all(a["team"] for a in accounts if a["role"] in {"leader", "deputy", "member"})


def test_a_second_run_adds_no_rows_and_lists_the_same_accounts(accounts):
    before = row_counts()
    again = seed_json()
    assert row_counts() == before
    assert again == accounts


def _owner(account: dict[str, str]) -> User:
    if account["role"] == "admin":
        return User.objects.get(email__iexact=account["email"])
    return User.objects.get(phone="+84" + account["username"][1:])


def test_every_printed_account_signs_in_through_the_login_page_as_printed(accounts):
    # The demo admin (e-mail, no phone) used to be sent back to the sign-in
    # page without a word; every other account must work both ways it is shown.
    table = seed()
    for account in accounts:
        owner = _owner(account)
        for login in {account["username"], account["phone"]} - {""}:
            client = Client()
            response = client.post(reverse("account_login"), {"login": login, "password": account["password"]})
            assert response.status_code == 302, (login, response.content.decode()[-2000:])
            assert response["Location"] == reverse("home"), login
            assert client.session.get("_auth_user_id") == str(owner.pk), login
            assert client.get(reverse("home")).context["user"] == owner
    rows = table.split("\n\n")[0].splitlines()[2:]  # the table, under its header and rule
    shown = [row.split("  ")[0] for row in rows]
    printed = {a["username"] for a in accounts} | {a["phone"] for a in accounts}
    assert shown and set(shown) <= printed


def test_the_admin_reaches_the_admin_site_through_the_login_page(accounts, client):
    response = client.post(
        reverse("account_login"), {"login": "admin@example.vn", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_loads_the_demo_question_bank_approved(accounts):
    approved = Question.objects.approved().filter(unit__code="P80")
    assert per_root(approved) == DEMO_COUNTS
    assert not Question.objects.exclude(status=Question.Status.APPROVED).exists()
    assert set(approved.values_list("reviewer__phone", flat=True)) == {"+84901000003"}


def test_the_table_shows_officers_a_few_team_people_the_password_and_counts(db):
    output = seed()
    assert "0901 000 001" in output and "admin@example.vn" in output
    assert output.count(f"{PASSWORD}  Tổ trưởng ") == 3
    assert output.count(f"{PASSWORD}  Thành viên ") == 3
    assert f"Mật khẩu của mọi tài khoản mẫu: {PASSWORD}" in output
    assert f"Tổ chuyển đổi số: {Team.objects.count()}" in output
    assert f"Câu hỏi đã duyệt: {Question.objects.approved().count()}" in output


def test_it_keeps_the_communes_already_loaded_for_the_whole_province(db):
    call_command("load_units", "--province", "Tây Ninh", stdout=StringIO())
    units = Unit.objects.count()
    seed("--json")
    # Only the hamlets and the enterprise are new.
    assert Unit.objects.count() == units + Unit.objects.filter(kind__in=["hamlet", "enterprise"]).count()
    assert Unit.objects.filter(name="Phường Tân Ninh").count() == 1


def test_a_demo_workbook_with_a_bad_row_stops_the_command_with_the_imports_report_and_adds_nothing(
    db, monkeypatch, tmp_path
):
    # Row 5's right answer is A: its text is gone.
    path = bad_copy(tmp_path, {(5, columns.COL_CHOICES[0]): ""})
    monkeypatch.setattr(demo_loader, "WORKBOOK", path)
    with pytest.raises(CommandError) as refused:
        seed()
    report = str(refused.value).splitlines()
    assert report[0] == "ngan-hang-hong.xlsx: 1 lỗi, không câu hỏi nào được lưu."
    assert report[1] == "Dòng 5, cột Đáp án đúng: Phương án A được chọn là đáp án đúng nhưng chưa có nội dung."
    assert not Team.objects.exists() and not Question.objects.exists()


def test_the_demo_has_last_weeks_round_played_and_closed_and_this_weeks_open(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # item statistics run after the commit
        call_command("seed_demo", stdout=StringIO())
    past, current = Round.objects.filter(mode=Round.Mode.SELF_PACED).order_by("opens_at")

    assert past.is_closed and current.is_open
    assert past.attempts.filter(submitted_at__isnull=False).count() >= 50
    assert past.prediction_actual is not None
    assert QuestionStatistics.objects.filter(seen__gt=0).exists()
    # A member of a printed team who played sees the result with the right answers, the round being closed.
    attempt = past.attempts.filter(team__name__in=SHOWCASE_TEAMS).select_related("user").first()
    client.force_login(attempt.user)
    result = client.get(reverse("competitions:attempt_result", args=[attempt.pk]))
    assert result.status_code == 200
    # And this week's round is on the home page, ready to start.
    assert "Vào thi" in client.get(reverse("home")).content.decode()

    # A third of the others have played this week's round already; the printed teams have not.
    assert current.attempts.filter(submitted_at__isnull=False).count() >= 20
    assert not current.attempts.filter(team__name__in=SHOWCASE_TEAMS).exists()

    before = Attempt.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Attempt.objects.count() == before


def test_the_demo_has_last_weeks_award_list_published_and_this_months_standings(db, client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    (award_list,) = AwardList.objects.all()
    competition = award_list.competition

    assert award_list.status == AwardList.Status.PUBLISHED
    assert award_list.rows.count() == 11  # 1 + 2 + 3 + 5
    assert award_list.published_by != award_list.sent_for_review_by
    public = reverse("leaderboards:award_public", args=[award_list.public_token])
    assert public in out.getvalue()
    page = client.get(public).content.decode()
    assert "Giải Nhất" in page and award_list.rows.first().name in page
    # The month that holds the middle of last week's round, and so most of its plays: this month's, but in
    # the first days of a month (its Monday may even be the last day of the month before).
    last_week = Round.objects.filter(mode=Round.Mode.SELF_PACED).order_by("opens_at").first()
    middle = timezone.localdate(last_week.opens_at + (last_week.closes_at - last_week.opens_at) / 2)
    month = standings.people(competition, Period.month_of(middle))
    assert len(month.rows) >= 50 and month.rows[0].rank == 1
    # The monthly report of that month counts the demo's teams, members and players.
    province = Unit.objects.get(parent__isnull=True)
    figures = monthly_report(province, Period.month_of(middle)).total.now
    assert figures.teams == Team.objects.count()
    assert figures.members == Membership.objects.count()
    assert figures.played >= 50
    # A second run publishes nothing new.
    call_command("seed_demo", stdout=StringIO())
    assert AwardList.objects.count() == 1


def test_the_demo_s_teams_and_members_date_from_before_its_rounds_so_the_default_monthly_report_counts_them(
    accounts,
):
    first_round = Round.objects.filter(mode=Round.Mode.SELF_PACED).order_by("opens_at").first()
    province = Unit.objects.get(parent__isnull=True)

    figures = monthly_report(province, default_month(timezone.localdate())).total.now

    assert not Team.objects.filter(created_at__gte=first_round.opens_at).exists()
    assert not Membership.objects.filter(joined_at__gte=first_round.opens_at).exists()
    assert (figures.teams, figures.members) == (Team.objects.count(), Membership.objects.count())
    # Leaders and deputies formed their teams; the members joined on different days after.
    team = Team.objects.get(name=SHOWCASE_TEAMS[0])
    leader = team.memberships.get(role=Membership.Role.LEADER)
    assert leader.joined_at == team.created_at
    assert team.memberships.values("joined_at").distinct().count() > 2
    assert all(m.joined_at >= team.created_at for m in team.memberships.all())


PRINTED_LINK = re.compile(r"Liên kết đăng nhập lần đầu của (.+?) \(.*\n\s+(/link/#([A-Za-z0-9_-]{43}))\n")


def _imported_commune() -> Unit:
    return Unit.objects.get(name=IMPORTED_COMMUNE)


def _same_phone(row: tuple) -> tuple:
    """A roster row with its phone as stored, however the officer typed it."""
    return (*row[:4], normalize_phone(row[4]), *row[5:])


def _sign_in(client: Client, login: str, password: str) -> None:
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("home"), login


def _open_link(client: Client, token: str):
    """What the member's phone does with the printed link: the page posts the token, the member confirms."""
    assert client.get(reverse("accounts:sign_in_link")).status_code == 200
    asked = client.post(reverse("accounts:sign_in_link"), {"token": token})
    return asked, client.post(reverse("accounts:sign_in_link"), {"token": token, "confirm": "1"})


def test_the_imported_commune_has_the_officers_three_teams_in_new_hamlets_and_nobody_who_can_sign_in(accounts):
    commune = _imported_commune()
    assert commune.code == "W25657" and commune.parent.code == "P80"  # Xã Thạnh Đức in the 2025 list
    hamlets = commune.children.filter(kind=Unit.Kind.HAMLET)
    assert sorted(hamlets.values_list("name", flat=True)) == sorted(hamlet for hamlet, _people in HAMLETS)
    teams = Team.objects.filter(unit__in=hamlets)
    assert teams.count() == 3
    for team in teams:
        roles = list(team.memberships.values_list("role", flat=True))
        assert roles.count(Membership.Role.LEADER) == 1 and roles.count(Membership.Role.DEPUTY) == 1
        assert 6 <= len(roles) <= 9
    people = User.objects.filter(memberships__team__in=teams)
    assert people.count() == 21
    assert not any(person.has_usable_password() for person in people)
    assert not people.filter(last_login__isnull=False).exists()
    printed = {normalize_phone(a["phone"]) for a in accounts if a["phone"]}
    assert len(printed) == len(accounts) - 1 and not printed & set(people.values_list("phone", flat=True))
    # The commune's roster, exported, is the officer's list: names, phones, roles, affiliations and flags.
    assert sorted(map(_same_phone, roster_rows(commune))) == sorted(map(_same_phone, roster_file_rows(commune)))
    memberships = Membership.objects.filter(team__in=teams)
    assert memberships.filter(is_youth_union=True).count() == 7
    assert memberships.filter(is_officer=True).count() == 3
    assert len(set(memberships.values_list("affiliation", flat=True))) >= 6


def test_the_imported_communes_officer_signs_in_as_printed_and_prints_a_teams_sign_in_sheet(accounts):
    officer = next(a for a in accounts if a["unit"] == IMPORTED_COMMUNE)
    assert officer["role"] == "organiser" and officer["password"] == PASSWORD
    team = Team.objects.filter(unit__parent__name=IMPORTED_COMMUNE).order_by("pk").first()
    client = Client()
    _sign_in(client, officer["phone"], officer["password"])

    page = client.get(reverse("accounts:team_sign_in_links", args=[team.pk]))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert len(rows) == team.memberships.count() and all(checked for _m, checked, _waiting in rows)
    assert page.content.decode().count("Chưa có mật khẩu") == len(rows)
    sheet = client.post(
        reverse("accounts:team_sign_in_links", args=[team.pk]),
        {"days": 7, "members": [m.pk for m, _checked, _waiting in rows]},
    )
    assert len(sheet.context["sheet"]) == len(rows)
    assert sheet.content.decode().count('class="sheet-block"') == len(rows)
    assert client.get(reverse("accounts:roster_import", args=[team.unit.parent_id])).status_code == 200


def test_the_printed_link_signs_the_leader_in_once_and_asks_for_a_password(db):
    name, path, token = PRINTED_LINK.search(seed()).groups()
    leader = User.objects.get(full_name=name)
    membership = leader.memberships.select_related("team__unit__parent").get()
    assert membership.role == Membership.Role.LEADER and membership.team.unit.parent.name == IMPORTED_COMMUNE
    assert path == reverse("accounts:sign_in_link") + "#" + token

    phone = Client()
    asked, confirmed = _open_link(phone, token)
    assert f"Tôi là {name}, đăng nhập" in asked.content.decode()
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("accounts:link_password")
    assert "Chọn mật khẩu" in phone.get(reverse("accounts:link_password")).content.decode()
    chosen = phone.post(
        reverse("accounts:link_password"), {"password1": "Ben-Muong-2025", "password2": "Ben-Muong-2025"}
    )
    assert chosen.status_code == 302 and chosen["Location"] == reverse("home")

    _asked, again = _open_link(Client(), token)
    assert again.status_code == 410
    deputy = membership.team.memberships.get(role=Membership.Role.DEPUTY).user
    assert "đã được dùng" in again.content.decode() and deputy.full_name in again.content.decode()
    # The leader now signs in with their phone and prints the team's sheet.
    client = Client()
    _sign_in(client, "0" + leader.phone[3:], "Ben-Muong-2025")
    assert client.get(reverse("accounts:team_sign_in_links", args=[membership.team.pk])).status_code == 200


def test_each_run_prints_a_fresh_link_and_the_one_before_stops_working(db):
    _name, _path, first = PRINTED_LINK.search(seed()).groups()
    before = row_counts()
    name, _path, second = PRINTED_LINK.search(seed()).groups()

    assert row_counts() == before
    assert second != first and User.objects.get(full_name=name).sign_in_links.count() == 1
    _asked, old = _open_link(Client(), first)
    assert old.status_code == 410
    _asked, new = _open_link(Client(), second)
    assert new.status_code == 302


def test_people_who_never_signed_in_play_no_demo_round(db):
    # A later run plays the rounds it finds unplayed (a new week's): the imported commune is there by then.
    seed()
    call_command("seed_demo", stdout=StringIO())

    assert Attempt.objects.filter(submitted_at__isnull=False).count() >= 50
    assert not Attempt.objects.filter(user__memberships__team__unit__parent__name=IMPORTED_COMMUNE).exists()


def test_a_demo_made_in_a_weeks_first_minutes_has_this_weeks_round_played_before_its_clock(accounts):
    monday = week_start(timezone.now()) - timedelta(weeks=4)
    now = monday + timedelta(minutes=10)

    past, current = build_demo_rounds(province=Unit.objects.get(parent__isnull=True), now=now)

    played = current.attempts.filter(submitted_at__isnull=False)
    assert played.count() >= 20
    assert not current.attempts.filter(submitted_at__isnull=True).exists()
    assert max(played.values_list("submitted_at", flat=True)) < now
    assert min(played.values_list("started_at", flat=True)) >= current.opens_at
    assert past.attempts.filter(submitted_at__isnull=False).count() >= 50
