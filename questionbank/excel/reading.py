"""Reading an uploaded workbook into rows, within the file's limits.

What a file may cost is bounded before and while it is read: its size, what
it unpacks to, the cells and texts openpyxl would parse, and the rows read,
whatever those rows hold.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quizsite import workbooks

from .columns import (
    EXPORT_COLUMNS,
    FALSE_TEXT,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    REQUIRED_COLUMNS,
    SHEET,
    TEMPLATE_COLUMNS,
    TRUE_TEXT,
    norm,
)

# The last row a question may be on: the header is row 1.
LAST_ROW = MAX_ROWS + 1
# What openpyxl may have to parse: a full file of 2,000 questions has about
# 30,000 cells and 20,000 distinct texts; the rest is room for other sheets.
MAX_CELLS = 200_000
MAX_SHARED_STRINGS = 60_000


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: never read as the question's text, reported to the author instead.

    What Excel last computed for it may be missing (a file written by another
    program) or not what the author meant to import, so neither the formula
    nor its result is taken.
    """

    text: str

    def __str__(self) -> str:
        return self.text


def read_rows(upload) -> list[tuple[int, dict[str, object]]]:
    """The non-empty rows of the "Câu hỏi" sheet as (row number, {column: value}).

    Raises ValidationError, in the author's words, when the file itself
    cannot be used: wrong type, too big, unreadable, no sheet or header,
    more than MAX_ROWS rows below the header (empty ones count: reading
    stops there).
    """
    return workbooks.read_upload(upload, _limits(), _rows_of)


def _limits() -> workbooks.UploadLimits:
    return workbooks.UploadLimits(
        max_bytes=MAX_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        max_cells=MAX_CELLS,
        max_strings=MAX_SHARED_STRINGS,
        too_big_unpacked=_("Nội dung tệp quá lớn khi giải nén. Hãy chép các câu hỏi sang tệp mẫu mới rồi tải lên lại."),
        too_many_cells=_(
            "Tệp có quá nhiều ô (kể cả ô trống chỉ có định dạng) hoặc quá nhiều đoạn chữ để đọc. "
            "Hãy chép các câu hỏi sang tệp mẫu mới rồi tải lên lại."
        ),
    )


def _rows_of(workbook) -> list[tuple[int, dict[str, object]]]:
    if SHEET in workbook.sheetnames:
        sheet = workbook[SHEET]
    elif len(workbook.sheetnames) == 1:
        sheet = workbook.worksheets[0]  # data pasted into a fresh workbook
    else:
        raise ValidationError(
            _("Tệp không có trang tính “%(sheet)s”. Hãy tải tệp mẫu và nhập câu hỏi vào trang đó.") % {"sheet": SHEET}
        )
    # Read at most the header, the allowed rows and one more (that one only
    # says the sheet is too long), whatever the cells hold and whatever
    # dimension the file declares: an empty row costs as much to read as a
    # full one, and a 338 KB file can declare 1.4 million of them.
    sheet.reset_dimensions()
    lines = (
        tuple(_value(cell) for cell in line)
        for line in sheet.iter_rows(min_row=1, max_row=LAST_ROW + 1, max_col=MAX_COLUMNS)
    )
    header = next(lines, ())
    known = {norm(name): name for name in EXPORT_COLUMNS}
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        name = known.get(norm(cell_text(value)).rstrip("* "))
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
        if number > LAST_ROW:
            raise ValidationError(
                _(
                    "Trang “%(sheet)s” có hơn %(n)s dòng dưới dòng tiêu đề (tính cả dòng trống hoặc chỉ có định dạng). "
                    "Mỗi tệp tối đa %(n)s câu hỏi: hãy xoá các dòng thừa ở cuối trang hoặc chia thành nhiều tệp."
                )
                % {"sheet": sheet.title, "n": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        values = {name: line[index] for name, index in columns.items() if name in TEMPLATE_COLUMNS}
        if any(cell_text(value) for value in values.values()):
            rows.append((number, values))
    if not rows:
        raise ValidationError(_("Tệp chưa có câu hỏi nào (ngoài dòng tiêu đề)."))
    return rows


def _value(cell) -> object:
    if cell.data_type == "f":
        return Formula(str(cell.value))
    # Excel writes a carriage return (and other control characters) as _x000D_.
    return workbooks.read_text(cell.value)


def cell_text(value: object) -> str:
    """What a cell holds, as the text an author sees in Excel."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE_TEXT if value else FALSE_TEXT
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()
