"""Writing workbooks: the empty template (with its help sheet and drop-downs) and the export of the bank."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from django.core.files import File
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from questionbank import areas, selectors
from questionbank.models import Question, Topic
from quizsite import workbooks

from .columns import (
    COL_DIFFICULTY,
    COL_KIND,
    COL_TOPIC,
    DIFFICULTY_LABELS,
    EXAMPLE_ROWS,
    EXPORT_COLUMNS,
    FALSE_TEXT,
    KIND_LABELS,
    LETTERS,
    LISTS_SHEET,
    MAX_ROWS,
    SHEET,
    TEMPLATE_COLUMNS,
    TRUE_TEXT,
    WIDTHS,
    Kind,
)
from .help_sheet import add_help_sheet

# --- Building workbooks ------------------------------------------------------


def build_template() -> bytes:
    """The empty template with its example rows, in grey italics (the import skips them while unchanged)."""
    workbook, sheet = _new_workbook(TEMPLATE_COLUMNS, examples=True)
    example = Font(italic=True, color="6B7280")
    for values in EXAMPLE_ROWS:
        row = workbooks.append_row(sheet, [values.get(column, "") for column in TEMPLATE_COLUMNS])
        for column in range(1, len(TEMPLATE_COLUMNS) + 1):
            sheet.cell(row=row, column=column).font = example
    return workbooks.save(workbook)


def build_export(questions: Iterable[Question], *, references: bool = True) -> bytes:
    """``questions`` (with choices, topic and unit loaded) in the template's columns plus references.

    Without ``references`` only the template's columns are written: a file
    that is data for the import (the demo bank), with no id or status of the
    database it was written from. A question's image is named by image_name;
    export_images gives the files to put beside the workbook.
    """
    columns = EXPORT_COLUMNS if references else TEMPLATE_COLUMNS
    workbook, sheet = _new_workbook(columns, examples=False)
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    for question in questions:
        root, subtopic = _topic_names(question.topic_id, topics)
        choices = list(question.choices.all())
        values = [
            root,
            subtopic,
            KIND_LABELS.get(question.kind, question.kind),
            question.text,
            *[choices[i].text if i < len(choices) else "" for i in range(len(LETTERS))],
            _answer_for(question, choices),
            question.explanation,
            question.source,
            DIFFICULTY_LABELS.get(question.difficulty, question.difficulty),
            image_name(question),
            *[areas.written(choices[i].area) if i < len(choices) else "" for i in range(len(LETTERS))],
        ]
        if references:
            values += [question.pk, question.version, str(question.get_status_display()), question.unit.name]
        workbooks.append_row(sheet, values)
    return workbooks.save(workbook)


def _new_workbook(columns: Sequence[str], *, examples: bool) -> tuple[Workbook, Worksheet]:
    workbook, sheet = workbooks.new_workbook(SHEET)
    workbooks.write_header(
        sheet,
        columns,
        font=Font(bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor="0B5CAD"),
        alignment=Alignment(wrap_text=True, vertical="center"),
    )
    workbooks.set_widths(sheet, [WIDTHS[name] for name in columns])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"

    roots = list(Topic.objects.filter(parent__isnull=True).order_by("position", "name"))
    _add_lists_sheet(workbook, roots)
    _add_validations(sheet, columns, len(roots))
    add_help_sheet(workbook, roots, examples=examples)
    return workbook, sheet


def _add_lists_sheet(workbook: Workbook, roots: list[Topic]) -> None:
    # A root name contains a comma, so the lists cannot be written inline in
    # the validation formula: they live on a hidden sheet.
    lists = workbook.create_sheet(LISTS_SHEET)
    workbooks.append_row(lists, [COL_TOPIC, COL_KIND, COL_DIFFICULTY])
    kinds = list(KIND_LABELS.values())
    levels = list(DIFFICULTY_LABELS.values())
    for i in range(max(len(roots), len(kinds), len(levels))):
        workbooks.append_row(
            lists,
            [
                roots[i].name if i < len(roots) else None,
                kinds[i] if i < len(kinds) else None,
                levels[i] if i < len(levels) else None,
            ],
        )
    lists.sheet_state = "hidden"


def _add_validations(sheet: Worksheet, columns: Sequence[str], root_count: int) -> None:
    last = MAX_ROWS + 1
    rules = [
        (COL_TOPIC, f"$A$2:$A${root_count + 1}", _("Hãy chọn một trong sáu chủ đề gốc trong danh sách."), "stop"),
        (
            COL_KIND,
            f"$B$2:$B${len(KIND_LABELS) + 1}",
            _("Hãy chọn Một đáp án, Nhiều đáp án, Đúng/Sai, Sắp xếp thứ tự hoặc Chạm vào hình."),
            "stop",
        ),
        # 1, 2, 3 are accepted too, so a typed number only gets a warning.
        (
            COL_DIFFICULTY,
            f"$C$2:$C${len(DIFFICULTY_LABELS) + 1}",
            _("Nên chọn Dễ, Trung bình hoặc Khó (cũng có thể ghi 1, 2, 3)."),
            "warning",
        ),
    ]
    for column, cells, message, style in rules:
        letter = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!{cells}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle=style,
            errorTitle=column,
            error=message,
        )
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)


def _topic_names(topic_id: int, topics: Mapping[int, Topic]) -> tuple[str, str]:
    topic = topics[topic_id]
    if topic.parent_id is None:
        return topic.name, ""
    root = topic
    while root.parent_id is not None:
        root = topics[root.parent_id]
    return root.name, topic.name


def image_name(question: Question) -> str:
    """The file name of ``question``'s image in an export ("" without one): its stored name, unique already."""
    return PurePosixPath(question.image.name).name if question.image else ""


def export_images(questions: Iterable[Question]) -> dict[str, File]:
    """The images of ``questions`` by image_name, the files that go beside the exported workbook.

    A file lost from the storage is left out (the import will then say the row's image is missing).
    """
    images: dict[str, File] = {}
    for question in questions:
        name = image_name(question)
        if name and name not in images and question.image.storage.exists(question.image.name):
            images[name] = question.image
    return images


def _answer_for(question: Question, choices: Sequence) -> str:
    if question.kind == Kind.ORDER:
        # The steps are written in their right order.
        return ", ".join(LETTERS[: len(choices)])
    correct = [choice for choice in choices if choice.is_correct]
    if question.kind == Kind.TRUE_FALSE and len(correct) == 1 and correct[0].text in (TRUE_TEXT, FALSE_TEXT):
        return correct[0].text
    return ", ".join(LETTERS[choice.position] for choice in correct if choice.position < len(LETTERS))


# --- Export ------------------------------------------------------------------


def questions_to_export(*, user, params: Mapping[str, str]):
    """The newest version of every question in ``user``'s scope, filtered as the list page is."""
    _units, scoped = selectors.questions_for_officer(user)
    _form, filters = selectors.list_filters(params, scoped=scoped, tree=selectors.TopicTree())
    return selectors.question_list(scoped, **filters).prefetch_related("choices").order_by("unit__path", "pk")
