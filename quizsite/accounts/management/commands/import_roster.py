"""Import a province's roster from the officers' Excel file, as the officer's page does.

    manage.py import_roster danh-sach.xlsx --unit W30742 --dry-run     # the row report, nothing written
    manage.py import_roster danh-sach.xlsx --unit W30742               # all rows, or none
    manage.py import_roster danh-sach.xlsx --unit P91 --remove-missing # also drop those the file leaves out

``--unit`` is the subtree the file may touch: a unit's administrative code,
its name when no other unit has it, or its name and the unit above it
(``--unit "Ấp 1, Xã An Bình"``, ``--unit "Ấp 1, 30742"``: hamlets have no
code). The exit code is 1 when any row is wrong.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from quizsite.accounts.models import Unit
from quizsite.accounts.roster import columns, importing
from quizsite.accounts.roster.planning import Plan


def find_unit(text: str, within: Unit | None = None) -> Unit:
    """The unit ``--unit`` names: a code, a name no other unit has, or "name, the unit above it" (else CommandError)."""
    name, _comma, above = (part.strip() for part in text.partition(","))
    units = Unit.objects.all()
    if within is not None:
        units = units.filter(path__startswith=within.path).exclude(pk=within.pk)
    if above:
        return find_unit(name, find_unit(above, within))
    coded = units.filter(code=name).first() if name else None
    if coded is not None:
        return coded
    named = _named(units, name) if name else []
    if len(named) == 1:
        return named[0]
    where = f" ({within.name})" if within is not None else ""
    if not named:
        raise CommandError(f"Không tìm thấy đơn vị có mã hoặc tên “{name}”{where}.")
    raise CommandError(
        f"Có nhiều đơn vị tên “{name}”{where}: hãy ghi kèm đơn vị cấp trên, ví dụ "
        + ", ".join(
            f'--unit "{u.name}, {u.parent.name}"' if u.parent else f'--unit "{u.code or u.name}"' for u in named
        )
    )


def _named(units, name: str) -> list[Unit]:
    """The units called ``name`` whatever the accents and case, as the file names them; the same spelling first."""
    wanted = columns.key(name)
    found = [unit for unit in units.select_related("parent").iterator() if columns.key(unit.name) == wanted]
    same = [unit for unit in found if unit.name.casefold() == name.casefold()]
    return same or found


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
        scope = find_unit(unit)
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
