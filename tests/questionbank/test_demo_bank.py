"""Checks on the demo topic modules that exist, and on the loader.

Content modules land separately; these tests cover whichever are written.
"""

from __future__ import annotations

import logging
from types import ModuleType

import pytest
from django.core.exceptions import ValidationError

from questionbank import services as qb
from questionbank.demo_bank import TOPIC_MODULES, Q
from questionbank.demo_bank import loader as demo_loader
from questionbank.models import Question, QuestionEvent, Topic

MODULES = demo_loader.available_modules()
RECORDS = [(root_key, record) for root_key, module in MODULES.items() for record in module.QUESTIONS]


def label(record: Q) -> str:
    return demo_loader.first_words(record.text)


def test_at_least_one_content_module_exists():
    assert MODULES


@pytest.mark.parametrize("root_key", list(MODULES))
def test_each_module_has_at_least_fifteen_questions(root_key):
    assert len(MODULES[root_key].QUESTIONS) >= 15


def test_all_six_modules_hold_at_least_120_questions_together():
    if len(MODULES) == len(TOPIC_MODULES):
        assert len(RECORDS) >= 120
    else:  # not all written yet
        assert len(RECORDS) >= 15 * len(MODULES)


def test_every_record_is_a_valid_question():
    topic = Topic(name="Chủ đề thử")
    problems = {
        f"{root_key}: {label(record)}": errors
        for root_key, record in RECORDS
        if (errors := qb.validate_question_data(demo_loader.question_data(record, topic=topic)))
    }
    assert problems == {}


def test_kinds_and_difficulties_are_in_range():
    assert {r.kind for _, r in RECORDS} <= set(Question.Kind.values)
    assert {r.difficulty for _, r in RECORDS} <= {1, 2, 3}


def test_every_record_has_an_explanation_and_a_source():
    assert [label(r) for _, r in RECORDS if not r.explanation.strip()] == []
    assert [label(r) for _, r in RECORDS if not r.source.strip()] == []


def test_no_question_text_appears_twice_across_modules():
    seen: dict[str, str] = {}
    twice = []
    for root_key, record in RECORDS:
        key = " ".join(record.text.casefold().split())
        if key in seen:
            twice.append(f"{seen[key]} / {root_key}: {label(record)}")
        seen.setdefault(key, root_key)
    assert twice == []


def test_module_keys_are_the_fixed_root_topics():
    assert set(TOPIC_MODULES) == set(Topic.Root.values)


@pytest.mark.django_db
def test_loading_makes_approved_questions_with_the_review_trail(province, author_a, reviewer_a):
    created = demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a)
    assert created == len({r.text.strip() for _, r in RECORDS})
    questions = Question.objects.filter(unit=province)
    assert questions.count() == created
    assert set(questions.values_list("status", flat=True)) == {Question.Status.APPROVED}
    question = questions.first()
    assert question.author == author_a and question.reviewer == reviewer_a
    assert list(question.events.order_by("pk").values_list("action", flat=True)) == [
        QuestionEvent.Action.IMPORTED,
        QuestionEvent.Action.SUBMITTED,
        QuestionEvent.Action.APPROVED,
    ]


@pytest.mark.django_db
def test_loading_files_questions_under_their_subtopics(province, author_a, reviewer_a):
    demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a)
    root_key, record = next((k, r) for k, r in RECORDS if r.subtopic)
    question = Question.objects.get(unit=province, text=record.text.strip())
    assert question.topic.name == record.subtopic
    assert question.topic.parent.root_key == root_key


@pytest.mark.django_db
def test_loading_again_adds_nothing(province, author_a, reviewer_a):
    demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a)
    questions, topics = Question.objects.count(), Topic.objects.count()
    assert demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a) == 0
    assert (Question.objects.count(), Topic.objects.count()) == (questions, topics)


def test_an_invalid_record_is_refused_naming_its_module_and_first_words():
    module = ModuleType("questionbank.demo_bank.thu")
    module.QUESTIONS = [
        Q(
            text="Mã OTP có nên gửi cho nhân viên ngân hàng gọi điện đến không?",
            choices=(("Có", True), ("Không", True)),
            explanation="Không bao giờ.",
            source="Bộ Công an",
        )
    ]
    with pytest.raises(ValidationError) as refused:
        demo_loader.check_records(module, root=Topic(name="Chủ đề thử"))
    message = refused.value.messages[0]
    assert message.startswith("questionbank.demo_bank.thu: câu “Mã OTP có nên gửi cho nhân viên…”")
    assert "cần đúng 1 phương án đúng" in message


def test_a_module_not_written_yet_is_skipped_with_a_warning(monkeypatch, caplog):
    monkeypatch.setitem(TOPIC_MODULES, "safety", "questionbank.demo_bank.chua_co")
    with caplog.at_level(logging.WARNING):
        modules = demo_loader.available_modules()
    assert "safety" not in modules
    assert "questionbank.demo_bank.chua_co" in caplog.text
