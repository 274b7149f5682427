"""Reading a roster workbook into rows, and each row into what it says or what is wrong with it.

Nothing here touches the database: units, phones already in use and teams
are checked by ``planning``. Every problem names its cell (``E7``) and says,
in Vietnamese, what to change.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from quizsite import workbooks
from quizsite.accounts.models import Affiliation, Membership, is_youth_union_member, makes_youth_union_member
from quizsite.accounts.phone import normalize_phone

from . import columns as c

# What openpyxl may have to parse: a full file of 15,000 rows has about
# 135,000 cells and 40,000 distinct texts; the rest is room for other sheets.
MAX_CELLS = 400_000
MAX_SHARED_STRINGS = 120_000


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: a row (its number in Excel) and, when one cell is at fault, its column."""

    row: int | None
    column: str | None
    message: str

    @property
    def cell(self) -> str:
        if self.row is None:
            return ""
        if self.column is None:
            return _("Dòng %(row)d") % {"row": self.row}
        return f"{get_column_letter(c.COLUMNS.index(self.column) + 1)}{self.row}"

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else self.message


@dataclass
class Row:
    """One member as the file gives them, checked for what a row alone can say."""

    number: int
    unit: str
    hamlet: str
    team: str
    full_name: str
    phone: str  # +84…, or "" when the cell holds no valid mobile number
    role: str = Membership.Role.MEMBER
    affiliation: str = Affiliation.OTHER
    is_youth_union: bool = False
    is_officer: bool = False
    problems: list[Problem] = field(default_factory=list)
    # What the plan found against the tree and the other rows; made anew with each plan.
    flags: list[Problem] = field(default_factory=list)

    def problem(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def flag(self, column: str | None, message: str) -> None:
        self.flags.append(Problem(self.number, column, message))


def read_workbook(upload) -> list[dict[str, str]]:
    """The non-empty rows of the "Danh sách" sheet as {column: text}, each with its row number under "#".

    Raises ValidationError, in the officer's words, when the file itself
    cannot be used: wrong type, too big, unreadable, no sheet or header, too
    many rows.
    """
    return workbooks.read_upload(upload, _limits(), _rows_of)


def _limits() -> workbooks.UploadLimits:
    too_big = _("Tệp quá lớn để đọc. Hãy chép danh sách sang tệp mẫu mới rồi tải lên lại.")
    return workbooks.UploadLimits(
        max_bytes=c.MAX_BYTES,
        max_unpacked_bytes=c.MAX_UNPACKED_BYTES,
        max_cells=MAX_CELLS,
        max_strings=MAX_SHARED_STRINGS,
        too_big_unpacked=too_big,
        too_many_cells=too_big,
    )


def _rows_of(workbook) -> list[dict[str, str]]:
    if c.SHEET in workbook.sheetnames:
        sheet = workbook[c.SHEET]
    elif len(workbook.sheetnames) == 1:
        sheet = workbook.worksheets[0]  # the list pasted into a fresh workbook
    else:
        raise ValidationError(
            _("Tệp không có trang tính “%(sheet)s”. Hãy tải tệp mẫu và điền danh sách vào trang đó.")
            % {"sheet": c.SHEET}
        )
    # Read at most the header, the allowed rows and one more (that one only
    # says the sheet is too long), whatever dimension the file declares.
    sheet.reset_dimensions()
    last = c.MAX_ROWS + 1
    lines = (
        tuple(_text(cell) for cell in line)
        for line in sheet.iter_rows(min_row=1, max_row=last + 1, max_col=c.MAX_COLUMNS)
    )
    header = next(lines, ())
    known = {c.key(name): name for name in c.COLUMNS}
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        name = known.get(c.key(value).rstrip("* "))
        if name and name not in found:
            found[name] = index
    missing = [name for name in c.REQUIRED if name not in found]
    if missing:
        raise ValidationError(
            _("Dòng đầu tiên của trang “%(sheet)s” phải là dòng tiêu đề như tệp mẫu; đang thiếu cột: %(columns)s.")
            % {"sheet": sheet.title, "columns": ", ".join(missing)}
        )
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > last:
            raise ValidationError(
                _("Trang “%(sheet)s” có hơn %(n)s dòng dưới dòng tiêu đề. Hãy chia thành nhiều tệp.")
                % {"sheet": sheet.title, "n": f"{c.MAX_ROWS:,}".replace(",", ".")}
            )
        values = {name: line[index] if index < len(line) else "" for name, index in found.items()}
        if any(values.values()):
            rows.append({"#": number, **values})
    if not rows:
        raise ValidationError(_("Tệp chưa có thành viên nào (ngoài dòng tiêu đề)."))
    return rows


class Formula(str):
    """A cell that holds a formula: reported to the officer, never taken as a name or a phone.

    What Excel last computed for it may be missing (a file written by another
    program) or not what the officer meant, so neither it nor the formula is used.
    """


def _text(cell) -> str:
    """A cell as the text an officer sees in Excel."""
    if cell.data_type == "f":
        return Formula(str(cell.value))
    value = workbooks.read_text(cell.value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return c.YES if value else c.NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def parse_row(values: dict[str, str]) -> Row:
    """One row of the file, with every problem the row alone shows."""
    text = {name: values.get(name, "") for name in c.COLUMNS}
    formulas = {name: value for name, value in text.items() if isinstance(value, Formula)}
    text.update(dict.fromkeys(formulas, ""))
    row = Row(
        number=values["#"],
        unit=text[c.COL_UNIT],
        hamlet=text[c.COL_HAMLET],
        team=text[c.COL_TEAM],
        full_name=text[c.COL_NAME],
        phone="",
    )
    for column, formula in formulas.items():
        row.problem(column, _("Ô có công thức (%(formula)s): hãy ghi thẳng nội dung.") % {"formula": formula[:40]})
    for column in c.REQUIRED:
        if not text[column] and not any(p.column == column for p in row.problems):
            row.problem(column, _("Ô “%(column)s” không được để trống.") % {"column": column})
    for column in (c.COL_UNIT, c.COL_HAMLET, c.COL_TEAM):
        if len(text[column]) > 200:
            row.problem(column, _("Tên dài quá 200 ký tự."))
    if len(text[c.COL_NAME]) > 150:
        row.problem(c.COL_NAME, _("Họ và tên dài quá 150 ký tự."))
    if text[c.COL_PHONE]:
        phone = normalize_phone(text[c.COL_PHONE].lstrip("'"))
        if phone is None:
            row.problem(
                c.COL_PHONE,
                _("“%(phone)s” không phải số di động Việt Nam (ví dụ đúng: 0912 345 678).")
                % {"phone": text[c.COL_PHONE]},
            )
        row.phone = phone or ""
    row.role = _choice(row, c.COL_ROLE, text[c.COL_ROLE], c.ROLE_ALIASES, Membership.Role.MEMBER, c.ROLE_LABELS)
    row.affiliation = _choice(
        row, c.COL_AFFILIATION, text[c.COL_AFFILIATION], c.AFFILIATION_ALIASES, Affiliation.OTHER, c.AFFILIATION_LABELS
    )
    row.is_youth_union = _youth_union(row, text[c.COL_YOUTH])
    row.is_officer = _yes_no(row, c.COL_OFFICER, text[c.COL_OFFICER])
    return row


def _choice(row: Row, column: str, text: str, aliases: dict[str, str], default: str, labels: dict[str, str]) -> str:
    if not text:
        return default
    value = aliases.get(c.key(text))
    if value is None:
        row.problem(
            column,
            _("“%(text)s” không có trong danh sách; hãy chọn một trong: %(choices)s.")
            % {"text": text, "choices": ", ".join(labels.values())},
        )
        return default
    return value


def _youth_union(row: Row, text: str) -> bool:
    """The “Đoàn viên” cell: a member from any organisation may say “Có”; one from the Youth Union is one anyway."""
    said = _yes_no(row, c.COL_YOUTH, text)
    if makes_youth_union_member(row.affiliation) and text and c.YES_NO.get(c.key(text)) is False:
        row.problem(
            c.COL_YOUTH,
            _("Người thuộc %(union)s là đoàn viên: hãy ghi “%(yes)s”, hoặc sửa cột “%(column)s”.")
            % {"union": c.AFFILIATION_LABELS[Affiliation.YOUTH_UNION], "yes": c.YES, "column": c.COL_AFFILIATION},
        )
    return is_youth_union_member(affiliation=row.affiliation, is_youth_union=said)


def _yes_no(row: Row, column: str, text: str) -> bool:
    if not text:
        return False
    value = c.YES_NO.get(c.key(text))
    if value is None:
        row.problem(column, _("Hãy ghi “%(yes)s” hoặc “%(no)s”.") % {"yes": c.YES, "no": c.NO})
        return False
    return value
