"""The monthly report of a commune, checked figure by figure against a hand count.

Xã An Bình (commune_a), November 2025 against October 2025::

    Ấp 1                    Tổ CNS Ấp 1: m1 m2 m3 m4 (since September)
                            Tổ 2 Ấp 1:   m5 m6       (created 5 November)
    Ấp Đông <Hòa> & Tây     Tổ Đông Tây: n1 n2 n3 (since September), n4 (joined 10 November)

October (4 questions each):  m1 2/4, m3 4/4 at 23:59 on 31 October, n1 1/4, n2 3/4, n3 2/4;
                             n4 4/4 before joining (not counted).
November (9 questions each): m1 7/9 and 8/9 (two attempts), m2 4/9, m5 6/9 at 00:00 on 1 November,
                             n1 3/9 at 23:59 on 30 November; m4 9/9 at 00:00 on 1 December (December's),
                             m6 an unfinished attempt, and a member of commune B (not ours).

                  teams members played rate            average (right / asked)
    Ấp 1   Oct        1       4      2  50,0%           6/8   = 75,0%
           Nov        2       6      3  50,0%  = 0,0    25/36 = 69,4%  ▼ −5,6
    Ấp ĐHT Oct        1       3      3 100,0%           6/12  = 50,0%
           Nov        1       4      1  25,0%  ▼ −75,0  3/9   = 33,3%  ▼ −16,7
    Total  Oct        2       7      5  71,4%           12/20 = 60,0%
           Nov        3      10      4  40,0%  ▼ −31,4  28/45 = 62,2%  ▲ +2,2

Topics in November (root topics; the wallet sub-topic counts as payment):
payment 9/20 = 45,0%, safety 16/20 = 80,0%, policy 3/5 (too few answers to judge).
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from competitions.models import Attempt, Competition, Round, Stage
from leaderboards.periods import Period
from leaderboards.reports import charts
from leaderboards.reports.forms import default_month
from leaderboards.reports.monthly import monthly_report
from questionbank.models import Topic
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment, Unit
from tests.leaderboards.monthly_helpers import backdate, joined, local, play, stat, table_row, table_rows

Role = RoleAssignment.Role
NOVEMBER = "2025-11"
ODD_NAME = "Ấp Đông <Hòa> & Tây"


def report_url(unit, month: str = NOVEMBER, name: str = "leaderboards:monthly_report") -> str:
    return f"{reverse(name, args=[unit.pk])}?month={month}"


@pytest.fixture
def rounds(commune_a, organiser_a):
    competition = Competition.objects.create(title="Thi kỹ năng số 2025", unit=commune_a, created_by=organiser_a)
    stage = Stage.objects.create(competition=competition, kind=Stage.Kind.MONTHLY, title="Hằng tháng")

    def make(title, opens, closes):
        return Round.objects.create(
            stage=stage, title=title, opens_at=opens, closes_at=closes, published_at=opens - timedelta(days=1)
        )

    return {
        "oct": make("Tháng 10", local(2025, 10, 1), local(2025, 11, 2)),
        "nov": make("Tháng 11", local(2025, 11, 1), local(2025, 12, 2)),
    }


@pytest.fixture
def questions(make_question, author_a, commune_a, topic):
    payment = Topic.objects.get(root_key=Topic.Root.PAYMENT)
    policy = Topic.objects.get(root_key=Topic.Root.POLICY)
    wallet = Topic.objects.create(name="Ví điện tử", parent=payment)

    def q(text, in_topic):
        return make_question(author=author_a, unit=commune_a, text=text, topic=in_topic)

    return {
        "S": [q(f"Câu an toàn {i}", topic) for i in range(1, 5)],
        "P": [q(f"Câu thanh toán {i}", payment) for i in range(1, 4)] + [q("Câu ví điện tử", wallet)],
        "O": [q("Câu chủ trương", policy)],
    }


@pytest.fixture
def world(commune_a, hamlet_a, team_a, team_b, make_user, rounds, questions):
    hamlet_2 = accounts.create_unit(name=ODD_NAME, kind=Unit.Kind.HAMLET, parent=commune_a)
    team_a2 = accounts.create_team(unit=hamlet_a, name="Tổ 2 Ấp 1")
    team_2 = accounts.create_team(unit=hamlet_2, name="Tổ Đông Tây")
    people = {}
    for name, team in [("m1", team_a), ("m2", team_a), ("m3", team_a), ("m4", team_a), ("m5", team_a2)]:
        people[name] = make_user(name=f"Thành viên {name}")
        accounts.add_member(team=team, user=people[name])
    for name, team in [("m6", team_a2), ("n1", team_2), ("n2", team_2), ("n3", team_2), ("n4", team_2)]:
        people[name] = make_user(name=f"Thành viên {name}")
        accounts.add_member(team=team, user=people[name])
    people["b1"] = make_user(name="Thành viên xã bên")
    accounts.add_member(team=team_b, user=people["b1"])
    for team in (team_a, team_2, team_b):
        backdate(team, local(2025, 9, 1))
    backdate(team_a2, local(2025, 11, 5))
    joined(people["n4"], local(2025, 11, 10))

    s, p, o = questions["S"], questions["P"], questions["O"]
    october, november = rounds["oct"], rounds["nov"]

    def oct_answers(*rights):
        return list(zip([s[0], s[1], p[0], p[1]], rights, strict=True))

    def nov_answers(safety, payment, policy):
        return list(zip(s + p + o, [*safety, *payment, *policy], strict=True))

    play(october, people["m1"], local(2025, 10, 10, 8), oct_answers(1, 1, 0, 0))
    play(october, people["m3"], local(2025, 10, 31, 23, 59), oct_answers(1, 1, 1, 1))
    play(october, people["n1"], local(2025, 10, 5), oct_answers(1, 0, 0, 0))
    play(october, people["n2"], local(2025, 10, 6), oct_answers(1, 1, 1, 0))
    play(october, people["n3"], local(2025, 10, 7), oct_answers(1, 1, 0, 0))
    play(october, people["n4"], local(2025, 10, 20), oct_answers(1, 1, 1, 1))  # before n4 joined

    play(november, people["m1"], local(2025, 11, 3, 20), nov_answers([1, 1, 1, 1], [1, 1, 0, 0], [1]))
    play(november, people["m1"], local(2025, 11, 20, 9), nov_answers([1, 1, 1, 1], [1, 1, 1, 0], [1]), number=2)
    play(november, people["m2"], local(2025, 11, 15, 10), nov_answers([1, 1, 1, 0], [1, 0, 0, 0], [0]))
    play(november, people["m5"], local(2025, 11, 1, 0, 0), nov_answers([1, 1, 1, 0], [1, 1, 0, 0], [1]))
    play(november, people["n1"], local(2025, 11, 30, 23, 59), nov_answers([1, 1, 0, 0], [0, 0, 0, 1], [0]))
    play(november, people["m4"], local(2025, 12, 1, 0, 0), nov_answers([1] * 4, [1] * 4, [1]))  # December's
    play(november, people["m6"], local(2025, 11, 25), nov_answers([1] * 4, [1] * 4, [1]), finished=False)
    play(november, people["b1"], local(2025, 11, 12), nov_answers([1] * 4, [1] * 4, [1]))  # commune B
    return {"hamlet_1": hamlet_a, "hamlet_2": hamlet_2, "people": people, "rounds": rounds}


# --- The figures --------------------------------------------------------------------


def test_every_figure_of_the_month_matches_the_hand_count(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a)).content.decode()

    hamlet_1, hamlet_2 = world["hamlet_1"].pk, world["hamlet_2"].pk
    assert table_row(page, str(hamlet_1)) == [
        "Ấp 1", "2", "6", "3", "50,0%", "= 0,0 (50,0% → 50,0%)", "69,4%", "▼ −5,6 (75,0% → 69,4%)",
    ]  # fmt: skip
    assert table_row(page, str(hamlet_2)) == [
        ODD_NAME, "1", "4", "1", "25,0%", "▼ −75,0 (100,0% → 25,0%)", "33,3%", "▼ −16,7 (50,0% → 33,3%)",
    ]  # fmt: skip
    assert table_row(page, "total") == [
        "Tổng cộng: Xã An Bình", "3", "10", "4", "40,0%", "▼ −31,4 (71,4% → 40,0%)", "62,2%", "▲ +2,2 (60,0% → 62,2%)",
    ]  # fmt: skip
    assert stat(page, "summary-rate") == "40,0% tỷ lệ tham gia ▼ −31,4 (71,4% → 40,0%)"
    assert stat(page, "summary-average") == "62,2% điểm trung bình (câu đúng) ▲ +2,2 (60,0% → 62,2%)"
    assert "Báo cáo tham gia Tháng 11/2025" in page


def test_a_hamlet_report_holds_its_own_figures_and_the_way_back_up(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(world["hamlet_1"])).content.decode()

    assert stat(page, "summary-rate") == "50,0% tỷ lệ tham gia = 0,0 (50,0% → 50,0%)"
    assert stat(page, "summary-average") == "69,4% điểm trung bình (câu đúng) ▼ −5,6 (75,0% → 69,4%)"
    assert f'href="{report_url(commune_a)}"' in page  # back up to the commune, same month


def test_teams_attached_to_the_commune_itself_have_their_own_row(
    client, viewer_a, commune_a, make_user, world, questions
):
    team = accounts.create_team(unit=commune_a, name="Tổ Đoàn xã")
    person = make_user(name="Bí thư Đoàn")
    accounts.add_member(team=team, user=person)
    backdate(team, local(2025, 9, 1))
    play(world["rounds"]["nov"], person, local(2025, 11, 9), [(q, True) for q in questions["S"]])
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a)).content.decode()

    assert table_row(page, f"{commune_a.pk}-own") == [
        "Các tổ trực thuộc Xã An Bình", "1", "1", "1", "100,0%", "▲ +100,0 (0,0% → 100,0%)", "100,0%",
        "chưa so sánh được",
    ]  # fmt: skip
    assert table_row(page, "total")[1:5] == ["4", "11", "5", "45,5%"]  # 5 of 11


def test_the_last_six_months_show_the_trend(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a)).content.decode()

    assert table_rows(page, "history") == [
        ["06/2025", "0", "0", "—", "—"],
        ["07/2025", "0", "0", "—", "—"],
        ["08/2025", "0", "0", "—", "—"],
        ["09/2025", "7", "0", "0,0%", "—"],
        ["10/2025", "7", "5", "71,4%", "60,0%"],
        ["11/2025", "10", "4", "40,0%", "62,2%"],
    ]


def test_the_weakest_topic_comes_first_and_thin_topics_are_set_apart(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a)).content.decode()

    assert table_rows(page, "topics") == [
        ["Thanh toán trực tuyến", "45,0%", "20"],
        ["Bảo vệ bản thân trên môi trường số", "80,0%", "20"],
    ]
    assert "Chưa đủ số câu trả lời để đánh giá: Chủ trương, chính sách về chuyển đổi số (5)." in page
    assert "từ 20 câu trả lời trở lên" in page


def test_answers_of_a_round_still_open_stay_out_of_the_topics(commune_a, world):
    Round.objects.filter(pk=world["rounds"]["nov"].pk).update(closes_at=local(2099, 1, 1))

    report = monthly_report(commune_a, Period.from_slug(NOVEMBER))

    assert report.topics == [] and report.topics_too_few == []
    assert report.total.now.played == 4  # participation still counts every finished attempt


def test_the_month_ends_at_local_midnight(commune_a, world):
    """m3's attempt at 23:59 on 31 October is October's; one minute later it would be November's."""
    october = monthly_report(commune_a, Period.from_slug("2025-10"))
    november = monthly_report(commune_a, Period.from_slug(NOVEMBER))
    assert [row.now.played for row in october.rows] == [2, 3]
    assert [row.now.played for row in november.rows] == [3, 1]  # m5 at 00:00 on 1 November; not m4 on 1 December

    Attempt.objects.filter(user=world["people"]["m3"]).update(submitted_at=local(2025, 11, 1, 0, 0))

    assert [row.now.played for row in monthly_report(commune_a, Period.from_slug("2025-10")).rows] == [1, 3]
    assert [row.now.played for row in monthly_report(commune_a, Period.from_slug(NOVEMBER)).rows] == [4, 1]


# --- Who sees it ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["leaderboards:monthly_report", "leaderboards:monthly_print", "leaderboards:monthly_xlsx"]
)
def test_a_viewer_of_another_commune_gets_404(client, make_officer, commune_a, commune_b, world, name):
    client.force_login(make_officer(Role.VIEWER, commune_b, "Lãnh đạo xã bên"))

    assert client.get(report_url(commune_a, name=name)).status_code == 404
    assert client.get(report_url(commune_b, name=name)).status_code == 200


def test_a_member_without_an_officer_role_gets_403(client, member_a, commune_a):
    client.force_login(member_a)

    assert client.get(reverse("leaderboards:monthly")).status_code == 403
    assert client.get(report_url(commune_a)).status_code == 403


def test_an_organiser_sees_the_report_of_their_commune(client, organiser_a, commune_a, world):
    client.force_login(organiser_a)

    page = client.get(report_url(commune_a)).content.decode()

    assert table_row(page, "total")[4] == "40,0%"


def test_a_viewer_cannot_go_above_their_subtree(client, viewer_a, province):
    client.force_login(viewer_a)

    assert client.get(report_url(province)).status_code == 404
    assert client.get(report_url(Unit(pk=987654))).status_code == 404


# --- Asking for a month ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "“2026-13” không phải là một tháng"),
        ("abc", "“abc” không phải là một tháng"),
        ("2026", "“2026” không phải là một tháng"),
        ("2099-01", "Tháng 2099-01 chưa bắt đầu"),
    ],
)
def test_a_bad_month_is_explained_in_vietnamese(client, viewer_a, commune_a, month, message):
    client.force_login(viewer_a)

    for name in ["leaderboards:monthly_report", "leaderboards:monthly_print", "leaderboards:monthly_xlsx"]:
        response = client.get(report_url(commune_a, month, name))

        assert response.status_code == 400, name
        assert message in response.content.decode(), name
    response = client.get(reverse("leaderboards:monthly"), {"unit": commune_a.pk, "month": month})
    assert response.status_code == 400 and message in response.content.decode()


def test_a_bad_month_for_a_deep_unit_blames_only_the_month(client, make_officer, province, hamlet_a):
    client.force_login(make_officer(Role.VIEWER, province, "Lãnh đạo tỉnh"))

    page = client.get(report_url(hamlet_a, "abc")).content.decode()

    assert "“abc” không phải là một tháng" in page
    assert "không thuộc phạm vi" not in page
    assert f'<option value="{hamlet_a.pk}" selected>Ấp 1</option>' in page


def test_the_chooser_opens_the_report_of_the_unit_and_month_chosen(client, viewer_a, commune_a, hamlet_a):
    client.force_login(viewer_a)

    response = client.get(reverse("leaderboards:monthly"), {"unit": hamlet_a.pk, "month": "2025-11"})

    assert response.status_code == 302 and response["Location"] == report_url(hamlet_a)


def test_the_chooser_offers_only_units_of_the_officers_subtree(client, viewer_a, commune_a, hamlet_a, hamlet_b):
    client.force_login(viewer_a)

    page = client.get(reverse("leaderboards:monthly")).content.decode()
    refused = client.get(reverse("leaderboards:monthly"), {"unit": hamlet_b.pk, "month": "2025-11"})

    assert f'value="{commune_a.pk}"' in page and f'value="{hamlet_a.pk}"' in page
    assert f'value="{hamlet_b.pk}"' not in page
    assert refused.status_code == 400
    assert "Đơn vị này không thuộc phạm vi bạn được xem." in refused.content.decode()


@pytest.mark.parametrize(
    ("today", "month"),
    [((2026, 12, 5), "2026-11"), ((2026, 12, 19), "2026-11"), ((2026, 12, 20), "2026-12"), ((2027, 1, 3), "2026-12")],
)
def test_the_default_month_is_the_one_to_report_until_the_20th(today, month):
    from datetime import date

    assert default_month(date(*today)).slug == month


def test_without_a_month_the_report_opens_on_the_default_one(client, viewer_a, commune_a):
    from django.utils import timezone

    client.force_login(viewer_a)

    page = client.get(reverse("leaderboards:monthly_report", args=[commune_a.pk])).content.decode()

    assert f"Báo cáo tham gia {default_month(timezone.localdate()).label}" in page


# --- Charts, Excel, print ---------------------------------------------------------------


def test_the_charts_are_inline_svg_with_the_names_escaped(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a)).content.decode()

    # No charting script: the only one is the site's own, registering the app's worker (static/pwa/pwa.js).
    assert page.count("<svg ") == 2 and re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/pwa/pwa.js" defer data-sw="/sw.js">'
    ]
    assert '<title id="rates-title">Tỷ lệ tham gia theo đơn vị, Tháng 11/2025</title>' in page
    assert "Ấp 1: 50,0%; Ấp Đông &lt;Hòa&gt; &amp; Tây: 25,0%" in page  # the <desc>: the table's figures
    assert "Ấp Đông &lt;Hòa&gt; &amp; Tây</title></text>" in page
    assert "<Hòa>" not in page
    assert 'viewBox="0 0 360 ' in page and 'width="100%"' in page
    assert "06/2025: —; 07/2025: —; 08/2025: —; 09/2025: 0,0%; 10/2025: 71,4%; 11/2025: 40,0%" in page


def test_a_bar_is_as_long_as_its_rate():
    svg = charts.rate_bars([("A & B", 50.0), ("C", None)], title="T <1>", chart_id="x")

    assert f'width="{charts.BAR_SPACE / 2}"' in svg
    assert "A &amp; B" in svg and "T &lt;1&gt;" in svg
    assert ">—</text>" in svg
    assert charts.rate_bars([], title="t", chart_id="x") == ""


def test_the_excel_file_holds_the_figures(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    response = client.get(report_url(commune_a, name="leaderboards:monthly_xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-thang-2025-11-don-vi-{commune_a.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][:6] == [
        "Đơn vị",
        "Số tổ",
        "Thành viên",
        "Đã thi",
        "Tỷ lệ tham gia (%)",
        "Điểm trung bình (% câu đúng)",
    ]
    assert rows[2] == ["Ấp 1", 2, 6, 3, 50.0, 69.4, 50.0, 0.0, 75.0, -5.6]
    assert rows[3] == [ODD_NAME, 1, 4, 1, 25.0, 33.3, 100.0, -75.0, 50.0, -16.7]
    assert rows[4] == ["Tổng cộng: Xã An Bình", 3, 10, 4, 40.0, 62.2, 71.4, -31.4, 60.0, 2.2]
    assert ["Tháng 10/2025", 2, 7, 5, 71.4, 60.0] in [r[:6] for r in rows]
    assert ["Thanh toán trực tuyến", 20, 9, 45.0] in [r[:4] for r in rows]


def test_the_print_view_is_the_report_without_the_menu(client, viewer_a, commune_a, world):
    client.force_login(viewer_a)

    page = client.get(report_url(commune_a, name="leaderboards:monthly_print")).content.decode()

    assert '<header class="topbar">' not in page and "details" not in page
    assert "Báo cáo tình hình tham gia thi kỹ năng số Tháng 11/2025" in page
    assert table_row(page, "total")[4] == "40,0%"
    assert "reports.css" in page


def test_the_print_stylesheet_sets_a4_and_hides_the_menu():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/reports.css"), encoding="utf-8").read()

    assert "@page{size:A4" in css
    assert ".topbar,.footer,.report-tools" in css.split("@media print", 1)[1]


# --- Cost ---------------------------------------------------------------------------------


def _count_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(report_url(unit)).status_code == 200
    return len(queries)


def _hamlets_with_players(commune, make_user, round, n: int, questions) -> None:
    for i in range(n):
        hamlet = accounts.create_unit(name=f"Thôn {i}", kind=Unit.Kind.HAMLET, parent=commune)
        team = accounts.create_team(unit=hamlet, name=f"Tổ thôn {i}")
        for j in range(2):
            user = make_user(name=f"Người {i}-{j}")
            accounts.add_member(team=team, user=user)
            play(round, user, local(2025, 11, 10), [(q, True) for q in questions["S"]])
        backdate(team, local(2025, 9, 1))


def test_the_report_costs_the_same_queries_for_2_and_20_hamlets(
    client, make_user, make_officer, province, rounds, questions, django_assert_max_num_queries
):
    small = accounts.create_unit(name="Xã Nhỏ", kind=Unit.Kind.COMMUNE, parent=province)
    large = accounts.create_unit(name="Xã Lớn", kind=Unit.Kind.COMMUNE, parent=province)
    _hamlets_with_players(small, make_user, rounds["nov"], 2, questions)
    _hamlets_with_players(large, make_user, rounds["nov"], 20, questions)
    viewer = make_officer(Role.VIEWER, province)
    client.force_login(viewer)

    assert _count_queries(client, small) == _count_queries(client, large)
    with django_assert_max_num_queries(16):
        client.get(report_url(large))
