"""Organiser pages for competitions and stages: list, create, edit, reorder; who may do what."""

from __future__ import annotations

import pytest

from competitions.models import Competition, Stage
from tests.competitions.organise_helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


# --- Competition list ---------------------------------------------------------


def test_the_list_shows_the_competitions_of_my_commune_only(as_organiser, competition, commune_b, organiser_b):
    Competition.objects.create(title="Cuộc thi xã Tân Phú", unit=commune_b, created_by=organiser_b)

    page = as_organiser.get(url("competitions")).content.decode()

    assert "Thi kỹ năng số xã An Bình" in page
    assert "Cuộc thi xã Tân Phú" not in page
    assert "Tạo cuộc thi" in page


def test_a_viewer_sees_the_list_without_the_create_button(client, viewer_a, competition):
    client.force_login(viewer_a)

    page = client.get(url("competitions")).content.decode()

    assert "Thi kỹ năng số xã An Bình" in page
    assert "Tạo cuộc thi" not in page


def test_the_list_is_forbidden_to_a_team_member(client, member_a):
    client.force_login(member_a)

    assert client.get(url("competitions")).status_code == 403


# --- Create and edit a competition ----------------------------------------


def test_an_organiser_creates_a_competition_for_a_unit_in_scope(as_organiser, organiser_a, commune_a):
    response = as_organiser.post(
        url("competition_create"),
        {"title": "Hội thi Chuyển đổi số 2026", "description": "Thi hằng tuần", "unit": commune_a.pk},
    )

    competition = Competition.objects.get()
    assert response["Location"] == url("competition", competition.pk)
    assert (competition.title, competition.unit, competition.created_by) == (
        "Hội thi Chuyển đổi số 2026",
        commune_a,
        organiser_a,
    )


def test_the_owner_unit_choices_are_my_scope_only(as_organiser, commune_a, commune_b, hamlet_a):
    page = as_organiser.get(url("competition_create")).content.decode()

    assert "Xã An Bình" in page
    assert "Xã Tân Phú" not in page


def test_a_competition_for_a_unit_outside_my_scope_is_refused(as_organiser, commune_b):
    response = as_organiser.post(url("competition_create"), {"title": "Thi lấn xã bên", "unit": commune_b.pk})

    assert response.status_code == 200
    assert "Đơn vị không nằm trong phạm vi của bạn." in response.content.decode()
    assert not Competition.objects.exists()


def test_creating_is_forbidden_to_a_viewer(client, viewer_a, commune_a):
    client.force_login(viewer_a)

    response = client.post(url("competition_create"), {"title": "Không được", "unit": commune_a.pk})

    assert response.status_code == 403
    assert not Competition.objects.exists()


def test_an_organiser_edits_the_title(as_organiser, competition, commune_a):
    as_organiser.post(
        url("competition_edit", competition.pk), {"title": "Hội thi mới", "description": "", "unit": commune_a.pk}
    )

    competition.refresh_from_db()
    assert competition.title == "Hội thi mới"


def test_the_organiser_of_another_commune_cannot_edit(client, organiser_b, competition, commune_b):
    client.force_login(organiser_b)

    response = client.post(url("competition_edit", competition.pk), {"title": "Chiếm", "unit": commune_b.pk})

    assert response.status_code == 404
    competition.refresh_from_db()
    assert competition.title == "Thi kỹ năng số xã An Bình"


def test_editing_is_forbidden_to_a_viewer_in_scope(client, viewer_a, competition):
    client.force_login(viewer_a)

    assert client.get(url("competition_edit", competition.pk)).status_code == 403


# --- Competition page and stages ------------------------------------------


def test_the_competition_page_lists_stages_and_rounds_with_their_status(as_organiser, competition, open_round):
    page = as_organiser.get(url("competition", competition.pk)).content.decode()

    assert "Tuần 1" in page
    assert "Tuần 1: An toàn trên mạng" in page
    assert "Đang mở" in page
    assert url("round", open_round.pk) in page


def test_the_competition_page_is_404_to_another_commune(client, organiser_b, competition):
    client.force_login(organiser_b)

    assert client.get(url("competition", competition.pk)).status_code == 404


def test_the_competition_page_is_403_to_a_member(client, member_a, competition):
    client.force_login(member_a)

    assert client.get(url("competition", competition.pk)).status_code == 403


def test_a_viewer_reads_the_competition_page_without_edit_links(client, viewer_a, competition, stage):
    client.force_login(viewer_a)

    page = client.get(url("competition", competition.pk)).content.decode()

    assert "Tuần 1" in page
    assert "Thêm giai đoạn" not in page
    assert url("stage_edit", stage.pk) not in page


def test_an_organiser_adds_stages_at_the_end(as_organiser, competition, stage):
    response = as_organiser.post(
        url("stage_create", competition.pk),
        {"kind": "monthly", "title": "Tháng 11", "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
    )

    assert response["Location"] == url("competition", competition.pk)
    added = Stage.objects.get(title="Tháng 11")
    assert added.kind == "monthly"
    assert added.position > stage.position


def test_a_stage_ending_before_it_starts_is_refused(as_organiser, competition):
    response = as_organiser.post(
        url("stage_create", competition.pk),
        {"kind": "weekly", "title": "Tuần ngược", "starts_on": "2026-11-10", "ends_on": "2026-11-01"},
    )

    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()
    assert not Stage.objects.filter(title="Tuần ngược").exists()


def test_adding_a_stage_is_404_to_another_commune(client, organiser_b, competition):
    client.force_login(organiser_b)

    response = client.post(url("stage_create", competition.pk), {"kind": "weekly", "title": "Lạ"})

    assert response.status_code == 404
    assert not Stage.objects.exists()


def test_adding_a_stage_is_403_to_a_member(client, member_a, competition):
    client.force_login(member_a)

    assert client.post(url("stage_create", competition.pk), {"kind": "weekly", "title": "Lạ"}).status_code == 403


def test_an_organiser_edits_a_stage(as_organiser, stage):
    as_organiser.post(url("stage_edit", stage.pk), {"kind": "final", "title": "Chung kết"})

    stage.refresh_from_db()
    assert (stage.kind, stage.title) == ("final", "Chung kết")


def test_editing_a_stage_is_404_to_another_commune(client, organiser_b, stage):
    client.force_login(organiser_b)

    response = client.post(url("stage_edit", stage.pk), {"kind": "final", "title": "Chung kết"})

    assert response.status_code == 404
    stage.refresh_from_db()
    assert stage.title == "Tuần 1"


def test_editing_a_stage_is_403_to_a_viewer(client, viewer_a, stage):
    client.force_login(viewer_a)

    assert client.post(url("stage_edit", stage.pk), {"kind": "final", "title": "X"}).status_code == 403


def test_moving_a_stage_up_puts_it_first(as_organiser, competition, stage):
    second = Stage.objects.create(competition=competition, title="Tuần 2", position=1)

    as_organiser.post(url("stage_move", second.pk), {"direction": "up"})

    assert list(competition.stages.order_by("position").values_list("title", flat=True)) == ["Tuần 2", "Tuần 1"]


def test_moving_the_last_stage_down_changes_nothing(as_organiser, competition, stage):
    second = Stage.objects.create(competition=competition, title="Tuần 2", position=1)

    as_organiser.post(url("stage_move", second.pk), {"direction": "down"})

    assert list(competition.stages.order_by("position").values_list("title", flat=True)) == ["Tuần 1", "Tuần 2"]


def test_moving_a_stage_is_404_to_another_commune(client, organiser_b, competition, stage):
    second = Stage.objects.create(competition=competition, title="Tuần 2", position=1)
    client.force_login(organiser_b)

    assert client.post(url("stage_move", second.pk), {"direction": "up"}).status_code == 404
    assert list(competition.stages.order_by("position").values_list("title", flat=True)) == ["Tuần 1", "Tuần 2"]


def test_moving_a_stage_is_403_to_a_member(client, member_a, stage):
    client.force_login(member_a)

    assert client.post(url("stage_move", stage.pk), {"direction": "up"}).status_code == 403
