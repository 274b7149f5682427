from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import Membership


def _team_url(team) -> str:
    return reverse("accounts:team_detail", args=[team.pk])


def test_a_member_sees_the_roster_with_phones_in_local_form(client, team_a, leader_a, member_a):
    client.force_login(member_a)
    html = client.get(_team_url(team_a)).content.decode()
    assert "Đỗ Tổ Trưởng" in html and "Hoàng Thành Viên" in html
    assert "Tổ trưởng" in html
    local = "0" + member_a.phone[3:]
    assert f"{local[:4]} {local[4:7]} {local[7:]}" in html
    assert "2/10 thành viên" in html


def test_a_member_cannot_manage_the_team(client, team_a, leader_a, member_a):
    client.force_login(member_a)
    html = client.get(_team_url(team_a)).content.decode()
    assert "Tạo liên kết mới" not in html
    assert team_a.invite_token not in html
    leader = Membership.objects.get(user=leader_a)
    assert client.post(reverse("accounts:member_remove", args=[team_a.pk, leader.pk])).status_code == 403
    assert client.post(reverse("accounts:team_rotate_invite", args=[team_a.pk])).status_code == 403
    assert Membership.objects.filter(pk=leader.pk).exists()


def test_a_member_of_another_team_is_refused(client, team_a, team_b, make_user, member_a):
    other = make_user(name="Người Tổ Khác")
    services.add_member(team=team_b, user=other)
    client.force_login(other)
    assert client.get(_team_url(team_a)).status_code == 403


def test_the_leader_removes_a_member_after_confirming(client, team_a, leader_a, member_a):
    membership = Membership.objects.get(user=member_a)
    url = reverse("accounts:member_remove", args=[team_a.pk, membership.pk])
    client.force_login(leader_a)
    confirm = client.get(url).content.decode()
    assert "Bạn có chắc muốn đưa" in confirm and "Hoàng Thành Viên" in confirm
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url, follow=True)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "Đã đưa Hoàng Thành Viên ra khỏi tổ." in response.content.decode()


def test_the_leader_makes_a_member_deputy(client, team_a, leader_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(leader_a)
    client.post(reverse("accounts:member_role", args=[team_a.pk, membership.pk]), {"role": "deputy"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.DEPUTY


def test_the_leader_hands_over_leadership(client, team_a, leader_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(leader_a)
    client.post(reverse("accounts:member_role", args=[team_a.pk, membership.pk]), {"role": "leader"})
    assert Membership.objects.get(user=member_a).role == Membership.Role.LEADER
    assert Membership.objects.get(user=leader_a).role == Membership.Role.MEMBER


def test_a_deputy_cannot_appoint_a_new_leader(client, team_a, leader_a, member_a, make_user):
    deputy = make_user(name="Tổ Phó")
    services.add_member(team=team_a, user=deputy, role=Membership.Role.DEPUTY)
    membership = Membership.objects.get(user=member_a)
    client.force_login(deputy)
    response = client.post(
        reverse("accounts:member_role", args=[team_a.pk, membership.pk]), {"role": "leader"}, follow=True
    )
    assert Membership.objects.get(user=leader_a).role == Membership.Role.LEADER
    assert "Chỉ tổ trưởng hoặc cán bộ tổ chức" in response.content.decode()


def test_a_deputy_cannot_remove_the_leader(client, team_a, leader_a, make_user):
    deputy = make_user(name="Tổ Phó")
    services.add_member(team=team_a, user=deputy, role=Membership.Role.DEPUTY)
    leader = Membership.objects.get(user=leader_a)
    client.force_login(deputy)
    assert client.post(reverse("accounts:member_remove", args=[team_a.pk, leader.pk])).status_code == 403
    assert Membership.objects.filter(pk=leader.pk).exists()


def test_the_leader_does_not_remove_themselves_by_accident(client, team_a, leader_a):
    leader = Membership.objects.get(user=leader_a)
    client.force_login(leader_a)
    assert client.post(reverse("accounts:member_remove", args=[team_a.pk, leader.pk])).status_code == 403


def test_the_leader_changes_a_members_affiliation(client, team_a, leader_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(leader_a)
    client.post(reverse("accounts:member_affiliation", args=[team_a.pk, membership.pk]), {"affiliation": "bank"})
    membership.refresh_from_db()
    assert membership.get_affiliation_display() == "Ngân hàng"


def test_an_unknown_affiliation_is_refused(client, team_a, leader_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(leader_a)
    client.post(reverse("accounts:member_affiliation", args=[team_a.pk, membership.pk]), {"affiliation": "mafia"})
    membership.refresh_from_db()
    assert membership.affiliation == "other"


def test_a_membership_of_another_team_is_not_reachable_through_this_team(client, team_a, team_b, leader_a, make_user):
    stranger = make_user()
    other = services.add_member(team=team_b, user=stranger)
    client.force_login(leader_a)
    assert client.post(reverse("accounts:member_remove", args=[team_a.pk, other.pk])).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_an_organiser_sets_the_size_limit(client, organiser_a, team_a):
    client.force_login(organiser_a)
    client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": "12"})
    team_a.refresh_from_db()
    assert team_a.max_members == 12
    assert "0/12 thành viên" in client.get(_team_url(team_a)).content.decode()


def test_the_leader_cannot_set_the_size_limit(client, leader_a, team_a):
    client.force_login(leader_a)
    assert "Số thành viên tối đa" not in client.get(_team_url(team_a)).content.decode()
    assert client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": "50"}).status_code == 403
    team_a.refresh_from_db()
    assert team_a.size_limit is None


def test_the_limit_cannot_go_below_the_current_members(client, organiser_a, team_a, leader_a, member_a):
    client.force_login(organiser_a)
    response = client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": "1"}, follow=True)
    team_a.refresh_from_db()
    assert team_a.size_limit is None
    assert "Tổ đang có 2 thành viên, không thể đặt giới hạn 1." in response.content.decode()


def test_the_eleventh_member_is_refused_with_a_clear_message(team_a, make_user):
    for i in range(10):
        services.add_member(team=team_a, user=make_user(name=f"Người {i}"))
    with pytest.raises(ValidationError) as refused:
        services.add_member(team=team_a, user=make_user(name="Người thứ 11"))
    assert refused.value.messages == ["Tổ “Tổ CNS Ấp 1” đã đủ 10 thành viên, không thể thêm người."]
    assert team_a.memberships.count() == 10


def test_a_person_plays_for_one_team_only(team_a, team_b, member_a):
    with pytest.raises(ValidationError) as refused:
        services.add_member(team=team_b, user=member_a)
    assert "Mỗi người chỉ ở một tổ" in refused.value.messages[0]
    assert not team_b.memberships.exists()


def test_the_team_page_takes_a_fixed_number_of_queries(
    client, team_a, leader_a, make_user, django_assert_max_num_queries
):
    for i in range(8):
        services.add_member(team=team_a, user=make_user(name=f"Người {i}"))
    client.force_login(leader_a)
    with django_assert_max_num_queries(13):  # 12 for the page, 1 for the header menu
        response = client.get(_team_url(team_a))
    assert "9/10 thành viên" in response.content.decode()
