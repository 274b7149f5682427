from __future__ import annotations

import random

import pytest
from django.utils import timezone

from competitions import attempts, drawing
from competitions.models import AttemptQuestion, BlueprintItem
from questionbank import services as qb
from questionbank.models import Question, Topic


def test_it_draws_the_blueprint_count_of_approved_questions_with_shuffled_choices(open_round, bank):
    drawn = drawing.draw_questions(round=open_round, rng=random.Random(1))

    assert len(drawn) == 3
    assert len({d.question.pk for d in drawn}) == 3
    for d in drawn:
        assert d.question.status == Question.Status.APPROVED
        assert sorted(d.choice_order) == sorted(d.question.choices.values_list("key", flat=True))


def test_it_never_draws_drafts_or_other_communes_questions(
    make_round, make_question, make_approved, author_a, commune_a, commune_b
):
    make_question(author=author_a, unit=commune_a, text="Câu nháp")
    make_approved(unit=commune_b, text="Câu của xã Tân Phú")
    own = make_approved(text="Câu của xã An Bình")
    round = make_round(count=5)

    drawn = drawing.draw_questions(round=round, rng=random.Random(2))

    assert [d.question for d in drawn] == [own]


def test_it_draws_questions_of_the_province_above_the_competition_unit(make_round, make_approved, province):
    provincial = make_approved(unit=province, text="Câu của Sở")
    round = make_round(count=1)

    drawn = drawing.draw_questions(round=round, rng=random.Random(3))

    assert [d.question for d in drawn] == [provincial]


def test_it_draws_the_newest_approved_version_only(make_round, make_approved, author_a, reviewer_a):
    old = make_approved(text="Phiên bản cũ")
    data = qb.QuestionData(
        topic=old.topic,
        kind=old.kind,
        text="Phiên bản mới",
        choices=[qb.ChoiceData("Đúng", True), qb.ChoiceData("Sai", False)],
    )
    new = qb.edit_question(question=old, editor=author_a, data=data)
    qb.submit_for_review(question=new, actor=author_a)
    qb.approve(question=new, reviewer=reviewer_a)
    round = make_round(count=2)

    drawn = drawing.draw_questions(round=round, rng=random.Random(4))

    assert [d.question.text for d in drawn] == ["Phiên bản mới"]


def test_a_root_topic_item_includes_its_sub_topics(make_round, make_approved, topic):
    sub = qb.create_subtopic(parent=topic, name="Lừa đảo qua điện thoại")
    in_sub = make_approved(topic=sub, text="Câu ở chủ đề con")
    round = make_round(count=1)

    assert [d.question for d in drawing.draw_questions(round=round, rng=random.Random(5))] == [in_sub]


def test_a_difficulty_item_draws_only_that_difficulty(make_round, make_approved):
    make_approved(text="Câu dễ", difficulty=1)
    hard = make_approved(text="Câu khó", difficulty=3)
    round = make_round(count=1)
    round.blueprint.update(difficulty=3)

    assert [d.question for d in drawing.draw_questions(round=round, rng=random.Random(6))] == [hard]


def test_the_shortfall_warning_says_how_many_are_available_and_needed(make_round, bank):
    round = make_round(count=3)
    payment = Topic.objects.get(root_key=Topic.Root.PAYMENT)
    item = BlueprintItem.objects.create(round=round, topic=payment, count=2)

    shortfall = drawing.blueprint_shortfall(round)

    assert shortfall == [(item, 0, 2)]
    assert (shortfall[0].available, shortfall[0].needed) == (0, 2)


def test_there_is_no_shortfall_when_the_bank_is_big_enough(open_round):
    assert drawing.blueprint_shortfall(open_round) == []


def test_the_questions_are_stored_once_and_the_same_on_every_read(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a, device_id="d1", user_agent="UA")
    stored = list(AttemptQuestion.objects.filter(attempt=attempt).values_list("question_id", "choice_order"))

    again = attempts.start_attempt(round=open_round, user=member_a, device_id="d2", user_agent="UA2")

    assert again == attempt
    assert list(AttemptQuestion.objects.filter(attempt=again).values_list("question_id", "choice_order")) == stored
    assert len(stored) == 3


def test_starting_an_attempt_freezes_the_questions_it_shows(open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)

    for slot in attempt.questions.select_related("question"):
        assert slot.question.is_frozen


def _shown(questions) -> None:
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(answers_shown_at=timezone.now())


@pytest.mark.parametrize(("unseen_only", "short"), [(True, True), (False, False)])
def test_a_row_is_short_in_the_bank_counts_exactly_when_the_shortfall_names_it(make_round, bank, unseen_only, short):
    _shown(bank[:2])  # 4 questions, 2 of them with their answers shown; the row asks for 3
    round = make_round(count=3, unseen_only=unseen_only)

    [count] = drawing.blueprint_counts(round)

    assert (count.available, count.unseen, count.needed) == (4, 2, 3)
    assert count.short is short
    assert drawing.blueprint_shortfall(round) == ([(count.item, 2, 3)] if short else [])


def test_a_blueprint_not_yet_saved_is_checked_with_its_own_unseen_choice(make_round, bank):
    _shown(bank[:2])
    round = make_round(count=1)
    rows = [BlueprintItem(topic=round.blueprint.get().topic, count=3)]

    assert [c.short for c in drawing.blueprint_counts(round, rows, unseen_only=True)] == [True]
    assert drawing.blueprint_shortfall(round, rows, unseen_only=True) == [(rows[0], 2, 3)]
    assert drawing.blueprint_shortfall(round, rows) == []
