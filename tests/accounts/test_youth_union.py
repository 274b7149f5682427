"""Who is a Youth Union member (đoàn viên): the roster's flag, whatever the organisation; the Youth Union implies it.

Every way a membership is saved keeps it: joining by the invite link, the
team page, the roster import and the admin; the migration mends the rows
saved before.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from quizsite.accounts.models import Affiliation, Membership
from quizsite.accounts.roster import importing
from tests.accounts.roster_files import member, upload


def _membership(user) -> Membership:
    return Membership.objects.get(user=user)


def test_joining_by_the_invite_link_from_the_youth_union_makes_a_member(client, team_a, make_user):
    person = make_user(name="Lý Thị Gia Nhập")
    client.force_login(person)

    client.post(reverse("accounts:join", args=[team_a.invite_token]), {"affiliation": "youth_union"})

    assert _membership(person).is_youth_union


def test_the_team_page_keeps_a_member_from_the_youth_union_a_member_and_shows_it(client, team_a, leader_a, member_a):
    client.force_login(leader_a)
    membership = _membership(member_a)
    url = reverse("accounts:member_affiliation", args=[team_a.pk, membership.pk])

    client.post(url, {"affiliation": Affiliation.YOUTH_UNION})
    assert _membership(member_a).is_youth_union
    page = client.get(reverse("accounts:team_detail", args=[team_a.pk])).content.decode()
    assert "Đoàn Thanh niên</div>" in page.replace("\n", "") and "· Đoàn viên" not in page  # said once
    # They move to the post office: still a Youth Union member, and the page says so.
    client.post(url, {"affiliation": Affiliation.POST_TELECOM})

    membership = _membership(member_a)
    assert (membership.affiliation, membership.is_youth_union) == (Affiliation.POST_TELECOM, True)
    page = client.get(reverse("accounts:team_detail", args=[team_a.pk])).content.decode()
    assert "Bưu điện / viễn thông · Đoàn viên" in page


def test_a_membership_saved_from_the_youth_union_without_the_flag_gets_it(team_a, make_user):
    membership = Membership.objects.create(team=team_a, user=make_user(), affiliation=Affiliation.YOUTH_UNION)

    membership.refresh_from_db()
    assert membership.is_youth_union


def test_the_migration_makes_everyone_from_the_youth_union_a_member_and_nobody_else(team_a, make_user):
    youth, clerk, other = make_user(), make_user(), make_user()
    for user, affiliation in ((youth, "youth_union"), (clerk, "post_telecom"), (other, "other")):
        Membership.objects.create(team=team_a, user=user)
        # As rows were before: the affiliation alone, the flag never set (bulk writes skip save()).
        Membership.objects.filter(user=user).update(affiliation=affiliation, is_youth_union=False)
    Membership.objects.filter(user=clerk).update(is_youth_union=True)
    migration = importlib.import_module("quizsite.accounts.migrations.0007_youth_union_affiliation_implies_membership")

    migration.youth_union_affiliation_implies_membership(apps, None)

    flags = dict(Membership.objects.values_list("user_id", "is_youth_union"))
    assert flags == {youth.pk: True, clerk.pk: True, other.pk: False}


# --- The roster import --------------------------------------------------------------------------


def test_the_roster_makes_members_of_those_it_says_and_of_everyone_from_the_youth_union(commune_a, hamlet_a):
    rows = [
        member("Nguyễn Văn Đoàn", "0912000001", affiliation="Đoàn Thanh niên", youth=""),
        member("Trần Thị Bưu", "0912000002", affiliation="Bưu điện / viễn thông", youth="Có"),
        member("Lê Văn Khác", "0912000003", affiliation="Bưu điện / viễn thông", youth="Không"),
    ]

    importing.import_roster(actor=None, scope=commune_a, rows=importing.read_roster(upload(rows)))

    flags = set(Membership.objects.values_list("user__full_name", "affiliation", "is_youth_union"))
    assert flags == {
        ("Nguyễn Văn Đoàn", Affiliation.YOUTH_UNION, True),
        ("Trần Thị Bưu", Affiliation.POST_TELECOM, True),
        ("Lê Văn Khác", Affiliation.POST_TELECOM, False),
    }


def test_a_roster_row_from_the_youth_union_that_says_not_a_member_is_refused(commune_a, hamlet_a, snapshot):
    rows = [
        member("Nguyễn Văn An", "0912000001"),
        member("Trần Thị Bình", "0912000002", affiliation="Đoàn Thanh niên", youth="Không"),
    ]
    before = snapshot()

    with pytest.raises(importing.RosterRefused) as refused:
        importing.import_roster(actor=None, scope=commune_a, rows=importing.read_roster(upload(rows)))

    assert [str(p) for p in refused.value.plan.problems] == [
        "H3: Người thuộc Đoàn Thanh niên là đoàn viên: hãy ghi “Có”, hoặc sửa cột “Thuộc tổ chức”."
    ]
    assert snapshot() == before


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user(name="Quản Trị", is_staff=True, is_superuser=True))
    return client


def _team_form(team, membership: Membership, **changes) -> dict:
    row = {
        "id": membership.pk,
        "team": team.pk,
        "user": membership.user_id,
        "role": membership.role,
        "affiliation": membership.affiliation,
        "is_officer": "",
        "is_youth_union": "on" if membership.is_youth_union else "",
        **changes,
    }
    data = {
        "name": team.name,
        "unit": team.unit_id,
        "size_limit": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update({f"memberships-0-{name}": value for name, value in row.items() if value != ""})
    return data


def test_the_admin_refuses_a_member_from_the_youth_union_who_is_not_a_member(admin_client_, team_a, member_a):
    membership = _membership(member_a)
    url = reverse("admin:accounts_team_change", args=[team_a.pk])

    refused = admin_client_.post(url, _team_form(team_a, membership, affiliation=Affiliation.YOUTH_UNION))
    assert refused.status_code == 200
    assert "Người thuộc Đoàn Thanh niên là đoàn viên." in refused.content.decode()
    assert _membership(member_a).affiliation == Affiliation.OTHER

    saved = admin_client_.post(
        url, _team_form(team_a, membership, affiliation=Affiliation.YOUTH_UNION, is_youth_union="on")
    )
    assert saved.status_code == 302
    assert _membership(member_a).is_youth_union
