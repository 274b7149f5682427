"""One validation of a question: the form, the Excel import and the bulk create refuse the same things alike.

Each case is one question as an author would write it; it goes through the
create form, through an Excel file and through the bulk create, and all three
must refuse it with the same message and save nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionbank import services
from questionbank.excel import columns
from questionbank.models import Question, Topic
from tests.questionbank.test_excel import SAFETY, post_file, workbook_bytes

CREATE = reverse("questionbank:create")
PASSWORD_CHOICES = (("123456", False), ("Ngày sinh của bạn", False), ("Cụm từ dài có chữ, số và ký hiệu", True))


@dataclass(frozen=True)
class Written:
    """A question as an author writes it, whichever way it comes in."""

    kind: object = "single"
    text: str = "Mật khẩu nào an toàn nhất?"
    choices: tuple[tuple[str, bool], ...] = PASSWORD_CHOICES
    explanation: str = ""
    source: str = ""
    difficulty: object = 1
    has_topic: bool = True

    def form_data(self, topic: Topic) -> dict[str, object]:
        data = {
            "topic": topic.pk if self.has_topic else "",
            "kind": self.kind,
            "text": self.text,
            "explanation": self.explanation,
            "source": self.source,
            "difficulty": self.difficulty,
        }
        for position, (text, correct) in enumerate(self.choices):
            data[f"choice_{position}_text"] = text
            if correct:
                data[f"choice_{position}_correct"] = "on"
        return data

    def excel_row(self) -> dict[str, object]:
        row = {
            columns.COL_TOPIC: SAFETY if self.has_topic else None,
            columns.COL_KIND: self.kind,
            columns.COL_TEXT: self.text,
            columns.COL_ANSWER: ", ".join(
                letter for letter, (_text, correct) in zip(columns.LETTERS, self.choices, strict=False) if correct
            ),
            columns.COL_EXPLANATION: self.explanation,
            columns.COL_SOURCE: self.source,
            columns.COL_DIFFICULTY: self.difficulty,
        }
        for column, (text, _correct) in zip(columns.COL_CHOICES, self.choices, strict=False):
            row[column] = text
        return row

    def data(self, topic: Topic) -> services.QuestionData:
        return services.QuestionData(
            topic=topic if self.has_topic else None,
            kind=self.kind,
            text=self.text,
            choices=[services.ChoiceData(text, correct) for text, correct in self.choices],
            explanation=self.explanation,
            source=self.source,
            difficulty=self.difficulty,
        )


CASES = {
    "no topic": (Written(has_topic=False), "Chưa chọn chủ đề."),
    "unknown kind": (
        Written(kind="essay"),
        "“essay” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai, Sắp xếp thứ tự, Chạm vào hình).",
    ),
    "no text": (Written(text=""), "Chưa có nội dung câu hỏi."),
    "text too long": (Written(text="x" * 2001), "Nội dung câu hỏi dài 2001 ký tự, quá giới hạn 2000 ký tự."),
    "choice too long": (
        Written(choices=(("a" * 501, False), ("b", True))),
        "Phương án A dài 501 ký tự, quá giới hạn 500 ký tự.",
    ),
    "explanation too long": (Written(explanation="z" * 2001), "Giải thích dài 2001 ký tự, quá giới hạn 2000 ký tự."),
    "source too long": (Written(source="n" * 301), "Nguồn dài 301 ký tự, quá giới hạn 300 ký tự."),
    "one choice": (Written(choices=(("Chỉ một", True),)), "Cần ít nhất 2 phương án."),
    "the same choice twice": (
        Written(choices=(("Có", True), ("Không", False), (" có ", False))),
        "Phương án C trùng với phương án A.",
    ),
    "single with two right answers": (
        Written(choices=(("Có", True), ("Không", True))),
        "Câu một đáp án cần đúng 1 phương án đúng (đang có 2).",
    ),
    "single with no right answer": (
        Written(choices=(("Có", False), ("Không", False))),
        "Câu một đáp án cần đúng 1 phương án đúng (đang có 0).",
    ),
    "multiple with no right answer": (
        Written(kind="multiple", choices=(("Có", False), ("Không", False), ("Tuỳ", False))),
        "Câu nhiều đáp án cần ít nhất 1 phương án đúng.",
    ),
    "a right answer on an empty choice": (
        Written(choices=(("Có", True), ("Không", False), ("", False), ("", True))),
        "Phương án D được chọn là đáp án đúng nhưng chưa có nội dung.",
    ),
    "true/false with three choices": (
        Written(kind="true_false", choices=(("Đúng", True), ("Sai", False), ("Không biết", False))),
        "Câu Đúng/Sai cần đúng 2 phương án (đang có 3).",
    ),
    "true/false with both right": (
        Written(kind="true_false", choices=(("Đúng", True), ("Sai", True))),
        "Câu Đúng/Sai cần đúng 1 phương án đúng (đang có 2).",
    ),
    "difficulty out of range": (Written(difficulty=5), "“5” không phải độ khó (Dễ, Trung bình, Khó hoặc 1, 2, 3)."),
}


@pytest.mark.parametrize("case", CASES)
def test_the_form_and_the_excel_import_refuse_a_question_with_the_same_message(
    client, author_a, commune_a, topic, case
):
    written, message = CASES[case]
    client.force_login(author_a)

    form = client.post(CREATE, written.form_data(topic))
    excel = post_file(client, commune_a, workbook_bytes([written.excel_row()]))

    assert form.status_code == 200 and excel.status_code == 200
    form_messages = {text for errors in form.context["form"].errors.values() for text in errors}
    excel_messages = {error.message for error in excel.context["errors"]}
    assert form_messages == excel_messages == {message}
    assert message in form.content.decode() and message in excel.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("case", CASES)
def test_the_bulk_create_refuses_the_same_question_with_the_same_message(author_a, commune_a, topic, case):
    written, message = CASES[case]

    with pytest.raises(ValidationError) as refused:
        services.create_questions_bulk(author=author_a, unit=commune_a, items=[written.data(topic)], submit=False)

    assert refused.value.messages == [f"Câu hỏi thứ 1: {message}"]
    assert not Question.objects.exists()


def test_a_question_at_every_limit_is_saved_by_the_form_and_by_the_excel_import(client, author_a, commune_a, topic):
    at_limits = Written(
        text="x" * services.MAX_TEXT_CHARS,
        choices=(("a" * services.MAX_CHOICE_CHARS, True), ("b", False)),
        explanation="z" * services.MAX_EXPLANATION_CHARS,
        source="n" * services.MAX_SOURCE_CHARS,
    )
    client.force_login(author_a)

    assert client.post(CREATE, at_limits.form_data(topic)).status_code == 302
    # Another text: the import refuses a question the unit already has.
    post_file(client, commune_a, workbook_bytes([replace(at_limits, text="y" * services.MAX_TEXT_CHARS).excel_row()]))

    assert Question.objects.filter(unit=commune_a).count() == 2
