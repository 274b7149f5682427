"""The organiser says when a round reminds the members who have not played (Round.remind_at)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from competitions.models import Round
from tests.competitions.organise_helpers import local, round_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


def test_an_organiser_sets_the_reminder_time_in_vietnam_time(as_organiser, stage, topic):
    as_organiser.post(
        url("round_create", stage.pk),
        round_post(
            topic=topic, opens_at="2026-11-23T07:00", closes_at="2026-11-29T21:00", remind_at="2026-11-29T17:30"
        ),
    )

    assert timezone.localtime(Round.objects.get().remind_at).strftime("%H:%M %d/%m") == "17:30 29/11"


def test_left_empty_the_form_says_when_the_reminder_goes(as_organiser, stage, topic):
    page = as_organiser.get(url("round_create", stage.pk)).content.decode()
    as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, remind_at=""))

    assert "19:00 hôm trước ngày đóng" in page
    assert Round.objects.get().remind_at is None


def test_a_reminder_time_after_the_close_is_refused_and_nothing_changes(as_organiser, open_round, topic):
    data = round_post(
        topic=topic,
        opens_at=local(open_round.opens_at),
        closes_at=local(open_round.closes_at),
        remind_at=local(open_round.closes_at + (open_round.closes_at - open_round.opens_at)),
        title="Đổi tên",
    )

    response = as_organiser.post(url("round_edit", open_round.pk), data)

    assert response.status_code == 200
    assert "Giờ nhắc phải trong lúc vòng thi mở" in response.content.decode()
    open_round.refresh_from_db()
    assert (open_round.title, open_round.remind_at) == ("Tuần 1: An toàn trên mạng", None)


def test_the_edit_form_shows_the_saved_reminder_time(as_organiser, open_round):
    Round.objects.filter(pk=open_round.pk).update(
        remind_at=open_round.closes_at.replace(microsecond=0) - timezone.timedelta(hours=3)
    )
    open_round.refresh_from_db()

    page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()

    assert f'value="{local(open_round.remind_at)}"' in page
