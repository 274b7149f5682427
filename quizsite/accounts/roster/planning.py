"""What importing a roster file would do, and every reason it cannot: the preview.

Everything is read in a handful of queries, whatever the file's length: the
communes and wards of the officer's subtree, their hamlets, their teams, the
people the file's phones already belong to, and the members of the teams
the file names. The import (``importing``) makes the same plan again inside
its transaction and writes it only when no row has a problem.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from quizsite.accounts.models import Membership, Team, Unit, User
from quizsite.accounts.names import vietnamese_key
from quizsite.accounts.phone import display_phone

from . import columns as c
from .reading import Problem, Row

# What the unit column names: the units a hamlet team sits under since 2025.
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)
# Officers write "An Bình" as often as "Xã An Bình".
_PREFIXES = ("xa ", "phuong ", "dac khu ", "thi tran ")


def _bare(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


@dataclass
class Destination:
    """A team the file names: where it is, and the team when it already exists."""

    commune: Unit
    hamlet: Unit | None
    hamlet_name: str  # as the file writes it; a hamlet to create when ``hamlet`` is None
    team: Team | None
    team_name: str
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        place = [self.hamlet.name if self.hamlet else self.hamlet_name, self.commune.name]
        return f"{self.team.name if self.team else self.team_name} ({', '.join(p for p in place if p)})"

    @property
    def limit(self) -> int:
        return self.team.max_members if self.team else settings.TEAM_SIZE_LIMIT


@dataclass
class Move:
    name: str
    phone: str
    from_team: str
    to_team: str


@dataclass
class Plan:
    scope: Unit
    rows: list[Row]
    remove_missing: bool
    destinations: dict[tuple, Destination] = field(default_factory=dict)
    row_destination: dict[int, tuple] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by phone, those who exist
    memberships: dict[int, Membership] = field(default_factory=dict)  # by user id, for the file's people
    missing: list[Membership] = field(default_factory=list)  # in the file's teams, not in the file
    demoted: list[Membership] = field(default_factory=list)  # kept, but the file gives their post to another
    moves: list[Move] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        found = [problem for row in self.rows for problem in (*row.problems, *row.flags)]
        return sorted(found, key=lambda p: (p.row or 0, c.COLUMNS.index(p.column) if p.column else -1))

    @property
    def new_hamlets(self) -> list[str]:
        return sorted(
            {
                f"{d.hamlet_name} ({d.commune.name})"
                for d in self.destinations.values()
                if d.hamlet is None and d.hamlet_name
            },
            key=vietnamese_key,
        )

    @property
    def new_teams(self) -> list[str]:
        return sorted((d.label for d in self.destinations.values() if d.team is None), key=vietnamese_key)

    @property
    def new_members(self) -> int:
        return sum(1 for row in self.rows if row.phone not in self.users)

    @property
    def removals(self) -> list[Membership]:
        return self.missing if self.remove_missing else []


def make_plan(*, scope: Unit, rows: list[Row], remove_missing: bool = False) -> Plan:
    plan = Plan(scope=scope, rows=rows, remove_missing=remove_missing)
    for row in rows:
        row.flags = []
    _place_rows(plan)
    _check_phones(plan)
    _check_teams(plan)
    return plan


def _communes_of(scope: Unit) -> tuple[list[Unit], Unit | None]:
    """The communes a file imported into ``scope`` may name, and the unit below them it is held to, if any.

    An officer of a province (or a district, a commune) imports into every
    commune of their subtree. An officer of a hamlet imports into that
    hamlet only: the file names its commune, and every row that hamlet.
    """
    communes = list(Unit.objects.subtree(scope).filter(kind__in=COMMUNE_KINDS))
    if communes or scope.kind in COMMUNE_KINDS:
        return communes, None
    above = [unit for unit in scope.ancestors() if unit.kind in COMMUNE_KINDS]
    return (above[-1:], scope) if above else ([], None)


def _held_message(held: Unit, commune: Unit, what: str) -> str:
    return _("Bạn chỉ nhập được các tổ của %(scope)s (%(commune)s): %(what)s") % {
        "scope": held.name,
        "commune": commune.name,
        "what": what,
    }


def _place_rows(plan: Plan) -> None:
    """Match each row's commune, hamlet and team to the tree, by name whatever the accents and case."""
    communes, held = _communes_of(plan.scope)
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in communes:
        for k in {c.key(unit.name), _bare(c.key(unit.name)), c.key(unit.code) if unit.code else ""} - {""}:
            by_key[k].append(unit)
    bare_names = {_bare(c.key(unit.name)): unit.name for unit in communes}
    wanted = {row.unit for row in plan.rows if row.unit}
    matched: dict[str, Unit | str] = {}  # the unit, or why not
    for text in wanted:
        k = c.key(text)
        found = {unit.pk: unit for unit in by_key.get(k) or by_key.get(_bare(k)) or []}
        if len(found) == 1:
            matched[text] = next(iter(found.values()))
        elif found:
            matched[text] = _("Có nhiều đơn vị tên “%(name)s” (%(places)s): hãy ghi mã đơn vị.") % {
                "name": text,
                "places": ", ".join(f"{u.name} – {u.code or '?'}" for u in found.values()),
            }
        elif held is not None:
            what = _("hãy ghi “%(commune)s” ở ô này.") % {"commune": communes[0].name}
            matched[text] = _held_message(held, communes[0], what)
        else:
            close = difflib.get_close_matches(_bare(k), list(bare_names), n=3, cutoff=0.6)
            message = _("Không tìm thấy xã / phường / đặc khu “%(name)s” trong %(scope)s.") % {
                "name": text,
                "scope": plan.scope.name,
            }
            if close:
                message += " " + _("Có phải: %(names)s?") % {"names": ", ".join(bare_names[n] for n in close)}
            matched[text] = message
    units = [unit for unit in matched.values() if isinstance(unit, Unit)]
    hamlets: dict[tuple[int, str], list[Unit]] = defaultdict(list)
    for hamlet in Unit.objects.filter(parent__in=units):
        hamlets[(hamlet.parent_id, c.key(hamlet.name))].append(hamlet)
    places = units + [h for found in hamlets.values() for h in found]
    teams: dict[tuple[int, str], list[Team]] = defaultdict(list)
    for team in Team.objects.filter(unit__in=places):
        teams[(team.unit_id, c.key(team.name))].append(team)

    for row in plan.rows:
        commune = matched.get(row.unit)
        if isinstance(commune, str):
            row.flag(c.COL_UNIT, commune)
        if not isinstance(commune, Unit) or not row.team:
            continue
        hamlet = None
        if row.hamlet:
            hamlet = _one(hamlets.get((commune.pk, c.key(row.hamlet)), []), row.hamlet)
        if held is not None and not (hamlet is not None and hamlet.is_within(held)):
            if row.hamlet:
                what = _("“%(hamlet)s” nằm ngoài đơn vị bạn phụ trách.") % {"hamlet": row.hamlet}
            else:
                what = _("hãy ghi “%(scope)s” ở ô này (để trống là tổ thuộc thẳng %(commune)s).") % {
                    "scope": held.name,
                    "commune": commune.name,
                }
            row.flag(c.COL_HAMLET, _held_message(held, commune, what))
            continue
        place = hamlet or (None if row.hamlet else commune)
        team = _one(teams.get((place.pk, c.key(row.team)), []), row.team) if place else None
        where = (commune.pk, c.key(row.hamlet), c.key(row.team))
        destination = plan.destinations.get(where)
        if destination is None:
            destination = plan.destinations[where] = Destination(commune, hamlet, row.hamlet, team, row.team)
        destination.rows.append(row)
        plan.row_destination[row.number] = where


def _one(found: list, text: str):
    """The one row named ``text``: the same spelling first when two differ only by accents."""
    if len(found) > 1:
        same = [item for item in found if item.name.casefold() == text.casefold()]
        return same[0] if same else found[0]
    return found[0] if found else None


def _check_phones(plan: Plan) -> None:
    """A phone twice in the file, or already in a team outside the officer's subtree, with both places."""
    first: dict[str, Row] = {}
    for row in plan.rows:
        if not row.phone:
            continue
        if row.phone in first:
            other = first[row.phone]
            row.flag(
                c.COL_PHONE,
                _("Số %(phone)s trùng với dòng %(row)d (%(name)s, tổ %(team)s).")
                % {"phone": display_phone(row.phone), "row": other.number, "name": other.full_name, "team": other.team},
            )
            other.flag(
                c.COL_PHONE,
                _("Số %(phone)s trùng với dòng %(row)d (%(name)s, tổ %(team)s).")
                % {"phone": display_phone(row.phone), "row": row.number, "name": row.full_name, "team": row.team},
            )
        else:
            first[row.phone] = row
    if not first:
        return
    plan.users = {user.phone: user for user in User.objects.filter(phone__in=list(first))}
    memberships = Membership.objects.filter(user__in=list(plan.users.values())).select_related("team__unit__parent")
    plan.memberships = {m.user_id: m for m in memberships}
    for phone, row in first.items():
        user = plan.users.get(phone)
        membership = plan.memberships.get(user.pk) if user else None
        if membership is None:
            continue
        unit = membership.team.unit
        if not unit.is_within(plan.scope):
            place = ", ".join(u.name for u in (unit, unit.parent) if u is not None)
            row.flag(
                c.COL_PHONE,
                _(
                    "Số %(phone)s đang là thành viên tổ “%(team)s” (%(place)s), ngoài đơn vị bạn phụ trách: "
                    "hãy nhờ cán bộ của đơn vị đó chuyển người này ra trước."
                )
                % {"phone": display_phone(phone), "team": membership.team.name, "place": place},
            )
            continue
        where = plan.row_destination.get(row.number)
        destination = plan.destinations.get(where) if where else None
        if destination is not None and (destination.team is None or destination.team.pk != membership.team_id):
            plan.moves.append(Move(row.full_name, phone, membership.team.name, destination.label))


def _check_teams(plan: Plan) -> None:
    """Size limits and one leader and one deputy per team, counting the members the file leaves out but keeps."""
    phones = {row.phone for row in plan.rows}
    existing = [d.team.pk for d in plan.destinations.values() if d.team is not None]
    others: dict[int, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(team__in=existing).select_related("user", "team").order_by("pk"):
        if membership.user.phone not in phones:
            others[membership.team_id].append(membership)
    for destination in plan.destinations.values():
        missing = others.get(destination.team.pk, []) if destination.team else []
        plan.missing.extend(missing)
        kept = [] if plan.remove_missing else missing
        posts: dict[str, Row] = {}
        for row in destination.rows:
            if row.role == Membership.Role.MEMBER:
                continue
            if row.role in posts:
                row.flag(
                    c.COL_ROLE,
                    _("Tổ %(team)s đã có %(role)s ở dòng %(row)d; mỗi tổ một tổ trưởng và một tổ phó.")
                    % {
                        "team": destination.label,
                        "role": c.ROLE_LABELS[row.role].lower(),
                        "row": posts[row.role].number,
                    },
                )
            else:
                posts[row.role] = row
        plan.demoted.extend(m for m in kept if m.role in posts)
        size = len(destination.rows) + len(kept)
        if size > destination.limit:
            first = destination.rows[0]
            message = _("Tổ %(team)s sẽ có %(size)d thành viên, quá giới hạn %(limit)d (các dòng %(rows)s).") % {
                "team": destination.label,
                "size": size,
                "limit": destination.limit,
                "rows": ", ".join(str(row.number) for row in destination.rows),
            }
            if kept:
                message += " " + _(
                    "Trong đó %(kept)d người đang ở tổ mà tệp không ghi: chọn bỏ họ khỏi tổ nếu tệp là danh sách đủ."
                ) % {"kept": len(kept)}
            first.flag(c.COL_TEAM, message)
