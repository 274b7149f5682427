"""First sign-in links: the leader's sheet and Zalo text, once only, expiry, whose link, shared phones."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizsite.accounts import services as accounts
from quizsite.accounts import sign_in_links
from quizsite.accounts.models import Membership, SignInLink
from tests.accounts.threads import at_once
from tests.components import postgres_url

LINK = re.compile(r"https?://[^\s\"<]+/link/#([A-Za-z0-9_-]{43})")


@pytest.fixture
def make_imported(make_user):
    """A member as the roster import makes them: in a team, with no password."""

    def make(team, name: str, role: str = Membership.Role.MEMBER):
        user = make_user(name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        accounts.add_member(team=team, user=user, role=role)
        return user

    return make


@pytest.fixture
def lan(make_imported, team_a):
    return make_imported(team_a, "Lê Thị Lan")


@pytest.fixture
def minh(make_imported, team_a):
    return make_imported(team_a, "Trần Văn Minh")


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, frozen; move it with ``clock[0] += timedelta(...)``."""
    now = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: now[0])
    return now


def issue(client: Client, team, **data):
    return client.post(reverse("accounts:team_sign_in_links", args=[team.pk]), {"days": 7, **data})


def sheet_links(leader, team, members=None) -> dict[str, str]:
    """The tokens of a fresh sheet, by member name (the sheet's order)."""
    client = Client()
    client.force_login(leader)
    data = {"members": [m.memberships.get().pk for m in members]} if members else {}
    if not members:
        page = client.get(reverse("accounts:team_sign_in_links", args=[team.pk]))
        data["members"] = [m.pk for m, checked, _w in page.context["rows"] if checked]
    response = issue(client, team, **data)
    assert response.status_code == 200, response.content
    return {link.membership.user.full_name: link.url.split("#")[1] for link, _qr in response.context["sheet"]}


def open_link(client: Client, token: str):
    """What the member's phone does: open the page, post the token from the fragment, then confirm."""
    client.get(reverse("accounts:sign_in_link"))
    client.post(reverse("accounts:sign_in_link"), {"token": token})
    return client.post(reverse("accounts:sign_in_link"), {"token": token, "confirm": "1"})


def signed_in(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value else None


def test_a_leader_gets_one_link_per_member_without_a_password_on_the_sheet_and_in_the_zalo_text(
    client, leader_a, member_a, lan, minh, make_imported, team_a, team_b
):
    stranger = make_imported(team_b, "Phan Văn Khác")
    client.force_login(leader_a)

    form = client.get(reverse("accounts:team_sign_in_links", args=[team_a.pk]))
    checked = [m for m, is_checked, _waiting in form.context["rows"] if is_checked]
    response = issue(client, team_a, members=[m.pk for m in checked])

    assert sorted(m.user.full_name for m in checked) == ["Lê Thị Lan", "Trần Văn Minh"]
    html = response.content.decode()
    zalo = html[html.index('<textarea id="zalo-text"') : html.index("</textarea>")]
    sheet = html[html.index('<section class="sheet"') :]
    tokens = LINK.findall(zalo)
    assert sorted(tokens) == sorted(LINK.findall(sheet)) and len(set(tokens)) == 2
    for token, name in zip(tokens, ["Lê Thị Lan", "Trần Văn Minh"], strict=True):
        assert zalo.count(token) == 1 and sheet.count(token) == 1
        assert f"{name}: " in zalo
    assert "Hoàng Thành Viên" not in zalo and "Đỗ Tổ Trưởng" not in zalo
    assert "Phan Văn Khác" not in html
    assert sheet.count("<svg") == 2
    assert "no-store" in response["Cache-Control"]
    assert not SignInLink.objects.filter(user=stranger).exists()


def test_the_sheet_names_a_hamlets_team_with_its_commune_and_a_communes_own_team_with_the_commune(
    client, organiser_a, commune_a, team_a, lan, make_imported
):
    communes_own = accounts.create_team(unit=commune_a, name="Tổ CNS xã An Bình")
    vo = make_imported(communes_own, "Võ Thị Xã")
    client.force_login(organiser_a)

    hamlets = issue(client, team_a, members=[lan.memberships.get().pk]).content.decode()
    own = issue(client, communes_own, members=[vo.memberships.get().pk]).content.decode()

    assert "<h2>Tổ CNS Ấp 1 · Ấp 1, Xã An Bình</h2>" in hamlets
    assert "<h2>Tổ CNS xã An Bình · Xã An Bình</h2>" in own


def test_the_form_and_the_sheet_take_the_same_queries_for_two_members_as_for_eight(
    client, leader_a, team_a, make_imported
):
    client.force_login(leader_a)
    path = reverse("accounts:team_sign_in_links", args=[team_a.pk])

    def costs() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as form:
            client.get(path)
        waiting = Membership.objects.filter(team=team_a, user__password__startswith="!")
        with CaptureQueriesContext(connection) as sheet:
            response = issue(client, team_a, members=list(waiting.values_list("pk", flat=True)))
        assert len(response.context["sheet"]) == waiting.count()
        return len(form), len(sheet)

    for n in range(2):
        make_imported(team_a, f"Người Thứ {n + 1}")
    few = costs()
    for n in range(2, 8):
        make_imported(team_a, f"Người Thứ {n + 1}")
    assert costs() == few


def test_only_the_hash_of_a_token_is_stored_and_the_token_is_not_in_the_links_path(leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    link = SignInLink.objects.get(user=lan)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not SignInLink.objects.filter(token_hash__contains=token).exists()
    assert token not in reverse("accounts:sign_in_link")


def test_a_link_signs_its_member_in_once_only(client, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    first = open_link(client, token)
    assert first.status_code == 302 and first["Location"] == reverse("accounts:link_password")
    assert signed_in(client) == lan.pk
    client.post(reverse("account_logout"))

    again = open_link(client, token)
    assert again.status_code == 410
    assert "đã được dùng" in again.content.decode()
    assert signed_in(client) is None


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_four_taps_at_the_same_moment_sign_in_once(leader_a, lan, team_a):
    postgres_url()
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    results = at_once([lambda: sign_in_links.use_link(token) for _tap in range(4)])

    assert sum(1 for r in results if getattr(r, "pk", None) == lan.pk) == 1
    assert all(r.reason == "used" for r in results if isinstance(r, sign_in_links.LinkRefused))


def test_opening_a_link_shows_whose_it_is_and_uses_nothing_until_confirmed(client, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    # A link previewer (Zalo's) fetches the page; the token never even reaches it.
    page = client.get(reverse("accounts:sign_in_link"))
    asked = client.post(reverse("accounts:sign_in_link"), {"token": token})

    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Lê Thị Lan" in asked.content.decode()
    assert signed_in(client) is None
    assert SignInLink.objects.get(user=lan).used_at is None
    assert open_link(client, token).status_code == 302


def test_a_link_stops_working_when_it_expires(client, clock, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    clock[0] += timedelta(days=7, seconds=-1)
    assert client.post(reverse("accounts:sign_in_link"), {"token": token}).status_code == 200
    clock[0] += timedelta(seconds=1)
    response = open_link(client, token)

    assert response.status_code == 410
    assert "đã hết hạn" in response.content.decode()
    assert signed_in(client) is None


def test_the_days_of_validity_are_from_1_to_30(client, clock, leader_a, lan, team_a):
    client.force_login(leader_a)
    pk = lan.memberships.get().pk

    for days in (0, 31, "mười"):
        response = issue(client, team_a, members=[pk], days=days)
        assert response.status_code == 200 and "sheet" not in response.context
    assert not SignInLink.objects.exists()

    issue(client, team_a, members=[pk], days=30)
    assert SignInLink.objects.get().expires_at == clock[0] + timedelta(days=30)


def test_a_used_or_expired_link_names_the_team_leader_to_ask(client, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]
    open_link(Client(), token)

    response = open_link(client, token)

    assert "Đỗ Tổ Trưởng" in response.content.decode()


def test_a_new_sheet_replaces_the_unused_links(client, leader_a, lan, team_a):
    old = sheet_links(leader_a, team_a)["Lê Thị Lan"]
    new = sheet_links(leader_a, team_a)["Lê Thị Lan"]

    assert open_link(client, old).status_code == 410
    assert open_link(client, new).status_code == 302
    assert signed_in(client) == lan.pk


def test_the_link_of_one_member_never_signs_in_another(client, leader_a, lan, minh, team_a):
    tokens = sheet_links(leader_a, team_a)

    open_link(client, tokens["Lê Thị Lan"])
    assert signed_in(client) == lan.pk
    client.post(reverse("account_logout"))
    open_link(client, tokens["Trần Văn Minh"])

    assert signed_in(client) == minh.pk


def test_on_a_shared_phone_a_link_signs_the_other_person_out_first_with_a_new_session(client, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]
    client.force_login(leader_a)
    before = client.session.session_key

    asked = client.post(reverse("accounts:sign_in_link"), {"token": token})
    assert "Đỗ Tổ Trưởng" in asked.content.decode() and "đăng xuất" in asked.content.decode()
    open_link(client, token)

    assert signed_in(client) == lan.pk
    assert client.session.session_key != before


def test_on_a_shared_phone_after_sign_out_the_sheet_is_not_reachable(client, leader_a, lan, team_a):
    client.force_login(leader_a)
    url = reverse("accounts:team_sign_in_links", args=[team_a.pk])
    sheet = issue(client, team_a, members=[lan.memberships.get().pk])
    assert "no-store" in sheet["Cache-Control"]

    client.post(reverse("account_logout"))

    for response in (client.get(url), issue(client, team_a, members=[lan.memberships.get().pk])):
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert SignInLink.objects.count() == 1


def test_no_link_appears_on_another_members_pages(client, leader_a, lan, minh, team_a):
    tokens = sheet_links(leader_a, team_a)

    response = open_link(client, tokens["Trần Văn Minh"])
    pages = [client.get(response["Location"]), client.get(reverse("accounts:team_detail", args=[team_a.pk]))]

    for page in pages:
        assert tokens["Lê Thị Lan"] not in page.content.decode()
        assert "/link/#" not in page.content.decode()


def test_a_member_cannot_issue_links(client, member_a, lan, team_a):
    client.force_login(member_a)

    response = issue(client, team_a, members=[lan.memberships.get().pk])

    assert response.status_code == 403
    assert not SignInLink.objects.exists()


@pytest.mark.parametrize("who", ["leader_b", "organiser_b"])
def test_another_teams_leader_or_communes_organiser_cannot_issue(request, client, who, make_user, team_b, lan, team_a):
    if who == "leader_b":
        person = make_user(name="Tổ Trưởng Bên")
        accounts.add_member(team=team_b, user=person, role=Membership.Role.LEADER)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)

    response = issue(client, team_a, members=[lan.memberships.get().pk])

    assert response.status_code in (403, 404)
    assert not SignInLink.objects.exists()


def test_the_communes_organiser_issues_links_for_the_team_leader_too(organiser_a, make_imported, lan, team_a):
    leader = make_imported(team_a, "Tổ Trưởng Mới", role=Membership.Role.LEADER)

    tokens = sheet_links(organiser_a, team_a)

    assert set(tokens) == {"Tổ Trưởng Mới", "Lê Thị Lan"}
    assert SignInLink.objects.get(user=leader).created_by == organiser_a


def test_a_leader_cannot_issue_a_link_for_a_member_who_has_a_password_or_an_officer_role(
    client, leader_a, member_a, lan, team_a, make_imported, commune_a
):
    officer = make_imported(team_a, "Cán Bộ Trong Tổ")
    accounts.grant_role(user=officer, role="viewer", unit=commune_a)
    client.force_login(leader_a)

    for person in (member_a, officer):
        response = issue(client, team_a, members=[person.memberships.get().pk])
        assert "sheet" not in response.context
    offered = {
        m.user for m, _c, _w in client.get(reverse("accounts:team_sign_in_links", args=[team_a.pk])).context["rows"]
    }
    assert offered == {lan}
    assert not SignInLink.objects.exists()


def test_the_member_chooses_a_password_after_the_link(client, leader_a, lan, team_a):
    token = sheet_links(leader_a, team_a)["Lê Thị Lan"]
    open_link(client, token)

    response = client.post(
        reverse("accounts:link_password"), {"password1": "Mat-khau-cua-Lan-9", "password2": "Mat-khau-cua-Lan-9"}
    )

    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.check_password("Mat-khau-cua-Lan-9")
    assert signed_in(client) == lan.pk


def test_a_member_who_skips_the_password_stays_signed_in_and_needs_a_new_link_next_time(client, leader_a, lan, team_a):
    open_link(client, sheet_links(leader_a, team_a)["Lê Thị Lan"])

    home = client.get(reverse("home"))

    assert home.status_code == 200 and signed_in(client) == lan.pk
    lan.refresh_from_db()
    assert not lan.has_usable_password()
    client.post(reverse("account_logout"))
    assert open_link(client, sheet_links(leader_a, team_a)["Lê Thị Lan"]).status_code == 302


def test_choosing_a_password_without_the_old_one_needs_a_link_sign_in(client, member_a):
    client.force_login(member_a)

    response = client.get(reverse("accounts:link_password"))

    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")


def test_a_token_that_is_not_ours_says_ask_the_leader(client, db):
    for token in ("", "x" * 43, "<script>", "a\x00b"):
        response = client.post(reverse("accounts:sign_in_link"), {"token": token, "confirm": "1"})
        assert response.status_code == 410
        assert "tổ trưởng" in response.content.decode()
