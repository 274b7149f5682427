"""The question bank in Excel: the template, the import and the export.

The file is a contract with the people who fill it in, so its header names,
the kind and difficulty labels and the root topic names stay in Vietnamese
whatever the interface language: a file written by one officer imports for
any other. Only the explanations around them (the "Hướng dẫn" sheet and the
error messages) follow the interface language.

An import is all or nothing: every row is checked first and the whole report
goes back to the author; only a file without a single error is saved, in one
transaction, through questionbank.services (one bulk write for the whole file).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from quizsite.accounts.models import Unit, User

from . import selectors, services
from .models import Choice, Question, QuestionEvent, Topic
from .services import ChoiceData, QuestionData

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: a small file can unpack to gigabytes (openpyxl holds the
# shared strings in memory), so the sizes it declares are checked first.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 2000
# Columns read from each row; generous, so a few extra columns do no harm,
# and bounded, so a stray cell far to the right cannot blow a row up.
MAX_COLUMNS = 40

SHEET = "Câu hỏi"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

LETTERS = "ABCDEF"
COL_TOPIC = "Chủ đề"
COL_SUBTOPIC = "Chủ đề con"
COL_KIND = "Loại"
COL_TEXT = "Nội dung câu hỏi"
COL_CHOICES = tuple(f"Phương án {letter}" for letter in LETTERS)
COL_ANSWER = "Đáp án đúng"
COL_EXPLANATION = "Giải thích"
COL_SOURCE = "Nguồn"
COL_DIFFICULTY = "Độ khó"
COL_ID = "Mã"
COL_VERSION = "Phiên bản"
COL_STATUS = "Trạng thái"
COL_UNIT = "Đơn vị"

TEMPLATE_COLUMNS = (
    COL_TOPIC,
    COL_SUBTOPIC,
    COL_KIND,
    COL_TEXT,
    *COL_CHOICES,
    COL_ANSWER,
    COL_EXPLANATION,
    COL_SOURCE,
    COL_DIFFICULTY,
)
# The export adds reference columns at the end; the import ignores them.
EXPORT_COLUMNS = (*TEMPLATE_COLUMNS, COL_ID, COL_VERSION, COL_STATUS, COL_UNIT)
REQUIRED_COLUMNS = (COL_TOPIC, COL_KIND, COL_TEXT, COL_CHOICES[0], COL_CHOICES[1], COL_ANSWER)
WIDTHS = {
    COL_TOPIC: 30,
    COL_SUBTOPIC: 22,
    COL_KIND: 15,
    COL_TEXT: 55,
    **dict.fromkeys(COL_CHOICES, 26),
    COL_ANSWER: 13,
    COL_EXPLANATION: 40,
    COL_SOURCE: 30,
    COL_DIFFICULTY: 13,
    COL_ID: 9,
    COL_VERSION: 10,
    COL_STATUS: 14,
    COL_UNIT: 24,
}

Kind = Question.Kind
KIND_LABELS = {Kind.SINGLE: "Một đáp án", Kind.MULTIPLE: "Nhiều đáp án", Kind.TRUE_FALSE: "Đúng/Sai"}
DIFFICULTY_LABELS = {1: "Dễ", 2: "Trung bình", 3: "Khó"}
TRUE_TEXT, FALSE_TEXT = services.TRUE_FALSE_TEXTS

MAX_CHOICE_CHARS = Choice._meta.get_field("text").max_length
MAX_SOURCE_CHARS = Question._meta.get_field("source").max_length
MAX_TOPIC_CHARS = Topic._meta.get_field("name").max_length


def _norm(value: str) -> str:
    """The form in which two spellings of the same word compare equal.

    Vietnamese keyboards can type composed or decomposed accents (Unikey's
    "Unicode tổ hợp"), so NFC first; then case and spacing do not count.
    """
    text = " ".join(unicodedata.normalize("NFC", value).split()).casefold()
    return re.sub(r"\s*/\s*", "/", text)


# The model's own labels are accepted too, spelled out here because the
# translated ones depend on the language active when this module loads.
MODEL_KIND_LABELS = {Kind.SINGLE: "Một đáp án đúng", Kind.MULTIPLE: "Nhiều đáp án đúng", Kind.TRUE_FALSE: "Đúng / Sai"}
KIND_ALIASES = {
    _norm(alias): kind
    for kind in Kind
    for alias in (kind.value, KIND_LABELS[kind], MODEL_KIND_LABELS[kind], kind.value.replace("_", " "))
} | {_norm("Đúng Sai"): Kind.TRUE_FALSE, _norm("Đúng-Sai"): Kind.TRUE_FALSE}
DIFFICULTY_ALIASES = {
    _norm(alias): level
    for level in Question.Difficulty
    for alias in (str(level.value), DIFFICULTY_LABELS[level.value], level.name)
}


# --- Errors ------------------------------------------------------------------


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


# --- Building workbooks ------------------------------------------------------


def build_template() -> bytes:
    """The empty template with its two example rows."""
    workbook, sheet = _new_workbook(TEMPLATE_COLUMNS, examples=True)
    for row, values in enumerate(_example_rows(), start=2):
        _write_row(sheet, row, values)
    return _save(workbook)


def build_export(questions: Iterable[Question]) -> bytes:
    """``questions`` (with choices, topic and unit loaded) in the template's columns plus references."""
    workbook, sheet = _new_workbook(EXPORT_COLUMNS, examples=False)
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    for row, question in enumerate(questions, start=2):
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
            question.pk,
            question.version,
            str(question.get_status_display()),
            question.unit.name,
        ]
        _write_row(sheet, row, values)
    return _save(workbook)


def _new_workbook(columns: Sequence[str], *, examples: bool) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0B5CAD")
    for index, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=name)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"

    roots = list(Topic.objects.filter(parent__isnull=True).order_by("position", "name"))
    _add_lists_sheet(workbook, roots)
    _add_validations(sheet, columns, len(roots))
    _add_help_sheet(workbook, roots, examples=examples)
    return workbook, sheet


def _add_lists_sheet(workbook: Workbook, roots: list[Topic]) -> None:
    # A root name contains a comma, so the lists cannot be written inline in
    # the validation formula: they live on a hidden sheet.
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append([COL_TOPIC, COL_KIND, COL_DIFFICULTY])
    kinds = list(KIND_LABELS.values())
    levels = list(DIFFICULTY_LABELS.values())
    for i in range(max(len(roots), len(kinds), len(levels))):
        lists.append(
            [
                roots[i].name if i < len(roots) else None,
                kinds[i] if i < len(kinds) else None,
                levels[i] if i < len(levels) else None,
            ]
        )
    lists.sheet_state = "hidden"


def _add_validations(sheet: Worksheet, columns: Sequence[str], root_count: int) -> None:
    last = MAX_ROWS + 1
    rules = [
        (COL_TOPIC, f"$A$2:$A${root_count + 1}", _("Hãy chọn một trong sáu chủ đề gốc trong danh sách."), "stop"),
        (COL_KIND, f"$B$2:$B${len(KIND_LABELS) + 1}", _("Hãy chọn Một đáp án, Nhiều đáp án hoặc Đúng/Sai."), "stop"),
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


def _add_help_sheet(workbook: Workbook, roots: list[Topic], *, examples: bool) -> None:
    sheet = workbook.create_sheet(HELP_SHEET)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 36
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([_("Hướng dẫn nhập câu hỏi từ Excel")])
    sheet["A1"].font = Font(bold=True, size=14)
    notes = [
        _("Mỗi dòng trên trang “%(sheet)s” là một câu hỏi. Giữ nguyên dòng tiêu đề (dòng 1), không đổi tên cột.")
        % {"sheet": SHEET},
        _("Dòng trống được bỏ qua. Mỗi tệp tối đa %(rows)s câu hỏi và %(mb)d MB; chỉ nhận tệp .xlsx.")
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": MAX_BYTES // (1024 * 1024)},
        _(
            "Nhập theo nguyên tắc “tất cả hoặc không”: chỉ cần một dòng lỗi thì không câu hỏi nào được lưu; "
            "trang web liệt kê lỗi theo từng dòng để bạn sửa tệp rồi tải lên lại."
        ),
        _(
            "Câu hỏi nhập vào ở trạng thái Bản nháp, người soạn là bạn. Đánh dấu “Gửi duyệt ngay” khi tải lên "
            "để gửi tất cả đi duyệt."
        ),
        _(
            "Không nhập trùng: câu hỏi có nội dung giống một câu hỏi đã có trong đơn vị được chọn, "
            "hoặc giống một dòng khác trong tệp, bị báo lỗi."
        ),
        _(
            "Tệp xuất từ hệ thống có thêm các cột %(columns)s để tham khảo. Có thể sửa tệp xuất rồi nhập lại, "
            "nhưng mỗi dòng sẽ tạo một câu hỏi MỚI (các cột tham khảo bị bỏ qua, câu hỏi cũ không đổi). "
            "Muốn sửa một câu hỏi đã có, hãy sửa trên trang Ngân hàng câu hỏi."
        )
        % {"columns": ", ".join((COL_ID, COL_VERSION, COL_STATUS, COL_UNIT))},
        _("Hình ảnh không nằm trong tệp Excel: hãy thêm hình cho câu hỏi trên trang sửa câu hỏi."),
    ]
    if examples:
        notes.insert(1, _("Dòng 2 và 3 là ví dụ: hãy xoá hoặc ghi đè trước khi nhập câu hỏi của bạn."))
    for note in notes:
        sheet.append([f"• {note}"])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
        sheet.cell(row=sheet.max_row, column=1).alignment = wrap
        sheet.row_dimensions[sheet.max_row].height = 32
    sheet.append([])
    header = [_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ")]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    yes, no = _("Có"), _("Không")
    root_names = "; ".join(root.name for root in roots)
    rows = [
        (COL_TOPIC, yes, _("Một trong sáu chủ đề gốc (chọn trong danh sách): %(roots)s.") % {"roots": root_names}),
        (
            COL_SUBTOPIC,
            no,
            _(
                "Ghi tự do. Chủ đề con chưa có sẽ được tạo dưới chủ đề gốc khi nhập thành công. "
                "Để trống thì câu hỏi thuộc thẳng chủ đề gốc."
            ),
        ),
        (
            COL_KIND,
            yes,
            _("“Một đáp án”, “Nhiều đáp án” hoặc “Đúng/Sai” (cũng nhận single, multiple, true_false)."),
        ),
        (COL_TEXT, yes, _("Câu hỏi như người thi sẽ đọc trên điện thoại.")),
        (
            f"{COL_CHOICES[0]} … {LETTERS[-1]}",
            _("A và B"),
            _(
                "Mỗi ô một phương án, tối đa 6 phương án, mỗi phương án tối đa %(n)d ký tự. "
                "Câu Đúng/Sai có thể để trống: hệ thống tự điền A = Đúng, B = Sai."
            )
            % {"n": MAX_CHOICE_CHARS},
        ),
        (
            COL_ANSWER,
            yes,
            _(
                "Chữ cái của phương án đúng, ví dụ B. Câu nhiều đáp án ghi nhiều chữ: “A, C”, “A;C” hoặc “AC”. "
                "Câu Đúng/Sai ghi “Đúng” hoặc “Sai” (hoặc A/B)."
            ),
        ),
        (COL_EXPLANATION, no, _("Người thi xem được sau khi vòng thi đóng.")),
        (
            COL_SOURCE,
            no,
            _("Văn bản, tài liệu làm căn cứ (tối đa %(n)d ký tự).") % {"n": MAX_SOURCE_CHARS},
        ),
        (COL_DIFFICULTY, no, _("Dễ, Trung bình, Khó hoặc 1, 2, 3. Để trống là Trung bình.")),
        (
            ", ".join((COL_ID, COL_VERSION, COL_STATUS, COL_UNIT)),
            no,
            _("Chỉ có trong tệp xuất, để tham khảo; bị bỏ qua khi nhập."),
        ),
    ]
    examples = dict(zip(TEMPLATE_COLUMNS, _example_rows()[0], strict=True))
    examples[f"{COL_CHOICES[0]} … {LETTERS[-1]}"] = examples[COL_CHOICES[0]]
    for column, required, how in rows:
        sheet.append([column, required, how, examples.get(column, "")])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap


def _example_rows() -> list[list[object]]:
    return [
        [
            "Bảo vệ bản thân trên môi trường số",
            "Lừa đảo trực tuyến",
            KIND_LABELS[Kind.SINGLE],
            "Có người gọi điện tự xưng là nhân viên ngân hàng và đề nghị bạn đọc mã OTP vừa nhận. Bạn nên làm gì?",
            "Đọc mã OTP để được hỗ trợ nhanh",
            "Không cung cấp mã OTP cho bất kỳ ai, gọi lại tổng đài chính thức của ngân hàng",
            "Gửi mã OTP qua Zalo cho họ",
            "Chụp màn hình tin nhắn gửi cho họ",
            "",
            "",
            "B",
            "Mã OTP chỉ dành cho chính chủ tài khoản; ngân hàng không bao giờ hỏi mã OTP qua điện thoại.",
            "Cẩm nang kỹ năng số cho người dân",
            DIFFICULTY_LABELS[1],
        ],
        [
            "Dịch vụ công trực tuyến",
            "",
            KIND_LABELS[Kind.TRUE_FALSE],
            "Người dân có thể nộp hồ sơ và theo dõi tiến độ giải quyết thủ tục hành chính "
            "trên Cổng Dịch vụ công quốc gia.",
            TRUE_TEXT,
            FALSE_TEXT,
            "",
            "",
            "",
            "",
            TRUE_TEXT,
            "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) cho phép nộp hồ sơ, thanh toán lệ phí và tra cứu "
            "kết quả trực tuyến.",
            "Cổng Dịch vụ công quốc gia",
            DIFFICULTY_LABELS[2],
        ],
    ]


def _write_row(sheet: Worksheet, row: int, values: Sequence[object]) -> None:
    for column, value in enumerate(values, start=1):
        if value in ("", None):
            continue
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            # A question may begin with "=": keep it text, never a formula.
            cell.data_type = "s"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _topic_names(topic_id: int, topics: Mapping[int, Topic]) -> tuple[str, str]:
    topic = topics[topic_id]
    if topic.parent_id is None:
        return topic.name, ""
    root = topic
    while root.parent_id is not None:
        root = topics[root.parent_id]
    return root.name, topic.name


def _answer_for(question: Question, choices: Sequence) -> str:
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


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- Import ------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedRow:
    row: int
    # ``data.topic`` is the root when ``new_subtopic`` is set: that sub-topic
    # is created under it only when the whole file is saved.
    data: QuestionData
    new_subtopic: str = ""


def read_rows(upload) -> list[tuple[int, dict[str, object]]]:
    """The non-empty rows of the "Câu hỏi" sheet as (row number, {column: value}).

    Raises ValidationError, in the author's words, when the file itself
    cannot be used: wrong type, too big, unreadable, no sheet or header,
    too many rows.
    """
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            _("Chỉ nhận tệp Excel .xlsx. Nếu tệp đang là .xls hoặc .csv, hãy mở bằng Excel và lưu lại dạng .xlsx.")
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _unreadable() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("Nội dung tệp quá lớn khi giải nén. Hãy chép các câu hỏi sang tệp mẫu mới rồi tải lên lại.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl trips on, the file is unusable
        raise _unreadable() from None
    try:
        return _rows_of(workbook)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet fails only when it is read
        raise _unreadable() from None
    finally:
        workbook.close()


def _unreadable() -> ValidationError:
    return ValidationError(_("Không đọc được tệp: tệp bị hỏng hoặc không phải tệp Excel .xlsx."))


def _rows_of(workbook) -> list[tuple[int, dict[str, object]]]:
    if SHEET in workbook.sheetnames:
        sheet = workbook[SHEET]
    elif len(workbook.sheetnames) == 1:
        sheet = workbook.worksheets[0]  # data pasted into a fresh workbook
    else:
        raise ValidationError(
            _("Tệp không có trang tính “%(sheet)s”. Hãy tải tệp mẫu và nhập câu hỏi vào trang đó.") % {"sheet": SHEET}
        )
    # Some programs write wrong dimensions; read until the data really ends.
    sheet.reset_dimensions()
    lines = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    header = next(lines, ())
    known = {_norm(name): name for name in EXPORT_COLUMNS}
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        name = known.get(_norm(_text(value)).rstrip("* "))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValidationError(
            _("Dòng đầu tiên của trang “%(sheet)s” phải là dòng tiêu đề như tệp mẫu; đang thiếu cột: %(columns)s.")
            % {"sheet": sheet.title, "columns": ", ".join(missing)}
        )
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {name: line[index] for name, index in columns.items() if name in TEMPLATE_COLUMNS}
        if all(_text(value) == "" for value in values.values()):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("Tệp có hơn %(n)s câu hỏi. Hãy chia thành nhiều tệp, mỗi tệp tối đa %(n)s câu.")
                % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    if not rows:
        raise ValidationError(_("Tệp chưa có câu hỏi nào (ngoài dòng tiêu đề)."))
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE_TEXT if value else FALSE_TEXT
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


class _Topics:
    """Root and sub-topic lookups by name, from one query."""

    def __init__(self) -> None:
        self.roots: dict[str, Topic] = {}
        self.children: dict[tuple[int, str], Topic] = {}
        for topic in Topic.objects.all():
            if topic.parent_id is None:
                self.roots[_norm(topic.name)] = topic
                self.roots[_norm(topic.root_key)] = topic
            else:
                self.children[(topic.parent_id, _norm(topic.name))] = topic


def check_rows(
    rows: Sequence[tuple[int, Mapping[str, object]]], *, unit: Unit
) -> tuple[list[CheckedRow], list[RowError]]:
    """Every row turned into question data, and every problem found on the way."""
    topics = _Topics()
    existing = {
        _norm(text)
        for text in Question.objects.latest_versions()
        .filter(unit=unit)
        .exclude(status=Question.Status.RETIRED)
        .values_list("text", flat=True)
    }
    seen: dict[str, int] = {}
    checked: list[CheckedRow] = []
    errors: list[RowError] = []
    for number, values in rows:
        cells = {name: _text(values.get(name)) for name in TEMPLATE_COLUMNS}
        row_errors: list[RowError] = []
        item = _check_row(number, cells, topics, row_errors)
        if key := _norm(cells[COL_TEXT]):
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
    elif (topic := topics.roots.get(_norm(cells[COL_TOPIC]))) is None:
        error(COL_TOPIC, _("“%(value)s” không phải một trong sáu chủ đề gốc.") % {"value": cells[COL_TOPIC]})
    new_subtopic = ""
    if (subtopic := cells[COL_SUBTOPIC]) and topic is not None:
        if len(subtopic) > MAX_TOPIC_CHARS:
            error(COL_SUBTOPIC, _("Tên chủ đề con dài quá %(n)d ký tự.") % {"n": MAX_TOPIC_CHARS})
        elif (child := topics.children.get((topic.pk, _norm(subtopic)))) is not None:
            topic = child
        else:
            new_subtopic = " ".join(subtopic.split())

    kind = None
    if not cells[COL_KIND]:
        error(COL_KIND, _("Chưa chọn loại câu hỏi."))
    elif (kind := KIND_ALIASES.get(_norm(cells[COL_KIND]))) is None:
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
    if cells[COL_DIFFICULTY] and (difficulty := DIFFICULTY_ALIASES.get(_norm(cells[COL_DIFFICULTY]))) is None:
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
    if kind == Kind.TRUE_FALSE and _norm(answer) in (_norm(TRUE_TEXT), _norm(FALSE_TEXT)):
        matches = {i for i, text in enumerate(texts) if _norm(text) == _norm(answer)}
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
            key = (data.topic.pk, _norm(item.new_subtopic))
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
