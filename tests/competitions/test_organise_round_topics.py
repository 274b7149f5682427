"""The blueprint names topics of the round's bank only: a forged or foreign topic is a form error, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions.models import Round
from competitions.organise import services
from questionbank import services as qb
from tests.competitions.organise_helpers import round_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


@pytest.fixture
def foreign_topic(topic, make_question, author_b, commune_b):
    """A sub-topic only the neighbouring commune's questions use: commune_a's rounds cannot draw from it."""
    subtopic = qb.create_subtopic(parent=topic, name="Chợ phiên Tân Phú trên Zalo")
    make_question(author=author_b, unit=commune_b, topic=subtopic, text="Câu hỏi riêng của xã Tân Phú?")
    return subtopic


@pytest.mark.parametrize("forged", ["999999", "-1", "abc", "99999999999999999999", "1.5"])
def test_a_forged_topic_id_is_a_form_error(as_organiser, stage, topic, forged):
    response = as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, rows=[(forged, "", 3)]))

    assert response.status_code == 200
    assert "Chủ đề này không có trong ngân hàng câu hỏi của vòng thi." in response.content.decode()
    assert not Round.objects.exists()


def test_a_topic_of_another_communes_bank_is_a_form_error_and_not_offered(as_organiser, stage, topic, foreign_topic):
    form = as_organiser.get(url("round_create", stage.pk)).content.decode()
    response = as_organiser.post(
        url("round_create", stage.pk), round_post(topic=topic, rows=[(foreign_topic.pk, "", 1)])
    )

    assert "Chợ phiên Tân Phú" not in form
    assert "Chủ đề này không có trong ngân hàng câu hỏi của vòng thi." in response.content.decode()
    assert not Round.objects.exists()


def test_a_forged_topic_on_the_edit_form_changes_nothing(as_organiser, open_round, topic):
    response = as_organiser.post(url("round_edit", open_round.pk), round_post(topic=topic, rows=[("424242", "", 3)]))

    assert response.status_code == 200
    assert "Chủ đề này không có trong ngân hàng câu hỏi của vòng thi." in response.content.decode()
    assert list(open_round.blueprint.values_list("topic_id", "count")) == [(topic.pk, 3)]


def test_a_topic_of_the_communes_own_bank_is_offered(as_organiser, stage, topic, make_approved):
    own = qb.create_subtopic(parent=topic, name="Lừa đảo ở xã An Bình")
    make_approved(topic=own, text="Câu hỏi của xã An Bình?")

    form = as_organiser.get(url("round_create", stage.pk)).content.decode()

    assert f'<option value="{own.pk}">— Lừa đảo ở xã An Bình</option>' in form


def test_the_service_refuses_a_foreign_topic_whoever_calls_it(organiser_a, stage, foreign_topic):
    now = timezone.now()
    data = services.RoundData(
        title="Tuần 3",
        opens_at=now,
        closes_at=now.replace(year=now.year + 1),
        time_limit_minutes=10,
        blueprint=[services.BlueprintRow(topic=foreign_topic, difficulty=None, count=1)],
    )

    with pytest.raises(ValidationError, match="Chủ đề không có câu hỏi nào trong ngân hàng"):
        services.create_round(actor=organiser_a, stage=stage, data=data)
    assert not Round.objects.exists()
