"""Writing workbooks: the empty template (with its help sheet and drop-downs) and the export of the bank."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from questionbank import selectors
from questionbank.models import Question, Topic
from questionbank.services import MAX_CHOICE_CHARS, MAX_EXPLANATION_CHARS, MAX_SOURCE_CHARS, MAX_TEXT_CHARS

from .columns import (
    COL_ANSWER,
    COL_CHOICES,
    COL_DIFFICULTY,
    COL_EXPLANATION,
    COL_ID,
    COL_KIND,
    COL_SOURCE,
    COL_STATUS,
    COL_SUBTOPIC,
    COL_TEXT,
    COL_TOPIC,
    COL_UNIT,
    COL_VERSION,
    DIFFICULTY_LABELS,
    EXPORT_COLUMNS,
    FALSE_TEXT,
    HELP_SHEET,
    KIND_LABELS,
    LETTERS,
    LISTS_SHEET,
    MAX_BYTES,
    MAX_ROWS,
    SHEET,
    TEMPLATE_COLUMNS,
    TRUE_TEXT,
    WIDTHS,
    Kind,
)

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
        _(
            "Mỗi tệp tối đa %(rows)s dòng dưới dòng tiêu đề (dòng trống được bỏ qua nhưng vẫn tính) "
            "và %(mb)d MB; chỉ nhận tệp .xlsx."
        )
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
        (
            COL_TEXT,
            yes,
            _("Câu hỏi như người thi sẽ đọc trên điện thoại (tối đa %(n)d ký tự).") % {"n": MAX_TEXT_CHARS},
        ),
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
        (
            COL_EXPLANATION,
            no,
            _("Người thi xem được sau khi vòng thi đóng (tối đa %(n)d ký tự).") % {"n": MAX_EXPLANATION_CHARS},
        ),
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
