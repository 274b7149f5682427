"""A viewer or organiser of a unit reads the participation of their teams in the rounds of an ancestor
unit's competition, read-only and restricted to their subtree; anything else stays a 404.

    province (Tỉnh Demo) ── “Hội thi cấp tỉnh”: round for the whole province, round for Xã Tân Phú only
    ├── commune_a (Xã An Bình) └── hamlet_a ── team_a
    ├── commune_b (Xã Tân Phú) └── hamlet_b ── team_b
    └── ward (Phường Hòa Bình) └── block (Khu phố 3) ── ward_team
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from competitions import attempts
from competitions.models import BlueprintItem, Competition, Round, Stage
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment, Unit
from tests.competitions.helpers import right_ids, slots
from tests.competitions.organise_helpers import round_post, url

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def ward(province) -> Unit:
    return accounts.create_unit(name="Phường Hòa Bình", kind=Unit.Kind.WARD, parent=province)


@pytest.fixture
def ward_team(ward):
    block = accounts.create_unit(name="Khu phố 3", kind=Unit.Kind.HAMLET, parent=ward)
    return accounts.create_team(unit=block, name="Tổ CNS Khu phố 3")


@pytest.fixture
def ward_viewer(make_officer, ward):
    return make_officer(Role.VIEWER, ward, "Lý Phường Xem")


@pytest.fixture
def outsider(make_officer):
    other = accounts.create_unit(name="Tỉnh Khác", kind=Unit.Kind.PROVINCE, code="98")
    return make_officer(Role.VIEWER, other, "Người Tỉnh Khác")


@pytest.fixture
def province_competition(province, make_officer):
    organiser = make_officer(Role.ORGANISER, province, "Sở Tổ Chức")
    return Competition.objects.create(title="Hội thi cấp tỉnh", unit=province, created_by=organiser)


def _round(competition, title, *, eligible=(), published=True, **fields) -> Round:
    stage, _ = Stage.objects.get_or_create(competition=competition, title="Tuần 1")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title=title,
        opens_at=fields.pop("opens_at", now - timedelta(hours=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=2)),
        published_at=now - timedelta(hours=2) if published else None,
        **fields,
    )
    round.eligible_units.set(eligible)
    return round


@pytest.fixture
def whole_province(province_competition, topic, bank):
    round = _round(province_competition, "Tuần 1 toàn tỉnh")
    BlueprintItem.objects.create(round=round, topic=topic, count=3)
    return round


@pytest.fixture
def commune_b_only(province_competition, commune_b, topic, bank):
    round = _round(province_competition, "Tuần 1 riêng Xã Tân Phú", eligible=[commune_b])
    BlueprintItem.objects.create(round=round, topic=topic, count=3)
    return round


@pytest.fixture
def played(whole_province, make_user, ward_team, team_a):
    """One player of the ward's team and one of commune_a's team finished the province round."""
    players = []
    for team, name in ((ward_team, "Mai Phường"), (team_a, "Cao Xã")):
        user = make_user(name=name)
        accounts.add_member(team=team, user=user)
        attempt = attempts.start_attempt(round=whole_province, user=user)
        for slot in slots(attempt):
            attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
        attempts.submit_attempt(attempt=attempt)
        players.append(user)
    return players


# --- A ward viewer ------------------------------------------------------------


def test_a_ward_viewer_finds_the_province_competition_marked_as_the_provinces(client, ward_viewer, whole_province):
    client.force_login(ward_viewer)

    page = client.get(url("competitions")).content.decode()

    assert "Chưa có cuộc thi nào trong phạm vi của bạn." not in page
    assert "Hội thi cấp tỉnh" in page
    assert "của Tỉnh Demo · chỉ xem" in page


def test_a_ward_viewer_sees_only_their_teams_counts_and_no_edit_button(client, ward_viewer, whole_province, played):
    client.force_login(ward_viewer)

    response = client.get(url("round", whole_province.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vòng thi do Tỉnh Demo tổ chức. Bạn chỉ xem, và chỉ số liệu của các tổ thuộc Phường Hòa Bình." in page
    assert 'data-count="started">1<' in page
    assert "Tổ CNS Khu phố 3" in page
    assert "Tổ CNS Ấp 1" not in page
    assert "Xã An Bình" not in page
    for name in ("round_edit", "round_preview", "round_publish"):
        assert url(name, whole_province.pk) not in page
    counts = client.get(url("round_counts", whole_province.pk)).json()
    assert (counts["started"], [t["name"] for t in counts["teams"]]) == (1, ["Tổ CNS Khu phố 3"])


def test_a_ward_viewer_reads_the_closed_ranking_of_their_own_teams_only(client, ward_viewer, whole_province, played):
    Round.objects.filter(pk=whole_province.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(ward_viewer)

    page = client.get(url("round", whole_province.pk)).content.decode()

    assert "Mai Phường" in page
    assert "Cao Xã" not in page


def test_a_ward_viewer_sees_only_the_rounds_their_teams_play(
    client, ward_viewer, whole_province, commune_b_only, province_competition
):
    client.force_login(ward_viewer)

    detail = client.get(url("competition", province_competition.pk)).content.decode()

    assert "Tuần 1 toàn tỉnh" in detail
    assert "Tuần 1 riêng Xã Tân Phú" not in detail
    assert url("competition_edit", province_competition.pk) not in detail
    assert client.get(url("round", commune_b_only.pk)).status_code == 404
    assert client.get(url("round_counts", commune_b_only.pk)).status_code == 404


def test_a_ward_viewer_does_not_see_a_draft_of_the_province(client, ward_viewer, province_competition, topic):
    draft = _round(province_competition, "Tuần 2 (nháp)", published=False)
    client.force_login(ward_viewer)

    assert client.get(url("round", draft.pk)).status_code == 404
    assert client.get(url("competition", province_competition.pk)).status_code == 404
    assert "Hội thi cấp tỉnh" not in client.get(url("competitions")).content.decode()


def test_a_round_opened_to_the_wards_block_is_shared_with_the_ward(
    client, ward_viewer, province_competition, ward_team, bank
):
    round = _round(province_competition, "Tuần 1 riêng Khu phố 3", eligible=[ward_team.unit])
    client.force_login(ward_viewer)

    assert client.get(url("round", round.pk)).status_code == 200


# --- A commune organiser ------------------------------------------------------------


def test_a_commune_organiser_reads_the_province_round_but_cannot_change_it(
    client, organiser_a, whole_province, topic, played
):
    client.force_login(organiser_a)

    page = client.get(url("round", whole_province.pk)).content.decode()
    edit = client.post(url("round_edit", whole_province.pk), round_post(topic=topic, title="Sửa trộm"))
    preview = client.get(url("round_preview", whole_province.pk))

    assert "Tổ CNS Ấp 1" in page
    assert "Tổ CNS Khu phố 3" not in page
    assert "Sửa vòng thi" not in page
    assert (edit.status_code, preview.status_code) == (403, 403)
    competition = whole_province.stage.competition_id
    assert client.get(url("competition_edit", competition)).status_code == 403
    assert client.post(url("stage_create", competition), {"kind": "weekly", "title": "Chen vào"}).status_code == 403
    assert client.post(url("round_publish", whole_province.pk)).status_code == 403
    whole_province.refresh_from_db()
    assert whole_province.title == "Tuần 1 toàn tỉnh"


def test_a_commune_organiser_still_sees_and_edits_their_own_competition(
    client, organiser_a, competition, whole_province
):
    client.force_login(organiser_a)

    page = client.get(url("competitions")).content.decode()

    assert page.count("data-shared") == 1
    assert "Thi kỹ năng số xã An Bình" in page
    assert client.get(url("competition_edit", competition.pk)).status_code == 200


# --- An outsider ---------------------------------------------------------------------


def test_an_outsider_sees_nothing_of_the_province_competition(
    client, outsider, whole_province, province_competition, played
):
    client.force_login(outsider)

    assert "Hội thi cấp tỉnh" not in client.get(url("competitions")).content.decode()
    assert client.get(url("competition", province_competition.pk)).status_code == 404
    assert client.get(url("round", whole_province.pk)).status_code == 404
    assert client.get(url("round_counts", whole_province.pk)).status_code == 404


def test_a_member_without_a_role_gets_a_403(client, member_a, whole_province):
    client.force_login(member_a)

    assert client.get(url("round", whole_province.pk)).status_code == 403
