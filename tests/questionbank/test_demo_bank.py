"""The demo bank is a question workbook, loaded through the officers' Excel import."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from questionbank import areas
from questionbank.demo_bank import loader as demo_loader
from questionbank.excel import columns, writing
from questionbank.excel.reading import cell_text
from questionbank.models import Question, QuestionEvent, Topic

# Questions per root topic, as the Python records held them before the bank became a workbook: those of the
# three kinds it had then (the practice kinds, order and hotspot, are counted by test_demo_practice).
DEMO_COUNTS = {
    Topic.Root.POLICY: 43,
    Topic.Root.PUBLIC_SERVICES: 32,
    Topic.Root.SHOPPING: 29,
    Topic.Root.PAYMENT: 30,
    Topic.Root.SAFETY: 34,
    Topic.Root.LOCAL_PLATFORMS: 33,
}
DEMO_TOTAL = sum(DEMO_COUNTS.values())  # 201
# The questions that practise a skill (issue 18), order and hotspot together: every skill but the policy.
PRACTICE_COUNTS = {
    Topic.Root.PUBLIC_SERVICES: 7,
    Topic.Root.SHOPPING: 7,
    Topic.Root.PAYMENT: 7,
    Topic.Root.SAFETY: 8,
    Topic.Root.LOCAL_PLATFORMS: 8,
}
BANK_TOTAL = DEMO_TOTAL + sum(PRACTICE_COUNTS.values())  # 238


CLASSIC_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE)


def per_root(questions) -> dict[str, int]:
    """How many of ``questions`` of the classic kinds each root topic has."""
    counts: dict[str, int] = {}
    for question in questions.filter(kind__in=CLASSIC_KINDS).select_related("topic__parent"):
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
    images = demo_loader.WORKBOOK.parent / demo_loader.IMAGES
    if images.is_dir():
        shutil.copytree(images, tmp_path / demo_loader.IMAGES, dirs_exist_ok=True)
    return path


def classic(rows):
    return [(n, v) for n, v in rows if cell_text(v.get(columns.COL_KIND)) in CLASSIC_LABELS]


CLASSIC_LABELS = {columns.KIND_LABELS[kind] for kind in CLASSIC_KINDS}


def test_the_workbook_has_every_kind_and_every_level_under_each_root_topic():
    rows = demo_loader.read()
    assert len(classic(rows)) == DEMO_TOTAL
    by_root: dict[str, set[tuple[str, str]]] = {}
    for _number, values in rows:
        cells = {name: cell_text(values.get(name)) for name in columns.TEMPLATE_COLUMNS}
        pair = (cells[columns.COL_KIND], cells[columns.COL_DIFFICULTY])
        by_root.setdefault(cells[columns.COL_TOPIC], set()).add(pair)
        assert cells[columns.COL_SUBTOPIC] and cells[columns.COL_EXPLANATION] and cells[columns.COL_SOURCE], cells
    assert set(by_root) == {str(label) for label in Topic.Root.labels}
    for root, pairs in by_root.items():
        assert CLASSIC_LABELS <= {kind for kind, _level in pairs} <= set(columns.KIND_LABELS.values()), root
        assert {level for _kind, level in pairs} == set(columns.DIFFICULTY_LABELS.values()), root


@pytest.mark.django_db
def test_loading_makes_the_same_questions_per_topic_as_before_approved_with_the_import_trail(
    loaded, author_a, reviewer_a
):
    created, questions = loaded
    assert created == len(demo_loader.read()) == questions.count()
    assert questions.filter(kind__in=CLASSIC_KINDS).count() == DEMO_TOTAL
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
    """Import it, export what was saved with the officers' export: the same cells, column by column.

    An image comes back under its stored name, so only whether a row has one is compared; an area to 0.01%.
    """
    _created, questions = loaded
    exported = writing.build_export(questions.order_by("pk").prefetch_related("choices"), references=False)
    written, read_back = named_rows(demo_loader.WORKBOOK.read_bytes()), named_rows(exported)
    assert len(written) == len(read_back)
    for original, again in zip(written, read_back, strict=True):
        for column in columns.TEMPLATE_COLUMNS:
            before, after = original.get(column), again.get(column)
            if column == columns.COL_IMAGE:
                assert bool(before) == bool(after), original
            elif column in columns.COL_AREAS and before:
                assert areas_equal(before, after), (original, column)
            else:
                assert before == after, (original, column)


def named_rows(content: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content))[columns.SHEET]
    header, *rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    return [{name: value for name, value in zip(header, r, strict=False) if value not in (None, "")} for r in rows]


def areas_equal(before: str, after: str) -> bool:
    one, other = areas.read(before), areas.read(after)
    return all(abs(a - b) < 0.00011 for a, b in zip(vars(one).values(), vars(other).values(), strict=True))


@pytest.mark.django_db
def test_loading_again_adds_nothing(loaded, province, author_a, reviewer_a):
    questions, topics = Question.objects.count(), Topic.objects.count()
    assert demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a) == 0
    assert (Question.objects.count(), Topic.objects.count()) == (questions, topics)


@pytest.mark.django_db
def test_loading_into_a_second_unit_gives_it_its_own_copy(loaded, commune_a, author_a, reviewer_a):
    assert demo_loader.load(unit=commune_a, author=author_a, reviewer=reviewer_a) == BANK_TOTAL
    assert per_root(Question.objects.filter(unit=commune_a)) == DEMO_COUNTS
    practice = Question.objects.filter(unit=commune_a, kind__in=["order", "hotspot"]).select_related("topic__parent")
    assert Counter(q.topic.root.root_key for q in practice) == PRACTICE_COUNTS
    assert all(q.image for q in practice if q.kind == "hotspot")


@pytest.mark.django_db
def test_a_workbook_with_bad_rows_is_refused_with_the_imports_row_report_and_saves_nothing(
    tmp_path, province, author_a, reviewer_a
):
    path = bad_copy(tmp_path, {(3, columns.COL_ANSWER): "H", (4, columns.COL_KIND): "Tự luận"})
    with pytest.raises(ValidationError) as refused:
        demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a, path=path)
    messages = refused.value.messages
    assert messages[0] == "ngan-hang-hong.xlsx: 2 lỗi, không câu hỏi nào được lưu."
    assert messages[1] == "Dòng 3, cột Đáp án đúng: “H” không phải chữ cái của một phương án (A đến G)."
    assert messages[2] == (
        "Dòng 4, cột Loại: “Tự luận” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai, "
        "Sắp xếp thứ tự, Chạm vào hình)."
    )
    assert not Question.objects.exists()
    assert not Topic.objects.filter(parent__isnull=False).exists()
