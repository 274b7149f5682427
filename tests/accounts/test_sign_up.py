"""Sign-up works for everyone, not only the first person: by the form, by invite, at the same time."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from quizsite.accounts.models import Membership, User
from tests.accounts.threads import at_once
from tests.components import postgres_url
from tests.conftest import PASSWORD

HALL = "203.0.113.40"


def _sign_up(client: Client, n: int, **extra) -> object:
    return client.post(
        reverse("account_signup"),
        {
            "full_name": f"Người Đăng Ký {n}",
            "phone": f"0988 {n:03d} {n:03d}",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def test_thirty_people_sign_up_one_after_another_from_one_hall(db):
    # The first used to be stored with username ""; the second then hit the
    # unique index (HTTP 500), and the 21st from one address got HTTP 429.
    for n in range(30):
        response = _sign_up(Client(REMOTE_ADDR=HALL), n)
        assert response.status_code == 302, (n, response.status_code)
    users = User.objects.filter(full_name__startswith="Người Đăng Ký")
    assert users.count() == 30
    usernames = set(users.values_list("username", flat=True))
    assert len(usernames) == 30 and "" not in usernames


def test_each_new_person_is_signed_in_as_themselves(db):
    for n in range(3):
        client = Client()
        _sign_up(client, n)
        assert client.get(reverse("home")).context["user"].phone == f"+84988{n:03d}{n:03d}"


def test_several_people_join_one_team_through_its_invite_link(team_a, leader_a):
    join_url = reverse("accounts:join", args=[team_a.invite_token])
    for n in range(4):
        client = Client()
        response = _sign_up(client, n, next=join_url)
        assert response["Location"] == join_url
        response = client.post(join_url, {"affiliation": "youth_union"}, follow=True)
        assert f"Chào mừng bạn đến với “{team_a.name}”!" in response.content.decode()
    joined = Membership.objects.filter(team=team_a, user__full_name__startswith="Người Đăng Ký")
    assert joined.count() == 4


def test_the_database_refuses_an_empty_username(make_user):
    person = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(username="")


def test_the_admin_adds_people_one_after_another(client, make_user):
    client.force_login(make_user(name="Quản Trị", is_staff=True, is_superuser=True))
    for n in range(2):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "full_name": f"Người {n}",
                "phone": f"+8497700000{n}",
                "email": "",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.filter(full_name__in=["Người 0", "Người 1"]).count() == 2


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_people_signing_up_at_the_same_moment_all_get_in():
    postgres_url()
    clients = [Client(REMOTE_ADDR=HALL) for _ in range(10)]
    results = at_once([lambda c=c, n=n: _sign_up(c, n) for n, c in enumerate(clients)])

    assert [getattr(r, "status_code", r) for r in results] == [302] * 10
    assert User.objects.filter(full_name__startswith="Người Đăng Ký").count() == 10
    for n, client in enumerate(clients):
        assert client.get(reverse("home")).context["user"].phone == f"+84988{n:03d}{n:03d}"
