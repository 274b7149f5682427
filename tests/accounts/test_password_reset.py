"""Getting back in: the e-mail reset never ends in a 500; phone-only members get a temporary password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import Membership, RoleAssignment, User
from quizsite.accounts.phone import display_phone
from tests.conftest import PASSWORD


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_reset_link_goes_by_email(client, make_user):
    make_user(email="lan@example.vn")
    response = client.post(reverse("account_reset_password"), {"email": "lan@example.vn"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_reset_form_answers_the_same_whether_or_not_the_email_has_an_account(make_user):
    make_user(email="lan@example.vn")
    answers = []
    for email in ("lan@example.vn", "khong-ai@example.vn"):
        response = Client().post(reverse("account_reset_password"), {"email": email}, follow=True)
        answers.append((response.status_code, response.redirect_chain, _without_csrf(response.content.decode())))

    assert answers[0] == answers[1]
    assert "Nếu địa chỉ này là e-mail của một tài khoản" in answers[0][2]
    assert [message.to for message in mail.outbox] == [["lan@example.vn"]]  # none to the unknown address


def test_the_reset_limit_counts_per_address_the_same_for_known_and_unknown_ones(make_user):
    make_user(email="lan@example.vn")
    for email in ("lan@example.vn", "khong-ai@example.vn"):
        phone = Client()
        codes = [phone.post(reverse("account_reset_password"), {"email": email}).status_code for _ in range(6)]
        assert codes == [302] * 5 + [429], email
    # Another address from the same phone is not held up by those.
    assert Client().post(reverse("account_reset_password"), {"email": "mai@example.vn"}).status_code == 302
    assert len(mail.outbox) == 5


def _reset_mail(client: Client, email: str) -> mail.EmailMessage:
    client.post(reverse("account_reset_password"), {"email": email})
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_the_reset_email_is_vietnamese_from_the_sites_sender(client, make_user, settings):
    settings.DEFAULT_FROM_EMAIL = "Thi kỹ năng số <no-reply@quiz.example.vn>"
    make_user(email="lan@example.vn", name="Trần Thị Lan")

    message = _reset_mail(client, "lan@example.vn")

    assert message.subject == "Thi kỹ năng số: đặt lại mật khẩu"
    assert message.from_email == "Thi kỹ năng số <no-reply@quiz.example.vn>"
    assert "Chào Trần Thị Lan," in message.body
    assert "Liên kết chỉ dùng được một lần." in message.body
    assert not re.search(r"Hello|Password|password|reset|Thank you", message.subject + message.body.split("http")[0])


def test_the_reset_email_is_english_when_english_was_chosen(client, make_user):
    make_user(email="lan@example.vn", name="Trần Thị Lan")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    message = _reset_mail(client, "lan@example.vn")

    assert message.subject == "Digital skills quiz: reset your password"
    assert "Hello Trần Thị Lan," in message.body
    assert "Chào" not in message.body and "mật khẩu" not in message.body


def test_the_link_in_the_reset_email_sets_a_new_password(client, make_user):
    lan = make_user(email="lan@example.vn")
    link = re.search(r"https?://testserver(/\S+)", _reset_mail(client, "lan@example.vn").body).group(1)

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"password1": "Mat-khau-moi-2025", "password2": "Mat-khau-moi-2025"}, follow=True
    )

    assert "Mật khẩu của bạn đã được đổi." in done.content.decode()
    lan.refresh_from_db()
    assert lan.check_password("Mat-khau-moi-2025")
    assert "Liên kết không hợp lệ" in client.get(link, follow=True).content.decode()  # used once


def test_a_mail_server_that_cannot_be_reached_is_said_plainly_not_a_500(client, make_user, settings):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    make_user(email="lan@example.vn")
    response = client.post(reverse("account_reset_password"), {"email": "lan@example.vn"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("account_reset_password")
    assert "Không gửi được e-mail lúc này." in response.content.decode()


def test_the_reset_page_tells_phone_only_members_who_can_help(client, db):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "cán bộ tổ chức cấp cho bạn một mật khẩu tạm" in html


# --- A temporary password from an organiser ------------------------------------------


def _url(membership: Membership) -> str:
    return reverse("accounts:member_password", args=[membership.team_id, membership.pk])


def _give_temporary(client: Client, membership: Membership) -> str:
    response = client.post(_url(membership))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return re.search(r'<output id="temporary-password">([^<]+)</output>', response.content.decode()).group(1)


def _sign_in(client: Client, user: User, password: str):
    return client.post(reverse("account_login"), {"login": display_phone(user.phone), "password": password})


@pytest.fixture
def membership(member_a) -> Membership:
    return Membership.objects.get(user=member_a)


def test_an_organiser_gives_a_member_a_temporary_password_that_must_be_changed(client, organiser_a, membership):
    member = membership.user
    client.force_login(organiser_a)
    confirm = client.get(_url(membership)).content.decode()
    assert "Cấp mật khẩu tạm cho" in confirm and "Hoàng Thành Viên" in confirm
    temporary = _give_temporary(client, membership)
    assert len(temporary) >= 12

    phone = Client()
    assert _sign_in(phone, member, PASSWORD).status_code == 200  # the old one is gone
    response = _sign_in(phone, member, temporary)
    assert response["Location"] == reverse("account_change_password") + "?next=/"
    page = phone.get(response["Location"]).content.decode()
    assert "Bạn đang dùng mật khẩu tạm do cán bộ cấp." in page

    response = phone.post(
        reverse("account_change_password"),
        {"oldpassword": temporary, "password1": "Mat-khau-moi-2025", "password2": "Mat-khau-moi-2025", "next": "/"},
    )
    assert response["Location"] == "/"
    member.refresh_from_db()
    assert not member.must_change_password
    again = Client()
    assert _sign_in(again, member, "Mat-khau-moi-2025")["Location"] == reverse("home")


def test_the_temporary_password_is_shown_once_and_differs_each_time(client, organiser_a, membership):
    client.force_login(organiser_a)
    first = _give_temporary(client, membership)
    assert first not in client.get(_url(membership)).content.decode()
    assert _give_temporary(client, membership) != first


def test_a_member_locked_out_by_their_own_typos_gets_in_with_the_temporary_password(client, organiser_a, membership):
    phone = Client()
    for n in range(6):
        _sign_in(phone, membership.user, f"quen-roi-{n}")
    client.force_login(organiser_a)
    temporary = _give_temporary(client, membership)
    assert _sign_in(phone, membership.user, temporary).status_code == 302


def test_the_members_open_sessions_end(client, organiser_a, membership):
    phone = Client()
    _sign_in(phone, membership.user, PASSWORD)
    assert phone.get(reverse("home")).context["user"] == membership.user
    client.force_login(organiser_a)
    _give_temporary(client, membership)
    assert not phone.get(reverse("home")).context["user"].is_authenticated


def test_the_team_page_offers_it_to_organisers_only(client, organiser_a, leader_a, membership):
    link = _url(membership)
    client.force_login(organiser_a)
    assert link in client.get(reverse("accounts:team_detail", args=[membership.team_id])).content.decode()
    client.force_login(leader_a)
    assert link not in client.get(reverse("accounts:team_detail", args=[membership.team_id])).content.decode()


@pytest.mark.parametrize("who", ["leader_a", "viewer_a", "nobody", "member_a"])
def test_people_who_are_not_organisers_above_the_team_are_refused(request, client, membership, who):
    client.force_login(request.getfixturevalue(who))
    before = User.objects.get(pk=membership.user_id).password
    assert client.get(_url(membership)).status_code == 403
    assert client.post(_url(membership)).status_code == 403
    assert User.objects.get(pk=membership.user_id).password == before


def test_an_organiser_of_another_commune_gets_a_404(client, organiser_b, membership):
    client.force_login(organiser_b)
    before = User.objects.get(pk=membership.user_id).password
    assert client.get(_url(membership)).status_code == 404
    assert client.post(_url(membership)).status_code == 404
    assert User.objects.get(pk=membership.user_id).password == before


def test_a_member_who_is_an_officer_above_the_organiser_keeps_their_password(
    client, organiser_a, province, make_officer, team_a
):
    # A province officer who also plays for a hamlet team: the commune organiser must not take the account over.
    boss = make_officer(RoleAssignment.Role.ORGANISER, province, "Cán Bộ Tỉnh")
    boss_membership = services.add_member(team=team_a, user=boss)
    client.force_login(organiser_a)
    assert client.post(_url(boss_membership)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.reset_member_password(actor=organiser_a, membership=boss_membership)
    assert User.objects.get(pk=boss.pk).check_password(PASSWORD)

    client.force_login(make_officer(RoleAssignment.Role.ORGANISER, province, "Cán Bộ Tỉnh Khác"))
    assert client.post(_url(boss_membership)).status_code == 200


def test_no_one_resets_a_staff_account_or_their_own_this_way(client, organiser_a, team_a, make_user):
    staff = make_user(name="Nhân Viên", is_staff=True)
    staff_membership = services.add_member(team=team_a, user=staff)
    own = services.add_member(team=team_a, user=organiser_a)
    client.force_login(organiser_a)
    assert client.post(_url(staff_membership)).status_code == 403
    assert client.post(_url(own)).status_code == 403


def test_the_service_refuses_an_outsider(organiser_b, membership):
    with pytest.raises(PermissionDenied):
        services.reset_member_password(actor=organiser_b, membership=membership)
    assert User.objects.get(pk=membership.user_id).check_password(PASSWORD)
