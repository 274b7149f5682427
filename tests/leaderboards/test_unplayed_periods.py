"""The first days of a month: a team none of whose members played has no rank, and each period says which
rounds it counts (leaderboards.periods: a round is counted in the period it opens in)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from leaderboards.periods import Period
from quizsite.accounts import services as accounts

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def unplayed(client, make_user, hamlet_a, commune_a, organiser_a, make_week_round):
    """A round of this week nobody has played yet; a member of one of two teams."""
    member = make_user(name="Phạm Chưa Thi")
    team = accounts.create_team(unit=hamlet_a, name="Tổ Chín")
    accounts.create_team(unit=hamlet_a, name="Tổ Mười")
    accounts.add_member(team=team, user=member)
    make_week_round(Period.current("week"), title="Vòng tuần này")
    client.force_login(member)
    return client


def test_a_team_that_has_not_played_gets_no_rank_on_the_home_page(unplayed):
    page = _text(unplayed.get(reverse("home")).content.decode())

    assert "Tổ: chưa ai thi (0/1)" in page
    assert "Tổ: hạng" not in page
    assert "Bạn chưa thi" in page


def test_a_team_that_has_not_played_gets_no_rank_on_the_standings_page(unplayed):
    page = _text(unplayed.get(reverse("leaderboards:standings")).content.decode())

    assert "Tổ Chín: chưa ai thi trong kỳ này (0/1), chưa có hạng." in page
    assert "Tổ Chín: hạng" not in page


def test_the_period_says_which_rounds_it_counts(unplayed, make_week_round):
    month = Period.current("month")
    make_week_round(month, title="Vòng đầu tháng")
    page = _text(unplayed.get(reverse("leaderboards:standings") + "?period=month").content.decode())

    assert f"Tính các vòng mở trong tháng {month.first.month}/{month.first.year}." in page


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (Period.week_of(date(2026, 12, 2)), "Tính các vòng mở từ thứ Hai 30/11 đến Chủ nhật 06/12/2026."),
        (Period.month_of(date(2026, 12, 2)), "Tính các vòng mở trong tháng 12/2026."),
        (Period.quarter_of(date(2026, 12, 2)), "Tính các vòng mở trong quý IV/2026."),
        (Period.year_of(date(2026, 12, 2)), "Tính các vòng mở trong năm 2026."),
        (Period.for_stage(3), "Tính các vòng của giai đoạn này, kể cả vòng trực tiếp."),
    ],
)
def test_each_kind_of_period_says_its_rule(period, words):
    assert period.rounds_rule == words


def test_the_officer_table_says_which_rounds_it_counts(client, organiser_a, contest, make_week_round):
    make_week_round(Period.current("week"))
    client.force_login(organiser_a)

    page = _text(client.get(reverse("leaderboards:standings_officer", kwargs={"pk": contest.pk})).content.decode())

    assert "Tính các vòng mở từ thứ Hai" in page
