"""Which units of a competition an officer sees (competitions.visibility.units_seen), for the standard people,
and the standings, award and organiser pages asking that one rule.

    province (Tỉnh Demo) ── the provincial contest
    ├── commune_a (Xã An Bình) ── the commune's own contest
    │   └── hamlet_a (Ấp 1)
    └── commune_b (Xã Tân Phú)
        └── hamlet_b (Ấp 2)
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import Competition, Round, Stage
from competitions.visibility import sees_whole, units_seen
from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment
from quizsite.accounts.permissions import UNIT_READERS, officer_units

Role = RoleAssignment.Role


@pytest.fixture
def province_organiser(make_officer, province):
    return make_officer(Role.ORGANISER, province, "Sở Tổ Chức")


@pytest.fixture
def province_contest(province, province_organiser) -> Competition:
    return Competition.objects.create(title="Hội thi cấp tỉnh", unit=province, created_by=province_organiser)


@pytest.fixture
def commune_contest(commune_a, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi xã An Bình", unit=commune_a, created_by=organiser_a)


def seen(user, competition: Competition) -> list[str]:
    return [unit.name for unit in units_seen(competition, officer_units(user, UNIT_READERS))]


def test_a_province_officer_sees_the_whole_of_every_competition_in_the_province(
    province_organiser, province_contest, commune_contest
):
    assert seen(province_organiser, province_contest) == ["Tỉnh Demo"]
    assert seen(province_organiser, commune_contest) == ["Xã An Bình"]


@pytest.mark.parametrize("officer", ["organiser_a", "viewer_a"])
def test_a_commune_officer_sees_the_provincial_contest_from_their_own_commune_down(
    request, officer, province_contest, commune_contest
):
    user = request.getfixturevalue(officer)

    assert seen(user, province_contest) == ["Xã An Bình"]
    assert seen(user, commune_contest) == ["Xã An Bình"]


def test_the_neighbouring_communes_officer_sees_nothing_of_the_communes_contest(
    organiser_b, province_contest, commune_contest
):
    assert seen(organiser_b, province_contest) == ["Xã Tân Phú"]
    assert seen(organiser_b, commune_contest) == []


@pytest.mark.parametrize("person", ["nobody", "member_a", "author_b"])
def test_someone_without_a_reading_role_sees_nothing(request, person, province_contest, commune_contest):
    user = request.getfixturevalue(person)

    assert seen(user, province_contest) == []
    assert seen(user, commune_contest) == []


def test_roles_on_nested_units_see_from_the_outer_one_and_on_two_communes_from_both(
    make_officer, commune_a, commune_b, hamlet_a, province_contest
):
    nested = make_officer(Role.VIEWER, hamlet_a, "Cán bộ hai cấp")
    accounts.grant_role(user=nested, role=Role.ORGANISER, unit=commune_a)
    both = make_officer(Role.VIEWER, commune_a, "Cán bộ hai xã")
    accounts.grant_role(user=both, role=Role.VIEWER, unit=commune_b)

    assert seen(nested, province_contest) == ["Xã An Bình"]
    assert seen(both, province_contest) == ["Xã An Bình", "Xã Tân Phú"]


def test_only_an_officer_above_the_competition_sees_the_whole_of_it(
    province_organiser, organiser_a, province_contest, commune_contest
):
    def whole(user, competition):
        return sees_whole(competition, units_seen(competition, officer_units(user, UNIT_READERS)))

    assert whole(province_organiser, province_contest) and whole(organiser_a, commune_contest)
    assert not whole(organiser_a, province_contest)


# --- The pages agree -----------------------------------------------------------------------


def _pages(competition: Competition) -> dict[str, str]:
    return {
        "standings": reverse("leaderboards:standings_officer", args=[competition.pk]),
        "awards": reverse("leaderboards:award_lists", args=[competition.pk]),
        "organise": reverse("organise:competition", args=[competition.pk]),
    }


@pytest.fixture
def played_by_commune_a(province_contest, commune_a) -> Round:
    """A published round of the provincial contest open to commune A: its officers follow it."""
    stage = Stage.objects.create(competition=province_contest, title="Tuần 1")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Tuần 1 xã An Bình",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=2),
        published_at=now - timedelta(hours=2),
    )
    round.eligible_units.set([commune_a])
    return round


def test_the_neighbouring_communes_officer_gets_404_on_every_page_of_the_communes_contest(
    client, organiser_b, commune_contest
):
    client.force_login(organiser_b)

    assert {name: client.get(url).status_code for name, url in _pages(commune_contest).items()} == {
        "standings": 404,
        "awards": 404,
        "organise": 404,
    }


def test_a_commune_officer_reads_every_page_of_the_provincial_contest_from_their_commune(
    client, make_officer, commune_a, hamlet_a, province_contest, played_by_commune_a
):
    # A viewer of the commune who also organises one of its hamlets: the pages name the commune only.
    officer = make_officer(Role.VIEWER, commune_a, "Cán bộ hai cấp")
    accounts.grant_role(user=officer, role=Role.ORGANISER, unit=hamlet_a)
    client.force_login(officer)

    pages = {name: client.get(url) for name, url in _pages(province_contest).items()}

    assert {name: page.status_code for name, page in pages.items()} == {
        "standings": 200,
        "awards": 200,
        "organise": 200,
    }
    assert pages["standings"].context["scope"].roots == [commune_a]
    assert "Bạn chỉ xem các vòng thi mà tổ thuộc Xã An Bình tham gia." in pages["organise"].content.decode()
    dashboard = client.get(reverse("organise:round", args=[played_by_commune_a.pk])).content.decode()
    assert "chỉ số liệu của các tổ thuộc Xã An Bình." in dashboard
