"""The round dashboard: status, shortfall warning, live counts by unit, flags, ranking, preview."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from competitions import attempts
from competitions.models import Attempt, BlueprintItem, Competition, Round, Stage
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Unit
from tests.competitions import organise_helpers
from tests.competitions.organise_helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


@pytest.fixture
def as_viewer(client, viewer_a):
    client.force_login(viewer_a)
    return client


def _close(round: Round) -> None:
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(opens_at=now - timedelta(days=3), closes_at=now - timedelta(minutes=1))
    round.refresh_from_db()


# --- The page ---------------------------------------------------------------


def test_the_dashboard_shows_status_blueprint_and_zero_counts(as_organiser, open_round):
    page = as_organiser.get(url("round", open_round.pk)).content.decode()

    assert "Tuần 1: An toàn trên mạng" in page
    assert "Đang mở" in page
    assert "3 câu “Bảo vệ bản thân trên môi trường số”" in page
    assert 'data-count="started">0<' in page
    assert url("round_counts", open_round.pk) in page


def test_a_round_not_yet_open_shows_as_scheduled(as_organiser, make_round, bank):
    now = timezone.now()
    round = make_round(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))

    assert "Sắp mở" in as_organiser.get(url("round", round.pk)).content.decode()


def test_a_round_created_through_the_form_shows_in_its_dashboard(as_organiser, stage, topic, bank):
    as_organiser.post(url("round_create", stage.pk), organise_helpers.round_post(topic=topic, rows=[(topic.pk, 1, 2)]))
    round = Round.objects.get()

    page = as_organiser.get(url("round", round.pk)).content.decode()

    assert "Tuần 2: Thanh toán trực tuyến" in page
    assert "2 câu “Bảo vệ bản thân trên môi trường số” · Dễ" in page
    assert "Ngân hàng câu hỏi không đủ" not in page


def test_the_dashboard_warns_when_the_bank_cannot_fill_the_blueprint(as_organiser, open_round, topic):
    BlueprintItem.objects.filter(round=open_round).update(count=6)
    BlueprintItem.objects.create(round=open_round, topic=topic, difficulty=3, count=2)

    page = " ".join(as_organiser.get(url("round", open_round.pk)).content.decode().split())

    assert "Ngân hàng câu hỏi không đủ cho cấu trúc đề" in page
    assert "6 câu “Bảo vệ bản thân trên môi trường số” · mọi độ khó: có 4 câu đã duyệt, cần 6" in page
    assert "2 câu “Bảo vệ bản thân trên môi trường số” · Khó: có 0 câu đã duyệt, cần 2" in page


@pytest.mark.parametrize("unseen_only", [True, False])
def test_the_bank_list_marks_a_row_short_exactly_when_the_warning_names_it(as_organiser, make_round, bank, unseen_only):
    Question.objects.filter(pk__in=[q.pk for q in bank[:2]]).update(answers_shown_at=timezone.now())
    round = make_round(count=3, unseen_only=unseen_only)  # 4 approved, 2 never shown: short only for unseen_only

    page = " ".join(as_organiser.get(url("round", round.pk)).content.decode().split())

    assert ('<li class="short">' in page) is unseen_only
    assert ("có 2 câu chưa từng công bố đáp án, cần 3" in page) is unseen_only
    assert "Ngân hàng có 4 câu đã duyệt, 2 câu chưa từng công bố đáp án." in page


def test_the_dashboard_is_404_to_the_organiser_of_another_commune(client, organiser_b, open_round):
    client.force_login(organiser_b)

    assert client.get(url("round", open_round.pk)).status_code == 404


def test_the_dashboard_is_403_to_a_member(client, member_a, open_round):
    client.force_login(member_a)

    assert client.get(url("round", open_round.pk)).status_code == 403


def test_a_viewer_reads_the_dashboard_without_edit_or_preview_links(as_viewer, open_round):
    page = as_viewer.get(url("round", open_round.pk)).content.decode()

    assert "Số lượt thi" in page
    assert url("round_edit", open_round.pk) not in page
    assert url("round_preview", open_round.pk) not in page


# --- Live counts ------------------------------------------------------------


@pytest.fixture
def province_round(province, make_officer, bank, topic) -> tuple[Round, object]:
    """A province competition: teams of both communes play; the organiser sits at the province."""
    organiser = make_officer(RoleAssignment.Role.ORGANISER, province, "Sở Tổ Chức")
    competition = Competition.objects.create(title="Hội thi cấp tỉnh", unit=province, created_by=organiser)
    stage = Stage.objects.create(competition=competition, title="Tuần 1")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Tuần 1 cấp tỉnh",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        published_at=now - timedelta(hours=2),
    )
    BlueprintItem.objects.create(round=round, topic=topic, count=3)
    return round, organiser


def _player(make_user, team, name):
    user = make_user(name=name)
    accounts.add_member(team=team, user=user)
    return user


def test_counts_by_commune_and_team_after_a_few_attempts(
    client, province_round, make_user, team_a, team_b, hamlet_a, commune_a, commune_b
):
    round, organiser = province_round
    idle_team = accounts.create_team(unit=hamlet_a, name="Tổ CNS chưa thi")
    a1, a2, b1 = (_player(make_user, t, n) for t, n in [(team_a, "A Một"), (team_a, "A Hai"), (team_b, "B Một")])
    attempts.submit_attempt(attempt=attempts.start_attempt(round=round, user=a1))
    attempts.start_attempt(round=round, user=a2)
    attempts.submit_attempt(attempt=attempts.start_attempt(round=round, user=b1))
    client.force_login(organiser)

    data = client.get(url("round_counts", round.pk)).json()

    assert (data["started"], data["finished"], data["in_progress"], data["people"]) == (3, 2, 1, 3)
    units = {u["name"]: u for u in data["units"]}
    assert units["Xã An Bình"] | {} == {
        "id": commune_a.pk,
        "name": "Xã An Bình",
        "teams_eligible": 2,
        "teams_played": 1,
        "started": 2,
        "finished": 1,
        "people": 2,
    }
    assert (units["Xã Tân Phú"]["started"], units["Xã Tân Phú"]["finished"]) == (1, 1)
    teams = {t["name"]: (t["unit"], t["started"], t["finished"], t["people"]) for t in data["teams"]}
    assert teams == {"Tổ CNS Ấp 1": ("Ấp 1", 2, 1, 2), "Tổ CNS Ấp 2": ("Ấp 2", 1, 1, 1)}
    assert idle_team.name not in teams


def test_the_page_shows_the_same_counts_without_javascript(client, province_round, make_user, team_a):
    round, organiser = province_round
    attempts.start_attempt(round=round, user=_player(make_user, team_a, "A Một"))
    client.force_login(organiser)

    page = client.get(url("round", round.pk)).content.decode()

    assert 'data-count="started">1<' in page
    assert 'data-count="in_progress">1<' in page
    assert "Tổ CNS Ấp 1" in page


def test_counts_take_a_few_queries_whatever_the_number_of_teams(
    client, province_round, make_user, commune_a, commune_b, django_assert_max_num_queries
):
    round, organiser = province_round
    for i in range(8):
        hamlet = accounts.create_unit(name=f"Thôn {i}", kind=Unit.Kind.HAMLET, parent=[commune_a, commune_b][i % 2])
        team = accounts.create_team(unit=hamlet, name=f"Tổ thôn {i}")
        for j in range(2):
            attempts.start_attempt(round=round, user=_player(make_user, team, f"Người {i}-{j}"))
    client.force_login(organiser)

    # Session, user, roles, round; then totals, per team, eligible roots, eligible teams, communes.
    with django_assert_max_num_queries(9):
        data = client.get(url("round_counts", round.pk)).json()
    # The page: the same, plus the header menu's one query and the bank counts; never one per team.
    with django_assert_max_num_queries(21):
        page = client.get(url("round", round.pk))

    assert data["started"] == 16
    assert len(data["teams"]) == 8
    assert "Tổ thôn 7" in page.content.decode()


def test_the_counts_endpoint_is_readable_by_a_viewer(as_viewer, open_round):
    response = as_viewer.get(url("round_counts", open_round.pk))

    assert response.status_code == 200
    assert response.json()["status"] == "open"


def test_the_counts_endpoint_is_404_to_another_commune(client, organiser_b, open_round):
    client.force_login(organiser_b)

    assert client.get(url("round_counts", open_round.pk)).status_code == 404


def test_the_counts_endpoint_is_403_to_a_member(client, member_a, open_round):
    client.force_login(member_a)

    assert client.get(url("round_counts", open_round.pk)).status_code == 403


# --- Flags and ranking ------------------------------------------------------


def test_a_too_fast_attempt_is_listed_with_its_reason(as_organiser, open_round, member_a):
    attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))

    page = as_organiser.get(url("round", open_round.pk)).content.decode()

    assert "Làm bài quá nhanh" in page
    assert "3 câu trong 0 giây." in page
    assert "Hoàng Thành Viên" in page


def test_an_organiser_sees_the_provisional_ranking_while_the_round_is_open(as_organiser, open_round, member_a):
    attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))

    page = as_organiser.get(url("round", open_round.pk)).content.decode()

    assert "tạm tính" in page
    assert '<td class="main-cell">Hoàng Thành Viên</td>' in page


def test_a_viewer_sees_no_ranking_until_the_round_closes(as_viewer, open_round, member_a):
    attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))

    page = as_viewer.get(url("round", open_round.pk)).content.decode()

    assert "Xếp hạng được công bố khi vòng thi đóng." in page
    assert '<td class="main-cell">Hoàng Thành Viên</td>' not in page


def test_a_viewer_sees_the_final_ranking_once_the_round_has_closed(as_viewer, open_round, member_a):
    attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))
    _close(open_round)

    page = as_viewer.get(url("round", open_round.pk)).content.decode()

    assert "Đã đóng" in page
    assert '<td class="main-cell">Hoàng Thành Viên</td>' in page
    assert "tạm tính" not in page


# --- Preview ----------------------------------------------------------------


def test_the_preview_shows_a_draw_as_a_member_sees_it(as_organiser, open_round, bank):
    page = as_organiser.get(url("round_preview", open_round.pk)).content.decode()

    assert page.count('class="phone preview-q"') == 3 + 1  # three questions and the prediction
    assert "Câu 1/3" in page
    assert sum(question.text in page for question in bank) == 3
    assert "choice correct" not in page
    assert not any(question.explanation in page for question in bank)


def test_the_answer_letters_of_the_preview_start_at_a_for_every_question(as_organiser, open_round, bank):
    page = as_organiser.get(url("round_preview", open_round.pk)).content.decode()

    questions = page.split('class="phone preview-q"')[1:4]
    assert [re.findall(r"<b>([A-H])\.</b>", q) for q in questions] == [["A", "B", "C"]] * 3


def test_the_preview_creates_no_attempt_and_marks_no_question_used(as_organiser, open_round, bank):
    as_organiser.get(url("round_preview", open_round.pk))

    assert not Attempt.objects.exists()
    assert not Question.objects.filter(first_used_at__isnull=False).exists()


def test_the_preview_is_forbidden_to_a_viewer(as_viewer, open_round):
    assert as_viewer.get(url("round_preview", open_round.pk)).status_code == 403


def test_the_preview_is_404_to_another_commune(client, organiser_b, open_round):
    client.force_login(organiser_b)

    assert client.get(url("round_preview", open_round.pk)).status_code == 404


def test_the_preview_is_403_to_a_member(client, member_a, open_round):
    client.force_login(member_a)

    assert client.get(url("round_preview", open_round.pk)).status_code == 403


def test_a_member_of_a_team_is_not_an_officer_even_as_leader(client, leader_a, open_round):
    client.force_login(leader_a)

    assert Membership.objects.filter(user=leader_a).exists()
    assert client.get(url("round", open_round.pk)).status_code == 403


def test_a_closed_round_dashboard_does_not_poll(as_organiser, open_round):
    _close(open_round)

    page = as_organiser.get(url("round", open_round.pk)).content.decode()

    assert "data-poll-url" not in page
