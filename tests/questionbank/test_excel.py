"""The Excel template and the all-or-nothing import."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from questionbank.excel import columns, reading
from questionbank.models import Question, QuestionEvent, Topic
from quizsite import workbooks

TEMPLATE_URL = reverse("questionbank:excel_template")
IMPORT_URL = reverse("questionbank:excel_import")
SAFETY = "Bảo vệ bản thân trên môi trường số"


def row(**cells) -> dict[str, object]:
    """A template row; keyword names are short forms of the column names."""
    names = {
        "topic": columns.COL_TOPIC,
        "subtopic": columns.COL_SUBTOPIC,
        "kind": columns.COL_KIND,
        "text": columns.COL_TEXT,
        "answer": columns.COL_ANSWER,
        "explanation": columns.COL_EXPLANATION,
        "source": columns.COL_SOURCE,
        "difficulty": columns.COL_DIFFICULTY,
        **{letter.lower(): column for letter, column in zip(columns.LETTERS, columns.COL_CHOICES, strict=True)},
    }
    values = {
        columns.COL_TOPIC: SAFETY,
        columns.COL_KIND: "Một đáp án",
        columns.COL_TEXT: "Mật khẩu nào an toàn nhất?",
        columns.COL_CHOICES[0]: "123456",
        columns.COL_CHOICES[1]: "Ngày sinh của bạn",
        columns.COL_CHOICES[2]: "Cụm từ dài có chữ, số và ký hiệu",
        columns.COL_ANSWER: "C",
        columns.COL_DIFFICULTY: "Dễ",
    }
    values.update({names[key]: value for key, value in cells.items()})
    return values


def workbook_bytes(rows, *, columns=columns.TEMPLATE_COLUMNS, sheet=columns.SHEET) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(list(columns))
    for values in rows:
        ws.append([values.get(column) for column in columns] if isinstance(values, dict) else values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "cau-hoi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=columns.XLSX_CONTENT_TYPE)


def post_file(client, unit, content: bytes, *, name: str = "cau-hoi.xlsx", submit: bool = False):
    data = {"unit": unit.pk, "file": upload(content, name)}
    if submit:
        data["submit"] = "on"
    return client.post(IMPORT_URL, data, follow=True)


def sheet_rows(content: bytes, sheet: str = columns.SHEET) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(r) for r in workbook[sheet].iter_rows(values_only=True)]


def keys(question: Question) -> list[tuple[str, bool]]:
    return [(c.text, c.is_correct) for c in question.choices.order_by("position")]


# --- Template ----------------------------------------------------------------


def test_the_template_has_a_vietnamese_header_row_and_three_examples(client, author_a):
    client.force_login(author_a)
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == columns.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert rows[0][:4] == ("Chủ đề", "Chủ đề con", "Loại", "Nội dung câu hỏi")
    assert rows[0][4:11] == tuple(f"Phương án {letter}" for letter in "ABCDEFG")
    assert rows[0][11:16] == ("Đáp án đúng", "Giải thích", "Nguồn", "Độ khó", "Hình ảnh")
    assert rows[0][16:] == tuple(f"Vùng {letter}" for letter in "ABCDEFG")
    assert [r[2] for r in rows[1:]] == ["Một đáp án", "Đúng/Sai", "Sắp xếp thứ tự"]


def test_the_template_offers_dropdowns_a_frozen_header_and_a_help_sheet(client, author_a):
    client.force_login(author_a)
    workbook = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    sheet = workbook[columns.SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["C"].width
    validated = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(validated) == {"A", "C", "O"}  # Chủ đề, Loại, Độ khó
    lists = [tuple(r) for r in workbook[columns.LISTS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in lists] == [label for _key, label in Topic.Root.choices]
    kinds = ["Một đáp án", "Nhiều đáp án", "Đúng/Sai", "Sắp xếp thứ tự", "Chạm vào hình"]
    assert [r[1] for r in lists if r[1]] == kinds
    help_text = " ".join(str(c) for r in workbook[columns.HELP_SHEET].iter_rows(values_only=True) for c in r if c)
    assert "Đáp án đúng" in help_text
    assert "câu hỏi MỚI" in help_text  # re-importing an export makes new questions
    assert "x; y; rộng; cao" in help_text and "PHẦN TRĂM" in help_text and ".zip" in help_text


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_unchanged_template_creates_no_question_and_says_it_holds_only_the_examples(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, client.get(TEMPLATE_URL).content)
    assert "Tệp chỉ có các dòng ví dụ của tệp mẫu (dòng 2, 3, 4)" in refused(response)
    assert "Đã nhập" not in response.content.decode()


def test_a_template_with_its_examples_and_one_real_row_imports_only_the_real_row(client, author_a, commune_a):
    client.force_login(author_a)
    workbook = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    sheet = workbook[columns.SHEET]
    mine = row(text="Mật khẩu nào khó đoán nhất?")
    for column, name in enumerate(columns.TEMPLATE_COLUMNS, start=1):
        sheet.cell(row=5, column=column, value=mine.get(name))

    page = post_file(client, commune_a, saved(workbook)).content.decode()

    assert "Đã nhập 1 câu hỏi vào “Xã An Bình”. Đã bỏ qua 3 dòng ví dụ của tệp mẫu (dòng 2, 3, 4)." in page
    assert list(Question.objects.values_list("text", flat=True)) == ["Mật khẩu nào khó đoán nhất?"]


def test_an_example_row_that_the_officer_wrote_their_own_question_over_is_imported(client, author_a, commune_a):
    client.force_login(author_a)
    workbook = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    sheet = workbook[columns.SHEET]
    sheet["D2"] = "Ai được hỏi mã OTP của bạn?"
    sheet["D3"] = "Có thể tra cứu kết quả thủ tục trên Cổng Dịch vụ công quốc gia."
    sheet["D4"] = "Sắp xếp các bước nộp hồ sơ trực tuyến."

    page = post_file(client, commune_a, saved(workbook)).content.decode()

    assert "Đã nhập 3 câu hỏi" in page and "bỏ qua" not in page
    single = Question.objects.get(kind=Question.Kind.SINGLE)
    assert single.topic.name == "Lừa đảo trực tuyến" and single.topic.parent.name == SAFETY
    assert [correct for _text, correct in keys(single)] == [False, True, False, False]
    true_false = Question.objects.get(kind=Question.Kind.TRUE_FALSE)
    assert keys(true_false) == [("Đúng", True), ("Sai", False)]
    order = Question.objects.get(kind=Question.Kind.ORDER)
    assert [text for text, _correct in keys(order)][0] == "Đăng nhập bằng tài khoản định danh điện tử"


def test_an_old_example_left_in_with_other_cells_changed_is_still_skipped(client, author_a, commune_a):
    client.force_login(author_a)
    workbook = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    sheet = workbook[columns.SHEET]
    sheet["L2"] = "C"  # the answer changed, the example's question kept
    for column, name in enumerate(columns.TEMPLATE_COLUMNS, start=1):
        sheet.cell(row=3, column=column, value=row().get(name))

    page = post_file(client, commune_a, saved(workbook)).content.decode()

    assert "Đã nhập 1 câu hỏi" in page and "Đã bỏ qua 2 dòng ví dụ của tệp mẫu (dòng 2, 4)." in page
    assert Question.objects.get().text == row()[columns.COL_TEXT]


@pytest.mark.parametrize("url", [TEMPLATE_URL, IMPORT_URL])
def test_a_team_member_without_an_officer_role_gets_403(client, member_a, url):
    client.force_login(member_a)
    assert client.get(url).status_code == 403


def test_the_template_is_only_downloaded_with_get(client, author_a):
    client.force_login(author_a)
    assert client.post(TEMPLATE_URL).status_code == 405


# --- Import: the page and who may use it ----------------------------------------


def test_the_import_page_offers_only_units_in_the_authors_subtree(client, author_a, hamlet_a, hamlet_b):
    client.force_login(author_a)
    page = client.get(IMPORT_URL).content.decode()
    assert "Xã An Bình" in page and "Ấp 1" in page
    assert "Xã Tân Phú" not in page and "Ấp 2" not in page
    assert 'enctype="multipart/form-data"' in page


def test_a_reviewer_who_is_not_an_author_cannot_import(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get(IMPORT_URL).status_code == 403


def test_the_import_page_refuses_other_methods(client, author_a):
    client.force_login(author_a)
    assert client.put(IMPORT_URL).status_code == 405


def test_an_outsider_cannot_import_into_a_unit_outside_their_subtree(client, author_b, commune_a):
    client.force_login(author_b)
    response = post_file(client, commune_a, workbook_bytes([row()]))
    assert response.status_code == 200
    assert "Đã nhập" not in response.content.decode()
    assert not Question.objects.exists()


# --- Import: good files -----------------------------------------------------------


def test_a_good_file_creates_draft_questions_with_their_choices_and_keys(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [
        row(),
        row(kind="Nhiều đáp án", text="Dấu hiệu của tin nhắn lừa đảo?", a="Yêu cầu chuyển tiền gấp",
            b="Đường link lạ", c="Lời chào hỏi", answer="A, B", difficulty=3),
        row(kind="Đúng/Sai", text="Có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công.", a=None, b=None, c=None,
            answer="Đúng", topic="Dịch vụ công trực tuyến", difficulty="Trung bình"),
    ]  # fmt: skip
    response = post_file(client, commune_a, workbook_bytes(rows))
    page = response.content.decode()
    assert "Đã nhập 3 câu hỏi vào “Xã An Bình”" in page
    questions = {q.kind: q for q in Question.objects.all()}
    assert keys(questions["single"])[2] == ("Cụm từ dài có chữ, số và ký hiệu", True)
    assert [c for _t, c in keys(questions["multiple"])] == [True, True, False]
    assert keys(questions["true_false"]) == [("Đúng", True), ("Sai", False)]
    assert questions["multiple"].difficulty == 3 and questions["true_false"].difficulty == 2
    assert questions["true_false"].topic.root_key == Topic.Root.PUBLIC_SERVICES
    for question in questions.values():
        assert question.status == Question.Status.DRAFT
        assert question.author == author_a and question.unit == commune_a
        assert list(question.events.values_list("action", flat=True)) == [QuestionEvent.Action.IMPORTED]


def test_the_success_message_links_to_the_list_filtered_to_the_new_questions(client, author_a, hamlet_a):
    client.force_login(author_a)
    page = post_file(client, hamlet_a, workbook_bytes([row()])).content.decode()
    assert f'href="{reverse("questionbank:list")}?unit={hamlet_a.pk}&amp;status=draft"' in page


def test_submit_now_sends_every_imported_question_for_review(client, author_a, commune_a):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(), row(text="Câu thứ hai?")]), submit=True)
    assert set(Question.objects.values_list("status", flat=True)) == {Question.Status.IN_REVIEW}


def test_questions_sent_for_review_on_import_wait_in_the_queue_with_their_trail(
    client, author_a, reviewer_a, commune_a
):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(), row(text="Câu thứ hai?")]), submit=True)
    client.force_login(reviewer_a)
    queue = client.get(reverse("questionbank:review_queue")).content.decode()
    assert "2 câu đang chờ" in queue
    assert "Câu thứ hai?" in queue and "gửi lúc" in queue
    question = Question.objects.get(text="Câu thứ hai?")
    page = client.get(reverse("questionbank:detail", args=[question.pk])).content.decode()
    trail = page[page.index("Lịch sử") :]
    assert trail.index("Nhập từ Excel") < trail.index("Gửi duyệt")


@pytest.mark.parametrize("answer", ["A, C", "A;C", "AC", "a c", "C,A"])
def test_a_multiple_answer_can_be_written_in_several_ways(client, author_a, commune_a, answer):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(kind="Nhiều đáp án", answer=answer)]))
    assert [c for _t, c in keys(Question.objects.get())] == [True, False, True]


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [("Đúng/Sai", "Sai", [False, True]), ("true_false", "B", [False, True]), ("đúng / sai", "a", [True, False])],
)
def test_a_true_false_answer_accepts_the_word_or_the_letter(client, author_a, commune_a, kind, answer, expected):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(kind=kind, a=None, b=None, c=None, answer=answer)]))
    question = Question.objects.get()
    assert question.kind == Question.Kind.TRUE_FALSE
    assert [c for _t, c in keys(question)] == expected


@pytest.mark.parametrize(
    ("kind", "difficulty", "expected_kind", "expected_difficulty"),
    [("single", 1, "single", 1), ("multiple", "3", "multiple", 3), ("Một đáp án đúng", "khó", "single", 3),
     ("NHIỀU ĐÁP ÁN", None, "multiple", 2)],
)  # fmt: skip
def test_codes_and_labels_are_both_accepted(
    client, author_a, commune_a, kind, difficulty, expected_kind, expected_difficulty
):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(kind=kind, difficulty=difficulty)]))
    question = Question.objects.get()
    assert (question.kind, question.difficulty) == (expected_kind, expected_difficulty)


def test_a_root_topic_can_be_written_by_its_code(client, author_a, commune_a):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(topic="payment")]))
    assert Question.objects.get().topic.root_key == Topic.Root.PAYMENT


def test_empty_rows_are_skipped_and_do_not_count(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [row(), {}, {}, row(text="Câu sau hai dòng trống?")]
    page = post_file(client, commune_a, workbook_bytes(rows)).content.decode()
    assert "Đã nhập 2 câu hỏi" in page


def test_an_unknown_subtopic_is_created_under_its_root_when_the_import_succeeds(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [row(subtopic="Mật khẩu"), row(text="Câu khác?", subtopic="mật  khẩu")]
    post_file(client, commune_a, workbook_bytes(rows))
    subtopic = Topic.objects.get(name="Mật khẩu")
    assert subtopic.parent.root_key == Topic.Root.SAFETY
    assert Question.objects.filter(topic=subtopic).count() == 2


def test_an_existing_subtopic_is_reused(client, author_a, commune_a, topic):
    existing = Topic.objects.create(parent=topic, name="Mã OTP")
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row(subtopic="mã otp")]))
    assert Question.objects.get().topic == existing
    assert Topic.objects.filter(parent=topic).count() == 1


def test_decomposed_vietnamese_accents_match_the_labels(client, author_a, commune_a):
    import unicodedata

    client.force_login(author_a)
    decomposed = unicodedata.normalize("NFD", "Nhiều đáp án")
    post_file(client, commune_a, workbook_bytes([row(kind=decomposed, answer="A,C")]))
    assert Question.objects.get().kind == Question.Kind.MULTIPLE


def test_a_question_beginning_with_equals_is_read_as_text(client, author_a, commune_a):
    content = workbook_bytes([row()])
    workbook = load_workbook(io.BytesIO(content))
    cell = workbook[columns.SHEET]["D2"]
    cell.value = "=1+1"
    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(author_a)
    post_file(client, commune_a, buffer.getvalue())
    assert Question.objects.get().text == "=1+1"


def test_a_formula_cell_is_reported_and_nothing_is_imported(client, author_a, commune_a):
    workbook = load_workbook(io.BytesIO(workbook_bytes([row(), row(text="Câu thứ hai?")])))
    sheet = workbook[columns.SHEET]
    sheet["D2"] = '=HYPERLINK("http://lua-dao.example/","Bấm vào")'  # openpyxl stores it as a formula
    sheet["A3"] = "=A2"
    client.force_login(author_a)

    response = post_file(client, commune_a, saved(workbook))

    assert not Question.objects.exists()
    report = [str(error) for error in response.context["errors"]]
    assert report == [
        'Dòng 2, cột Nội dung câu hỏi: Ô này là công thức (=HYPERLINK("http://lua-dao.example/","Bấm vào")); '
        "hệ thống không nhập công thức. Hãy gõ thẳng nội dung, hoặc chép ô rồi dán dạng giá trị "
        "(Dán đặc biệt → Giá trị).",
        "Dòng 3, cột Chủ đề: Ô này là công thức (=A2); hệ thống không nhập công thức. Hãy gõ thẳng nội dung, "
        "hoặc chép ô rồi dán dạng giá trị (Dán đặc biệt → Giá trị).",
    ]


# --- Import: bad rows -------------------------------------------------------------


def test_a_file_with_bad_rows_saves_nothing_and_reports_each_row_in_vietnamese(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [
        row(subtopic="Chủ đề con mới"),  # 2: fine on its own
        row(text=None),  # 3
        row(text="Câu có đáp án H?", answer="H"),  # 4
        row(text="Chủ đề lạ?", topic="Thể thao"),  # 5
        {},  # 6: skipped
        row(text="Hai đáp án cho câu một đáp án?", answer="A, B"),  # 7
        row(text="Độ khó lạ?", difficulty="Rất khó"),  # 8
        row(text="Đáp án là phương án trống?", answer="D"),  # 9
        row(text="Loại lạ?", kind="Tự luận"),  # 10
    ]
    response = post_file(client, commune_a, workbook_bytes(rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu câu hỏi nào" in page
    report = {str(error) for error in response.context["errors"]}
    assert report == {
        "Dòng 3, cột Nội dung câu hỏi: Chưa có nội dung câu hỏi.",
        "Dòng 4, cột Đáp án đúng: “H” không phải chữ cái của một phương án (A đến G).",
        "Dòng 5, cột Chủ đề: “Thể thao” không phải một trong sáu chủ đề gốc.",
        "Dòng 7, cột Đáp án đúng: Câu một đáp án cần đúng 1 phương án đúng (đang có 2).",
        "Dòng 8, cột Độ khó: “Rất khó” không phải độ khó (Dễ, Trung bình, Khó hoặc 1, 2, 3).",
        "Dòng 9, cột Đáp án đúng: Phương án D được chọn là đáp án đúng nhưng chưa có nội dung.",
        "Dòng 10, cột Loại: “Tự luận” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai, Sắp xếp thứ tự, "
        "Chạm vào hình).",
    }
    assert {error.row for error in response.context["errors"]} == {3, 4, 5, 7, 8, 9, 10}
    assert "“Thể thao” không phải một trong sáu chủ đề gốc." in page
    assert not Question.objects.exists()
    assert not Topic.objects.filter(name="Chủ đề con mới").exists()


def test_the_error_report_keeps_the_chosen_unit(client, author_a, hamlet_a):
    client.force_login(author_a)
    response = post_file(client, hamlet_a, workbook_bytes([row(text=None)]))
    assert response.context["form"]["unit"].value() == str(hamlet_a.pk)
    assert f'<option value="{hamlet_a.pk}" selected>' in response.content.decode()


def test_a_question_already_in_the_unit_is_a_duplicate(client, author_a, commune_a, make_question):
    make_question(author=author_a, unit=commune_a, text="Mật khẩu nào an toàn nhất?")
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([row(text="mật khẩu  nào an toàn nhất?")]))
    assert [str(e) for e in response.context["errors"]] == [
        "Dòng 2, cột Nội dung câu hỏi: Đơn vị “Xã An Bình” đã có câu hỏi với nội dung này."
    ]
    assert Question.objects.count() == 1


def test_the_same_text_may_exist_in_another_unit(client, author_a, commune_a, hamlet_a, make_question):
    make_question(author=author_a, unit=commune_a, text="Mật khẩu nào an toàn nhất?")
    client.force_login(author_a)
    post_file(client, hamlet_a, workbook_bytes([row()]))
    assert Question.objects.filter(unit=hamlet_a).count() == 1


def test_a_text_repeated_within_the_file_is_a_duplicate(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([row(), row(subtopic="Khác")]))
    assert [str(e) for e in response.context["errors"]] == [
        "Dòng 3, cột Nội dung câu hỏi: Trùng nội dung với dòng 2 trong tệp."
    ]
    assert not Question.objects.exists()


# --- Import: files that cannot be used -----------------------------------------


def refused(response) -> str:
    assert response.status_code == 200
    assert not Question.objects.exists()
    return " ".join(response.context["form"].errors.get("file", []))


def test_a_file_that_is_not_xlsx_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, b"Chu de;Loai\n", name="cau-hoi.csv")
    assert "Chỉ nhận tệp Excel .xlsx" in refused(response)


def test_a_corrupt_xlsx_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, b"PK\x03\x04 not really a workbook")
    assert "Không đọc được tệp" in refused(response)


def test_a_zip_that_is_not_a_workbook_is_refused(client, author_a, commune_a):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    client.force_login(author_a)
    response = post_file(client, commune_a, buffer.getvalue())
    assert "Không đọc được tệp" in refused(response)


def test_a_file_over_five_megabytes_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, b"\0" * (columns.MAX_BYTES + 1))
    assert "lớn hơn 5 MB" in refused(response)


def test_a_file_with_more_than_two_thousand_rows_is_refused(client, author_a, commune_a):
    rows = [row(text=f"Câu hỏi số {i}?") for i in range(columns.MAX_ROWS + 1)]
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes(rows))
    assert "có hơn 2.000 dòng dưới dòng tiêu đề" in refused(response)


@pytest.fixture
def rows_read(monkeypatch) -> list[int]:
    """How many rows openpyxl handed out (read from the file or filled in for a gap)."""
    count = [0]
    cells_by_row = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for line in cells_by_row(self, *args, **kwargs):
            count[0] += 1
            yield line

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return count


def with_sheet_xml(content: bytes, edit) -> bytes:
    """The workbook ``content`` with its question sheet's XML passed through ``edit``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, edit(data) if name == "xl/worksheets/sheet1.xml" else data)
    return buffer.getvalue()


def test_a_formatted_cell_on_the_last_row_excel_allows_stops_the_reading_at_the_limit(
    client, author_a, commune_a, rows_read
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = columns.SHEET
    sheet.append(list(columns.TEMPLATE_COLUMNS))
    sheet.append([row().get(column) for column in columns.TEMPLATE_COLUMNS])
    sheet.cell(row=1_048_576, column=1).font = Font(bold=True)  # no value: only a format
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(author_a)
    message = refused(post_file(client, commune_a, buffer.getvalue()))
    assert "Trang “Câu hỏi” có hơn 2.000 dòng dưới dòng tiêu đề" in message
    assert rows_read[0] <= reading.LAST_ROW + 1


def test_a_small_file_declaring_a_huge_sheet_of_empty_rows_is_refused_after_reading_the_limit(
    client, author_a, commune_a, rows_read
):
    empty_rows = "".join(f'<row r="{n}" spans="1:14"/>' for n in range(3, 300_001)).encode()
    content = with_sheet_xml(
        workbook_bytes([row()]),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:N1400000"', xml).replace(
            b"</sheetData>", empty_rows + b"</sheetData>"
        ),
    )
    assert len(content) < columns.MAX_BYTES
    client.force_login(author_a)
    message = refused(post_file(client, commune_a, content))
    assert "có hơn 2.000 dòng" in message
    assert rows_read[0] <= reading.LAST_ROW + 1


def with_shared_strings(content: bytes, strings: bytes) -> bytes:
    """The workbook ``content`` with a shared-strings part (as Excel writes one) holding ``strings``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
                )
            target.writestr(name, data)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>",
        )
    return buffer.getvalue()


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open the file")

    monkeypatch.setattr(workbooks, "load_workbook", refuse)  # every upload is opened by quizsite.workbooks


@pytest.mark.parametrize(
    "content",
    [
        # 46 KB: a million empty texts, which openpyxl loads all at once (31 s).
        pytest.param(lambda: with_shared_strings(workbook_bytes([row()]), b"<si><t/></si>" * 1_000_000), id="texts"),
        # 300,000 formatted empty cells, each parsed when its row is read (8 s a million).
        pytest.param(
            lambda: with_sheet_xml(
                workbook_bytes([row()]),
                lambda xml: xml.replace(
                    b"</sheetData>", (b"<row>" + b'<c s="0"/>' * 150 + b"</row>") * 2000 + b"</sheetData>"
                ),
            ),
            id="cells",
        ),
    ],
)
def test_a_small_file_with_too_many_cells_or_texts_is_refused_before_openpyxl_opens_it(
    client, author_a, commune_a, openpyxl_never_opens, content
):
    client.force_login(author_a)
    message = refused(post_file(client, commune_a, content()))
    assert "Tệp có quá nhiều ô (kể cả ô trống chỉ có định dạng) hoặc quá nhiều đoạn chữ để đọc." in message


def sheet_of(lines: int, *, trailing_format: bool = False) -> SimpleUploadedFile:
    """A question sheet with ``lines`` question rows, perhaps one formatted empty row after them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = columns.SHEET
    sheet.append(list(columns.TEMPLATE_COLUMNS))
    for number in range(lines):
        sheet.append([row(text=f"Câu {number}?").get(column) for column in columns.TEMPLATE_COLUMNS])
    if trailing_format:
        sheet.cell(row=lines + 2, column=2).font = Font(italic=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload(buffer.getvalue())


def test_exactly_two_thousand_rows_are_read():
    assert len(reading.read_rows(sheet_of(columns.MAX_ROWS))) == columns.MAX_ROWS


def test_a_formatted_empty_row_after_two_thousand_questions_counts_as_a_row():
    with pytest.raises(ValidationError) as error:
        reading.read_rows(sheet_of(columns.MAX_ROWS, trailing_format=True))
    assert "có hơn 2.000 dòng" in error.value.messages[0]


def test_empty_rows_between_questions_are_skipped_but_keep_the_row_numbers():
    lines = reading.read_rows(upload(workbook_bytes([row(), {}, {}, row(text="Câu sau hai dòng trống?")])))
    assert [number for number, _values in lines] == [2, 5]


def test_a_file_without_the_header_row_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    content = workbook_bytes([], columns=["Câu hỏi", "Đáp án"])
    message = refused(post_file(client, commune_a, content))
    assert "dòng tiêu đề" in message and "Chủ đề" in message


def test_a_file_without_the_questions_sheet_is_refused(client, author_a, commune_a):
    workbook = Workbook()
    workbook.active.title = "Trang 1"
    workbook.create_sheet("Trang 2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(author_a)
    assert "không có trang tính “Câu hỏi”" in refused(post_file(client, commune_a, buffer.getvalue()))


def test_a_file_with_only_the_header_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    assert "chưa có câu hỏi nào" in refused(post_file(client, commune_a, workbook_bytes([])))


def test_a_single_sheet_with_another_name_is_still_read(client, author_a, commune_a):
    client.force_login(author_a)
    post_file(client, commune_a, workbook_bytes([row()], sheet="Sheet1"))
    assert Question.objects.count() == 1


def test_after_an_import_the_page_keeps_the_unit_for_the_next_file(client, author_a, hamlet_a):
    client.force_login(author_a)
    response = post_file(client, hamlet_a, workbook_bytes([row()]))
    assert f'<option value="{hamlet_a.pk}" selected>' in response.content.decode()


def test_a_small_file_that_unpacks_to_a_huge_one_is_refused(client, author_a, commune_a):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (columns.MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < columns.MAX_BYTES
    client.force_login(author_a)
    assert "quá lớn khi giải nén" in refused(post_file(client, commune_a, buffer.getvalue()))
