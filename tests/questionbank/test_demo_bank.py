"""The demo bank is a question workbook, loaded through the officers' Excel import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from questionbank.demo_bank import loader as demo_loader
from questionbank.excel import columns, writing
from questionbank.excel.reading import cell_text
from questionbank.models import Question, QuestionEvent, Topic
from tests.questionbank.test_excel import sheet_rows

# Questions per root topic, as the Python records held them before the bank became a workbook.
DEMO_COUNTS = {
    Topic.Root.POLICY: 43,
    Topic.Root.PUBLIC_SERVICES: 32,
    Topic.Root.SHOPPING: 29,
    Topic.Root.PAYMENT: 30,
    Topic.Root.SAFETY: 34,
    Topic.Root.LOCAL_PLATFORMS: 33,
}
DEMO_TOTAL = sum(DEMO_COUNTS.values())  # 201


def per_root(questions) -> dict[str, int]:
    counts: dict[str, int] = {}
    for question in questions.select_related("topic__parent"):
        key = question.topic.root.root_key
        counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.fixture
def loaded(province, author_a, reviewer_a):
    created = demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a)
    return created, Question.objects.filter(unit=province)


def bad_copy(tmp_path, changes: dict[tuple[int, str], str]):
    """The demo workbook with some cells changed ({(row, column name): value}), saved beside the test."""
    workbook = load_workbook(demo_loader.WORKBOOK)
    sheet = workbook[columns.SHEET]
    header = [cell.value for cell in sheet[1]]
    for (row, column), value in changes.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    path = tmp_path / "ngan-hang-hong.xlsx"
    workbook.save(path)
    return path


def test_the_workbook_has_every_kind_and_every_level_under_each_root_topic():
    rows = demo_loader.read()
    assert len(rows) == DEMO_TOTAL
    by_root: dict[str, set[tuple[str, str]]] = {}
    for _number, values in rows:
        cells = {name: cell_text(values.get(name)) for name in columns.TEMPLATE_COLUMNS}
        pair = (cells[columns.COL_KIND], cells[columns.COL_DIFFICULTY])
        by_root.setdefault(cells[columns.COL_TOPIC], set()).add(pair)
        assert cells[columns.COL_SUBTOPIC] and cells[columns.COL_EXPLANATION] and cells[columns.COL_SOURCE], cells
    assert set(by_root) == {str(label) for label in Topic.Root.labels}
    for root, pairs in by_root.items():
        assert {kind for kind, _level in pairs} == set(columns.KIND_LABELS.values()), root
        assert {level for _kind, level in pairs} == set(columns.DIFFICULTY_LABELS.values()), root


@pytest.mark.django_db
def test_loading_makes_the_same_questions_per_topic_as_before_approved_with_the_import_trail(
    loaded, author_a, reviewer_a
):
    created, questions = loaded
    assert created == DEMO_TOTAL == questions.count()
    assert per_root(questions) == DEMO_COUNTS
    assert set(questions.values_list("status", flat=True)) == {Question.Status.APPROVED}
    assert set(questions.values_list("author", "reviewer")) == {(author_a.pk, reviewer_a.pk)}
    question = questions.order_by("pk").first()
    assert list(question.events.order_by("pk").values_list("action", flat=True)) == [
        QuestionEvent.Action.IMPORTED,
        QuestionEvent.Action.SUBMITTED,
        QuestionEvent.Action.APPROVED,
    ]


@pytest.mark.django_db
def test_loading_files_questions_under_their_subtopics_with_their_kind_answer_and_level(loaded):
    _created, questions = loaded
    # Row 2 of the workbook.
    decision = questions.get(text__startswith="Quyết định số 749/QĐ-TTg ngày 03/6/2020")
    assert (decision.topic.parent.root_key, decision.topic.name) == (Topic.Root.POLICY, "Văn bản chỉ đạo")
    assert [c.is_correct for c in decision.choices.order_by("position")] == [True, False, False, False]
    assert (decision.kind, decision.difficulty) == (Question.Kind.SINGLE, 1)
    assert decision.source == "Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ"
    true_false = questions.filter(kind=Question.Kind.TRUE_FALSE).first()
    assert [c.text for c in true_false.choices.order_by("position")] == ["Đúng", "Sai"]
    assert sum(c.is_correct for c in true_false.choices.all()) == 1
    multiple = questions.filter(kind=Question.Kind.MULTIPLE).first()
    assert sum(c.is_correct for c in multiple.choices.all()) >= 2
    assert set(questions.values_list("difficulty", flat=True)) == {1, 2, 3}
    assert questions.filter(topic__parent__isnull=True).count() == 0  # every demo question has its sub-topic


@pytest.mark.django_db
def test_the_workbook_round_trips_through_the_import_and_the_export(loaded):
    """Import it, export what was saved with the officers' export: the same sheet, cell for cell."""
    _created, questions = loaded
    exported = writing.build_export(questions.order_by("pk").prefetch_related("choices"), references=False)
    assert sheet_rows(exported) == sheet_rows(demo_loader.WORKBOOK.read_bytes())


@pytest.mark.django_db
def test_loading_again_adds_nothing(loaded, province, author_a, reviewer_a):
    questions, topics = Question.objects.count(), Topic.objects.count()
    assert demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a) == 0
    assert (Question.objects.count(), Topic.objects.count()) == (questions, topics)


@pytest.mark.django_db
def test_loading_into_a_second_unit_gives_it_its_own_copy(loaded, commune_a, author_a, reviewer_a):
    assert demo_loader.load(unit=commune_a, author=author_a, reviewer=reviewer_a) == DEMO_TOTAL
    assert per_root(Question.objects.filter(unit=commune_a)) == DEMO_COUNTS


@pytest.mark.django_db
def test_a_workbook_with_bad_rows_is_refused_with_the_imports_row_report_and_saves_nothing(
    tmp_path, province, author_a, reviewer_a
):
    path = bad_copy(tmp_path, {(3, columns.COL_ANSWER): "G", (4, columns.COL_KIND): "Tự luận"})
    with pytest.raises(ValidationError) as refused:
        demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a, path=path)
    messages = refused.value.messages
    assert messages[0] == "ngan-hang-hong.xlsx: 2 lỗi, không câu hỏi nào được lưu."
    assert messages[1] == "Dòng 3, cột Đáp án đúng: “G” không phải chữ cái của một phương án (A đến F)."
    assert messages[2] == "Dòng 4, cột Loại: “Tự luận” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai)."
    assert not Question.objects.exists()
    assert not Topic.objects.filter(parent__isnull=False).exists()
