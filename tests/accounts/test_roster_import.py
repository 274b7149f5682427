"""The roster import: a good file brings teams and members in; any bad row writes nothing and says which cell."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from quizsite.accounts import services as accounts
from quizsite.accounts.models import Affiliation, Membership, Team, Unit, User
from quizsite.accounts.roster import importing
from tests.accounts.roster_files import member, upload
from tests.accounts.threads import at_once

GOOD = [
    member("Nguyễn Văn An", "0912 345 678", role="Tổ trưởng", affiliation="Trưởng ấp / khu phố"),
    member("Trần Thị Bình", "0987.654.321", role="Tổ phó", affiliation="Đoàn Thanh niên", youth="Có"),
    member("Lê Văn Cường", "+84 903 111 222", officer="Có", affiliation="Bưu điện / viễn thông"),
    member("Phạm Thị Dung", "0903111333", hamlet="Ấp Mới", team="Tổ CNS Ấp Mới", role="Tổ trưởng"),
    member("Võ Văn Em", "0903111444", unit="an binh", hamlet="", team="Tổ CNS xã"),
]


def _import(scope: Unit, rows, *, actor=None, remove_missing: bool = False):
    return importing.import_roster(
        actor=actor, scope=scope, rows=importing.read_roster(upload(rows)), remove_missing=remove_missing
    )


def _refused(scope: Unit, rows) -> list[str]:
    with pytest.raises(importing.RosterRefused) as refused:
        _import(scope, rows)
    return [str(problem) for problem in refused.value.plan.problems]


def _roster() -> set[tuple]:
    return set(
        Membership.objects.values_list(
            "team__unit__name",
            "team__name",
            "user__full_name",
            "user__phone",
            "role",
            "affiliation",
            "is_youth_union",
            "is_officer",
        )
    )


def test_a_good_file_imports_its_teams_and_members_without_passwords(commune_a, hamlet_a, team_a):
    done = _import(commune_a, GOOD)

    assert done.created_members == 5
    assert _roster() == {
        ("Ấp 1", "Tổ CNS Ấp 1", "Nguyễn Văn An", "+84912345678", "leader", Affiliation.LOCAL_GOVERNMENT, False, False),
        ("Ấp 1", "Tổ CNS Ấp 1", "Trần Thị Bình", "+84987654321", "deputy", Affiliation.YOUTH_UNION, True, False),
        ("Ấp 1", "Tổ CNS Ấp 1", "Lê Văn Cường", "+84903111222", "member", Affiliation.POST_TELECOM, False, True),
        ("Ấp Mới", "Tổ CNS Ấp Mới", "Phạm Thị Dung", "+84903111333", "leader", Affiliation.OTHER, False, False),
        ("Xã An Bình", "Tổ CNS xã", "Võ Văn Em", "+84903111444", "member", Affiliation.OTHER, False, False),
    }
    new_hamlet = Unit.objects.get(name="Ấp Mới")
    assert new_hamlet.parent == commune_a and new_hamlet.kind == Unit.Kind.HAMLET
    assert Unit.objects.subtree(commune_a).filter(pk=new_hamlet.pk).exists()  # its path is right
    assert all(team.invite_token for team in Team.objects.all())
    assert not any(user.has_usable_password() for user in User.objects.filter(memberships__isnull=False))


def test_the_preview_says_which_hamlets_and_teams_the_import_would_create(commune_a, hamlet_a, team_a):
    plan = importing.preview_roster(actor=None, scope=commune_a, rows=importing.read_roster(upload(GOOD)))

    assert plan.problems == []
    assert plan.new_hamlets == ["Ấp Mới (Xã An Bình)"]
    # In a Vietnamese reader's order: "Ấp" with the A's, before "xã".
    assert plan.new_teams == ["Tổ CNS Ấp Mới (Ấp Mới, Xã An Bình)", "Tổ CNS xã (Xã An Bình)"]
    assert Membership.objects.count() == 0


BAD_ROWS = {
    "empty name": (member("", "0912000001"), "D3: Ô “Họ và tên” không được để trống."),
    "no phone": (member("Người A", ""), "E3: Ô “Số điện thoại” không được để trống."),
    "landline": (member("Người B", "024 3825 1234"), "E3: “024 3825 1234” không phải số di động Việt Nam"),
    "role": (member("Người C", "0912000002", role="Trưởng nhóm"), "F3: “Trưởng nhóm” không có trong danh sách"),
    "affiliation": (member("Người D", "0912000003", affiliation="CLB"), "G3: “CLB” không có trong danh sách"),
    "youth": (member("Người E", "0912000004", youth="Chưa"), "H3: Hãy ghi “Có” hoặc “Không”."),
    "officer": (member("Người F", "0912000005", officer="?"), "I3: Hãy ghi “Có” hoặc “Không”."),
    "formula": (member('=HYPERLINK("http://x/")', "0912000006"), "D3: Ô có công thức"),
    "unit": (
        member("Người G", "0912000007", unit="Xã An Bìhn"),
        "A3: Không tìm thấy xã / phường / đặc khu “Xã An Bìhn” trong Xã An Bình. Có phải: Xã An Bình?",
    ),
    "unit outside": (member("Người H", "0912000008", unit="Xã Tân Phú"), "A3: Không tìm thấy xã / phường"),
    "phone twice": (
        member("Người I", "0912 345 678"),
        "E3: Số 0912 345 678 trùng với dòng 2 (Nguyễn Văn An, tổ Tổ CNS Ấp 1).",
    ),
    "second leader": (
        member("Người K", "0912000009", role="Tổ trưởng"),
        "F3: Tổ Tổ CNS Ấp 1 (Ấp 1, Xã An Bình) đã có tổ trưởng ở dòng 2",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_every_kind_of_bad_row_gives_its_message_and_writes_nothing(
    kind, commune_a, commune_b, hamlet_a, team_a, snapshot
):
    row, message = BAD_ROWS[kind]
    if kind == "formula":
        row = member("x", "0912000006")
    rows = [member("Nguyễn Văn An", "0912345678", role="Tổ trưởng"), row]
    content = upload(rows)
    if kind == "formula":
        content = _with_formula(rows)
    before = snapshot()

    with pytest.raises(importing.RosterRefused) as refused:
        importing.import_roster(actor=None, scope=commune_a, rows=importing.read_roster(content))

    problems = [str(problem) for problem in refused.value.plan.problems]
    assert any(problem.startswith(message) for problem in problems), problems
    assert snapshot() == before and User.objects.count() == 0


def _with_formula(rows):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(upload(rows).read()))
    book["Danh sách"]["D3"] = '=HYPERLINK("http://x/")'
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def test_a_phone_twice_in_the_file_is_reported_on_both_rows(commune_a, hamlet_a):
    problems = _refused(commune_a, [member("An", "0912345678"), member("Bình", "0912 345 678")])

    assert problems == [
        "E2: Số 0912 345 678 trùng với dòng 3 (Bình, tổ Tổ CNS Ấp 1).",
        "E3: Số 0912 345 678 trùng với dòng 2 (An, tổ Tổ CNS Ấp 1).",
    ]


def test_a_phone_already_in_a_team_outside_the_officers_unit_is_reported_with_that_team(
    commune_a, hamlet_a, team_b, make_user, snapshot
):
    elsewhere = make_user(name="Người Xã Bên", phone="+84912345678")
    accounts.add_member(team=team_b, user=elsewhere)
    before = snapshot()

    problems = _refused(commune_a, [member("An", "0912 345 678")])

    assert problems == [
        "E2: Số 0912 345 678 đang là thành viên tổ “Tổ CNS Ấp 2” (Ấp 2, Xã Tân Phú), ngoài đơn vị bạn phụ trách: "
        "hãy nhờ cán bộ của đơn vị đó chuyển người này ra trước."
    ]
    assert snapshot() == before


def test_a_team_over_its_size_limit_is_refused(commune_a, hamlet_a, team_a, settings):
    team_a.size_limit = 2
    team_a.save(update_fields=["size_limit"])

    problems = _refused(commune_a, [member(f"Người {i}", f"091200000{i}") for i in range(3)])

    assert problems == ["C2: Tổ Tổ CNS Ấp 1 (Ấp 1, Xã An Bình) sẽ có 3 thành viên, quá giới hạn 2 (các dòng 2, 3, 4)."]


def test_a_unit_written_without_accents_or_its_prefix_matches(commune_a, hamlet_a, team_a):
    _import(commune_a, [member("An", "0912345678", unit="AN BINH", hamlet="ap 1", team="to cns ap 1")])

    assert Membership.objects.get().team == team_a


def test_an_officer_outside_the_unit_is_refused_and_nothing_is_written(commune_a, organiser_b, hamlet_a, snapshot):
    before = snapshot()

    with pytest.raises(PermissionDenied):
        _import(commune_a, GOOD, actor=organiser_b)

    assert snapshot() == before


def test_an_organiser_of_the_unit_imports(commune_a, organiser_a, hamlet_a):
    assert _import(commune_a, GOOD, actor=organiser_a).created_members == 5


@pytest.mark.django_db(transaction=True)
def test_two_officers_importing_at_once_leave_one_consistent_roster(province, commune_a, hamlet_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write at a time")
    # Both files create their team and share people 3 to 5: no team row exists yet to wait on.
    first = [member(f"Người {i}", f"09120000{i:02d}", team="Tổ một") for i in range(6)]
    second = [member(f"Người {i}", f"09120000{i:02d}", team="Tổ hai") for i in range(3, 9)]
    rows_a, rows_b = importing.read_roster(upload(first)), importing.read_roster(upload(second))

    results = at_once(
        [
            lambda: importing.import_roster(actor=None, scope=commune_a, rows=rows_a),
            lambda: importing.import_roster(actor=None, scope=province, rows=rows_b),
        ]
    )

    # One after the other, in either order: people 3 to 5 are where the second file put them.
    assert all(isinstance(result, importing.Imported) for result in results), results
    assert User.objects.filter(memberships__isnull=False).count() == 9
    sizes = tuple(Membership.objects.filter(team__name=name).count() for name in ("Tổ một", "Tổ hai"))
    assert sizes in {(3, 6), (6, 3)}


def test_the_import_costs_about_the_same_queries_for_ten_rows_as_for_two_hundred(commune_a, hamlet_a):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def queries(count: int, offset: int) -> int:
        rows = [
            member(f"Người {i}", f"0912{offset + i:06d}", hamlet=f"Ấp {offset + i // 5}", team=f"Tổ {offset + i // 5}")
            for i in range(count)
        ]
        parsed = importing.read_roster(upload(rows))
        with CaptureQueriesContext(db) as captured:
            importing.import_roster(actor=None, scope=commune_a, rows=parsed)
        return len(captured)

    # The same on PostgreSQL; SQLite's limit on a query's parameters splits the bulk inserts into a few batches.
    assert queries(200, 1000) <= queries(10, 5000) + 6


def test_a_phone_excel_kept_as_a_number_without_its_leading_zero_is_read(commune_a, hamlet_a):
    _import(commune_a, [member("An", 912345678)])

    assert User.objects.get().phone == "+84912345678"
