"""The size limit holds when the last free place is wanted by many at once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

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
