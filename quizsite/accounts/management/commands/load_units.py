"""Load provinces and their communes / wards from the ``vietnam-provinces`` package.

    manage.py load_units --province "An Giang"      # one province (name, code or codename)
    manage.py load_units --province 91 --province 80
    manage.py load_units --all                      # 34 provinces, 3,321 communes and wards

Running it again adds nothing. Units already present (by code, or by name
under the same parent) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from quizsite.accounts.models import Unit
from quizsite.accounts.names import fold

KIND_BY_DIVISION = {
    VietNamDivisionType.TINH: Unit.Kind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Unit.Kind.PROVINCE,
    VietNamDivisionType.XA: Unit.Kind.COMMUNE,
    VietNamDivisionType.PHUONG: Unit.Kind.WARD,
    VietNamDivisionType.DAC_KHU: Unit.Kind.SPECIAL_ZONE,
}


# The package numbers provinces (1–96) and wards (4–32248) independently, so a
# bare number collides (province 4 is Cao Bằng, ward 4 is in Hà Nội). Unit.code
# is unique across the whole tree, hence the prefixes: "P91", "W30742".
def province_code(province: Province) -> str:
    return f"P{int(province.code):02d}"


def ward_code(ward: Ward) -> str:
    return f"W{int(ward.code):05d}"


def province_name(province: Province) -> str:
    # The package writes "Thành phố Hà Nội" but plain "An Giang" for a tỉnh.
    if province.division_type == VietNamDivisionType.TINH:
        return f"Tỉnh {province.name}"
    return province.name


def _fold(text: str) -> str:
    """A province's name or codename folded for matching ("an_giang" and "An Giang" alike)."""
    return " ".join(fold(text).replace("_", " ").split())


def find_province(query: str) -> Province:
    """A province by code ("91", "P91"), name ("An Giang", "Tỉnh An Giang") or codename."""
    wanted = _fold(query)
    for prefix in ("tinh ", "thanh pho "):
        wanted = wanted.removeprefix(prefix)
    wanted = wanted.removeprefix("p") if wanted[1:].isdigit() else wanted
    for province in Province.iter_all():
        names = {_fold(province.name), _fold(province.codename), _fold(province_name(province))}
        names |= {n.removeprefix("thanh pho ") for n in names}
        if wanted in names or (wanted.isdigit() and int(wanted) == int(province.code)):
            return province
    raise CommandError(
        f"Không tìm thấy tỉnh/thành phố “{query}”. Hãy nhập tên (ví dụ “An Giang”), "
        "mã (ví dụ 91) hoặc dùng --all để nạp cả 34 tỉnh/thành phố."
    )


@transaction.atomic
def load_units(provinces: Iterable[Province], *, ward_codes: set[str] | None = None) -> tuple[int, int]:
    """Create the missing provinces and their wards; return (provinces, wards) created.

    ``ward_codes`` limits the wards to those codes (the demo loads only a few).
    Units are created in bulk and their ``path`` / ``depth`` filled in a second
    bulk update, with exactly the meaning ``services.create_unit`` gives them.
    """
    provinces = list(provinces)
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[province_code(p) for p in provinces])}
    by_name = {u.name: u for u in Unit.objects.filter(parent=None, name__in=[province_name(p) for p in provinces])}
    new_provinces = [
        Unit(name=province_name(p), kind=KIND_BY_DIVISION[p.division_type], code=province_code(p), path="")
        for p in provinces
        if province_code(p) not in by_code and province_name(p) not in by_name
    ]
    _create_with_paths(new_provinces, parent=None)
    for unit in new_provinces:
        by_code[unit.code] = unit
    parents = {province_code(p): by_code.get(province_code(p)) or by_name[province_name(p)] for p in provinces}

    wanted = {
        parents[province_code(p)]: [
            w for w in Ward.iter_by_province(p.code) if ward_codes is None or ward_code(w) in ward_codes
        ]
        for p in provinces
    }
    taken_codes = set(Unit.objects.filter(code__startswith="W").values_list("code", flat=True))
    taken_names = set(Unit.objects.filter(parent__in=list(wanted)).values_list("parent_id", "name"))
    created_wards = 0
    for parent, wards in wanted.items():
        new_wards = [
            Unit(name=w.name, kind=KIND_BY_DIVISION[w.division_type], code=ward_code(w), parent=parent, path="")
            for w in wards
            if ward_code(w) not in taken_codes and (parent.pk, w.name) not in taken_names
        ]
        _create_with_paths(new_wards, parent=parent)
        created_wards += len(new_wards)
    return len(new_provinces), created_wards


def _create_with_paths(units: list[Unit], *, parent: Unit | None) -> None:
    if not units:
        return
    # SQLite ≥ 3.35 and PostgreSQL both return the new primary keys here.
    Unit.objects.bulk_create(units)
    for unit in units:
        unit.parent = parent
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.depth = parent.depth + 1 if parent else 0
    Unit.objects.bulk_update(units, ["path", "depth"])


class Command(BaseCommand):
    help = "Nạp tỉnh/thành phố và xã/phường/đặc khu (cấu trúc 2025) từ gói vietnam-provinces."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="MÃ|TÊN",
            help="Tỉnh/thành phố cần nạp (tên, mã số hoặc codename); lặp lại để nạp nhiều tỉnh.",
        )
        parser.add_argument("--all", action="store_true", help="Nạp cả 34 tỉnh/thành phố.")

    def handle(self, *args, province: list[str], all: bool, **options) -> None:
        if all:
            provinces = list(Province.iter_all())
        elif province:
            provinces = [find_province(query) for query in province]
        else:
            raise CommandError("Hãy chọn tỉnh bằng --province TÊN (hoặc mã), hoặc dùng --all để nạp tất cả.")
        created_provinces, created_wards = load_units(provinces)
        self.stdout.write(
            f"Đã thêm {created_provinces} tỉnh/thành phố và {created_wards} xã/phường/đặc khu "
            f"(trong {len(provinces)} tỉnh/thành phố đã chọn)."
        )
