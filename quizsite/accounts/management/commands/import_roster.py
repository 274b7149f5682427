"""Import a province's roster from the officers' Excel file, as the officer's page does.

    manage.py import_roster danh-sach.xlsx --unit W30742 --dry-run     # the row report, nothing written
    manage.py import_roster danh-sach.xlsx --unit W30742               # all rows, or none
    manage.py import_roster danh-sach.xlsx --unit P91 --remove-missing # also drop those the file leaves out

``--unit`` is the subtree the file may touch: a unit's administrative code
(or its exact name). The exit code is 1 when any row is wrong.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from quizsite.accounts.models import Unit
from quizsite.accounts.roster import importing
from quizsite.accounts.roster.planning import Plan


class Command(BaseCommand):
    help = "Nhập danh sách tổ và thành viên từ tệp Excel theo mẫu (xem trước với --dry-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="Mã (hoặc tên) đơn vị: tệp chỉ được ghi trong đơn vị này.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in báo cáo từng dòng, không ghi gì.")
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help="Bỏ khỏi tổ những người đang ở các tổ trong tệp mà tệp không ghi.",
        )

    def handle(self, *args, file: Path, unit: str, dry_run: bool, remove_missing: bool, **options) -> None:
        translation.activate("vi")
        scope = Unit.objects.filter(code=unit).first() if unit else None
        if scope is None:
            named = list(Unit.objects.filter(name__iexact=unit)[:2])
            scope = named[0] if len(named) == 1 else None
        if scope is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã hoặc tên “{unit}”.")
        if not file.is_file():
            raise CommandError(f"Không mở được tệp {file}.")
        try:
            with file.open("rb") as handle:
                rows = importing.read_roster(File(handle, name=file.name))
            if dry_run:
                plan = importing.preview_roster(actor=None, scope=scope, rows=rows, remove_missing=remove_missing)
                self._report(plan)
                if plan.problems:
                    raise CommandError(f"{len(plan.problems)} lỗi: chưa ghi gì.")
                self.stdout.write("Tệp hợp lệ; chạy lại không có --dry-run để nhập.")
                return
            done = importing.import_roster(actor=None, scope=scope, rows=rows, remove_missing=remove_missing)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except importing.RosterRefused as refused:
            self._report(refused.plan)
            raise CommandError(f"{len(refused.plan.problems)} lỗi: chưa ghi gì.") from None
        self._report(done.plan)
        self.stdout.write(
            f"Đã nhập {len(rows)} dòng: {done.created_members} người mới, {done.moved} người đổi tổ, "
            f"{done.removed} người bị bỏ khỏi tổ."
        )

    def _report(self, plan: Plan) -> None:
        for problem in plan.problems:
            self.stdout.write(str(problem))
        for name in plan.new_hamlets:
            self.stdout.write(f"Ấp / khu phố mới sẽ được tạo: {name}")
        for name in plan.new_teams:
            self.stdout.write(f"Tổ mới: {name}")
        for move in plan.moves:
            self.stdout.write(f"Đổi tổ: {move.name} ({move.phone}) từ “{move.from_team}” sang {move.to_team}")
        if plan.missing:
            verb = "Sẽ bỏ khỏi tổ" if plan.remove_missing else "Không có trong tệp (giữ lại; --remove-missing để bỏ)"
            for membership in plan.missing:
                self.stdout.write(f"{verb}: {membership.user.display_name}, tổ “{membership.team.name}”")
