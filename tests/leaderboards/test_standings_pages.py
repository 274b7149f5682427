"""The standings pages: the member's week and month, the officer's tables, their Excel files.

The fixture, worked out by hand: a province contest, one closed round in
week 47 of 2026 (16–22 November).

    commune A / hamlet 1 / team_a: An 8 points in 300 s, Bình 6 in 200 s, Chi did not play
    commune B / hamlet 2 / team_b: Dũng 8 in 250 s, Em 3 in 400 s

People: Dũng 1 (8 points, quicker than An), An 2, Bình 3, Em 4.
Teams: team_a 14 (2/3 played) first, team_b 11 (2/2) second.
Units (the province's communes): commune B 2/2 = 100 % first, commune A 2/3 = 67 % second.
"""

from __future__ import annotations

import io
import itertools
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.models import Competition, Round, Stage
from leaderboards import standings
from leaderboards.periods import MONTH, WEEK, Period
from leaderboards.tables import selectors
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment
from tests.competitions.helpers import finished_attempt as play

Role = RoleAssignment.Role
W47 = Period.week_of(date(2026, 11, 16))


def local(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def contest(province, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi kỹ năng số tỉnh", unit=province, created_by=organiser_a)


@pytest.fixture
def stage(contest) -> Stage:
    return Stage.objects.create(competition=contest, title="Các vòng tuần")


@pytest.fixture
def make_round(stage):
    def make(opens_at: datetime, *, title: str = "Tuần 47", days: int = 7) -> Round:
        return Round.objects.create(
            stage=stage,
            title=title,
            opens_at=opens_at,
            closes_at=opens_at + timedelta(days=days),
            published_at=opens_at - timedelta(days=1),
        )

    return make


@pytest.fixture
def member(make_user):
    def make(name: str, team, **extra):
        user = make_user(name=name, **extra)
        accounts.add_member(team=team, user=user)
        return user

    return make


@pytest.fixture
def week47(make_round, member, team_a, team_b):
    """The hand-computed week (see the module's docstring)."""
    r = make_round(local(date(2026, 11, 16), 8))
    people = {
        "An": member("Lê Văn An", team_a, phone="+84912345678", email="an@example.vn"),
        "Bình": member("Trần Thị Bình", team_a, phone="+84987654321", email="binh@example.vn"),
        "Chi": member("Phạm Chi", team_a),
        "Dũng": member("Võ Dũng", team_b, phone="+84911222333", email="dung@example.vn"),
        "Em": member("Đặng Em", team_b),
    }
    play(r, people["An"], team_a, score=8, seconds=300)
    play(r, people["Bình"], team_a, score=6, seconds=200)
    play(r, people["Dũng"], team_b, score=8, seconds=250)
    play(r, people["Em"], team_b, score=3, seconds=400)
    return people


def officer_url(contest, **query) -> str:
    url = reverse("leaderboards:standings_officer", args=[contest.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_of(html: str, table: str) -> list[list[str]]:
    """The cells' text of a table's body rows, tags stripped."""
    body = html.split(f'data-rows="{table}">', 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def province_organiser(make_officer, province):
    return make_officer(Role.ORGANISER, province, "Sở Tổ Chức")


# --- The officer's page -------------------------------------------------------


def test_the_officer_sees_the_hand_computed_people_teams_and_units(client, contest, week47, province_organiser):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period="2026-W47")).content.decode()

    people = rows_of(page, "people")
    assert [(r[0], r[1], r[3], r[5], r[6], r[7]) for r in people] == [
        ("1", "Võ Dũng", "Tổ CNS Ấp 2", "8", "1", "4:10"),
        ("2", "Lê Văn An", "Tổ CNS Ấp 1", "8", "1", "5:00"),
        ("3", "Trần Thị Bình", "Tổ CNS Ấp 1", "6", "1", "3:20"),
        ("4", "Đặng Em", "Tổ CNS Ấp 2", "3", "1", "6:40"),
    ]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows_of(page, "teams")] == [
        ("1", "Tổ CNS Ấp 1", "14", "2/3", "67%"),
        ("2", "Tổ CNS Ấp 2", "11", "2/2", "100%"),
    ]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows_of(page, "units")] == [
        ("1", "Xã Tân Phú", "1/1", "2/2", "100%"),
        ("2", "Xã An Bình", "1/1", "2/3", "67%"),
    ]
    engine = standings.people(contest, W47)
    assert engine.how in page and standings.teams(contest, W47).how in page
    assert "Tuần 47 (16/11–22/11/2026)" in page
    assert "data-provisional" not in page  # the round closed long ago


def test_the_officer_sees_phones_masked_only(client, contest, week47, province_organiser):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period="2026-W47")).content.decode()

    assert "0912***678" in page
    assert "912345678" not in page and "an@example.vn" not in page


def test_an_open_round_makes_the_standings_provisional(client, contest, make_round, member, team_a, province_organiser):
    r = make_round(timezone.now() - timedelta(minutes=30), days=2)
    play(r, member("Lê Văn An", team_a), team_a, score=5, seconds=100, minute=1)
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period=Period.of(WEEK, timezone.localdate(r.opens_at)).slug))

    assert "data-provisional" in page.content.decode() and "tạm tính" in page.content.decode()


def test_previous_and_next_keep_the_unit(client, contest, week47, province_organiser, commune_a):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period="2026-W47", unit=commune_a.pk)).content.decode()

    assert f"period=2026-W46&amp;unit={commune_a.pk}" in page
    assert f"period=2026-W48&amp;unit={commune_a.pk}" in page
    # The path back up the tree, and the hamlet below to drill into.
    breadcrumb = page.split('class="small breadcrumb">', 1)[1].split("</p>", 1)[0]
    assert re.sub(r"<[^>]+>", "", breadcrumb) == "Tỉnh Demo › Xã An Bình"
    assert [r[1] for r in rows_of(page, "units")] == ["Ấp 1"]


@pytest.mark.parametrize(
    "query",
    [{"period": "2026-W99"}, {"period": "2026-13"}, {"period": "tuần-này"}, {"unit": "abc"}, {"level": "planet"}],
)
def test_a_bad_query_string_is_a_clear_message_not_an_error(client, contest, province_organiser, query):
    client.force_login(province_organiser)

    response = client.get(officer_url(contest, **query))

    assert response.status_code == 400
    assert "Không xem được bảng xếp hạng với địa chỉ này" in response.content.decode()


def test_a_stage_of_another_competition_is_refused(client, contest, province_organiser, commune_b, organiser_a):
    other = Competition.objects.create(title="Khác", unit=commune_b, created_by=organiser_a)
    foreign = Stage.objects.create(competition=other, title="Giai đoạn khác")
    client.force_login(province_organiser)

    response = client.get(officer_url(contest, period=f"stage-{foreign.pk}"))

    assert response.status_code == 400
    assert "Giai đoạn này không thuộc cuộc thi." in response.content.decode()


def test_a_stage_period_shows_the_stage_title(client, contest, stage, week47, province_organiser):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period=f"stage-{stage.pk}")).content.decode()

    assert "Các vòng tuần · Tỉnh Demo" in page
    assert [r[1] for r in rows_of(page, "people")] == ["Võ Dũng", "Lê Văn An", "Trần Thị Bình", "Đặng Em"]


def test_units_can_be_ranked_by_kind(client, contest, week47, province_organiser):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period="2026-W47", level="hamlet")).content.decode()

    assert [r[1] for r in rows_of(page, "units")] == ["Ấp 2", "Ấp 1"]


# --- Scope --------------------------------------------------------------------


def test_a_commune_officer_sees_a_province_contest_from_their_commune(client, contest, week47, organiser_a):
    client.force_login(organiser_a)

    page = client.get(officer_url(contest, period="2026-W47")).content.decode()

    assert [r[1] for r in rows_of(page, "people")] == ["Lê Văn An", "Trần Thị Bình"]
    assert [r[1] for r in rows_of(page, "teams")] == ["Tổ CNS Ấp 1"]
    assert "Võ Dũng" not in page and "Xã Tân Phú" not in page


@pytest.mark.parametrize("unit", ["province", "commune_b", "hamlet_b"])
def test_a_commune_officer_cannot_widen_the_scope(client, contest, week47, organiser_a, request, unit):
    client.force_login(organiser_a)

    response = client.get(officer_url(contest, period="2026-W47", unit=request.getfixturevalue(unit).pk))

    assert response.status_code == 400
    assert "Đơn vị này không có trong phạm vi bạn được xem." in response.content.decode()
    assert "Võ Dũng" not in response.content.decode()


def test_an_officer_of_another_commune_gets_404_on_a_commune_contest(client, commune_a, organiser_a, organiser_b):
    commune_contest = Competition.objects.create(title="Thi xã A", unit=commune_a, created_by=organiser_a)
    client.force_login(organiser_b)

    assert client.get(officer_url(commune_contest)).status_code == 404
    excel = reverse("leaderboards:standings_people_excel", args=[commune_contest.pk])
    assert client.get(excel).status_code == 404


def test_a_member_gets_403_on_the_officer_pages(client, contest, member_a):
    client.force_login(member_a)

    assert client.get(officer_url(contest)).status_code == 403
    assert client.get(reverse("leaderboards:standings_competitions")).status_code == 403


def test_the_officer_list_names_each_contest_with_the_scope_seen(client, contest, organiser_a, commune_a):
    own = Competition.objects.create(title="Thi xã An Bình", unit=commune_a, created_by=organiser_a)
    client.force_login(organiser_a)

    page = client.get(reverse("leaderboards:standings_competitions")).content.decode()

    # Each row: (contest, its organising unit, the units this officer sees it from).
    assert listed_scopes(page) == {
        contest.title: ("Tỉnh Demo", "Xã An Bình"),  # the province contest, seen from the commune only
        own.title: ("Xã An Bình", "Xã An Bình"),
    }


def listed_scopes(page: str) -> dict[str, tuple[str, str]]:
    """The officer's competition list as {title: (organising unit, scope seen)}, read from its table rows."""
    rows = {}
    for row in re.findall(r"<tr>(<td class=\"main-cell\">.*?)</tr>", page, re.S):
        title, unit, scope = (re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row))
        rows[title] = (unit, scope)
    return rows


# --- Many people: pages, finding a person, query counts --------------------------


@pytest.fixture
def crowd(make_round, member, hamlet_a):
    """Teams of one player each, playing ``round`` (week 47's by default): player k scores k % 10
    in 100 + k seconds."""
    made = itertools.count()
    week = []

    def make(n: int, round: Round | None = None) -> list:
        if round is None:
            week[:] = week or [make_round(local(date(2026, 11, 16), 8))]
            round = week[0]
        users = []
        for _ in range(n):
            k = next(made)
            team = accounts.create_team(unit=hamlet_a, name=f"Tổ số {k:03d}")
            user = member(f"Người chơi {k:03d}", team)
            play(round, user, team, score=k % 10, seconds=100 + k, minute=1 + k)
            users.append(user)
        return users

    return make


def test_the_people_table_shows_100_a_page_and_finding_a_person_opens_their_page(
    client, contest, crowd, province_organiser
):
    users = crowd(130)
    client.force_login(province_organiser)
    engine = standings.people(contest, W47)
    last = engine.rows[-1]  # rank 130: on page 2

    first_page = client.get(officer_url(contest, period="2026-W47")).content.decode()
    found = client.get(officer_url(contest, period="2026-W47", find=last.name.replace(" ", "+"))).content.decode()

    assert len(rows_of(first_page, "people")) == 100
    assert "Trang 1/2" in first_page
    assert "Trang 2/2" in found
    assert f'<tr id="p-{last.user_id}" class="found">' in found
    assert len(rows_of(found, "people")) == 30
    by_phone = users[5].phone.replace("+84", "0")
    assert (
        f'id="p-{users[5].pk}" class="found"'
        in client.get(officer_url(contest, period="2026-W47", find=by_phone)).content.decode()
    )


def test_finding_nobody_says_so(client, contest, week47, province_organiser):
    client.force_login(province_organiser)

    page = client.get(officer_url(contest, period="2026-W47", find="Không+Có+Ai")).content.decode()

    assert "Không tìm thấy ai khớp “Không Có Ai”" in page


# The officer page's queries: the session, the user, their roles, the competition, its stages, three
# engine calls (rounds, attempts, names, teams…), the unit picker, the unit kinds, the menu.
OFFICER_PAGE_QUERIES = 20


def test_the_officer_page_takes_the_same_queries_for_3_and_30_teams(
    client, contest, crowd, province_organiser, django_assert_max_num_queries
):
    client.force_login(province_organiser)
    crowd(3)
    with django_assert_max_num_queries(OFFICER_PAGE_QUERIES), CaptureQueriesContext(connection) as small:
        client.get(officer_url(contest, period="2026-W47"))
    crowd(27)

    with django_assert_max_num_queries(OFFICER_PAGE_QUERIES), CaptureQueriesContext(connection) as big:
        page = client.get(officer_url(contest, period="2026-W47")).content.decode()

    assert len(rows_of(page, "teams")) == 30
    assert len(big) == len(small)


# --- Excel ----------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_each_excel_holds_every_row_under_the_how_line(client, contest, crowd, province_organiser, commune_b):
    crowd(130)
    client.force_login(province_organiser)
    query = "?period=2026-W47"
    people = _sheet(client.get(reverse("leaderboards:standings_people_excel", args=[contest.pk]) + query))
    teams = _sheet(client.get(reverse("leaderboards:standings_teams_excel", args=[contest.pk]) + query))
    units = _sheet(client.get(reverse("leaderboards:standings_units_excel", args=[contest.pk]) + query))

    engine = standings.people(contest, W47)
    assert engine.how in people[0][0]
    assert people[1][:2] == ("Hạng", "Họ và tên")
    assert len(people) == 2 + 130
    assert [row[1] for row in people[2:]] == [r.name for r in engine.rows]
    assert len(teams) == 2 + 130
    assert standings.teams(contest, W47).how in teams[0][0]
    assert [row[1] for row in units[2:]] == ["Xã An Bình", "Xã Tân Phú"]


def test_the_excel_masks_the_phone_and_keeps_the_unit_filter(client, contest, week47, province_organiser, commune_a):
    client.force_login(province_organiser)
    url = reverse("leaderboards:standings_people_excel", args=[contest.pk])

    sheet = _sheet(client.get(url + f"?period=2026-W47&unit={commune_a.pk}"))

    assert [row[1:3] for row in sheet[2:]] == [("Lê Văn An", "0912***678"), ("Trần Thị Bình", "0987***321")]
    assert "Xã An Bình" in sheet[0][0]


def test_a_bad_period_in_an_excel_link_is_a_message(client, contest, province_organiser):
    client.force_login(province_organiser)

    response = client.get(reverse("leaderboards:standings_teams_excel", args=[contest.pk]) + "?period=2026-W99")

    assert response.status_code == 400


# --- The member -----------------------------------------------------------------


@pytest.fixture
def this_week(make_round, member, team_a, team_b):
    """The fixture's figures, in a round of the current week and month, still open."""
    week, month = Period.current(WEEK), Period.current(MONTH)
    r = make_round(max(week.start, month.start), title="Vòng tuần này", days=30)
    people = {
        "An": member("Lê Văn An", team_a, phone="+84912345678", email="an@example.vn"),
        "Bình": member("Trần Thị Bình", team_a, phone="+84987654321", email="binh@example.vn"),
        "Chi": member("Phạm Chi", team_a),
        "Dũng": member("Võ Dũng", team_b, phone="+84911222333", email="dung@example.vn"),
        "Em": member("", team_b, phone="+84933444555", email="em@example.vn"),  # no name written
    }
    play(r, people["An"], team_a, score=8, seconds=300)
    play(r, people["Bình"], team_a, score=6, seconds=200)
    play(r, people["Dũng"], team_b, score=8, seconds=250)
    play(r, people["Em"], team_b, score=3, seconds=400)
    return people


def test_the_home_glance_shows_my_rank_and_my_teams_this_week_and_month(client, contest, this_week):
    client.force_login(this_week["An"])

    page = client.get(reverse("home")).content.decode()

    glance = page.split("data-glance", 1)[1].split("</section>", 1)[0]
    for kind in ("week", "month"):
        row = glance.split(f'data-period="{kind}"', 1)[1].split("</tr>", 1)[0]
        assert "Bạn: hạng <b>2</b> trên 4 người · 8 điểm" in row
        assert "Tổ: hạng <b>1</b> trên 2 tổ · 14 điểm · 2/3 đã thi (67%)" in row
        assert "tạm tính" in row
    assert reverse("leaderboards:standings") in glance


def test_the_glance_says_so_when_i_have_not_played(client, contest, this_week):
    client.force_login(this_week["Chi"])

    glance = client.get(reverse("home")).content.decode().split("data-glance", 1)[1]

    assert "Bạn chưa thi" in glance
    assert "Tổ: hạng <b>1</b> trên 2 tổ" in glance


def test_the_home_glance_is_read_from_the_cache_for_a_minute(client, contest, this_week, monkeypatch):
    client.force_login(this_week["An"])
    client.get(reverse("home"))

    def refuse(*args, **kwargs):
        raise AssertionError("the engine ran again")

    monkeypatch.setattr(standings, "people", refuse)
    monkeypatch.setattr(standings, "teams", refuse)

    assert "Bạn: hạng <b>2</b>" in client.get(reverse("home")).content.decode()


def test_the_home_page_takes_the_same_queries_for_3_and_30_players(client, contest, make_round, crowd, monkeypatch):
    monkeypatch.setattr(selectors, "BOARD_SECONDS", 0)  # both pages compute their boards
    week, month = Period.current(WEEK), Period.current(MONTH)
    r = make_round(max(week.start, month.start), days=30)
    me = crowd(3, r)[0]
    client.force_login(me)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    crowd(27, r)

    with CaptureQueriesContext(connection) as big:
        page = client.get(reverse("home")).content.decode()

    assert "trên 30 người" in page
    assert len(big) == len(small)


def test_the_member_page_shows_the_top_10_and_my_rank(client, contest, this_week):
    client.force_login(this_week["Bình"])

    page = client.get(reverse("leaderboards:standings")).content.decode()

    assert "Bạn: hạng <b>3</b> trên 4 người · 6 điểm" in page
    assert "Tổ CNS Ấp 1: hạng <b>1</b> trên 2 tổ · 14 điểm · 2/3 đã thi" in page
    top = page.split('data-top="people">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'class="rank">(\d+)<', top) == ["1", "2", "3", "4"]
    assert re.findall(r"<b>([^<]+)</b>", top) == ["Võ Dũng", "Lê Văn An", "Trần Thị Bình", "(chưa ghi tên)"]
    assert '<li class="me"><span class="rank">3</span>' in top
    teams = page.split('data-top="teams">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<b>([^<]+)</b>", teams) == ["Tổ CNS Ấp 1", "Tổ CNS Ấp 2"]
    assert standings.people(contest, Period.current(WEEK)).how in page


def test_the_member_page_switches_to_the_month(client, contest, this_week):
    client.force_login(this_week["Bình"])

    page = client.get(reverse("leaderboards:standings") + "?period=month").content.decode()

    assert Period.current(MONTH).label in page
    assert '<a href="?period=month" aria-current="page">' in page


def test_the_member_page_shows_no_phone_or_email_of_anyone(client, contest, this_week):
    client.force_login(this_week["Chi"])

    page = client.get(reverse("leaderboards:standings")).content.decode()

    assert "Võ Dũng" in page
    for person in this_week.values():
        digits = person.phone.removeprefix("+84")
        assert digits[-6:] not in page, person.phone
        if person.email:
            assert person.email not in page


def test_a_member_without_a_team_sees_the_top_10_and_is_told_to_join_one(client, contest, this_week, nobody):
    client.force_login(nobody)

    page = client.get(reverse("leaderboards:standings")).content.decode()

    assert "data-no-team" in page and "liên kết mời" in page
    assert "Võ Dũng" in page and "Bạn chưa thi vòng nào trong kỳ này." in page


def test_the_member_page_does_not_show_a_contest_of_another_commune(
    client, this_week, commune_b, organiser_b, make_round
):
    Competition.objects.all().delete()
    other = Competition.objects.create(title="Thi xã Tân Phú", unit=commune_b, created_by=organiser_b)
    stage = Stage.objects.create(competition=other, title="Tuần")
    Round.objects.create(
        stage=stage,
        title="Tuần này",
        opens_at=timezone.now() - timedelta(minutes=5),
        closes_at=timezone.now() + timedelta(days=1),
        published_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(this_week["An"])

    page = client.get(reverse("leaderboards:standings")).content.decode()

    assert "Thi xã Tân Phú" not in page
    assert "Chưa có vòng thi nào của bạn trong kỳ này." in page
