"""Exporting the question bank to Excel, and importing the export again."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from questionbank import services as qb
from questionbank.excel import columns, writing
from questionbank.models import Question, Topic
from tests.questionbank.test_excel import keys, post_file, sheet_rows

EXPORT_URL = reverse("questionbank:excel_export")


def exported(client, **params) -> list[dict[str, object]]:
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == columns.XLSX_CONTENT_TYPE
    header, *rows = sheet_rows(response.content)
    return [dict(zip(header, r, strict=True)) for r in rows]


@pytest.fixture
def bank(make_question, author_a, commune_a, topic):
    """One question of each kind in commune A, one of them under a sub-topic."""
    otp = Topic.objects.create(parent=topic, name="Mã OTP")
    single = make_question(author=author_a, unit=commune_a, topic=otp)
    multiple = make_question(
        author=author_a,
        unit=commune_a,
        text="Dấu hiệu của tin nhắn lừa đảo?",
        kind=Question.Kind.MULTIPLE,
        choices=[qb.ChoiceData("Chuyển tiền gấp", True), qb.ChoiceData("Link lạ", True), qb.ChoiceData("Chào", False)],
        difficulty=3,
        source="Cẩm nang an toàn thông tin",
    )
    true_false = make_question(
        author=author_a,
        unit=commune_a,
        text="Có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công.",
        kind=Question.Kind.TRUE_FALSE,
        choices=[qb.ChoiceData("Đúng", False), qb.ChoiceData("Sai", True)],
        topic=Topic.objects.get(root_key=Topic.Root.PUBLIC_SERVICES),
    )
    return [single, multiple, true_false]


def test_the_export_uses_the_template_columns_plus_reference_columns(client, author_a, bank):
    client.force_login(author_a)
    rows = exported(client)
    assert list(rows[0]) == [*columns.TEMPLATE_COLUMNS, "Mã", "Phiên bản", "Trạng thái", "Đơn vị"]
    by_text = {r["Nội dung câu hỏi"]: r for r in rows}
    single = by_text["Không nên chia sẻ mã OTP cho ai?"]
    assert (single["Chủ đề"], single["Chủ đề con"], single["Loại"]) == (
        "Bảo vệ bản thân trên môi trường số",
        "Mã OTP",
        "Một đáp án",
    )
    assert (single["Đáp án đúng"], single["Độ khó"], single["Trạng thái"], single["Đơn vị"]) == (
        "A",
        "Dễ",
        "Bản nháp",
        "Xã An Bình",
    )
    assert single["Mã"] == bank[0].pk and single["Phiên bản"] == 1
    assert by_text["Dấu hiệu của tin nhắn lừa đảo?"]["Đáp án đúng"] == "A, B"
    assert by_text["Có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công."]["Đáp án đúng"] == "Sai"


def test_an_export_imported_into_another_unit_gives_the_same_questions(client, author_a, hamlet_a, bank):
    client.force_login(author_a)
    content = client.get(EXPORT_URL).content
    response = post_file(client, hamlet_a, content)
    assert "Đã nhập 3 câu hỏi" in response.content.decode()
    for original in bank:
        copy = Question.objects.get(unit=hamlet_a, text=original.text)
        assert copy.family != original.family  # a new question, not an edit
        assert (copy.kind, copy.topic, copy.difficulty, copy.explanation, copy.source) == (
            original.kind,
            original.topic,
            original.difficulty,
            original.explanation,
            original.source,
        )
        assert keys(copy) == keys(original)


def test_an_export_without_references_is_the_template_columns_only_and_imports_as_it_is(
    client, author_a, hamlet_a, bank
):
    """The form the demo bank's workbook is kept in: data for the import, no id or status of the database."""
    content = writing.build_export(Question.objects.filter(pk__in=[q.pk for q in bank]), references=False)
    header, *rows = sheet_rows(content)
    assert header == columns.TEMPLATE_COLUMNS
    assert all(len(row) == len(columns.TEMPLATE_COLUMNS) for row in rows) and len(rows) == 3
    client.force_login(author_a)
    assert "Đã nhập 3 câu hỏi" in post_file(client, hamlet_a, content).content.decode()


def test_an_export_without_references_keeps_every_typed_text_a_text_cell(author_a, commune_a, make_question):
    """The demo bank's form too: what an author typed never becomes a formula when an officer opens the file."""
    typed = ['=HYPERLINK("http://x.example")', "+84 901 000 001", "-", "@ai đó"]
    question = make_question(
        author=author_a,
        unit=commune_a,
        text=typed[0],
        choices=[qb.ChoiceData(typed[1], True), qb.ChoiceData(typed[2], False)],
        explanation=typed[3],
        source="=1+1",
    )
    book = load_workbook(BytesIO(writing.build_export(Question.objects.filter(pk=question.pk), references=False)))
    cells = [cell for cell in book.worksheets[0][2] if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]

    assert sorted(cell.value for cell in cells) == sorted([*typed, "=1+1"])
    assert {cell.data_type for cell in cells} == {"s"}


def test_an_export_imported_into_the_same_unit_reports_every_row_as_a_duplicate(client, author_a, commune_a, bank):
    client.force_login(author_a)
    response = post_file(client, commune_a, client.get(EXPORT_URL).content)
    assert {e.row for e in response.context["errors"]} == {2, 3, 4}
    assert Question.objects.count() == 3


def test_an_officer_of_another_commune_does_not_get_commune_a_questions(
    client, author_b, commune_b, make_question, bank
):
    make_question(author=author_b, unit=commune_b, text="Câu của xã Tân Phú?")
    client.force_login(author_b)
    assert [r["Nội dung câu hỏi"] for r in exported(client)] == ["Câu của xã Tân Phú?"]


def test_a_unit_filter_outside_the_scope_gives_nothing(client, author_b, commune_a, bank):
    client.force_login(author_b)
    assert exported(client, unit=commune_a.pk) == []


def test_a_reviewer_may_export(client, reviewer_a, bank):
    client.force_login(reviewer_a)
    assert len(exported(client)) == 3


def test_the_export_applies_the_list_page_filters(client, author_a, bank, topic):
    qb.submit_for_review(question=bank[1], actor=author_a)
    client.force_login(author_a)

    def texts(**params):
        return sorted(r["Nội dung câu hỏi"] for r in exported(client, **params))

    assert texts(kind="multiple") == ["Dấu hiệu của tin nhắn lừa đảo?"]
    assert texts(status="in_review") == ["Dấu hiệu của tin nhắn lừa đảo?"]
    assert texts(difficulty=3) == ["Dấu hiệu của tin nhắn lừa đảo?"]
    assert texts(topic=topic.pk) == ["Dấu hiệu của tin nhắn lừa đảo?", "Không nên chia sẻ mã OTP cho ai?"]
    assert texts(q="Cổng Dịch vụ") == ["Có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công."]
    assert texts(q="an toàn thông tin") == ["Dấu hiệu của tin nhắn lừa đảo?"]  # found in the source
    assert len(texts(kind="không-có", difficulty="x")) == 3  # nonsense filters are ignored


def test_only_the_newest_version_of_a_question_is_exported(client, author_a, approved_question):
    qb.edit_question(
        question=approved_question,
        editor=author_a,
        data=qb.QuestionData(
            topic=approved_question.topic,
            kind=Question.Kind.SINGLE,
            text="Không nên chia sẻ mã OTP cho ai? (sửa)",
            choices=[qb.ChoiceData("Không ai cả", True), qb.ChoiceData("Ngân hàng", False)],
        ),
    )
    client.force_login(author_a)
    rows = exported(client)
    assert [(r["Nội dung câu hỏi"], r["Phiên bản"]) for r in rows] == [("Không nên chia sẻ mã OTP cho ai? (sửa)", 2)]


def test_a_question_beginning_with_equals_is_exported_as_text(client, author_a, commune_a, make_question):
    make_question(author=author_a, unit=commune_a, text="=SUM(A1:A9) là công thức gì?")
    client.force_login(author_a)
    assert exported(client)[0]["Nội dung câu hỏi"] == "=SUM(A1:A9) là công thức gì?"


def test_the_number_of_queries_does_not_grow_with_the_bank(client, author_a, commune_a, make_question):
    client.force_login(author_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(EXPORT_URL).status_code == 200
        return len(queries)

    make_question(author=author_a, unit=commune_a, text="Câu 1?")
    few = count()
    for i in range(2, 12):
        make_question(author=author_a, unit=commune_a, text=f"Câu {i}?")
    assert count() == few <= 9  # the filter form reads the topic tree once


def test_a_team_member_without_an_officer_role_gets_403(client, member_a):
    client.force_login(member_a)
    assert client.get(EXPORT_URL).status_code == 403


def test_an_organiser_without_a_question_role_gets_403(client, organiser_a):
    client.force_login(organiser_a)
    assert client.get(EXPORT_URL).status_code == 403


def test_the_export_is_only_a_get(client, author_a):
    client.force_login(author_a)
    assert client.post(EXPORT_URL).status_code == 405
