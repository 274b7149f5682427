"""The organiser sets how many guests a live round takes: on the create and edit pages, shown on the round's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions.live.models import LiveRound
from competitions.organise import live_services as live
from tests.competitions.organise_helpers import form_fields, url
from tests.competitions.test_organise_live import as_organiser, data, picked, post_data

pytestmark = pytest.mark.django_db

FIXTURES = (as_organiser,)  # test_organise_live's


def test_an_organiser_sets_the_guest_limit_when_creating_a_round(as_organiser, stage, bank, team_a):
    response = as_organiser.post(
        url("live_create", stage.pk),
        post_data(questions=[bank[0]], teams=[team_a], guests_allowed="on", guest_limit="150"),
    )

    live_round = LiveRound.objects.get()
    assert response["Location"] == url("live_round", live_round.pk)
    assert live_round.guest_limit == 150
    assert "khách được tham gia (tối đa 150 khách)" in as_organiser.get(response["Location"]).content.decode()


def test_a_new_round_takes_300_guests_unless_the_organiser_says_otherwise(as_organiser, stage):
    fields = form_fields(as_organiser.get(url("live_create", stage.pk)).content.decode())

    assert fields["guest_limit"] == ["300"]


def test_a_guest_limit_left_empty_is_the_default_of_300(as_organiser, stage, bank, team_a):
    as_organiser.post(
        url("live_create", stage.pk),
        post_data(questions=[bank[0]], teams=[team_a], guests_allowed="on", guest_limit=""),
    )

    assert LiveRound.objects.get().guest_limit == 300


@pytest.mark.parametrize("limit", ["0", "10001", "-5", "nhiều"])
def test_a_guest_limit_out_of_range_is_refused_and_nothing_is_saved(as_organiser, stage, bank, team_a, limit):
    response = as_organiser.post(
        url("live_create", stage.pk), post_data(questions=[bank[0]], teams=[team_a], guest_limit=limit)
    )

    assert response.status_code == 200
    assert 'id="id_guest_limit"' in response.content.decode()
    assert response.context["form"].errors["guest_limit"]
    assert not LiveRound.objects.exists()


def test_the_service_refuses_a_guest_limit_out_of_range_with_a_message(stage, organiser_a, bank, team_a):
    with pytest.raises(ValidationError) as refused:
        live.create_live_round(
            actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a], guest_limit=0)
        )

    assert refused.value.message_dict["guest_limit"] == ["Số khách tối đa từ 1 đến 10000."]
    assert not LiveRound.objects.exists()


def test_the_edit_page_changes_the_guest_limit(as_organiser, stage, organiser_a, bank, team_a):
    live_round = live.create_live_round(
        actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a], guests_allowed=True)
    )
    fields = form_fields(as_organiser.get(url("live_edit", live_round.pk)).content.decode())
    assert fields["guest_limit"] == ["300"]
    fields["guest_limit"] = ["40"]

    response = as_organiser.post(url("live_edit", live_round.pk), fields)

    assert response.status_code == 302
    live_round.refresh_from_db()
    assert live_round.guest_limit == 40


def test_a_round_made_by_the_service_without_a_guest_limit_takes_300_guests(stage, organiser_a, bank, team_a):
    live_round = live.create_live_round(
        actor=organiser_a,
        stage=stage,
        data=live.LiveRoundData(
            title="Giao lưu", opens_at=timezone.now() + timedelta(hours=2), questions=picked(bank[:1]), teams=[team_a]
        ),
    )

    live_round.refresh_from_db()
    assert live_round.guest_limit == 300


def test_the_service_puts_back_the_default_when_an_edit_gives_no_guest_limit(stage, organiser_a, bank, team_a):
    live_round = live.create_live_round(
        actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a], guest_limit=40)
    )
    again = live.live_round_data(live_round)
    assert again.guest_limit == 40
    again.guest_limit = None

    live.update_live_round(actor=organiser_a, live_round=live_round, data=again)

    live_round.refresh_from_db()
    assert live_round.guest_limit == 300
