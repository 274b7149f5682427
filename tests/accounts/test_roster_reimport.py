"""Importing again updates by phone: movers move with their history, newcomers join, the missing are listed."""

from __future__ import annotations

from quizsite.accounts.models import Membership, User
from quizsite.accounts.roster import importing
from tests.accounts.roster_files import member, upload

FIRST = [
    member("An", "0912000001", role="Tổ trưởng"),
    member("Bình", "0912000002", role="Tổ phó"),
    member("Cường", "0912000003"),
    member("Dung", "0912000004", team="Tổ hai", role="Tổ trưởng"),
]
# An moves to Tổ hai and leads it (Dung steps down), Cường is left out, Em is new.
SECOND = [
    member("Bình", "0912000002", role="Tổ trưởng"),
    member("An", "0912000001", team="Tổ hai", role="Tổ trưởng"),
    member("Dung", "0912000004", team="Tổ hai"),
    member("Em", "0912000005", team="Tổ hai", youth="Có"),
]


def _import(scope, rows, *, remove_missing=False):
    rows = importing.read_roster(upload(rows))
    return importing.import_roster(actor=None, scope=scope, rows=rows, remove_missing=remove_missing)


def _teams() -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set] = {}
    for team, name, role in Membership.objects.values_list("team__name", "user__full_name", "role"):
        found.setdefault(team, set()).add((name, role))
    return found


def test_a_reimport_moves_adds_and_lists_the_missing_without_removing_them(commune_a, hamlet_a):
    _import(commune_a, FIRST)
    an = User.objects.get(phone="+84912000001")
    membership_id = an.memberships.get().pk

    done = _import(commune_a, SECOND)

    assert _teams() == {
        "Tổ CNS Ấp 1": {("Bình", "leader"), ("Cường", "member")},
        "Tổ hai": {("An", "leader"), ("Dung", "member"), ("Em", "member")},
    }
    assert an.memberships.get().pk == membership_id  # the same row, moved: nothing tied to it is lost
    assert [m.user.full_name for m in done.plan.missing] == ["Cường"]
    assert (done.created_members, done.moved, done.removed) == (1, 1, 0)
    assert [(m.name, m.from_team) for m in done.plan.moves] == [("An", "Tổ CNS Ấp 1")]


def test_the_missing_are_removed_once_the_officer_confirms(commune_a, hamlet_a):
    _import(commune_a, FIRST)

    done = _import(commune_a, SECOND, remove_missing=True)

    assert done.removed == 1
    assert "Cường" not in {name for members in _teams().values() for name, _role in members}
    assert User.objects.filter(full_name="Cường").exists()  # out of the team, not deleted


def test_a_kept_leader_hands_the_post_to_the_one_the_file_names(commune_a, hamlet_a):
    _import(commune_a, FIRST)

    _import(commune_a, [member("Cường", "0912000003", role="Tổ trưởng")])

    assert _teams()["Tổ CNS Ấp 1"] == {("An", "member"), ("Bình", "deputy"), ("Cường", "leader")}


def test_a_name_is_corrected_only_for_who_never_signed_in(commune_a, hamlet_a):
    _import(commune_a, FIRST)
    User.objects.filter(full_name="Bình").update(last_login="2026-01-01T00:00:00Z")

    _import(commune_a, [member("An Sửa", "0912000001", role="Tổ trưởng"), member("Bình Sửa", "0912000002")])

    assert set(User.objects.values_list("full_name", flat=True)) == {"An Sửa", "Bình", "Cường", "Dung"}


def test_an_unchanged_file_imported_again_changes_nothing(commune_a, hamlet_a):
    _import(commune_a, FIRST)
    before = _teams()

    done = _import(commune_a, FIRST)

    assert _teams() == before and (done.created_members, done.moved, done.removed) == (0, 0, 0)
