"""Every workbook the platform hands out is written through here, one cell at a time.

Officers open these files in Excel, and most of what they hold was typed by
someone else: a member's name, a team's, a unit's, a question. Whatever such
a text starts with ("=", "+", "-", "@", a tab, a carriage return), it is
written as a text cell, never a formula, and Excel, LibreOffice and openpyxl
read back exactly the text that was written:

- the cell's type is "s" (openpyxl would otherwise store "=HYPERLINK(…)" as a
  live formula, which LibreOffice and Excel evaluate on opening);
- a text that Excel would take for a formula when typed gets the
  ``quotePrefix`` style, so it stays text even after an officer edits the
  cell (F2, Enter); the value itself is untouched, no apostrophe is added;
- characters that XML cannot carry as they are (a carriage return becomes a
  line feed on reading; other control characters are refused outright) are
  written the way Excel writes them, ``_x000D_``, and a literal ``_x0041_``
  in the text is protected the same way (``_x005F_x0041_``). Excel and
  LibreOffice decode this on opening; ``read_text`` decodes it for code that
  reads a workbook with openpyxl.

Numbers stay numbers and dates stay dates, so officers can sort and sum.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Fill, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes Excel read a typed text as a formula (or, in a CSV, as a command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's sheet titles are at most 31 characters.
MAX_TITLE = 31
MAX_WIDTH = 60

# Control characters other than tab and line feed, and an underscore that
# would otherwise be read as the start of an escape: both as _xHHHH_.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named ``title`` (cut to Excel's 31 characters)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(title)
    return book, sheet


def sheet_title(title: str) -> str:
    # A sheet title may not hold []:*?/\ ; Excel would refuse to open the file.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:MAX_TITLE] or "Sheet"


def write_cell(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Put ``value`` in the cell: a text as text, whatever it starts with; a number or a date as itself."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        cell.value = _escape(value)
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: the officer's local time, as the pages show it.
        cell.value = timezone.make_naive(value)
        cell.number_format = "hh:mm:ss dd/mm/yyyy"
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.value = value
        cell.number_format = "dd/mm/yyyy"
    else:
        cell.value = value
    return cell


def append_row(sheet: Worksheet, values: Iterable[object]) -> int:
    """Write ``values`` where openpyxl's own ``append`` would (None and "" leave a cell empty); the row's number.

    ``append`` itself is not used: it stores a text starting with "=" as a
    formula and refuses control characters.
    """
    sheet.append([])  # moves openpyxl's row counter on, even for an empty row
    row = sheet._current_row
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        write_cell(sheet, row, column, value)
    return row


def write_header(
    sheet: Worksheet,
    headers: Sequence[str],
    *,
    font: Font | None = None,
    fill: Fill | None = None,
    alignment: Alignment | None = None,
    freeze: bool = True,
) -> int:
    """The header row (bold unless ``font`` says otherwise) below what the sheet holds, frozen above the data."""
    row = append_row(sheet, headers)
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = font or Font(bold=True)
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
    if freeze:
        sheet.freeze_panes = f"A{row + 1}"  # a coordinate: creating the cell would move append on
    return row


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    """``content`` as an .xlsx attachment; ``filename`` is ASCII, with or without the extension."""
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence], *, caption: str = ""
) -> HttpResponse:
    """A one-sheet table as an .xlsx: ``caption`` (how it was computed) in italics above a bold header row.

    Columns are as wide as their longest value, within reason.
    """
    book, sheet = new_workbook(title)
    if caption:
        write_cell(sheet, 1, 1, caption).font = Font(italic=True)
    write_header(sheet, headers)
    widths = [len(str(header)) for header in headers]
    for values in rows:
        values = list(values)
        append_row(sheet, values)
        for i, value in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
    set_widths(sheet, [min(max(width + 2, 6), MAX_WIDTH) for width in widths])
    return download(save(book), filename)


def read_text(value: object) -> object:
    """A text cell as openpyxl reads it, with Excel's _xHHHH_ escapes decoded; any other value as it is."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), value)
    return value


# A cell (<c ...>) and a shared string (<si>), with or without a namespace prefix.
CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
# Longer than either tag's match: a tag cut by a chunk's end is counted in the next chunk.
_OVERLAP = 64


def count_cells_and_strings(archive: zipfile.ZipFile, *, max_cells: int, max_strings: int) -> tuple[int, int]:
    """(cells, shared strings) an uploaded .xlsx holds, counted before openpyxl parses any of it.

    openpyxl loads every shared string when it opens a file and parses every
    cell of a row it reads, empty or not: a 46 KB file of a million empty
    strings took 31 s, one of a million formatted empty cells 8 s. So what
    it would parse is counted first, in C (a regex over the unpacked XML),
    stopping once past either limit.
    """
    cells = strings = 0
    for member in archive.infolist():
        if member.filename.lower().endswith(".xml"):
            found = _count_tags(archive, member, max_cells - cells, max_strings - strings)
            cells, strings = cells + found[0], strings + found[1]
            if cells > max_cells or strings > max_strings:
                break
    return cells, strings


def _count_tags(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, cells_left: int, strings_left: int
) -> tuple[int, int]:
    """(cells, shared strings) in one part, read a megabyte at a time; stops once past either limit."""
    cells = strings = 0
    carry = b""
    with archive.open(member) as part:
        while True:
            chunk = part.read(1024 * 1024)
            data = carry + chunk
            end = len(data) if not chunk else len(data) - _OVERLAP
            cells += sum(1 for tag in CELL_TAG.finditer(data) if tag.start() < end)
            strings += sum(1 for tag in STRING_TAG.finditer(data) if tag.start() < end)
            if not chunk or cells > cells_left or strings > strings_left:
                return cells, strings
            carry = data[end:]


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda found: f"_x{ord(found.group(0)):04X}_", text)


# --- Reading an upload -------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadLimits:
    """What an uploaded workbook may hold before any of it is parsed, and what its uploader is told past it."""

    max_bytes: int
    max_unpacked_bytes: int
    max_cells: int
    max_strings: int
    too_big_unpacked: str  # past max_unpacked_bytes
    too_many_cells: str  # past max_cells or max_strings


Rows = TypeVar("Rows")


def read_upload(upload, limits: UploadLimits, rows_of: Callable[[Workbook], Rows]) -> Rows:
    """``rows_of(workbook)`` of an uploaded .xlsx, or ValidationError in the uploader's words.

    The question import and the roster import read their files the same
    way: an .xlsx by name, at most ``max_bytes``, its unpacked parts and its
    cells counted before openpyxl parses any of them (count_cells_and_strings),
    then read-only with formulas kept as formulas (each reader reports a
    formula cell rather than trusting a cached result). Whatever zipfile or
    openpyxl trips on, the file is "unreadable"; a ValidationError of
    ``rows_of`` (no sheet, no header, too many rows) reaches the uploader as
    it is.
    """
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            _("Chỉ nhận tệp Excel .xlsx. Nếu tệp đang là .xls hoặc .csv, hãy mở bằng Excel và lưu lại dạng .xlsx.")
        )
    if upload.size > limits.max_bytes:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn.") % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_parts(archive, limits)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - whatever zipfile or openpyxl trips on, the file is unusable
        raise _unreadable() from None
    try:
        return rows_of(workbook)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet fails only when it is read
        raise _unreadable() from None
    finally:
        workbook.close()


def _check_parts(archive: zipfile.ZipFile, limits: UploadLimits) -> None:
    """Refuse a file whose parts would take too long to read, before openpyxl reads any of them."""
    if sum(member.file_size for member in archive.infolist()) > limits.max_unpacked_bytes:
        raise ValidationError(limits.too_big_unpacked)
    cells, strings = count_cells_and_strings(archive, max_cells=limits.max_cells, max_strings=limits.max_strings)
    if cells > limits.max_cells or strings > limits.max_strings:
        raise ValidationError(limits.too_many_cells)


def _unreadable() -> ValidationError:
    return ValidationError(_("Không đọc được tệp: tệp bị hỏng hoặc không phải tệp Excel .xlsx."))
