"""The roster workbook: the empty template with its help sheet, and the export an officer corrects and imports again."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from quizsite import workbooks
from quizsite.accounts.models import Affiliation, Membership, Unit
from quizsite.accounts.names import name_sort_key

from . import columns as c
from .planning import COMMUNE_KINDS

EXAMPLE = (
    (
        "Xã An Bình",
        "Ấp 1",
        "Tổ CNS Ấp 1",
        "Nguyễn Văn An",
        "0912 345 678",
        "Tổ trưởng",
        "Trưởng ấp / khu phố",
        "Không",
        "Không",
    ),
    ("Xã An Bình", "Ấp 1", "Tổ CNS Ấp 1", "Trần Thị Bình", "0987 654 321", "Tổ phó", "Đoàn Thanh niên", "Có", "Không"),
    (
        "Xã An Bình",
        "",
        "Tổ CNS xã An Bình",
        "Lê Văn Cường",
        "0903 111 222",
        "Thành viên",
        "Bưu điện / viễn thông",
        "Không",
        "Có",
    ),
)


def _help_lines() -> list[tuple[str, str]]:
    yes_no = _("“%(yes)s” hoặc “%(no)s”; để trống là “%(no)s”.") % {"yes": c.YES, "no": c.NO}
    return [
        (
            c.COL_UNIT,
            _(
                "Bắt buộc. Tên xã, phường hoặc đặc khu (theo danh mục từ 2025) hoặc mã đơn vị. Không phân biệt dấu, "
                "chữ hoa; có thể bỏ chữ “Xã”, “Phường”. Tên gõ sai sẽ được gợi ý tên gần đúng."
            ),
        ),
        (
            c.COL_HAMLET,
            _(
                "Không bắt buộc. Ấp, thôn, khu phố, tổ dân phố nơi có tổ. Nếu chưa có trong hệ thống, ấp sẽ được "
                "tạo mới khi nhập (bản xem trước cho biết trước). Để trống nếu tổ thuộc thẳng xã, phường."
            ),
        ),
        (
            c.COL_TEAM,
            _("Bắt buộc. Tên tổ chuyển đổi số cộng đồng; thành viên cùng tổ ghi cùng một tên. Tổ chưa có sẽ được tạo."),
        ),
        (c.COL_NAME, _("Bắt buộc. Họ và tên đầy đủ, có dấu.")),
        (
            c.COL_PHONE,
            _(
                "Bắt buộc. Số di động Việt Nam (0912 345 678), mỗi số một dòng: thành viên đăng nhập bằng số này. "
                "Nhập lại tệp sẽ cập nhật theo số điện thoại."
            ),
        ),
        (
            c.COL_ROLE,
            _("“Tổ trưởng”, “Tổ phó” hoặc “Thành viên”; để trống là Thành viên. Mỗi tổ một tổ trưởng, một tổ phó."),
        ),
        (
            c.COL_AFFILIATION,
            _("Một trong: %(choices)s. Để trống là “Khác”.") % {"choices": ", ".join(c.AFFILIATION_LABELS.values())},
        ),
        (
            c.COL_YOUTH,
            yes_no
            + " "
            + _("Người thuộc tổ chức nào cũng có thể là đoàn viên; người thuộc “%(union)s” luôn là đoàn viên.")
            % {"union": c.AFFILIATION_LABELS[Affiliation.YOUTH_UNION]},
        ),
        (c.COL_OFFICER, yes_no),
    ]


def _general() -> list[str]:
    return [
        _("Điền mỗi thành viên một dòng ở trang “%(sheet)s”, giữ nguyên dòng tiêu đề.") % {"sheet": c.SHEET},
        _("Chưa dòng nào được ghi cho đến khi mọi dòng đều đúng: bản xem trước chỉ ra ô sai và cách sửa."),
        _("Bạn chỉ nhập được các tổ trong đơn vị mình phụ trách."),
        _("Mỗi tổ tối đa %(limit)d thành viên (trừ tổ có giới hạn riêng).") % {"limit": settings.TEAM_SIZE_LIMIT},
        _(
            "Nhập lại tệp: người đổi tổ được chuyển tổ (kết quả các vòng thi đã làm vẫn giữ), người mới được thêm. "
            "Người đang ở các tổ trong tệp mà tệp không ghi được liệt kê để bạn xác nhận bỏ khỏi tổ."
        ),
        _("Thành viên mới chưa có mật khẩu: tổ trưởng gửi cho họ liên kết đăng nhập lần đầu."),
    ]


def roster_workbook(memberships=()) -> bytes:
    """The roster file: the members given (none for the template), a help sheet and the lists its cells accept."""
    book, sheet = workbooks.new_workbook(c.SHEET)
    workbooks.write_header(sheet, c.COLUMNS)
    workbooks.set_widths(sheet, c.WIDTHS)
    for values in memberships:
        workbooks.append_row(sheet, values)
    _lists(book, sheet)
    _help(book)
    return workbooks.save(book)


def _lists(book, sheet: Worksheet) -> None:
    """Drop-down lists for role, affiliation and Có/Không, from a sheet of their own."""
    lists = book.create_sheet(c.LISTS_SHEET)
    choices = [list(c.ROLE_LABELS.values()), list(c.AFFILIATION_LABELS.values()), [c.YES, c.NO]]
    for column, values in enumerate(choices, start=1):
        for row, value in enumerate(values, start=1):
            workbooks.write_cell(lists, row, column, value)
    last = c.MAX_ROWS + 1
    for index, column in enumerate(choices):
        letter = "ABC"[index]
        source = f"'{c.LISTS_SHEET}'!${letter}$1:${letter}${len(column)}"
        targets = {0: [c.COL_ROLE], 1: [c.COL_AFFILIATION], 2: [c.COL_YOUTH, c.COL_OFFICER]}[index]
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        for name in targets:
            col = "ABCDEFGHI"[c.COLUMNS.index(name)]
            validation.add(f"{col}2:{col}{last}")
        sheet.add_data_validation(validation)


def _help(book) -> None:
    sheet = book.create_sheet(c.HELP_SHEET)
    workbooks.write_cell(sheet, 1, 1, _("Hướng dẫn điền danh sách tổ chuyển đổi số cộng đồng")).font = Font(
        bold=True, size=13
    )
    row = 3
    for line in _general():
        workbooks.write_cell(sheet, row, 1, "• " + line)
        row += 1
    row += 1
    workbooks.write_cell(sheet, row, 1, _("Cột")).font = Font(bold=True)
    workbooks.write_cell(sheet, row, 2, _("Cách ghi")).font = Font(bold=True)
    for name, text in _help_lines():
        row += 1
        workbooks.write_cell(sheet, row, 1, name)
        workbooks.write_cell(sheet, row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    workbooks.write_cell(sheet, row, 1, _("Ví dụ")).font = Font(bold=True)
    row += 1
    for column, name in enumerate(c.COLUMNS, start=1):
        workbooks.write_cell(sheet, row, column, name).font = Font(bold=True)
    for values in EXAMPLE:
        row += 1
        for column, value in enumerate(values, start=1):
            workbooks.write_cell(sheet, row, column, value)
    workbooks.set_widths(sheet, (26, 90, *c.WIDTHS[2:]))


def roster_rows(scope: Unit) -> list[tuple]:
    """Every member of the teams in ``scope``'s subtree, in the template's columns, team by team."""
    memberships = (
        Membership.objects.filter(team__unit__path__startswith=scope.path)
        .select_related("user", "team__unit__parent")
        .order_by("team__unit__path", "team__name")
    )
    rows = []
    for m in memberships:
        unit = m.team.unit
        commune, hamlet = (unit, None) if unit.kind in COMMUNE_KINDS or unit.parent is None else (unit.parent, unit)
        rows.append(
            (
                (commune.name, hamlet.name if hamlet else "", m.team.name),
                name_sort_key(m.user.full_name),
                (
                    commune.name,
                    hamlet.name if hamlet else "",
                    m.team.name,
                    m.user.full_name,
                    "0" + m.user.phone[3:] if m.user.phone else "",
                    c.ROLE_LABELS[m.role],
                    c.AFFILIATION_LABELS[m.affiliation],
                    c.YES if m.is_youth_union else c.NO,
                    c.YES if m.is_officer else c.NO,
                ),
            )
        )
    rows.sort(key=lambda item: (item[0], item[1]))
    return [values for _where, _key, values in rows]
