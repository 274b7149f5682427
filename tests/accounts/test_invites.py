from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import Membership, User
from tests.conftest import PASSWORD


def _join_url(team) -> str:
    return reverse("accounts:join", args=[team.invite_token])


def test_the_leader_sees_the_absolute_invite_link_share_button_and_qr(client, team_a, leader_a):
    client.force_login(leader_a)
    html = client.get(reverse("accounts:team_detail", args=[team_a.pk])).content.decode()
    assert f"http://testserver/join/{team_a.invite_token}/" in html
    assert "Chia sẻ" in html
    assert reverse("accounts:team_qr", args=[team_a.pk]) in html


def test_the_qr_code_is_an_svg_of_the_link(client, team_a, leader_a):
    client.force_login(leader_a)
    response = client.get(reverse("accounts:team_qr", args=[team_a.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg") or b"<svg" in response.content[:200]
    assert "no-store" in response["Cache-Control"]


def test_a_logged_out_visitor_is_told_to_sign_up_and_comes_back(client, team_a):
    html = client.get(_join_url(team_a)).content.decode()
    assert "Tổ CNS Ấp 1" in html
    back = _join_url(team_a).replace("/", "%2F")
    assert f"{reverse('account_signup')}?next={back}" in html
    assert f"{reverse('account_login')}?next={back}" in html
    assert "Tham gia tổ" not in html


def test_a_new_member_signs_up_with_a_phone_then_joins_by_the_link(client, team_a, leader_a):
    join_url = _join_url(team_a)
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Trần Thị Mới",
            "phone": "0987 654 321",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": join_url,
        },
    )
    assert response["Location"] == join_url
    page = client.get(join_url).content.decode()
    assert "Tham gia tổ" in page and "Bạn thuộc tổ chức nào?" in page
    response = client.post(join_url, {"affiliation": "youth_union"}, follow=True)
    user = User.objects.get(phone="+84987654321")
    membership = Membership.objects.get(user=user)
    assert membership.team == team_a and membership.affiliation == "youth_union"
    assert membership.role == Membership.Role.MEMBER
    assert "Chào mừng bạn đến với “Tổ CNS Ấp 1”!" in response.content.decode()
    assert "Trần Thị Mới" in response.content.decode()


def test_a_member_who_signs_in_from_the_join_page_is_sent_back(client, team_a, make_user):
    make_user(phone="+84912345678")
    response = client.post(
        reverse("account_login"), {"login": "0912345678", "password": PASSWORD, "next": _join_url(team_a)}
    )
    assert response["Location"] == _join_url(team_a)


def test_a_logged_out_post_joins_nobody(client, team_a):
    response = client.post(_join_url(team_a), {"affiliation": "other"})
    assert response["Location"].startswith(reverse("account_login"))
    assert not team_a.memberships.exists()


def test_rotating_the_token_voids_the_old_link(client, team_a, leader_a, nobody):
    old_url = _join_url(team_a)
    client.force_login(leader_a)
    response = client.post(reverse("accounts:team_rotate_invite", args=[team_a.pk]), follow=True)
    assert "Liên kết cũ không còn dùng được." in response.content.decode()
    team_a.refresh_from_db()
    assert _join_url(team_a) != old_url
    client.force_login(nobody)
    page = client.get(old_url)
    assert page.status_code == 404
    assert "Liên kết mời không hợp lệ hoặc đã được thay mới" in page.content.decode()
    assert client.post(old_url, {"affiliation": "other"}).status_code == 404
    assert not Membership.objects.filter(user=nobody).exists()
    assert client.get(_join_url(team_a)).status_code == 200


def test_a_made_up_token_is_refused_in_vietnamese(client, nobody):
    client.force_login(nobody)
    response = client.get(reverse("accounts:join", args=["khong-co-that"]))
    assert response.status_code == 404
    assert "Liên kết mời không hợp lệ" in response.content.decode()


def test_a_full_team_refuses_the_join_and_says_why(client, team_a, make_user, nobody, settings):
    settings.TEAM_SIZE_LIMIT = 2
    for i in range(2):
        services.add_member(team=team_a, user=make_user(name=f"Người {i}"))
    client.force_login(nobody)
    page = client.get(_join_url(team_a)).content.decode()
    assert "Tổ đã đủ 2 thành viên" in page and "2/2 thành viên" in page
    response = client.post(_join_url(team_a), {"affiliation": "other"}, follow=True)
    assert "Tổ “Tổ CNS Ấp 1” đã đủ 2 thành viên, không thể thêm người." in response.content.decode()
    assert not Membership.objects.filter(user=nobody).exists()


def test_someone_already_in_a_team_cannot_join_another(client, team_b, member_a):
    client.force_login(member_a)
    page = client.get(_join_url(team_b)).content.decode()
    assert "Bạn đang là thành viên của “Tổ CNS Ấp 1”" in page
    response = client.post(_join_url(team_b), {"affiliation": "other"}, follow=True)
    assert "Mỗi người chỉ ở một tổ" in response.content.decode()
    assert Membership.objects.get(user=member_a).team.name == "Tổ CNS Ấp 1"


def test_joining_twice_changes_nothing(client, team_a, member_a):
    client.force_login(member_a)
    assert "Bạn đã là thành viên của tổ này." in client.get(_join_url(team_a)).content.decode()
    response = client.post(_join_url(team_a), {"affiliation": "bank"}, follow=True)
    assert "Bạn đã là thành viên của tổ này." in response.content.decode()
    assert Membership.objects.get(user=member_a).affiliation == "other"


def test_the_join_page_refuses_other_methods(client, team_a, nobody):
    client.force_login(nobody)
    assert client.put(_join_url(team_a)).status_code == 405


NUL_URLS = [
    "/join/%00/",
    "/join/abc%00def/",
    "/join/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00/",
    "/accounts/login/?next=/%00/",
    "/accounts/signup/?next=%00",
    "/admin/login/?next=/admin/%00/",
    "/accounts/password/reset/key/%00-%00/",
    "/units/%00/",
    "/teams/1%00/",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_in_a_url_is_a_clear_answer_never_a_500(client, team_a, url):
    # PostgreSQL refuses a NUL in a query: the invite token reached it unchecked.
    response = client.get(url)
    assert response.status_code in {200, 302, 404}, response.status_code


@pytest.mark.parametrize("token", ["%00", "abc%00def", "..", "a" * 40])
def test_a_malformed_invite_link_shows_the_invalid_link_page(client, team_a, token):
    response = client.get(f"/join/{token}/")
    assert response.status_code == 404
    assert "Liên kết mời không hợp lệ hoặc đã được thay mới." in response.content.decode()


def test_posting_to_a_malformed_invite_link_changes_nothing(client, member_a, team_b):
    client.force_login(member_a)
    assert client.post("/join/%00/", {"affiliation": "bank"}).status_code == 404
    assert not team_b.memberships.exists()
