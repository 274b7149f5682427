"""A hamlet's officer imports and exports only their hamlet's teams: on the pages and from the command line.

The tree::

    Tỉnh Demo (99)
    ├── Xã An Bình
    │   ├── Ấp 1 ── Tổ CNS Ấp 1   (the hamlet officer's)
    │   ├── Ấp 3 ── Tổ CNS Ấp 3
    │   └── Tổ CNS xã             (a team of the commune itself)
    └── Xã Tân Phú
        └── Ấp 2 ── Tổ CNS Ấp 2
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Unit
from tests.accounts.roster_files import member, upload

HELD = "Bạn chỉ nhập được các tổ của Ấp 1 (Xã An Bình): "


@pytest.fixture
def hamlet_3(commune_a) -> Unit:
    return accounts.create_unit(name="Ấp 3", kind=Unit.Kind.HAMLET, parent=commune_a)


@pytest.fixture
def hamlet_officer(make_officer, hamlet_a, team_a):
    return make_officer(RoleAssignment.Role.ORGANISER, hamlet_a, "Trưởng Ấp Một")


@pytest.fixture
def rostered(make_user, commune_a, hamlet_3, team_a, team_b):
    """One member in each team of the tree, the commune's own team too: name → user."""
    teams = {
        "Ân": team_a,
        "Ba": accounts.create_team(unit=hamlet_3, name="Tổ CNS Ấp 3"),
        "Cả": accounts.create_team(unit=commune_a, name="Tổ CNS xã"),
        "Dư": team_b,
    }
    found = {}
    for name, team in teams.items():
        found[name] = make_user(name=name)
        accounts.add_member(team=team, user=found[name])
    return found


def _preview(client, unit, rows):
    return client.post(reverse("accounts:roster_import", args=[unit.pk]), {"file": upload(rows)})


def test_the_preview_refuses_each_row_outside_the_hamlet_and_writes_nothing(
    client, hamlet_officer, hamlet_a, hamlet_3, commune_b, hamlet_b, snapshot
):
    client.force_login(hamlet_officer)
    before = snapshot()
    rows = [
        member("An", "0912000001"),  # 2: Ấp 1, right
        member("Ba", "0912000002", hamlet="Ấp 3", team="Tổ CNS Ấp 3"),  # 3: another hamlet of the commune
        member("Cả", "0912000003", hamlet="", team="Tổ CNS xã"),  # 4: the commune itself
        member("Dư", "0912000004", unit="Xã Tân Phú", hamlet="Ấp 2"),  # 5: another commune
        member("Em", "0912000005", hamlet="Ấp 9", team="Tổ mới"),  # 6: a hamlet to create: not theirs
    ]

    page = _preview(client, hamlet_a, rows)

    assert [str(p) for p in page.context["plan"].problems] == [
        "B3: " + HELD + "“Ấp 3” nằm ngoài đơn vị bạn phụ trách.",
        "B4: " + HELD + "hãy ghi “Ấp 1” ở ô này (để trống là tổ thuộc thẳng Xã An Bình).",
        "A5: " + HELD + "hãy ghi “Xã An Bình” ở ô này.",
        "B6: " + HELD + "“Ấp 9” nằm ngoài đơn vị bạn phụ trách.",
    ]
    html = page.content.decode()
    assert "“Ấp 3” nằm ngoài đơn vị bạn phụ trách." in html
    assert reverse("accounts:roster_import_confirm", args=[hamlet_a.pk]) not in html
    assert snapshot() == before


def test_a_hamlet_officer_imports_their_hamlets_teams(client, hamlet_officer, hamlet_a, team_a):
    client.force_login(hamlet_officer)
    rows = [member("An", "0912000001", role="Tổ trưởng"), member("Bình", "0912000002", team="Tổ CNS Ấp 1 số 2")]

    token = _preview(client, hamlet_a, rows).context["token"]
    client.post(reverse("accounts:roster_import_confirm", args=[hamlet_a.pk]), {"token": token})

    assert set(Membership.objects.values_list("user__full_name", "team__name", "team__unit")) == {
        ("An", "Tổ CNS Ấp 1", hamlet_a.pk),
        ("Bình", "Tổ CNS Ấp 1 số 2", hamlet_a.pk),
    }


def test_a_member_of_the_communes_own_team_is_outside_the_hamlet(client, hamlet_officer, hamlet_a, rostered):
    client.force_login(hamlet_officer)
    phone = "0" + rostered["Cả"].phone[3:]

    problems = [str(p) for p in _preview(client, hamlet_a, [member("Cả", phone)]).context["plan"].problems]

    assert len(problems) == 1
    assert (
        problems[0].startswith("E2: Số ")
        and "đang là thành viên tổ “Tổ CNS xã” (Xã An Bình, Tỉnh Demo), ngoài đơn vị bạn phụ trách" in problems[0]
    )


def test_a_hamlet_officer_exports_only_their_hamlet_and_cannot_open_the_communes_roster(
    client, hamlet_officer, hamlet_a, commune_a, rostered
):
    client.force_login(hamlet_officer)

    response = client.get(reverse("accounts:roster_export", args=[hamlet_a.pk]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
    rows = [row[:4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [("Xã An Bình", "Ấp 1", "Tổ CNS Ấp 1", "Ân")]
    assert client.get(reverse("accounts:roster_export", args=[commune_a.pk])).status_code == 404
    assert client.get(reverse("accounts:roster_import", args=[commune_a.pk])).status_code == 404


# --- From the command line: --unit names the hamlet by its name and the unit above it --------------


@pytest.fixture
def roster_file(tmp_path):
    def write(rows):
        path = tmp_path / "danh-sach.xlsx"
        path.write_bytes(upload(rows).read())
        return str(path)

    return write


def test_the_command_imports_into_a_hamlet_named_with_its_commune(roster_file, hamlet_a, commune_b, capsys):
    accounts.create_unit(name="Ấp 1", kind=Unit.Kind.HAMLET, parent=commune_b)  # the same name elsewhere

    call_command("import_roster", roster_file([member("An", "0912000001")]), unit="Ấp 1, Xã An Bình")

    assert "Đã nhập 1 thành viên: 1 người mới" in capsys.readouterr().out
    assert Membership.objects.get().team.unit == hamlet_a


def test_the_command_refuses_a_row_of_another_hamlet_when_held_to_one(roster_file, hamlet_a, hamlet_3, capsys):
    rows = [member("An", "0912000001"), member("Ba", "0912000002", hamlet="Ấp 3", team="Tổ CNS Ấp 3")]

    with pytest.raises(CommandError):
        call_command("import_roster", roster_file(rows), unit="ap 1, Xã An Bình, 99")

    assert "B3: " + HELD + "“Ấp 3” nằm ngoài đơn vị bạn phụ trách." in capsys.readouterr().out
    assert not Membership.objects.exists()


def test_a_hamlet_name_two_communes_share_is_refused_with_how_to_name_it(roster_file, hamlet_a, commune_b):
    accounts.create_unit(name="Ấp 1", kind=Unit.Kind.HAMLET, parent=commune_b)

    with pytest.raises(CommandError) as refused:
        call_command("import_roster", roster_file([member("An", "0912000001")]), unit="Ấp 1")

    assert '--unit "Ấp 1, Xã An Bình"' in str(refused.value) and '--unit "Ấp 1, Xã Tân Phú"' in str(refused.value)
    assert not Membership.objects.exists()
