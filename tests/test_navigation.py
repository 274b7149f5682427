"""The header menu: each person is offered exactly the places they may open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quizsite.accounts import services as accounts
from quizsite.accounts.models import RoleAssignment
from quizsite.navigation import menu_for

Role = RoleAssignment.Role

OFFICER_PAGES = [
    "questionbank:list",
    "questionbank:review_queue",
    "organise:competitions",
    "accounts:unit_list",
    "leaderboards:standings_competitions",
    "leaderboards:monthly",
]
OWN_PAGES = ["leaderboards:standings"]  # everyone signed in: my standings
ACCOUNT_PAGES = ["accounts:profile", "account_change_password"]
GUEST_PAGES = ["account_login", "account_signup"]
# Every fixed place the menu can offer anyone; "my team" depends on the person.
PLACES = ["home", *OWN_PAGES, *OFFICER_PAGES, "admin:index", *ACCOUNT_PAGES, *GUEST_PAGES]

# The places each standard person may open ("team" = their own team's page).
EXPECTED = {
    "logged-out": ["home", *GUEST_PAGES],
    "member": ["home", "team", *OWN_PAGES, *ACCOUNT_PAGES],
    "leader": ["home", "team", *OWN_PAGES, *ACCOUNT_PAGES],
    "author": ["home", *OWN_PAGES, "questionbank:list", *ACCOUNT_PAGES],
    "reviewer": ["home", *OWN_PAGES, "questionbank:list", "questionbank:review_queue", *ACCOUNT_PAGES],
    "organiser": [
        "home",
        *OWN_PAGES,
        "organise:competitions",
        "accounts:unit_list",
        "leaderboards:standings_competitions",
        "leaderboards:monthly",
        *ACCOUNT_PAGES,
    ],
    "viewer": [
        "home",
        *OWN_PAGES,
        "organise:competitions",
        "accounts:unit_list",
        "leaderboards:standings_competitions",
        "leaderboards:monthly",
        *ACCOUNT_PAGES,
    ],
    "superuser": ["home", *OWN_PAGES, *OFFICER_PAGES, "admin:index", *ACCOUNT_PAGES],
}


@pytest.fixture
def person(request, make_user, make_officer, commune_a, member_a, leader_a, author_a, reviewer_a, organiser_a):
    """Sign in the standard person named by the test's parameter (None when logged out)."""

    def sign_in(client, who: str):
        users = {
            "logged-out": None,
            "member": member_a,
            "leader": leader_a,
            "author": author_a,
            "reviewer": reviewer_a,
            "organiser": organiser_a,
            "viewer": make_officer(Role.VIEWER, commune_a, "Đinh Theo Dõi"),
            "superuser": make_user(name="Quản Trị Viên", is_superuser=True, is_staff=True),
        }
        user = users[who]
        if user is not None:
            client.force_login(user)
        return user

    return sign_in


def header_links(html: str) -> list[str]:
    header = html.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]
    return re.findall(r'href="([^"]+)"', header)


def _expected_urls(names: list[str], team_url: str) -> set[str]:
    return {team_url if name == "team" else reverse(name) for name in names}


@pytest.mark.parametrize("who", EXPECTED)
def test_the_header_offers_each_person_exactly_their_places_and_each_opens(client, person, team_a, who):
    person(client, who)
    team_url = reverse("accounts:team_detail", args=[team_a.pk])

    offered = set(header_links(client.get(reverse("home")).content.decode()))

    assert offered == _expected_urls(EXPECTED[who], team_url)
    for url in offered:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", EXPECTED)
def test_the_places_the_header_leaves_out_do_not_open_for_that_person(client, person, who):
    person(client, who)
    left_out = [name for name in PLACES if name not in EXPECTED[who]]

    statuses = {name: client.get(reverse(name)).status_code for name in left_out}

    # Refused (403/404) or sent elsewhere (sign-in, or home for someone already signed in).
    assert all(status in {302, 403, 404} for status in statuses.values()), statuses


def test_an_author_is_never_shown_the_review_queue_they_cannot_open(client, author_a):
    client.force_login(author_a)
    queue = reverse("questionbank:review_queue")

    for name in ["home", "questionbank:list", "questionbank:excel_import", "questionbank:create"]:
        assert queue not in client.get(reverse(name)).content.decode(), name
    assert client.get(queue).status_code == 403


def test_a_revoked_role_leaves_the_menu_on_the_next_page(client, reviewer_a):
    client.force_login(reviewer_a)
    queue = reverse("questionbank:review_queue")
    assert queue in header_links(client.get(reverse("home")).content.decode())

    RoleAssignment.objects.filter(user=reviewer_a).delete()

    assert queue not in header_links(client.get(reverse("home")).content.decode())


def test_the_menu_is_a_disclosure_with_the_name_and_a_sign_out_button(client, member_a):
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    header = page.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]
    assert '<details class="menu">' in header and "<summary>" in header
    assert member_a.full_name in header
    assert f'action="{reverse("account_logout")}"' in header and "Đăng xuất" in header
    assert "<script" not in header


def test_the_current_page_is_marked_in_the_menu(client, member_a):
    client.force_login(member_a)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("accounts:profile")}" aria-current="page"' in page


def test_every_page_gets_the_same_header(client, organiser_a):
    client.force_login(organiser_a)
    home = header_links(client.get(reverse("home")).content.decode())

    for name in [
        "organise:competitions",
        "accounts:unit_list",
        "leaderboards:monthly",
        "accounts:profile",
        "account_change_password",
    ]:
        assert header_links(client.get(reverse(name)).content.decode()) == home, name


def test_the_menu_costs_one_query(member_a, django_assert_num_queries):
    accounts.grant_role(user=member_a, role=Role.AUTHOR, unit=member_a.memberships.get().team.unit)

    with django_assert_num_queries(1):
        menu = menu_for(member_a)

    assert [link.name for link in menu.links] == [
        "home",
        "accounts:team_detail",
        "leaderboards:standings",
        "questionbank:list",
        "accounts:profile",
        "account_change_password",
    ]
    assert [str(label) for label in menu.role_labels] == ["Soạn câu hỏi"]


def test_signing_up_from_the_header_of_an_invite_page_comes_back_to_it(client, team_a):
    invite = reverse("accounts:join", args=[team_a.invite_token])

    page = client.get(invite).content.decode()

    header = page.split("</header>", 1)[0]
    assert f'href="{reverse("account_signup")}?next={invite.replace("/", "%2F")}"' in header
    assert f'href="{reverse("account_login")}?next={invite.replace("/", "%2F")}"' in header
