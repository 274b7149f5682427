"""The admin saves rounds through the organiser's services: it cannot save what the round form refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Round
from tests.competitions.organise_helpers import form_fields

pytestmark = pytest.mark.django_db


def _change_url(round: Round) -> str:
    return reverse("admin:competitions_round_change", args=[round.pk])


def _posted(admin_client, round: Round, **changes) -> dict:
    """The change form as the admin page renders it, with ``changes`` typed in."""
    data = form_fields(admin_client.get(_change_url(round)).content.decode())
    data.update({k: v if isinstance(v, list) else [v] for k, v in changes.items()})
    data.pop("action", None)
    data["_save"] = [""]
    return data


def _split(at) -> dict:
    local_at = timezone.localtime(at)
    return {"0": local_at.strftime("%Y-%m-%d"), "1": local_at.strftime("%H:%M:%S")}


def test_the_admin_saves_a_valid_change_through_the_service(admin_client, open_round):
    response = admin_client.post(_change_url(open_round), _posted(admin_client, open_round, title="Tuần 1 (admin)"))

    assert response.status_code == 302
    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1 (admin)"
    assert list(open_round.blueprint.values_list("count", flat=True)) == [3]


def test_the_admin_cannot_close_a_round_before_it_opens(admin_client, open_round):
    before = _split(open_round.opens_at - timedelta(hours=1))
    data = _posted(admin_client, open_round, closes_at_0=before["0"], closes_at_1=before["1"])

    response = admin_client.post(_change_url(open_round), data)

    assert response.status_code == 200
    assert "Thời điểm đóng phải sau thời điểm mở vòng thi." in response.content.decode()
    old_close = open_round.closes_at
    open_round.refresh_from_db()
    assert open_round.closes_at == old_close


def test_the_admin_cannot_change_the_blueprint_once_attempts_drew_their_questions(admin_client, open_round, member_a):
    attempts.start_attempt(round=open_round, user=member_a)

    response = admin_client.post(
        _change_url(open_round), _posted(admin_client, open_round, **{"blueprint-0-count": "4"})
    )

    assert response.status_code == 200
    assert "không đổi cấu trúc đề được nữa" in response.content.decode()
    assert list(open_round.blueprint.values_list("count", flat=True)) == [3]


def test_the_admin_cannot_give_a_published_round_a_blueprint_the_bank_cannot_fill(admin_client, open_round):
    response = admin_client.post(
        _change_url(open_round), _posted(admin_client, open_round, **{"blueprint-0-count": "50"})
    )

    assert "cần 50 câu, ngân hàng chỉ có 4 câu đã duyệt." in response.content.decode()
    assert list(open_round.blueprint.values_list("count", flat=True)) == [3]


def test_a_round_added_in_the_admin_is_a_draft_and_publishing_it_checks_the_bank(admin_client, stage, topic, bank):
    now = timezone.now()
    opens, closes = _split(now - timedelta(hours=1)), _split(now + timedelta(days=1))
    data = {
        "stage": str(stage.pk),
        "title": "Tuần admin",
        "opens_at_0": opens["0"],
        "opens_at_1": opens["1"],
        "closes_at_0": closes["0"],
        "closes_at_1": closes["1"],
        "time_limit_minutes": "10",
        "attempts_allowed": "1",
        "entry": "team_members",
        "prediction_prompt": "?",
        "answers_shown": "after_close",
        "blueprint-TOTAL_FORMS": "1",
        "blueprint-INITIAL_FORMS": "0",
        "blueprint-MIN_NUM_FORMS": "0",
        "blueprint-MAX_NUM_FORMS": "1000",
        "blueprint-0-topic": str(topic.pk),
        "blueprint-0-difficulty": "",
        "blueprint-0-count": "5",
        "_save": "",
    }

    response = admin_client.post(reverse("admin:competitions_round_add"), data)

    assert response.status_code == 302
    round = Round.objects.get(title="Tuần admin")
    assert round.published_at is None
    assert round.time_limit_seconds == 600
    changelist = reverse("admin:competitions_round_changelist")
    published = admin_client.post(
        changelist, {"action": "publish", "_selected_action": [round.pk]}, follow=True
    ).content.decode()
    assert "cần 5 câu, ngân hàng chỉ có 4 câu đã duyệt." in published
    round.refresh_from_db()
    assert round.published_at is None
