"""The team leader's round page and the member's home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Round
from quizsite.accounts import services as accounts
from tests.competitions.helpers import right_ids, slots


def _team_url(round) -> str:
    return reverse("competitions:round_team", kwargs={"pk": round.pk})


def _play(round, user, *, right: int = 3):
    attempt = attempts.start_attempt(round=round, user=user)
    for slot in slots(attempt)[:right]:
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    return attempts.submit_attempt(attempt=attempt)


def test_the_leader_sees_who_has_and_has_not_played_and_can_share_the_round(
    client, open_round, leader_a, member_a, make_user, team_a
):
    late = make_user(name="Lý Chưa Thi")
    accounts.add_member(team=team_a, user=late)
    _play(open_round, member_a)
    client.force_login(leader_a)

    page = client.get(_team_url(open_round)).content.decode()

    assert "Đã thi: 1/3 thành viên" in page
    assert "Lý Chưa Thi" in page
    assert "Chưa thi" in page
    assert 'id="share"' in page
    assert f"http://testserver/rounds/{open_round.pk}/" in page


def test_a_plain_member_may_not_open_the_team_page(client, open_round, member_a):
    client.force_login(member_a)

    assert client.get(_team_url(open_round)).status_code == 403


def test_a_leader_of_another_commune_gets_a_404(client, open_round, make_user, team_b):
    from quizsite.accounts.models import Membership

    other = make_user()
    accounts.add_member(team=team_b, user=other, role=Membership.Role.LEADER)
    client.force_login(other)

    assert client.get(_team_url(open_round)).status_code == 404


def test_the_team_page_refuses_post(client, open_round, leader_a):
    client.force_login(leader_a)

    assert client.post(_team_url(open_round)).status_code == 405


def test_home_shows_the_open_round_with_its_closing_time_and_a_start_button(client, open_round, member_a):
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert open_round.title in page
    assert "Vào thi" in page
    assert timezone.localtime(open_round.closes_at).strftime("%H:%M %d/%m/%Y") in page


def test_home_counts_down_only_on_the_last_day(client, open_round, member_a):
    client.force_login(member_a)
    open_round.closes_at = timezone.now() + timedelta(days=3)
    open_round.save(update_fields=["closes_at"])
    assert "data-countdown=" not in client.get(reverse("home")).content.decode()

    open_round.closes_at = timezone.now() + timedelta(hours=5, minutes=30, seconds=30)
    open_round.save(update_fields=["closes_at"])
    page = client.get(reverse("home")).content.decode()

    assert "data-countdown=" in page
    assert "còn <span data-countdown" in page and ">5:30:" in page  # readable without JavaScript


def test_home_offers_to_continue_an_attempt_under_way(client, open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Tiếp tục" in page
    assert reverse("competitions:attempt", kwargs={"pk": attempt.pk}) in page


def test_home_shows_my_results_and_my_team_this_week(client, open_round, member_a, leader_a):
    _play(open_round, member_a, right=2)
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Kết quả của tôi" in page
    assert "2 điểm" in page
    # The rank card (leaderboards.tables) took over the old "this week" line: my team's total and turnout.
    assert "Tổ: hạng <b>1</b> trên 1 tổ · 2 điểm · 1/2 đã thi (50%)" in page
    assert "Vào thi" not in page  # the one attempt is used


def test_home_does_not_offer_a_round_of_another_commune(client, open_round, make_user, team_b):
    outsider = make_user()
    accounts.add_member(team=team_b, user=outsider)
    client.force_login(outsider)

    assert open_round.title not in client.get(reverse("home")).content.decode()


def test_home_shows_an_organiser_the_competition_and_unit_pages_only(client, organiser_a):
    client.force_login(organiser_a)

    page = client.get(reverse("home")).content.decode()

    assert reverse("organise:competitions") in page
    assert reverse("accounts:unit_list") in page
    # Links that would answer 403 are not offered.
    assert reverse("questionbank:list") not in page
    assert reverse("questionbank:review_queue") not in page


def test_home_shows_an_author_the_question_bank_but_not_the_review_queue(client, author_a):
    client.force_login(author_a)

    page = client.get(reverse("home")).content.decode()

    assert reverse("questionbank:list") in page
    assert reverse("questionbank:review_queue") not in page
    assert reverse("accounts:unit_list") not in page
    for link in ["questionbank:list"]:
        assert client.get(reverse(link)).status_code == 200


def test_home_shows_a_reviewer_the_review_queue(client, reviewer_a):
    client.force_login(reviewer_a)

    page = client.get(reverse("home")).content.decode()

    assert reverse("questionbank:review_queue") in page
    assert client.get(reverse("questionbank:review_queue")).status_code == 200


def test_home_shows_a_member_no_officer_links(client, member_a):
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Công việc cán bộ" not in page
    assert reverse("questionbank:list") not in page


def test_home_does_not_list_a_closed_round(client, open_round, member_a):
    open_round.opens_at = timezone.now() - timedelta(days=3)
    open_round.closes_at = timezone.now() - timedelta(days=1)
    open_round.save()
    client.force_login(member_a)

    assert "Vào thi" not in client.get(reverse("home")).content.decode()


def test_the_home_page_query_count_does_not_grow_with_open_rounds(
    client, make_round, bank, member_a, django_assert_num_queries, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leaderboards.tables import selectors as standings_pages

    # The rank card keeps its boards in the cache for a minute: not here, so both pages compute them.
    monkeypatch.setattr(standings_pages, "BOARD_SECONDS", 0)
    client.force_login(member_a)
    make_round(title="Vòng 1")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for n in range(2, 5):
        make_round(title=f"Vòng {n}")

    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("home")).content.decode()

    assert page.count("Vào thi") == 4
    assert len(four) == len(one)


# --- The not-played list (the leader's page) ----------------------------------

NAMES = ["Phạm Văn Dũng", "Lê Đức", "Trần Thị Bình", "Ân", "Nguyễn Văn An"]


def _names_in(html: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if f">{name}<" in html), key=lambda name: html.index(f">{name}<"))


def test_the_not_played_list_is_in_vietnamese_name_order_with_a_number_to_call(
    client, open_round, leader_a, member_a, make_user, team_a
):
    team_a.size_limit = 10
    team_a.save(update_fields=["size_limit"])
    for n, name in enumerate(NAMES):
        accounts.add_member(team=team_a, user=make_user(name=name, phone=f"+8491234560{n}"))
    _play(open_round, member_a)
    client.force_login(leader_a)

    page = client.get(_team_url(open_round)).content.decode()

    not_played = page.split("Chưa thi (6)", 1)[1].split("</section>", 1)[0]
    # By given name, with marks only breaking ties and Đ after every D.
    assert _names_in(not_played, NAMES) == ["Nguyễn Văn An", "Ân", "Trần Thị Bình", "Phạm Văn Dũng", "Lê Đức"]
    assert '<a class="call" href="tel:+84912345600">0912 345 600</a>' in not_played
    assert "Hoàng Thành Viên" not in not_played  # played


def _played_section(client, round) -> str:
    page = client.get(_team_url(round)).content.decode()
    assert page.index("Chưa thi (1)") < page.index("Đã thi (2)")
    return page.split("Đã thi (2)", 1)[1].split("</section>", 1)[0]


def test_those_who_played_follow_in_name_order_without_scores_while_the_round_is_open(
    client, open_round, leader_a, member_a, make_user, team_a
):
    second = make_user(name="Lý Văn Hai")
    accounts.add_member(team=team_a, user=second)
    _play(open_round, second, right=3)
    _play(open_round, member_a, right=1)
    client.force_login(leader_a)

    played = _played_section(client, open_round)

    # Hai before Viên (given names); neither the scores nor an order by score show yet.
    assert _names_in(played, ["Hoàng Thành Viên", "Lý Văn Hai"]) == ["Lý Văn Hai", "Hoàng Thành Viên"]
    assert "điểm" not in played


def test_those_who_played_follow_with_their_score_best_first_once_the_round_closed(
    client, open_round, leader_a, member_a, make_user, team_a
):
    second = make_user(name="Lý Văn Hai")
    accounts.add_member(team=team_a, user=second)
    _play(open_round, member_a, right=3)
    _play(open_round, second, right=1)
    Round.objects.filter(pk=open_round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(leader_a)

    played = _played_section(client, open_round)

    assert _names_in(played, ["Hoàng Thành Viên", "Lý Văn Hai"]) == ["Hoàng Thành Viên", "Lý Văn Hai"]
    assert "3 điểm" in played and "1 điểm" in played


def test_the_team_page_takes_the_same_queries_for_a_big_round(
    client, open_round, leader_a, member_a, make_user, team_a, team_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(leader_a)
    _play(open_round, member_a)
    with CaptureQueriesContext(connection) as small:
        client.get(_team_url(open_round))
    team_a.size_limit = 20
    team_a.save(update_fields=["size_limit"])
    for n in range(5):
        user = make_user(name=f"Người {n}")
        accounts.add_member(team=team_a, user=user)
        _play(open_round, user)

    with CaptureQueriesContext(connection) as big:
        page = client.get(_team_url(open_round)).content.decode()

    assert "Đã thi (6)" in page
    assert len(big) == len(small)


# --- The home page after taking the week's round --------------------------------


def test_home_says_the_weeks_round_is_taken_with_the_result_link(client, open_round, member_a):
    attempt = _play(open_round, member_a)
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Bạn đã làm bài vòng thi tuần này." in page
    assert open_round.title in page
    assert reverse("competitions:attempt_result", kwargs={"pk": attempt.pk}) in page
    assert "Hiện chưa có vòng thi nào đang mở" not in page
    assert "Làm lại" not in page  # one attempt allowed, and it is used


def test_home_offers_to_take_the_round_again_while_attempts_remain(client, open_round, member_a):
    open_round.attempts_allowed = 3
    open_round.save(update_fields=["attempts_allowed"])
    first = _play(open_round, member_a, right=1)
    second = _play(open_round, member_a, right=2)
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Bạn đã làm bài vòng thi tuần này." in page
    assert reverse("competitions:attempt_result", kwargs={"pk": second.pk}) in page.split("Làm lại")[0]
    assert reverse("competitions:attempt_result", kwargs={"pk": first.pk}) not in page.split("Làm lại")[0]
    assert f'action="{reverse("competitions:round_start", kwargs={"pk": open_round.pk})}"' in page
    assert "Bạn còn 1 lượt làm lại." in page

    response = client.post(reverse("competitions:round_start", kwargs={"pk": open_round.pk}))

    assert response.status_code == 302 and "/attempts/" in response.url


def test_home_says_a_round_of_a_monthly_stage_is_taken_without_saying_week(client, open_round, member_a):
    stage = open_round.stage
    stage.kind = stage.Kind.MONTHLY
    stage.save(update_fields=["kind"])
    _play(open_round, member_a)
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert "Bạn đã làm bài vòng thi này." in page
    assert "tuần này." not in page


@pytest.mark.parametrize(("role", "leads"), [("leader", True), ("deputy", True), ("member", False)])
def test_the_leader_and_the_deputy_find_the_team_page_from_home_and_the_round_and_a_member_does_not(
    client, open_round, make_user, team_a, role, leads
):
    user = make_user(name="Người trong tổ")
    accounts.add_member(team=team_a, user=user, role=role)
    client.force_login(user)

    link = f'href="{_team_url(open_round)}"'
    assert (link in client.get("/").content.decode()) is leads
    assert (link in client.get(reverse("competitions:round_detail", args=[open_round.pk])).content.decode()) is leads
    assert client.get(_team_url(open_round)).status_code == (200 if leads else 403)
