"""One way to hand a table to Excel: a header row, then the rows, as an .xlsx download."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence], *, caption: str = ""
) -> HttpResponse:
    """An .xlsx with ``caption`` (how the table was computed) above a bold header row.

    ``filename`` is ASCII without the extension; the sheet title is cut to
    Excel's 31 characters. Values go in as they are: numbers stay numbers,
    so officers can sort and sum them.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    if caption:
        sheet.append([caption])
        sheet["A1"].font = Font(italic=True)
    sheet.append(list(headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        row = list(row)
        sheet.append(row)
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
