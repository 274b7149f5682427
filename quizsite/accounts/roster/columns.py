"""The roster file's contract: sheet and column names, the labels it accepts, its limits.

Shared by the template, the export and the reader, so a file an officer
downloads imports again as it is. Header names and labels stay in
Vietnamese whatever the interface language: a file written by one officer
imports for any other.
"""

from __future__ import annotations

import re

from django.utils import translation

from quizsite.accounts.models import Affiliation, Membership
from quizsite.accounts.names import fold

SHEET = "Danh sách"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
# A province is about 1,340 teams and 9,400 members; room for the largest.
MAX_ROWS = 15_000
# Columns read from each row: a few extra columns do no harm, a stray cell far right costs nothing.
MAX_COLUMNS = 20

COL_UNIT = "Xã / phường / đặc khu"
COL_HAMLET = "Ấp / thôn / khu phố"
COL_TEAM = "Tên tổ"
COL_NAME = "Họ và tên"
COL_PHONE = "Số điện thoại"
COL_ROLE = "Vai trò trong tổ"
COL_AFFILIATION = "Thuộc tổ chức"
COL_YOUTH = "Đoàn viên"
COL_OFFICER = "Cán bộ, công chức"

COLUMNS = (COL_UNIT, COL_HAMLET, COL_TEAM, COL_NAME, COL_PHONE, COL_ROLE, COL_AFFILIATION, COL_YOUTH, COL_OFFICER)
REQUIRED = (COL_UNIT, COL_TEAM, COL_NAME, COL_PHONE)
WIDTHS = (24, 20, 26, 26, 16, 16, 26, 11, 17)

YES, NO = "Có", "Không"


def key(text: str) -> str:
    """The form in which two spellings of one name compare equal: no marks, no case, single spaces."""
    return re.sub(r"\s*/\s*", "/", " ".join(fold(text).split()))


YES_NO = {key(YES): True, key(NO): False, "x": True, "yes": True, "no": False, "1": True, "0": False}


def _in_vietnamese(choices) -> dict[str, str]:
    """The choices' labels as the file spells them, whatever language the request speaks."""
    with translation.override("vi"):
        return {choice.value: str(choice.label) for choice in choices}


ROLE_LABELS = _in_vietnamese(Membership.Role)
AFFILIATION_LABELS = _in_vietnamese(Affiliation)
# What a cell may say, folded: the label ("Tổ trưởng"), or the stored value ("leader").
ROLE_ALIASES = {key(alias): value for value, label in ROLE_LABELS.items() for alias in (value, label)}
AFFILIATION_ALIASES = {key(alias): value for value, label in AFFILIATION_LABELS.items() for alias in (value, label)}
