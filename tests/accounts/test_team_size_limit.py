"""The size limit holds when the last free place is wanted by many at once, and when it is cleared."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import Membership, Team, Unit, User
from tests.components import postgres_url


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_many_people_racing_for_the_last_place_leave_the_team_at_its_limit():
    postgres_url()
    commune = services.create_unit(name="Xã Đua", kind=Unit.Kind.COMMUNE)
    team = services.create_team(unit=commune, name="Tổ Đua", size_limit=3)
    services.add_member(team=team, user=User.objects.create_user(phone="+84900000001", full_name="Người 1"))
    services.add_member(team=team, user=User.objects.create_user(phone="+84900000002", full_name="Người 2"))
    racers = [User.objects.create_user(phone=f"+8490000010{i}", full_name=f"Người đua {i}") for i in range(8)]
    start = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def race(user: User) -> None:
        try:
            start.wait()
            services.add_member(team=Team.objects.get(pk=team.pk), user=user)
            outcomes.append("in")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=[user]) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Membership.objects.filter(team=team).count() == 3
    assert outcomes.count("in") == 1
    assert outcomes.count("Tổ “Tổ Đua” đã đủ 3 thành viên, không thể thêm người.") == 7


def test_clearing_the_limit_of_a_team_above_the_common_limit_is_refused(client, organiser_a, team_a, make_user):
    client.force_login(organiser_a)
    client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": "15"})
    for i in range(12):
        services.add_member(team=team_a, user=make_user(name=f"Người {i}"))

    response = client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": ""}, follow=True)

    team_a.refresh_from_db()
    assert team_a.size_limit == 15 and team_a.max_members == 15
    html = response.content.decode()
    assert "Tổ đang có 12 thành viên, nhiều hơn giới hạn chung 10: hãy giữ một giới hạn riêng từ 12 trở lên." in html
    assert "12/15 thành viên" in html


def test_clearing_the_limit_of_a_team_within_the_common_limit_goes_back_to_it(client, organiser_a, team_a, leader_a):
    client.force_login(organiser_a)
    client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": "15"})
    response = client.post(reverse("accounts:team_size_limit", args=[team_a.pk]), {"size_limit": ""}, follow=True)
    team_a.refresh_from_db()
    assert team_a.size_limit is None
    assert "1/10 thành viên" in response.content.decode()


def test_the_service_refuses_to_clear_below_the_members_too(organiser_a, team_a, make_user, settings):
    settings.TEAM_SIZE_LIMIT = 3
    services.set_team_size_limit(actor=organiser_a, team=team_a, size_limit=5)
    for i in range(4):
        services.add_member(team=team_a, user=make_user(name=f"Người {i}"))
    with pytest.raises(ValidationError):
        services.set_team_size_limit(actor=organiser_a, team=team_a, size_limit=None)
    team_a.refresh_from_db()
    assert team_a.size_limit == 5
