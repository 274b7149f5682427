"""manage.py import_roster: the same import for a Sở's IT staff, with a row report and --dry-run."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from quizsite.accounts.models import Membership
from tests.accounts.roster_files import member, upload


@pytest.fixture
def roster_file(tmp_path):
    def write(rows):
        path = tmp_path / "danh-sach.xlsx"
        path.write_bytes(upload(rows).read())
        return path

    return write


def test_the_dry_run_prints_what_it_would_do_and_writes_nothing(
    roster_file, province, commune_a, hamlet_a, capsys, snapshot
):
    before = snapshot()

    call_command(
        "import_roster", str(roster_file([member("An", "0912000001", hamlet="Ấp 9")])), unit="99", dry_run=True
    )

    out = capsys.readouterr().out
    assert "Ấp / khu phố mới sẽ được tạo: Ấp 9 (Xã An Bình)" in out
    assert "Tệp hợp lệ" in out
    assert snapshot() == before


def test_a_file_with_a_wrong_row_prints_the_cell_and_exits_non_zero(
    roster_file, province, commune_a, hamlet_a, capsys, snapshot
):
    before = snapshot()

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_roster", str(roster_file([member("An", "12345")])), unit="99")

    assert "E2: “12345” không phải số di động Việt Nam" in capsys.readouterr().out
    assert snapshot() == before


def test_the_command_imports_a_good_file(roster_file, province, commune_a, hamlet_a, capsys):
    call_command("import_roster", str(roster_file([member("An", "0912000001", role="Tổ trưởng")])), unit="99")

    assert "Đã nhập 1 dòng: 1 người mới" in capsys.readouterr().out
    assert Membership.objects.get().role == Membership.Role.LEADER


def test_an_unknown_unit_is_refused(roster_file, province):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command("import_roster", str(roster_file([member("An", "0912000001")])), unit="nowhere")
