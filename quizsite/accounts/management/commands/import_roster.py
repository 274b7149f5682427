"""Import a province's roster from the officers' Excel file, as the officer's page does.

    manage.py import_roster danh-sach.xlsx --unit W30742 --dry-run     # the row report, nothing written
    manage.py import_roster danh-sach.xlsx --unit W30742               # all rows, or none
    manage.py import_roster danh-sach.xlsx --unit P91 --remove-missing # also drop those the file leaves out
    manage.py import_roster danh-sach.xlsx --unit P91 --language en    # the report in English

``--unit`` is the subtree the file may touch: a unit's administrative code,
its name when no other unit has it, or its name and the unit above it
(``--unit "Ấp 1, Xã An Bình"``, ``--unit "Ấp 1, 30742"``: hamlets have no
code).

The report is the preview page's, in the same words (the site's language,
Vietnamese, unless ``--language`` says otherwise): each problem with its
cell, the hamlets and teams to be created, who moves, who is missing.
Exit codes, for other programs:

- 0: imported; with ``--dry-run``, the file is right and would import;
- 1: the file has wrong rows (the report on stdout names each cell) or the
  roster changed while importing: nothing was written;
- 2: nothing was tried: the file cannot be opened or read as a roster, or
  ``--unit`` names no unit or several (the message on stderr says which).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizsite.accounts.models import Unit
from quizsite.accounts.roster import columns, importing
from quizsite.accounts.roster.planning import Plan

ROWS_WRONG = 1
NOT_TRIED = 2


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
    if not named and within is None:
        raise CommandError(_("Không tìm thấy đơn vị có mã hoặc tên “%(name)s”.") % {"name": name}, returncode=NOT_TRIED)
    if not named:
        raise CommandError(
            _("Không tìm thấy đơn vị có mã hoặc tên “%(name)s” trong %(above)s.")
            % {"name": name, "above": within.name},
            returncode=NOT_TRIED,
        )
    ways = [f'--unit "{u.name}, {u.parent.name}"' if u.parent else f'--unit "{u.code or u.name}"' for u in named]
    raise CommandError(
        _("Có nhiều đơn vị tên “%(name)s”: hãy ghi kèm đơn vị cấp trên, ví dụ %(ways)s.")
        % {"name": name, "ways": ", ".join(ways)},
        returncode=NOT_TRIED,
    )


def _named(units, name: str) -> list[Unit]:
    """The units called ``name`` whatever the accents and case, as the file names them; the same spelling first."""
    wanted = columns.key(name)
    found = [unit for unit in units.select_related("parent").iterator() if columns.key(unit.name) == wanted]
    same = [unit for unit in found if unit.name.casefold() == name.casefold()]
    return same or found


class Command(BaseCommand):
    # Help texts are read by argparse, which takes no lazy text: they are translated as the parser is made.
    @property
    def help(self) -> str:
        return _("Nhập danh sách tổ và thành viên từ tệp Excel theo mẫu (xem trước với --dry-run).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Tệp Excel (.xlsx) theo mẫu danh sách."))
        parser.add_argument(
            "--unit",
            required=True,
            help=_(
                "Mã hoặc tên đơn vị: tệp chỉ được ghi trong đơn vị này. Tên trùng: ghi kèm đơn vị cấp trên, "
                "ví dụ “Ấp 1, Xã An Bình”."
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ in báo cáo từng dòng, không ghi gì."))
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help=_("Bỏ khỏi tổ những người đang ở các tổ trong tệp mà tệp không ghi."),
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=_("Ngôn ngữ của báo cáo (mặc định: ngôn ngữ của trang web)."),
        )

    def handle(self, *args, file: Path, unit: str, dry_run: bool, remove_missing: bool, language: str, **options):
        with translation.override(language):
            self._run(file, unit, dry_run=dry_run, remove_missing=remove_missing)

    def _run(self, file: Path, unit: str, *, dry_run: bool, remove_missing: bool) -> None:
        rows = self._read(file)
        scope = find_unit(unit)
        try:
            if dry_run:
                plan = importing.preview_roster(actor=None, scope=scope, rows=rows, remove_missing=remove_missing)
                self._report(plan)
                if plan.problems:
                    raise CommandError(self._refused(plan), returncode=ROWS_WRONG)
                self.stdout.write(_("Tệp hợp lệ; chạy lại không có --dry-run để nhập."))
                return
            done = importing.import_roster(actor=None, scope=scope, rows=rows, remove_missing=remove_missing)
        except importing.RosterRefused as refused:
            self._report(refused.plan)
            raise CommandError(self._refused(refused.plan), returncode=ROWS_WRONG) from None
        except ValidationError as error:  # the roster changed while the file was imported
            raise CommandError(" ".join(error.messages), returncode=ROWS_WRONG) from None
        self._report(done.plan)
        self.stdout.write(
            _(
                "Đã nhập %(rows)d thành viên: %(new)d người mới, %(moved)d người đổi tổ, "
                "%(removed)d người bị bỏ khỏi tổ."
            )
            % {"rows": len(rows), "new": done.created_members, "moved": done.moved, "removed": done.removed}
        )

    def _read(self, file: Path) -> list:
        """The file's rows, read before anything else is looked up: a path mistyped costs no query."""
        try:
            with file.open("rb") as handle:
                return importing.read_roster(File(handle, name=file.name))
        except OSError:
            raise CommandError(_("Không mở được tệp %(file)s.") % {"file": file}, returncode=NOT_TRIED) from None
        except ValidationError as error:
            raise CommandError(
                f"{file}: {' '.join(error.messages)}",
                returncode=NOT_TRIED,
            ) from None

    def _refused(self, plan: Plan) -> str:
        n = len(plan.problems)
        return f"{ngettext('Tệp có %(n)s lỗi.', 'Tệp có %(n)s lỗi.', n) % {'n': n}} {_('Chưa ghi gì')}."

    def _report(self, plan: Plan) -> None:
        """The preview page as text: the same headings, messages and cells."""
        write = self.stdout.write
        write(
            f"{_('Xem trước danh sách')}: {plan.scope.name} · "
            + _("%(members)s thành viên trong %(teams)s tổ.")
            % {"members": len(plan.rows), "teams": len(plan.destinations)}
        )
        if plan.problems:
            write(f"\n{_('Chưa ghi gì')}")
            write(ngettext("Tệp có %(n)s lỗi.", "Tệp có %(n)s lỗi.", len(plan.problems)) % {"n": len(plan.problems)})
            for problem in plan.problems:
                write(str(problem))  # "E7: …": the page's cell and message
        self._section(_("Ấp / khu phố sẽ được tạo mới"), plan.new_hamlets)
        self._section(_("Tổ sẽ được tạo mới"), plan.new_teams)
        self._section(
            _("Người đổi tổ"),
            [
                _("%(name)s: từ “%(old)s” sang %(new)s") % {"name": m.name, "old": m.from_team, "new": m.to_team}
                for m in plan.moves
            ],
        )
        if plan.missing:
            self._section(
                _("Có trong tổ nhưng không có trong tệp"),
                [f"{m.user.display_name} — {m.team.name}" for m in plan.missing],
            )
            if plan.remove_missing:
                write(_("Những người này sẽ bị bỏ khỏi tổ (tài khoản của họ vẫn còn)."))
            else:
                write(_("Họ vẫn ở lại tổ; chạy lại với --remove-missing để bỏ họ khỏi tổ (tài khoản của họ vẫn còn)."))
        if not plan.problems:
            write(
                ngettext(
                    "%(n)s người mới sẽ được thêm, chưa có mật khẩu.",
                    "%(n)s người mới sẽ được thêm, chưa có mật khẩu.",
                    plan.new_members,
                )
                % {"n": plan.new_members}
            )

    def _section(self, title: str, lines: list[str]) -> None:
        if lines:
            self.stdout.write(f"\n{title}")
            for line in lines:
                self.stdout.write(f"  • {line}")
