"""The import: rows checked into questions, a report per row, and an all-or-nothing save.

An import is all or nothing: every row is checked first and the whole report
goes back to the author; only a file without a single error is saved, in one
transaction, through questionbank.services (one bulk write for the whole file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from questionbank import services
from questionbank.models import Question, QuestionEvent, Topic
from questionbank.services import ChoiceData, QuestionData
from quizsite.accounts.models import Unit, User

from .columns import (
    COL_ANSWER,
    COL_CHOICES,
    COL_DIFFICULTY,
    COL_EXPLANATION,
    COL_KIND,
    COL_SOURCE,
    COL_SUBTOPIC,
    COL_TEXT,
    COL_TOPIC,
    DIFFICULTY_ALIASES,
    FALSE_TEXT,
    KIND_ALIASES,
    LETTERS,
    MAX_CHOICE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TOPIC_CHARS,
    TEMPLATE_COLUMNS,
    TRUE_TEXT,
    Kind,
    norm,
)
from .reading import cell_text, read_rows


@dataclass(frozen=True)
class RowError:
    """One problem in one row (``column`` empty when the row as a whole is wrong)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Dòng %(row)d, cột %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was read, but some rows are wrong: nothing was saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


@dataclass(frozen=True)
class CheckedRow:
    row: int
    # ``data.topic`` is the root when ``new_subtopic`` is set: that sub-topic
    # is created under it only when the whole file is saved.
    data: QuestionData
    new_subtopic: str = ""


class _Topics:
    """Root and sub-topic lookups by name, from one query."""

    def __init__(self) -> None:
        self.roots: dict[str, Topic] = {}
        self.children: dict[tuple[int, str], Topic] = {}
        for topic in Topic.objects.all():
            if topic.parent_id is None:
                self.roots[norm(topic.name)] = topic
                self.roots[norm(topic.root_key)] = topic
            else:
                self.children[(topic.parent_id, norm(topic.name))] = topic


def check_rows(
    rows: Sequence[tuple[int, Mapping[str, object]]], *, unit: Unit
) -> tuple[list[CheckedRow], list[RowError]]:
    """Every row turned into question data, and every problem found on the way."""
    topics = _Topics()
    existing = {
        norm(text)
        for text in Question.objects.latest_versions()
        .filter(unit=unit)
        .exclude(status=Question.Status.RETIRED)
        .values_list("text", flat=True)
    }
    seen: dict[str, int] = {}
    checked: list[CheckedRow] = []
    errors: list[RowError] = []
    for number, values in rows:
        cells = {name: cell_text(values.get(name)) for name in TEMPLATE_COLUMNS}
        row_errors: list[RowError] = []
        item = _check_row(number, cells, topics, row_errors)
        if key := norm(cells[COL_TEXT]):
            if key in seen:
                message = _("Trùng nội dung với dòng %(row)d trong tệp.") % {"row": seen[key]}
                row_errors.append(RowError(number, COL_TEXT, message))
            elif key in existing:
                message = _("Đơn vị “%(unit)s” đã có câu hỏi với nội dung này.") % {"unit": unit.name}
                row_errors.append(RowError(number, COL_TEXT, message))
            seen.setdefault(key, number)
        if row_errors:
            errors.extend(row_errors)
        elif item is not None:
            checked.append(item)
    return checked, errors


def _check_row(number: int, cells: dict[str, str], topics: _Topics, errors: list[RowError]) -> CheckedRow | None:
    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    topic = None
    if not cells[COL_TOPIC]:
        error(COL_TOPIC, _("Chưa chọn chủ đề."))
    elif (topic := topics.roots.get(norm(cells[COL_TOPIC]))) is None:
        error(COL_TOPIC, _("“%(value)s” không phải một trong sáu chủ đề gốc.") % {"value": cells[COL_TOPIC]})
    new_subtopic = ""
    if (subtopic := cells[COL_SUBTOPIC]) and topic is not None:
        if len(subtopic) > MAX_TOPIC_CHARS:
            error(COL_SUBTOPIC, _("Tên chủ đề con dài quá %(n)d ký tự.") % {"n": MAX_TOPIC_CHARS})
        elif (child := topics.children.get((topic.pk, norm(subtopic)))) is not None:
            topic = child
        else:
            new_subtopic = " ".join(subtopic.split())

    kind = None
    if not cells[COL_KIND]:
        error(COL_KIND, _("Chưa chọn loại câu hỏi."))
    elif (kind := KIND_ALIASES.get(norm(cells[COL_KIND]))) is None:
        error(
            COL_KIND,
            _("“%(value)s” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai).") % {"value": cells[COL_KIND]},
        )

    text = cells[COL_TEXT]
    if not text:
        error("", _("Chưa có nội dung câu hỏi."))

    texts = [cells[column] for column in COL_CHOICES]
    if kind == Kind.TRUE_FALSE and not any(texts):
        texts[:2] = [TRUE_TEXT, FALSE_TEXT]
    for column, choice in zip(COL_CHOICES, texts, strict=True):
        if len(choice) > MAX_CHOICE_CHARS:
            error(column, _("Phương án dài quá %(n)d ký tự.") % {"n": MAX_CHOICE_CHARS})
    correct = _correct_positions(cells[COL_ANSWER], texts, kind, error)

    if len(cells[COL_SOURCE]) > MAX_SOURCE_CHARS:
        error(COL_SOURCE, _("Nguồn dài quá %(n)d ký tự.") % {"n": MAX_SOURCE_CHARS})
    difficulty = Question.Difficulty.MEDIUM
    if cells[COL_DIFFICULTY] and (difficulty := DIFFICULTY_ALIASES.get(norm(cells[COL_DIFFICULTY]))) is None:
        error(
            COL_DIFFICULTY,
            _("“%(value)s” không phải độ khó (Dễ, Trung bình, Khó hoặc 1, 2, 3).") % {"value": cells[COL_DIFFICULTY]},
        )

    if errors or topic is None or kind is None or correct is None:
        return None
    data = QuestionData(
        topic=topic,
        kind=kind,
        text=text,
        choices=[ChoiceData(choice, i in correct) for i, choice in enumerate(texts)],
        explanation=cells[COL_EXPLANATION],
        source=cells[COL_SOURCE],
        difficulty=int(difficulty),
    )
    for message in services.validate_question_data(data):
        error("", message)
    return None if errors else CheckedRow(number, data, new_subtopic)


def _correct_positions(answer: str, texts: list[str], kind, error) -> set[int] | None:
    """The positions named in the answer cell, or None after reporting what is wrong."""
    if not answer:
        error(COL_ANSWER, _("Chưa ghi đáp án đúng."))
        return None
    if kind == Kind.TRUE_FALSE and norm(answer) in (norm(TRUE_TEXT), norm(FALSE_TEXT)):
        matches = {i for i, text in enumerate(texts) if norm(text) == norm(answer)}
        if not matches:
            error(COL_ANSWER, _("“%(value)s” không phải phương án có nội dung.") % {"value": answer})
            return None
        return matches
    positions: set[int] = set()
    ok = True
    for token in re.split(r"[\s,;/+&]+", answer):
        if not token:
            continue
        # "AC" means A and C; any other token is not a letter we know.
        letters = list(token.upper()) if token.isalpha() and token.isascii() else [token]
        for letter in letters:
            index = LETTERS.find(letter) if len(letter) == 1 else -1
            if index < 0 or not texts[index]:
                error(COL_ANSWER, _("“%(value)s” không phải phương án có nội dung.") % {"value": letter})
                ok = False
            else:
                positions.add(index)
    return positions if ok and positions else None


@transaction.atomic
def save_rows(*, author: User, unit: Unit, rows: Sequence[CheckedRow], submit: bool = False) -> list[Question]:
    """Save checked rows as drafts of ``author`` in ``unit`` (in review with ``submit``), creating new sub-topics once.

    One bulk write for the whole file: a 2,000-row file one question at a
    time took long enough to meet a proxy's timeout.
    """
    created: dict[tuple[int, str], Topic] = {}
    items = []
    for item in rows:
        data = item.data
        if item.new_subtopic:
            key = (data.topic.pk, norm(item.new_subtopic))
            if key not in created:
                created[key] = Topic.objects.filter(
                    parent=data.topic, name=item.new_subtopic
                ).first() or services.create_subtopic(parent=data.topic, name=item.new_subtopic)
            data = replace(data, topic=created[key])
        items.append(data)
    return services.create_questions_bulk(
        author=author, unit=unit, items=items, submit=submit, action=QuestionEvent.Action.IMPORTED
    )


def import_questions(*, author: User, unit: Unit, upload, submit: bool = False) -> list[Question]:
    """Read, check and save a whole file, or nothing.

    Raises ValidationError when the file cannot be used at all, and
    ImportRejected with the row-by-row report when any row is wrong.
    """
    checked, errors = check_rows(read_rows(upload), unit=unit)
    if errors:
        raise ImportRejected(errors)
    return save_rows(author=author, unit=unit, rows=checked, submit=submit)
