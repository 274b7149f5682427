"""Organiser pages for self-paced rounds: the form with its blueprint, and the rules it enforces."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from competitions import attempts
from competitions.models import Round
from questionbank.models import Topic
from tests.competitions.organise_helpers import form_fields, local, round_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


@pytest.fixture
def payment(db) -> Topic:
    return Topic.objects.get(root_key=Topic.Root.PAYMENT)


# --- Create -----------------------------------------------------------------


def test_an_organiser_creates_a_round_with_its_blueprint(as_organiser, stage, topic, payment, hamlet_a):
    data = round_post(topic=topic, rows=[(topic.pk, "", 3), (payment.pk, 2, 2)], eligible_units=[hamlet_a.pk])

    response = as_organiser.post(url("round_create", stage.pk), data)

    round = Round.objects.get()
    assert response["Location"] == url("round", round.pk)
    assert round.title == "Tuần 2: Thanh toán trực tuyến"
    assert round.time_limit_seconds == 600
    assert round.mode == Round.Mode.SELF_PACED
    assert list(round.eligible_units.all()) == [hamlet_a]
    rows = sorted(round.blueprint.values_list("topic_id", "difficulty", "count"))
    assert rows == sorted([(topic.pk, None, 3), (payment.pk, 2, 2)])


def test_the_times_are_read_in_vietnam_time(as_organiser, stage, topic):
    as_organiser.post(
        url("round_create", stage.pk),
        round_post(topic=topic, opens_at="2026-11-23T07:00", closes_at="2026-11-29T21:00"),
    )

    round = Round.objects.get()
    assert timezone.localtime(round.opens_at).strftime("%H:%M %d/%m") == "07:00 23/11"
    assert round.opens_at.astimezone(UTC).strftime("%H:%M %d/%m") == "00:00 23/11"


def test_a_round_closing_before_it_opens_is_refused(as_organiser, stage, topic):
    now = timezone.now()
    data = round_post(topic=topic, opens_at=local(now + timedelta(days=2)), closes_at=local(now + timedelta(days=1)))

    response = as_organiser.post(url("round_create", stage.pk), data)

    assert response.status_code == 200
    assert "Thời điểm đóng phải sau thời điểm mở vòng thi." in response.content.decode()
    assert not Round.objects.exists()


def test_a_round_closing_when_it_opens_is_refused(as_organiser, stage, topic):
    moment = local(timezone.now() + timedelta(days=1))

    response = as_organiser.post(
        url("round_create", stage.pk), round_post(topic=topic, opens_at=moment, closes_at=moment)
    )

    assert "Thời điểm đóng phải sau thời điểm mở vòng thi." in response.content.decode()
    assert not Round.objects.exists()


def test_a_round_without_any_blueprint_row_is_refused(as_organiser, stage, topic):
    response = as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, rows=[]))

    assert "Cấu trúc đề cần ít nhất một dòng" in response.content.decode()
    assert not Round.objects.exists()


def test_a_blueprint_row_with_a_topic_but_no_count_is_refused(as_organiser, stage, topic):
    response = as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, rows=[(topic.pk, "", "")]))

    assert "Nhập số câu cho chủ đề này." in response.content.decode()
    assert not Round.objects.exists()


def test_an_eligible_unit_of_another_commune_is_refused(as_organiser, stage, topic, hamlet_b):
    response = as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, eligible_units=[hamlet_b.pk]))

    assert "Đơn vị không thuộc phạm vi cuộc thi." in response.content.decode()
    assert not Round.objects.exists()


def test_the_form_offers_only_units_of_the_competition(as_organiser, stage, hamlet_a, hamlet_b):
    page = as_organiser.get(url("round_create", stage.pk)).content.decode()

    assert "Ấp 1" in page
    assert "Ấp 2" not in page
    assert "Nếu cho làm nhiều lượt, lượt có kết quả tốt nhất được tính." in page


def test_creating_a_round_is_404_to_another_commune(client, organiser_b, stage, topic):
    client.force_login(organiser_b)

    response = client.post(url("round_create", stage.pk), round_post(topic=topic))

    assert response.status_code == 404
    assert not Round.objects.exists()


def test_creating_a_round_is_403_to_a_viewer(client, viewer_a, stage, topic):
    client.force_login(viewer_a)

    response = client.post(url("round_create", stage.pk), round_post(topic=topic))

    assert response.status_code == 403
    assert not Round.objects.exists()


def test_creating_a_round_is_403_to_a_member(client, member_a, stage):
    client.force_login(member_a)

    assert client.get(url("round_create", stage.pk)).status_code == 403


# --- Edit -------------------------------------------------------------------


def test_the_edit_form_shows_the_saved_values(as_organiser, open_round, topic):
    page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()

    assert local(open_round.opens_at) in page
    assert 'value="Tuần 1: An toàn trên mạng"' in page
    assert f'<option value="{topic.pk}" selected>' in page


def test_an_organiser_changes_the_blueprint_while_nobody_has_played(as_organiser, open_round, topic):
    # The bank holds four easy safety questions (the question factory's default difficulty).
    data = round_post(topic=topic, rows=[(topic.pk, 1, 4)], title="Tuần 1 (sửa)")

    as_organiser.post(url("round_edit", open_round.pk), data)

    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1 (sửa)"
    assert list(open_round.blueprint.values_list("topic_id", "difficulty", "count")) == [(topic.pk, 1, 4)]


def test_a_draft_may_take_a_blueprint_the_bank_cannot_fill_yet(as_organiser, make_round, topic, payment):
    draft = make_round(published_at=None)
    data = round_post(topic=topic, rows=[(payment.pk, 1, 4)], title="Tuần 1 (sửa)")

    as_organiser.post(url("round_edit", draft.pk), data)

    assert list(draft.blueprint.values_list("topic_id", "difficulty", "count")) == [(payment.pk, 1, 4)]


def test_changing_the_blueprint_after_an_attempt_is_refused(as_organiser, open_round, member_a, topic, payment):
    attempts.start_attempt(round=open_round, user=member_a)
    data = round_post(topic=topic, rows=[(payment.pk, "", 5)], title="Đổi đề")

    response = as_organiser.post(url("round_edit", open_round.pk), data)

    page = response.content.decode()
    assert "đã rút câu hỏi theo cấu trúc đề hiện tại" in page
    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1: An toàn trên mạng"
    assert list(open_round.blueprint.values_list("topic_id", "count")) == [(topic.pk, 3)]


def test_other_fields_may_change_after_an_attempt_when_the_blueprint_stays(as_organiser, open_round, member_a, topic):
    attempts.start_attempt(round=open_round, user=member_a)
    form_page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()
    assert "các lượt đã rút câu hỏi theo cấu trúc này nên không đổi được nữa" in form_page

    as_organiser.post(url("round_edit", open_round.pk), round_post(topic=topic, rows=[(topic.pk, "", 3)], title="Mới"))

    open_round.refresh_from_db()
    assert open_round.title == "Mới"


def test_reopening_a_closed_round_needs_the_box_ticked(as_organiser, open_round, topic):
    now = timezone.now()
    Round.objects.filter(pk=open_round.pk).update(opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    data = round_post(topic=topic, opens_at=local(now - timedelta(days=3)), closes_at=local(now + timedelta(days=1)))

    response = as_organiser.post(url("round_edit", open_round.pk), data)

    assert "Muốn mở lại, hãy đánh dấu ô “Mở lại vòng thi đã đóng”." in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.is_closed


def test_reopening_a_closed_round_is_recorded_in_a_message(as_organiser, open_round, topic):
    now = timezone.now()
    Round.objects.filter(pk=open_round.pk).update(
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(days=1),
        prediction_actual=4,
        results_taken_at=now - timedelta(days=1),
    )
    data = round_post(
        topic=topic, opens_at=local(now - timedelta(days=3)), closes_at=local(now + timedelta(days=1)), reopen="on"
    )

    response = as_organiser.post(url("round_edit", open_round.pk), data, follow=True)

    assert "Đã mở lại vòng thi đã đóng" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.is_open
    assert open_round.prediction_actual is None
    assert open_round.results_taken_at is None  # close_rounds takes them again at the new close


def test_editing_a_round_is_404_to_another_commune(client, organiser_b, open_round, topic):
    client.force_login(organiser_b)

    response = client.post(url("round_edit", open_round.pk), round_post(topic=topic, title="Chiếm"))

    assert response.status_code == 404
    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1: An toàn trên mạng"


def test_editing_a_round_is_403_to_a_viewer(client, viewer_a, open_round, topic):
    client.force_login(viewer_a)

    response = client.post(url("round_edit", open_round.pk), round_post(topic=topic, title="Không"))

    assert response.status_code == 403
    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1: An toàn trên mạng"


def test_editing_a_round_is_403_to_a_member(client, member_a, open_round):
    client.force_login(member_a)

    assert client.get(url("round_edit", open_round.pk)).status_code == 403


def test_the_edit_page_posted_back_as_is_keeps_the_blueprint_after_attempts(as_organiser, open_round, member_a, topic):
    attempts.start_attempt(round=open_round, user=member_a)
    page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()
    data = form_fields(page)
    data["title"] = ["Tuần 1 (đổi tên)"]

    response = as_organiser.post(url("round_edit", open_round.pk), data)

    assert response.status_code == 302
    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1 (đổi tên)"
    assert list(open_round.blueprint.values_list("topic_id", "count")) == [(topic.pk, 3)]


def test_the_edit_page_posted_back_as_is_changes_nothing(as_organiser, open_round, topic):
    before = Round.objects.values().get(pk=open_round.pk)
    page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()

    response = as_organiser.post(url("round_edit", open_round.pk), form_fields(page))

    assert response.status_code == 302
    after = Round.objects.values().get(pk=open_round.pk)
    assert {k: v for k, v in after.items() if k not in ("opens_at", "closes_at")} == {
        k: v for k, v in before.items() if k not in ("opens_at", "closes_at")
    }
    assert list(open_round.blueprint.values_list("topic_id", "difficulty", "count")) == [(topic.pk, None, 3)]
