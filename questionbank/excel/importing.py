"""The import: rows checked into questions, a report per row, and an all-or-nothing save.

An import is all or nothing: every row is checked first and the whole report
goes back to the author; only a file without a single error is saved, in one
transaction, through questionbank.services (one bulk write for the whole file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from questionbank import services
from questionbank.areas import read as read_area
from questionbank.models import Question, QuestionEvent, Topic
from questionbank.services import ChoiceData, QuestionData
from quizsite.accounts.models import Unit, User

from . import archive
from .columns import (
    COL_ANSWER,
    COL_AREAS,
    COL_CHOICES,
    COL_DIFFICULTY,
    COL_EXPLANATION,
    COL_IMAGE,
    COL_KIND,
    COL_SOURCE,
    COL_SUBTOPIC,
    COL_TEXT,
    COL_TOPIC,
    DIFFICULTY_ALIASES,
    EXAMPLE_TEXTS,
    FALSE_TEXT,
    KIND_ALIASES,
    LETTERS,
    TEMPLATE_COLUMNS,
    TRUE_TEXT,
    Kind,
    norm,
)
from .pictures import RowImages
from .reading import Formula, cell_text, read_rows


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
class Imported:
    """What an import saved, and the template's example rows it left out (their row numbers)."""

    questions: list[Question]
    skipped_examples: list[int]


@dataclass(frozen=True)
class CheckedRow:
    row: int
    # ``data.topic`` is the root when ``new_subtopic`` is set: that sub-topic
    # is created under it only when the whole file is saved.
    data: QuestionData
    new_subtopic: str = ""
    # The "Hình ảnh" cell: the image to attach once the question is saved.
    image: str = ""


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
    rows: Sequence[tuple[int, Mapping[str, object]]], *, unit: Unit, images: RowImages | None = None
) -> tuple[list[CheckedRow], list[RowError]]:
    """Every row turned into question data, and every problem found on the way.

    ``images`` are those the rows may name (none but URLs unless given).
    """
    images = images or RowImages({}, packaged=False)
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
        formulas = [name for name in TEMPLATE_COLUMNS if isinstance(values.get(name), Formula)]
        if formulas:
            # Checking the formula's text as if it were the cell's content would only confuse.
            errors.extend(RowError(number, name, _formula_message(values[name])) for name in formulas)
            continue
        cells = {name: cell_text(values.get(name)) for name in TEMPLATE_COLUMNS}
        row_errors: list[RowError] = []
        item = _check_row(number, cells, topics, images, row_errors)
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


def _formula_message(formula: Formula) -> str:
    return _(
        "Ô này là công thức (%(formula)s); hệ thống không nhập công thức. Hãy gõ thẳng nội dung, "
        "hoặc chép ô rồi dán dạng giá trị (Dán đặc biệt → Giá trị)."
    ) % {"formula": formula.text[:60]}


def split_examples(rows: Sequence[tuple[int, Mapping[str, object]]]) -> tuple[list, list[int]]:
    """(the rows to import, the numbers of the rows that are the template's unchanged examples)."""
    kept, examples = [], []
    for number, values in rows:
        if norm(cell_text(values.get(COL_TEXT))) in EXAMPLE_TEXTS:
            examples.append(number)
        else:
            kept.append((number, values))
    return kept, examples


# Where each of the service's problems is shown in the file.
COLUMN_OF = {
    "topic": COL_TOPIC,
    "kind": COL_KIND,
    "text": COL_TEXT,
    **{f"choice_{position}": column for position, column in enumerate(COL_CHOICES)},
    "answer": COL_ANSWER,
    "choices": "",
    "explanation": COL_EXPLANATION,
    "source": COL_SOURCE,
    "difficulty": COL_DIFFICULTY,
    "image": COL_IMAGE,
}


def _check_row(
    number: int, cells: dict[str, str], topics: _Topics, images: RowImages, errors: list[RowError]
) -> CheckedRow | None:
    """The row as question data, checked by the service, or None after reporting what is wrong.

    Only what a file writes differently from the form is read here (topic
    names, kind and level labels, answer letters); every rule of a question
    is the service's (services.question_problems), as for the form.
    """
    # Service fields already reported here: the service would only add a vaguer message for them.
    reported: set[str] = set()

    def error(field: str, column: str, message: str) -> None:
        reported.add(field)
        errors.append(RowError(number, column, message))

    topic = None
    if cells[COL_TOPIC] and (topic := topics.roots.get(norm(cells[COL_TOPIC]))) is None:
        error("topic", COL_TOPIC, _("“%(value)s” không phải một trong sáu chủ đề gốc.") % {"value": cells[COL_TOPIC]})
    new_subtopic = ""
    if subtopic := cells[COL_SUBTOPIC]:
        try:
            subtopic = services.clean_subtopic_name(subtopic)
        except ValidationError as refused:
            error("topic", COL_SUBTOPIC, refused.messages[0])
        else:
            if topic is not None and (child := topics.children.get((topic.pk, norm(subtopic)))) is not None:
                topic = child
            else:
                new_subtopic = subtopic

    kind = KIND_ALIASES.get(norm(cells[COL_KIND]), cells[COL_KIND])
    texts = services.fill_true_false(kind, [cells[column] for column in COL_CHOICES])
    areas = _areas(cells, kind, error)
    if kind == Kind.ORDER:
        texts = _steps_in_order(cells[COL_ANSWER], texts, error)
        correct: set[int] = set()
    else:
        correct = _correct_positions(cells[COL_ANSWER], texts, kind, error)
    if image := cells[COL_IMAGE]:
        if problem := images.problem(image):
            error("image", COL_IMAGE, problem)
    difficulty = Question.Difficulty.MEDIUM
    if cells[COL_DIFFICULTY]:
        difficulty = DIFFICULTY_ALIASES.get(norm(cells[COL_DIFFICULTY]), cells[COL_DIFFICULTY])
    data = QuestionData(
        topic=topic,
        kind=kind,
        text=cells[COL_TEXT],
        choices=[ChoiceData(choice, position in correct, areas[position]) for position, choice in enumerate(texts)],
        explanation=cells[COL_EXPLANATION],
        source=cells[COL_SOURCE],
        difficulty=difficulty,
        has_image=bool(image),
    )
    problems = services.question_problems(data)
    # A hotspot choice's problem is about its name or its area: the name's are those a kind without areas has too.
    about_names = set(services.question_problems(replace(data, kind=Kind.MULTIPLE))) if kind == Kind.HOTSPOT else ()
    for problem in problems:
        if problem.field in reported:
            continue
        column = COLUMN_OF[problem.field]
        if kind == Kind.HOTSPOT and problem.field.startswith("choice_") and problem not in about_names:
            column = COL_AREAS[int(problem.field.removeprefix("choice_"))]
        errors.append(RowError(number, column, problem.message))
    return None if errors else CheckedRow(number, data, new_subtopic, image)


def _areas(cells: dict[str, str], kind: str, error) -> list[services.Area | None]:
    """The areas the "Vùng" cells write (None where empty or unreadable, after reporting it)."""
    areas: list[services.Area | None] = []
    for position, (letter, column) in enumerate(zip(LETTERS, COL_AREAS, strict=True)):
        text = cells[column]
        area = read_area(text) if text else None
        if text and kind != Kind.HOTSPOT:
            error(
                "areas",
                column,
                _("Chỉ câu “Chạm vào hình” có vùng; hãy xoá ô này hoặc đổi loại câu hỏi."),
            )
        elif text and area is None:
            error(
                f"choice_{position}",
                column,
                _(
                    "“%(value)s” không đọc được: vùng %(letter)s cần bốn số “x; y; rộng; cao” tính theo phần trăm "
                    "của hình, ví dụ 8,5; 41; 60; 7."
                )
                % {"value": text[:60], "letter": letter},
            )
        areas.append(area)
    return areas


def _answer_letters(answer: str, error) -> list[int]:
    """The positions the answer cell names, in its order ("A, C", "A;C", "AC"), after reporting what is no letter."""
    positions: list[int] = []
    for token in re.split(r"[\s,;/+&>-]+", answer):
        if not token:
            continue
        # "AC" means A and C; any other token is not a letter we know.
        letters = list(token.upper()) if token.isalpha() and token.isascii() else [token]
        for letter in letters:
            index = LETTERS.find(letter) if len(letter) == 1 else -1
            if index < 0:
                message = _("“%(value)s” không phải chữ cái của một phương án (A đến %(last)s).")
                error("answer", COL_ANSWER, message % {"value": letter, "last": LETTERS[-1]})
            else:
                positions.append(index)
    return positions


def _correct_positions(answer: str, texts: list[str], kind: str, error) -> set[int]:
    """The positions the answer cell names (A–G, or the word Đúng/Sai), after reporting what cannot be read."""
    if kind == Kind.TRUE_FALSE and norm(answer) in (norm(TRUE_TEXT), norm(FALSE_TEXT)):
        matches = {i for i, text in enumerate(texts) if norm(text) == norm(answer)}
        if not matches:
            error("answer", COL_ANSWER, _("“%(value)s” không phải phương án có nội dung.") % {"value": answer})
        return matches
    return set(_answer_letters(answer, error))


def _steps_in_order(answer: str, texts: list[str], error) -> list[str]:
    """An order question's steps in their right order: as written, or as the answer cell orders them.

    Blank (or "A, B, C…") keeps the steps as written; another order of the
    same letters puts them in that order, so an author may write the steps
    in any order and give the right one.
    """
    order = _answer_letters(answer, error)
    if not order:
        return texts
    written = [i for i, text in enumerate(texts) if text.strip()]
    if sorted(order) != written:
        missing = [LETTERS[i] for i in written if i not in order]
        repeated = sorted({LETTERS[i] for i in order if order.count(i) > 1})
        extra = [LETTERS[i] for i in order if i not in written]
        details = []
        if missing:
            details.append(_("thiếu %(letters)s") % {"letters": ", ".join(missing)})
        if repeated:
            details.append(_("lặp %(letters)s") % {"letters": ", ".join(repeated)})
        if extra:
            details.append(_("%(letters)s là bước trống") % {"letters": ", ".join(dict.fromkeys(extra))})
        message = _(
            "Câu sắp xếp thứ tự: ô này để trống (các bước đã viết đúng thứ tự) hoặc ghi mỗi bước đúng một lần "
            "theo thứ tự đúng, ví dụ “A, B, C, D”; ở đây %(details)s."
        )
        error("answer", COL_ANSWER, message % {"details": "; ".join(details) or answer})
        return texts
    return [texts[i] for i in order] + [""] * (len(texts) - len(order))


@transaction.atomic
def save_rows(
    *, author: User, unit: Unit, rows: Sequence[CheckedRow], submit: bool = False, images: RowImages | None = None
) -> list[Question]:
    """Save checked rows as drafts of ``author`` in ``unit`` (in review with ``submit``), creating new sub-topics once.

    One bulk write for the whole file: a 2,000-row file one question at a
    time took long enough to meet a proxy's timeout. The images the rows
    name come from ``images``, the same the rows were checked with.
    """
    subtopics: dict[tuple[int, str], Topic] = {}
    items = []
    for item in rows:
        data = item.data
        if item.new_subtopic:
            key = (data.topic.pk, norm(item.new_subtopic))
            if key not in subtopics:
                subtopics[key] = services.subtopic_for_import(parent=data.topic, name=item.new_subtopic)
            data = replace(data, topic=subtopics[key])
        items.append(data)
    questions = services.create_questions_bulk(
        author=author, unit=unit, items=items, submit=submit, action=QuestionEvent.Action.IMPORTED
    )
    if any(item.image for item in rows):
        (images or RowImages({}, packaged=False)).attach(
            [(question, item.image) for question, item in zip(questions, rows, strict=True)]
        )
    return questions


def import_questions(
    *, author: User, unit: Unit, upload, submit: bool = False, images: RowImages | None = None
) -> Imported:
    """Read, check and save a whole file, or nothing; the template's unchanged examples are never saved.

    ``upload`` is an .xlsx, or a .zip of one .xlsx and the images its rows
    name; ``images`` replaces the .zip's (the demo bank's folder, a test's
    fetcher). Raises ValidationError when the file cannot be used at all (or
    holds only the examples), and ImportRejected with the row-by-row report
    when any row is wrong.
    """
    opened = archive.open_upload(upload)
    images = images or RowImages(opened.images, packaged=opened.packaged)
    rows, examples = split_examples(read_rows(opened.workbook))
    if not rows:
        raise ValidationError(
            _(
                "Tệp chỉ có các dòng ví dụ của tệp mẫu (dòng %(rows)s), chưa có câu hỏi nào của bạn. "
                "Hãy ghi câu hỏi của bạn lên các dòng ví dụ hoặc bên dưới chúng rồi tải lên lại."
            )
            % {"rows": ", ".join(str(number) for number in examples)}
        )
    checked, errors = check_rows(rows, unit=unit, images=images)
    if errors:
        raise ImportRejected(errors)
    return Imported(save_rows(author=author, unit=unit, rows=checked, submit=submit, images=images), examples)
