"""The two small things every leaderboard page shares: the masked phone and the Excel table download."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from leaderboards.masking import mask_phone
from quizsite.workbooks import table_download


def test_a_phone_keeps_only_its_first_four_and_last_three_digits():
    assert mask_phone("+84912345678") == "0912***678"
    assert mask_phone("0912345678") == "0912***678"
    assert mask_phone("") == mask_phone(None) == ""
    assert "345" not in mask_phone("+84912345678")
    assert mask_phone("+8491") == "***"


def test_the_workbook_has_the_caption_the_header_and_every_row_with_numbers_as_numbers():
    rows = [(i, f"Người {i}", i * 10) for i in range(1, 251)]
    response = table_download(
        "bang-xep-hang", "Bảng xếp hạng tuần 48", ["Hạng", "Họ và tên", "Điểm"], rows, caption="Tổng điểm 4 vòng"
    )
    assert response["Content-Disposition"] == 'attachment; filename="bang-xep-hang.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0] == ("Tổng điểm 4 vòng", None, None)
    assert values[1] == ("Hạng", "Họ và tên", "Điểm")
    assert values[2:] == rows
