"""Moving a round's closing time while attempts are under way.

The rule: an attempt's deadline is min(start + time limit, closes_at), fixed
at start. Moving closes_at earlier brings the deadlines of attempts under way
forward to the new close; moving it later extends nobody; moving it into the
past is refused once attempts exist.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Attempt, Round
from tests.competitions.helpers import right_ids, slots
from tests.competitions.organise_helpers import local, round_post, url
from tests.components import postgres_url


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


def _edit(client, round, topic, **fields):
    data = round_post(topic=topic, opens_at=local(round.opens_at), **fields)
    return client.post(url("round_edit", round.pk), data, follow=True)


@pytest.mark.django_db
def test_moving_the_close_earlier_brings_forward_the_deadline_of_an_attempt_under_way(
    as_organiser, open_round, member_a, topic
):
    attempt = attempts.start_attempt(round=open_round, user=member_a)  # 10 minutes to play
    new_close = local(timezone.now() + timedelta(minutes=5))

    response = _edit(as_organiser, open_round, topic, closes_at=new_close)

    open_round.refresh_from_db()
    attempt.refresh_from_db()
    assert local(open_round.closes_at) == new_close
    assert attempt.deadline == open_round.closes_at
    assert "1 lượt thi đang làm dở nay phải nộp trước giờ đóng mới" in response.content.decode()


@pytest.mark.django_db
def test_an_answer_after_the_new_close_does_not_count(as_organiser, open_round, member_a, topic):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() + timedelta(minutes=5)))
    open_round.refresh_from_db()
    slot = slots(attempt)[0]

    with pytest.raises(ValidationError, match="Đã hết giờ làm bài"):
        attempts.record_answer(
            attempt=attempt,
            question_id=slot.question_id,
            choice_ids=right_ids(slot),
            now=open_round.closes_at + timedelta(seconds=1),
        )

    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE
    assert attempt.submitted_at == open_round.closes_at


@pytest.mark.django_db
def test_an_attempt_ending_before_the_new_close_keeps_its_deadline(as_organiser, open_round, member_a, topic):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    deadline = attempt.deadline

    response = _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() + timedelta(hours=2)))

    attempt.refresh_from_db()
    assert attempt.deadline == deadline
    assert "phải nộp trước giờ đóng mới" not in response.content.decode()


@pytest.mark.django_db
def test_a_finished_attempt_is_not_touched(as_organiser, open_round, member_a, topic):
    attempt = attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))
    before = (attempt.deadline, attempt.submitted_at, attempt.score)

    _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() + timedelta(minutes=5)))

    attempt.refresh_from_db()
    assert (attempt.deadline, attempt.submitted_at, attempt.score) == before


@pytest.mark.django_db
def test_moving_the_close_later_extends_nobody(as_organiser, make_round, bank, member_a, topic):
    now = timezone.now()
    round = make_round(closes_at=now + timedelta(minutes=5), time_limit_seconds=600)
    attempt = attempts.start_attempt(round=round, user=member_a)
    assert attempt.deadline == round.closes_at

    _edit(as_organiser, round, topic, closes_at=local(now + timedelta(days=2)))

    attempt.refresh_from_db()
    assert attempt.deadline == now + timedelta(minutes=5)


@pytest.mark.django_db
def test_moving_the_close_into_the_past_is_refused_once_attempts_exist(as_organiser, open_round, member_a, topic):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    closes_at, deadline = open_round.closes_at, attempt.deadline

    response = _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() - timedelta(minutes=5)))

    assert "không dời giờ đóng về quá khứ được" in response.content.decode()
    open_round.refresh_from_db()
    attempt.refresh_from_db()
    assert open_round.closes_at == closes_at
    assert attempt.deadline == deadline


@pytest.mark.django_db
def test_a_refused_edit_leaves_every_deadline_as_it_was(as_organiser, open_round, member_a, topic):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    deadline = attempt.deadline

    # A blueprint change after an attempt is refused: the earlier close is not saved either.
    response = _edit(
        as_organiser,
        open_round,
        topic,
        closes_at=local(timezone.now() + timedelta(minutes=5)),
        **{"bp-0-count": "2"},
    )

    assert "không đổi cấu trúc đề được nữa" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.deadline == deadline


@pytest.mark.django_db
def test_a_round_nobody_has_played_may_be_closed_in_the_past(as_organiser, open_round, topic):
    _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() - timedelta(minutes=5)))

    open_round.refresh_from_db()
    assert open_round.is_closed


@pytest.mark.django_db
def test_the_edit_form_says_what_moving_the_close_does(as_organiser, open_round):
    page = as_organiser.get(url("round_edit", open_round.pk)).content.decode()

    assert "Dời giờ đóng sớm hơn: các lượt đang làm dở phải nộp trước giờ đóng mới" in page
    assert "Dời muộn hơn: các lượt đã bắt đầu vẫn giữ hạn nộp cũ." in page


@pytest.mark.django_db
def test_a_start_reads_the_close_as_saved_not_as_the_page_loaded_it(open_round, member_a):
    stale = Round.objects.get(pk=open_round.pk)
    new_close = timezone.now() + timedelta(minutes=3)
    Round.objects.filter(pk=open_round.pk).update(closes_at=new_close)

    attempt = attempts.start_attempt(round=stale, user=member_a)

    assert attempt.deadline == new_close


@pytest.mark.django_db
def test_the_member_page_counts_down_to_the_new_close(client, as_organiser, open_round, member_a, topic):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    _edit(as_organiser, open_round, topic, closes_at=local(timezone.now() + timedelta(minutes=5)))
    client.force_login(member_a)

    response = client.get(reverse("competitions:attempt", kwargs={"pk": attempt.pk}))

    assert response.context["seconds_left"] <= 5 * 60


# --- A start while the organiser is saving (PostgreSQL, real threads) ----------


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_postgres
def test_a_start_during_an_earlier_close_being_saved_gets_the_new_close(open_round, member_a):
    postgres_url()
    new_close = timezone.now() + timedelta(minutes=3)
    started: list[object] = []

    def start() -> None:
        try:
            started.append(attempts.start_attempt(round=open_round, user=member_a))
        except Exception as exc:  # noqa: BLE001 - the test reports what the thread got
            started.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        # What update_round does: lock the round, move the close, cap the attempts it can see (none yet).
        Round.objects.select_for_update().get(pk=open_round.pk)
        Round.objects.filter(pk=open_round.pk).update(closes_at=new_close)
        player = threading.Thread(target=start)
        player.start()
        for _ in range(100):  # until the start waits for the organiser's lock (or 5 s)
            if _waiting_on_a_lock():
                break
            time.sleep(0.05)
    player.join()

    assert len(started) == 1 and isinstance(started[0], Attempt), started
    assert started[0].deadline == new_close
