"""manage.py import_roster: the same import for a Sở's IT staff and other programs.

Its report is the preview page's, word for word (Vietnamese unless --language says otherwise), and its exit
code says what happened: 0 imported (or a clean dry run), 1 wrong rows, 2 nothing tried (file or unit).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from quizsite.accounts.models import Membership, RoleAssignment
from tests.accounts.roster_files import member, upload


@pytest.fixture
def roster_file(tmp_path):
    def write(rows, name: str = "danh-sach.xlsx"):
        path = tmp_path / name
        path.write_bytes(upload(rows).read())
        return str(path)

    return write


def _refused(*args, **options) -> CommandError:
    with pytest.raises(CommandError) as refused:
        call_command("import_roster", *args, **options)
    return refused.value


def test_the_dry_run_prints_what_it_would_do_in_the_pages_words_and_writes_nothing(
    roster_file, province, commune_a, hamlet_a, capsys, snapshot
):
    before = snapshot()

    call_command("import_roster", roster_file([member("An", "0912000001", hamlet="Ấp 9")]), unit="99", dry_run=True)

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Xem trước danh sách: Tỉnh Demo · 1 thành viên trong 1 tổ."
    assert out[out.index("Ấp / khu phố sẽ được tạo mới") + 1] == "  • Ấp 9 (Xã An Bình)"
    assert out[out.index("Tổ sẽ được tạo mới") + 1] == "  • Tổ CNS Ấp 1 (Ấp 9, Xã An Bình)"
    assert out[-2:] == [
        "1 người mới sẽ được thêm, chưa có mật khẩu.",
        "Tệp hợp lệ; chạy lại không có --dry-run để nhập.",
    ]
    assert snapshot() == before


BAD = [
    member("Nguyễn Văn An", "0912000001", role="Tổ trưởng"),
    member("Trần Thị Bình", "12345"),
    member("Lê Văn Cường", "0912000003", unit="Xã An Bìhn", youth="Chưa"),
    member("", "0912000001", role="Tổ trưởng"),
]


def test_wrong_rows_are_reported_with_the_cells_and_messages_of_the_preview_page_and_exit_1(
    client, make_officer, roster_file, province, commune_a, hamlet_a, capsys, snapshot
):
    client.force_login(make_officer(RoleAssignment.Role.ORGANISER, province))
    page = client.post(reverse("accounts:roster_import", args=[province.pk]), {"file": upload(BAD)}).content.decode()
    shown = [
        f"{html.unescape(cell)}: {html.unescape(message)}"
        for cell, message in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    ]
    before = snapshot()

    refused = _refused(roster_file(BAD), unit="99")

    assert (refused.returncode, str(refused)) == (1, "Tệp có 7 lỗi. Chưa ghi gì.")
    out = capsys.readouterr().out.splitlines()
    assert len(shown) == 7 and out[out.index("Tệp có 7 lỗi.") + 1 :][:7] == shown
    assert "E3: “12345” không phải số di động Việt Nam (ví dụ đúng: 0912 345 678)." in shown
    assert snapshot() == before


def test_a_good_file_is_imported_and_summed_up_like_the_page(roster_file, province, commune_a, hamlet_a, capsys):
    call_command("import_roster", roster_file([member("An", "0912000001", role="Tổ trưởng")]), unit="99")

    assert capsys.readouterr().out.splitlines()[-1] == (
        "Đã nhập 1 thành viên: 1 người mới, 0 người đổi tổ, 0 người bị bỏ khỏi tổ."
    )
    assert Membership.objects.get().role == Membership.Role.LEADER


def test_a_reimport_lists_who_moves_and_who_is_missing(roster_file, province, commune_a, hamlet_a, capsys):
    call_command("import_roster", roster_file([member("An", "0912000001"), member("Bình", "0912000002")]), unit="99")
    capsys.readouterr()
    again = [member("Bình", "0912000002", hamlet="Ấp 7", team="Tổ 7"), member("Cường", "0912000003")]

    call_command("import_roster", roster_file(again), unit="99", dry_run=True)

    out = capsys.readouterr().out.splitlines()
    assert out[out.index("Người đổi tổ") + 1] == "  • Bình: từ “Tổ CNS Ấp 1” sang Tổ 7 (Ấp 7, Xã An Bình)"
    missing = out.index("Có trong tổ nhưng không có trong tệp")
    assert out[missing + 1 : missing + 3] == [
        "  • An — Tổ CNS Ấp 1",
        "Họ vẫn ở lại tổ; chạy lại với --remove-missing để bỏ họ khỏi tổ (tài khoản của họ vẫn còn).",
    ]


def test_the_report_speaks_english_when_asked_and_leaves_the_language_as_it_was(
    roster_file, province, commune_a, hamlet_a, capsys
):
    refused = _refused(roster_file([member("An", "12345")]), unit="99", language="en")

    assert str(refused) == "The file has 1 error. Nothing written yet."
    out = capsys.readouterr().out
    assert "E2: “12345” is not a Vietnamese mobile number (for example: 0912 345 678)." in out
    assert "Roster preview: Tỉnh Demo · 1 members in 1 teams." in out
    assert translation.get_language() == settings.LANGUAGE_CODE


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("nowhere", "Không tìm thấy đơn vị có mã hoặc tên “nowhere”."),
        ("Ấp 9, Xã An Bình", "Không tìm thấy đơn vị có mã hoặc tên “Ấp 9” trong Xã An Bình."),
    ],
)
def test_an_unknown_unit_is_refused_with_exit_2_and_nothing_changes(
    roster_file, province, commune_a, hamlet_a, snapshot, unit, message
):
    before = snapshot()

    refused = _refused(roster_file([member("An", "0912000001")]), unit=unit)

    assert (refused.returncode, str(refused)) == (2, message)
    assert snapshot() == before


def test_a_missing_or_unreadable_file_is_refused_with_exit_2(tmp_path, province, snapshot):
    not_excel = tmp_path / "danh-sach.xlsx"
    not_excel.write_text("Họ và tên;Số điện thoại\n")
    before = snapshot()

    missing = _refused(str(tmp_path / "khong-co.xlsx"), unit="99")
    unreadable = _refused(str(not_excel), unit="99")

    assert (missing.returncode, str(missing)) == (2, f"Không mở được tệp {tmp_path / 'khong-co.xlsx'}.")
    assert unreadable.returncode == 2 and str(unreadable).startswith(f"{not_excel}: ")
    assert snapshot() == before


def test_another_program_sees_the_exit_code_and_the_message_on_stderr(tmp_path):
    """As a shell script or another program runs it: no database is reached for a file that is not there."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "quizsite.settings"}
    missing = tmp_path / "khong-co.xlsx"

    done = subprocess.run(
        [sys.executable, "manage.py", "import_roster", str(missing), "--unit", "99"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    assert done.stderr.strip() == f"CommandError: Không mở được tệp {missing}."
    assert done.stdout == ""
