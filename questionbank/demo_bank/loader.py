"""Turn the demo topic modules into approved questions of one unit.

Every question goes through the same services as an author's work (the bulk
create and submit of an Excel import, then approve), so the review trail
reads as it would for a real import.
Running it again adds only the questions whose text the unit does not have.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from django.core.exceptions import ValidationError
from django.db import transaction

from questionbank import services as qb
from questionbank.models import Question, QuestionEvent, Topic
from quizsite.accounts.models import Unit, User

from . import TOPIC_MODULES, Q

log = logging.getLogger(__name__)


def available_modules() -> dict[str, ModuleType]:
    """The topic modules written so far, keyed by Topic.Root value.

    Content modules land one by one; a missing one is a warning, not an error.
    """
    modules = {}
    for root_key, dotted in TOPIC_MODULES.items():
        try:
            modules[root_key] = importlib.import_module(dotted)
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise  # the module exists but imports something missing: a real bug
            log.warning("Chưa có bộ câu hỏi mẫu %s (%s), bỏ qua.", dotted, root_key)
    return modules


def question_data(record: Q, *, topic: Topic) -> qb.QuestionData:
    return qb.QuestionData(
        topic=topic,
        kind=record.kind,
        text=record.text,
        choices=[qb.ChoiceData(text, correct) for text, correct in record.choices],
        explanation=record.explanation,
        source=record.source,
        difficulty=record.difficulty,
    )


def first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def check_records(module: ModuleType, *, root: Topic) -> None:
    """Refuse the whole load if one record is invalid, naming it."""
    for record in module.QUESTIONS:
        errors = qb.validate_question_data(question_data(record, topic=root))
        if errors:
            raise ValidationError(
                f"{module.__name__}: câu “{first_words(record.text)}” không hợp lệ: {' '.join(errors)}"
            )


@transaction.atomic
def load(*, unit: Unit, author: User, reviewer: User) -> int:
    """Create the demo questions ``unit`` does not have yet; return how many were created."""
    modules = available_modules()
    roots = {t.root_key: t for t in Topic.objects.filter(root_key__in=list(modules))}
    for root_key, module in modules.items():
        check_records(module, root=roots[root_key])

    existing = set(Question.objects.filter(unit=unit).values_list("text", flat=True))
    subtopics = {(t.parent_id, t.name): t for t in Topic.objects.filter(parent__in=list(roots.values()))}
    items = []
    for root_key, module in modules.items():
        root = roots[root_key]
        for record in module.QUESTIONS:
            if record.text.strip() in existing:
                continue
            topic = root
            if record.subtopic.strip():
                key = (root.pk, record.subtopic.strip())
                if key not in subtopics:
                    subtopics[key] = qb.create_subtopic(parent=root, name=record.subtopic)
                topic = subtopics[key]
            items.append(question_data(record, topic=topic))
            existing.add(record.text.strip())
    questions = qb.create_questions_bulk(
        author=author, unit=unit, items=items, submit=True, action=QuestionEvent.Action.IMPORTED
    )
    for question in questions:
        qb.approve(question=question, reviewer=reviewer)
    return len(questions)
