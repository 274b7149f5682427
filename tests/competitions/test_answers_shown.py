"""Answers shown in one round must not give away another: rounds of unseen questions only, and
"after submit" answers withheld while another round that has not closed could still draw them."""

from __future__ import annotations

import random
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions import answers_shown, attempts, closing, drawing
from competitions.live import host_commands
from competitions.models import Attempt, BlueprintItem, Competition, Round, Stage
from questionbank.models import Question
from quizsite.accounts.models import RoleAssignment
from tests.competitions.helpers import right_ids, slots
from tests.competitions.organise_helpers import round_post, url

pytestmark = pytest.mark.django_db


def _play(round: Round, user) -> Attempt:
    attempt = attempts.start_attempt(round=round, user=user)
    for slot in slots(attempt):
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    return attempts.submit_attempt(attempt=attempt)


def _close(round: Round) -> None:
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    round.refresh_from_db()


def page_ticks(page: str) -> int:
    """The right answers a result page marks."""
    return page.count("✔")


def _shown() -> set[int]:
    return set(Question.objects.filter(answers_shown_at__isnull=False).values_list("pk", flat=True))


# --- The record of answers shown ------------------------------------------------


def test_closing_a_round_records_every_question_it_drew_as_shown(open_round, member_a, bank):
    attempt = _play(open_round, member_a)
    drawn = {slot.question_id for slot in slots(attempt)}
    assert _shown() == set()

    closing.close_rounds(now=open_round.closes_at + timedelta(minutes=1))

    assert _shown() == drawn
    assert len(drawn) == 3


def test_a_round_that_never_shows_answers_records_nothing_when_it_closes(make_round, member_a, bank):
    round = make_round(answers_shown=Round.AnswersShown.NEVER)
    _play(round, member_a)

    closing.close_rounds(now=round.closes_at + timedelta(minutes=1))

    assert _shown() == set()


def test_answers_already_shown_before_the_upgrade_count_as_shown(make_round, member_a, bank):
    round = make_round()
    attempt = _play(round, member_a)
    _close(round)
    migration = import_module("competitions.migrations.0007_backfill_answers_shown")

    migration.mark_answers_already_shown(apps, None)

    assert _shown() == {slot.question_id for slot in slots(attempt)}


# --- Unseen questions only --------------------------------------------------------


def test_a_round_of_unseen_questions_draws_only_those_whose_answers_were_never_shown(
    make_round, member_a, leader_a, bank
):
    week_1 = make_round(title="Tuần 1")
    seen = {slot.question_id for slot in slots(_play(week_1, member_a))}
    closing.close_rounds(now=week_1.closes_at + timedelta(minutes=1))
    week_2 = make_round(title="Tuần 2", count=1, unseen_only=True, closes_at=week_1.closes_at + timedelta(days=7))

    draws = {d.question.pk for _ in range(20) for d in drawing.draw_questions(round=week_2, rng=random.Random())}

    assert draws == {q.pk for q in bank} - seen
    assert [
        s.available
        for s in drawing.blueprint_shortfall(week_2, [BlueprintItem(topic=week_2.blueprint.get().topic, count=3)])
    ] == [1]


def test_a_round_that_may_reuse_shown_questions_still_draws_them_all(make_round, member_a, bank):
    week_1 = make_round(title="Tuần 1")
    _play(week_1, member_a)
    closing.close_rounds(now=week_1.closes_at + timedelta(minutes=1))
    week_2 = make_round(title="Tuần 2", count=4, closes_at=week_1.closes_at + timedelta(days=7))

    assert {d.question.pk for d in drawing.draw_questions(round=week_2, rng=random.Random(1))} == {q.pk for q in bank}


def test_the_organiser_ticks_unseen_only_on_the_form_and_sees_what_the_bank_still_has(
    client, organiser_a, stage, topic, make_round, member_a, bank
):
    week_1 = make_round(title="Tuần 1")
    _play(week_1, member_a)
    closing.close_rounds(now=week_1.closes_at + timedelta(minutes=1))
    client.force_login(organiser_a)

    client.post(url("round_create", stage.pk), round_post(topic=topic, rows=[(topic.pk, "", 3)], unseen_only="on"))

    week_2 = Round.objects.get(title="Tuần 2: Thanh toán trực tuyến")
    assert week_2.unseen_only
    for page in (client.get(url("round", week_2.pk)), client.get(url("round_edit", week_2.pk))):
        assert "Ngân hàng có 4 câu đã duyệt, 1 câu chưa từng công bố đáp án." in page.content.decode()
    refused = client.post(url("round_publish", week_2.pk), follow=True).content.decode()
    assert "cần 3 câu, ngân hàng chỉ có 1 câu chưa từng công bố đáp án." in refused
    week_2.refresh_from_db()
    assert week_2.published_at is None


def test_unseen_only_cannot_change_once_attempts_drew_their_questions(client, organiser_a, open_round, member_a, topic):
    attempts.start_attempt(round=open_round, user=member_a)
    client.force_login(organiser_a)

    page = client.post(url("round_edit", open_round.pk), round_post(topic=topic, unseen_only="on")).content.decode()

    assert "không đổi lựa chọn này được nữa" in page
    open_round.refresh_from_db()
    assert not open_round.unseen_only


# --- "After submit" while another round can still draw the question ---------------


@pytest.fixture
def commune_after_submit(make_round, bank) -> Round:
    return make_round(title="Xã: thi tuần", answers_shown=Round.AnswersShown.AFTER_SUBMIT)


@pytest.fixture
def province_round(province, make_officer, topic, bank) -> Round:
    """An open province round on the same topic: the province's pool holds the commune's questions."""
    organiser = make_officer(RoleAssignment.Role.ORGANISER, province, "Sở Tổ Chức")
    competition = Competition.objects.create(title="Hội thi cấp tỉnh", unit=province, created_by=organiser)
    stage = Stage.objects.create(competition=competition, title="Tuần 1")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Tỉnh: tuần 1",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
        published_at=now - timedelta(hours=2),
    )
    BlueprintItem.objects.create(round=round, topic=topic, count=3)
    return round


def _result(client, user, attempt) -> str:
    client.force_login(user)
    return client.get(reverse("competitions:attempt_result", args=[attempt.pk])).content.decode()


def test_after_submit_withholds_the_answers_an_open_province_round_can_still_draw(
    client, commune_after_submit, province_round, member_a, bank
):
    attempt = _play(commune_after_submit, member_a)

    page = _result(client, member_a, attempt)

    assert "Đáp án của 3 câu còn được giữ lại" in page
    for question in bank:
        assert question.explanation not in page
    assert page_ticks(page) == 0
    assert _shown() == set()


def test_the_withheld_answers_show_once_the_province_round_has_closed(
    client, commune_after_submit, province_round, member_a
):
    attempt = _play(commune_after_submit, member_a)
    _close(province_round)

    page = _result(client, member_a, attempt)

    assert "còn được giữ lại" not in page
    assert page_ticks(page) == 3
    assert _shown() == {slot.question_id for slot in slots(attempt)}


def test_a_scheduled_province_round_withholds_too_but_a_draft_does_not(
    client, commune_after_submit, province_round, member_a
):
    Round.objects.filter(pk=province_round.pk).update(opens_at=timezone.now() + timedelta(days=1))
    attempt = _play(commune_after_submit, member_a)
    assert "Đáp án của 3 câu còn được giữ lại" in _result(client, member_a, attempt)

    Round.objects.filter(pk=province_round.pk).update(published_at=None)

    assert page_ticks(_result(client, member_a, attempt)) == 3


def test_only_the_questions_the_other_round_can_draw_are_withheld(
    client, commune_after_submit, province_round, member_a, bank
):
    # The province round asks for hard questions only; one of the commune's questions is hard.
    Question.objects.filter(pk=bank[0].pk).update(difficulty=3)
    province_round.blueprint.update(difficulty=3, count=1)
    commune_after_submit.blueprint.update(count=4)
    attempt = _play(commune_after_submit, member_a)

    page = _result(client, member_a, attempt)

    assert "Đáp án của 1 câu còn được giữ lại" in page
    assert bank[0].explanation not in page
    assert page_ticks(page) == 3
    assert _shown() == {q.pk for q in bank[1:]}
    assert answers_shown.withheld_question_ids(attempt=attempt) == {bank[0].pk}


def test_withholding_takes_the_same_few_queries_however_many_rounds_are_open(
    commune_after_submit, province_round, member_a, make_round, topic, django_assert_num_queries
):
    attempt = _play(commune_after_submit, member_a)
    with CaptureQueriesContext(connection) as one_round:
        assert len(answers_shown.withheld_question_ids(attempt=attempt)) == 3
    for week in range(12):
        opens = timezone.now() + timedelta(days=week + 1)
        make_round(title=f"Xã: tuần {week + 2}", opens_at=opens, closes_at=opens + timedelta(days=7))

    with django_assert_num_queries(len(one_round.captured_queries)):
        assert len(answers_shown.withheld_question_ids(attempt=attempt)) == 3


def test_after_submit_withholds_a_question_a_live_round_will_still_ask(
    client, commune_after_submit, member_a, bank, live
):
    """The live fixture asks bank[0..2]; once a live question is revealed, its answer may show."""
    attempt = _play(commune_after_submit, member_a)
    asked_live = {slot.question_id for slot in slots(attempt)} & {q.pk for q in bank[:3]}
    assert asked_live

    assert answers_shown.withheld_question_ids(attempt=attempt) == asked_live
    assert "còn được giữ lại" in _result(client, member_a, attempt)

    live.questions.update(revealed_at_ms=1)
    assert answers_shown.withheld_question_ids(attempt=attempt) == set()


@pytest.mark.parametrize(
    ("shown", "recorded"), [(Round.AnswersShown.AFTER_CLOSE, True), (Round.AnswersShown.NEVER, False)]
)
def test_a_live_reveal_records_its_question_as_shown_unless_the_round_never_shows_answers(live, bank, shown, recorded):
    """competitions.live tells this app through live.notices (it does not import it): the record still happens."""
    Round.objects.filter(pk=live.pk).update(answers_shown=shown)
    host_commands.start(live.pk)
    assert _shown() == set()

    host_commands.reveal(live.pk)

    assert _shown() == ({bank[0].pk} if recorded else set())
