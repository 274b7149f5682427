"""The team picker of the live round form: a province's 1,300 teams chosen without 1,300 tick boxes.

The organiser adds every team of a unit (a commune, a ward, a hamlet), the
teams of a qualification list into the round's stage, or teams found by a
search (name, unit name or code, marks optional) and ticked; and sees the
chosen ones counted and grouped by commune, each one removable.

Plain HTML first: every action is a button of the round's own form, so the
round's other fields ride along unsaved, and the page comes back with the
picker changed (static/js/team_picker.js only swaps the picker's part of the
page instead). What is chosen travels in the form:

- ``chosen``: every chosen team's id in one hidden field (a province's 1,300
  teams are ~8 KB in one input, not 1,300 inputs);
- ``teams``: teams ticked in the search results, or sent by a script: added;
- ``team_units`` / ``qualifications``: the units and lists added whole. They
  stay the round's rules (a team formed later in such a unit is entered when
  the round is saved again) until one of their teams is taken out by hand.

Only teams of the competition's subtree can be chosen; the competition lies
in the organiser's own subtree (or the page is a 404). An id from elsewhere,
as a tampered form sends it, is refused with a message and changes nothing.
Each team listed gets its captain's select (live_captains.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.models import Stage
from competitions.qualification import Qualification
from quizsite.accounts.models import Team, Unit, User

from .live_captains import Captains, captain_selects
from .live_services import LiveRoundData, qualified_teams
from .team_index import Found, TeamIndex, TeamRow, UnitRow

SEARCH_ROWS = 25
UNIT_ROWS = 6
# Up to this many chosen teams are listed one by one; above it, a commune at a time.
LIST_ALL_UP_TO = 40
GROUP_ROWS = 100
# A competition with this few teams lists them all without a search.
BROWSE_UP_TO = 40
# The picker's buttons: ``pick`` (search, add the ticked, add the unit of the list, clear) and those naming an id.
ACTIONS = ("pick", "add_unit", "add_list", "drop", "drop_group", "show")
# A service's refusals under these names are the picker's to show.
PICKED = ("teams", "team_units", "qualifications", "captains")
_ID = re.compile(r"[0-9]{1,12}")
# The header static/js/team_picker.js sends to get the picker's part of the page alone.
PICKER_ONLY = "X-Team-Picker"


def _ids(values: list[str]) -> list[int] | None:
    """The ids in ``values`` (each one id, or several apart by spaces or commas); None if one is not an id."""
    ids = []
    for value in values:
        for token in re.split(r"[\s,]+", value.strip()):
            if not token:
                continue
            if not _ID.fullmatch(token):
                return None
            ids.append(int(token))
    return ids


def _id(value: str | None) -> int | None:
    return int(value) if value and _ID.fullmatch(value) else None


@dataclass(frozen=True)
class ListOption:
    qualification: Qualification
    team_ids: frozenset[int]
    added: bool = False

    def __str__(self) -> str:
        return _("Các tổ đã vào vòng này từ %(stage)s (%(count)d tổ)") % {
            "stage": self.qualification.from_stage.title,
            "count": len(self.team_ids),
        }


@dataclass(frozen=True)
class Row:
    team: TeamRow
    captain: forms.BoundField | None = None


@dataclass
class Group:
    unit: UnitRow
    count: int
    open: bool
    rows: list[Row] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """Chosen teams of an open group not listed (past GROUP_ROWS): a search finds them."""
        return self.count - len(self.rows) if self.open else 0


@dataclass(frozen=True)
class TeamChoice:
    """What the picker hands the service: the teams, the units and lists kept as rules, the captains."""

    teams: list[Team]
    team_units: list[Unit]
    qualifications: list[Qualification]
    captains: dict[int, User | None]


class TeamPicker:
    """The picker's state, as saved (``data`` None) or as posted with the button pressed applied."""

    def __init__(self, data: QueryDict | None, *, stage: Stage, saved: LiveRoundData | None = None) -> None:
        self.stage = stage
        self.index = TeamIndex(stage.competition.unit)
        lists: dict[int, tuple[Qualification, set[int]]] = {}
        for qualification, team_id in qualified_teams(stage):
            lists.setdefault(qualification.pk, (qualification, set()))[1].add(team_id)
        self.lists = {pk: ListOption(q, frozenset(ids)) for pk, (q, ids) in lists.items()}
        self.saved_captains: dict[int, User | None] = dict(saved.captains) if saved else {}
        self.errors: list[str] = []
        self.notices: list[str] = []
        self.action: tuple[str, str] | None = None
        self.query = ""
        self.open_group: int | None = None
        if data is None:
            self._start(saved)
        else:
            self._read(data)
            self.action = next(((name, data.get(name, "")) for name in ACTIONS if name in data), None)
            if not self.errors:
                self._add_ticked()
                if self.action:
                    self._act(*self.action, data)
        self.groups = self._groups()
        self.captains = self._captains(data)

    # --- The state, as saved or as posted ------------------------------------

    def _start(self, saved: LiveRoundData | None) -> None:
        self.chosen = {pk for pk in self.saved_captains if pk in self.index.teams}
        self.unit_ids = [u.pk for u in saved.team_units if u.pk in self.index.units] if saved else []
        self.list_ids = [q.pk for q in saved.qualifications if q.pk in self.lists] if saved else []
        for pk in self.unit_ids:
            self.chosen |= self.index.within(self.index.units[pk])
        for pk in self.list_ids:
            self.chosen |= self.lists[pk].team_ids & self.index.teams.keys()

    def _read(self, data: QueryDict) -> None:
        chosen, ticked = _ids(data.getlist("chosen")), _ids(data.getlist("teams"))
        units, lists = _ids(data.getlist("team_units")), _ids(data.getlist("qualifications"))
        if None in (chosen, ticked, units, lists):
            self.errors.append(_("Danh sách tổ gửi lên không đọc được; hãy tải lại trang."))
        chosen, ticked, units, lists = chosen or [], ticked or [], units or [], lists or []
        if any(pk not in self.index.teams for pk in chosen + ticked):
            self.errors.append(_("Tổ không thuộc phạm vi cuộc thi."))
        if any(pk not in self.index.units for pk in units):
            self.errors.append(_("Đơn vị không thuộc phạm vi cuộc thi."))
        if any(pk not in self.lists for pk in lists):
            self.errors.append(_("Danh sách vào vòng không dùng được cho giai đoạn này."))
        self.chosen = {pk for pk in chosen if pk in self.index.teams}
        self._ticked = {pk for pk in ticked if pk in self.index.teams} - self.chosen
        self.unit_ids = list(dict.fromkeys(pk for pk in units if pk in self.index.units))
        self.list_ids = list(dict.fromkeys(pk for pk in lists if pk in self.lists))
        self.query = " ".join(data.get("team_q", "").split())[:100]
        group = _id(data.get("open_group"))
        self.open_group = group if group in self.index.units else None

    def _add_ticked(self) -> None:
        if self._ticked:
            self.chosen |= self._ticked
            n = len(self._ticked)
            self.notices.append(
                ngettext("Đã thêm %(n)d tổ đã đánh dấu.", "Đã thêm %(n)d tổ đã đánh dấu.", n) % {"n": n}
            )

    # --- The buttons ----------------------------------------------------------

    def _act(self, name: str, value: str, data: QueryDict) -> None:
        if name == "pick":
            if value == "unit":
                self._add_unit(data.get("unit", ""))
            elif value == "clear":
                self.chosen, self.unit_ids, self.list_ids = set(), [], []
                self.notices.append(_("Đã bỏ mọi tổ đã chọn."))
            elif value == "search" and not self.query:
                self.notices.append(_("Hãy gõ tên tổ, tên hoặc mã đơn vị để tìm."))
            elif value == "add" and not self._ticked:
                self.notices.append(_("Chưa đánh dấu tổ nào trong kết quả tìm."))
        elif name == "add_unit":
            self._add_unit(value)
        elif name == "add_list":
            self._add_list(value)
        elif name == "drop":
            team = self.index.team(_id(value) or 0)
            if team is None:
                self.errors.append(_("Tổ không thuộc phạm vi cuộc thi."))
            elif team.pk in self.chosen:
                self._drop({team.pk})
                self.notices.append(_("Đã bỏ %(team)s.") % {"team": team.name})
        elif name == "drop_group":
            unit = self.index.unit(_id(value) or 0)
            if unit is None:
                self.errors.append(_("Đơn vị không thuộc phạm vi cuộc thi."))
            else:
                gone = {pk for pk in self.chosen if self.index.teams[pk].group.pk == unit.pk}
                self._drop(gone)
                self.notices.append(
                    ngettext("Đã bỏ %(n)d tổ của %(unit)s.", "Đã bỏ %(n)d tổ của %(unit)s.", len(gone))
                    % {"n": len(gone), "unit": unit.name}
                )
        elif name == "show":
            group = _id(value)
            self.open_group = group if group in self.index.units else None

    def _add_unit(self, value: str) -> None:
        if not value:
            self.errors.append(_("Hãy chọn một đơn vị."))
            return
        unit = self.index.unit(_id(value) or 0)
        if unit is None:
            self.errors.append(_("Đơn vị không thuộc phạm vi cuộc thi."))
            return
        teams = self.index.within(unit)
        if not teams:
            self.notices.append(_("%(unit)s chưa có tổ nào.") % {"unit": unit.name})
            return
        new = teams - self.chosen
        self.chosen |= teams
        rules = [self.index.units[pk] for pk in self.unit_ids]
        if not any(unit.is_within(rule) for rule in rules):
            self.unit_ids = [rule.pk for rule in rules if not rule.is_within(unit)] + [unit.pk]
        if new:
            self.notices.append(
                ngettext("Đã thêm %(n)d tổ của %(unit)s.", "Đã thêm %(n)d tổ của %(unit)s.", len(new))
                % {"n": len(new), "unit": unit.name}
            )
        else:
            self.notices.append(_("Mọi tổ của %(unit)s đã được chọn.") % {"unit": unit.name})

    def _add_list(self, value: str) -> None:
        option = self.lists.get(_id(value) or 0)
        if option is None:
            self.errors.append(_("Danh sách vào vòng không dùng được cho giai đoạn này."))
            return
        teams = option.team_ids & self.index.teams.keys()
        new = teams - self.chosen
        self.chosen |= teams
        if option.qualification.pk not in self.list_ids:
            self.list_ids.append(option.qualification.pk)
        self.notices.append(
            ngettext("Đã thêm %(n)d tổ của %(list)s.", "Đã thêm %(n)d tổ của %(list)s.", len(new))
            % {"n": len(new), "list": option.qualification}
        )

    def _drop(self, gone: set[int]) -> None:
        """Take teams out; a unit or list one of them came with is no longer kept whole."""
        self.chosen -= gone
        units = [self.index.teams[pk].unit for pk in gone]
        self.unit_ids = [pk for pk in self.unit_ids if not any(u.is_within(self.index.units[pk]) for u in units)]
        self.list_ids = [pk for pk in self.list_ids if not self.lists[pk].team_ids & gone]

    # --- What the page shows --------------------------------------------------

    def _groups(self) -> list[Group]:
        """The chosen teams by commune; each team of an open group listed (with no captain yet: see _captains)."""
        groups: dict[int, Group] = {}
        for team in self.index.sorted(self.chosen):
            group = groups.get(team.group.pk)
            if group is None:
                is_open = self.every_group_open or team.group.pk == self.open_group
                group = groups[team.group.pk] = Group(unit=team.group, count=0, open=is_open)
            group.count += 1
            if group.open and len(group.rows) < GROUP_ROWS:
                group.rows.append(Row(team))
        return list(groups.values())

    def _captains(self, data: QueryDict | None) -> Captains:
        shown = {row.team.pk for group in self.groups for row in group.rows}
        captains = captain_selects(data, shown=shown, chosen=self.chosen, saved=self.saved_captains)
        self.errors.extend(
            _("Đội trưởng phải là thành viên của tổ: %(team)s.") % {"team": self.index.teams[pk].name}
            for pk in captains.refused
        )
        for group in self.groups:
            group.rows = [Row(row.team, captains.field(row.team.pk)) for row in group.rows]
        return captains

    @property
    def count(self) -> int:
        return len(self.chosen)

    @property
    def chosen_value(self) -> str:
        return " ".join(map(str, sorted(self.chosen)))

    @property
    def every_group_open(self) -> bool:
        return self.count <= LIST_ALL_UP_TO

    @cached_property
    def found(self) -> Found | None:
        if not self.query:
            return None
        return self.index.search(self.query, team_rows=SEARCH_ROWS, unit_rows=UNIT_ROWS)

    @cached_property
    def browse(self) -> list[TeamRow]:
        """A small competition's teams not chosen yet, listed without a search."""
        if self.query or len(self.index.teams) > BROWSE_UP_TO:
            return []
        return [t for t in self.index.sorted(self.index.teams) if t.pk not in self.chosen]

    @cached_property
    def list_options(self) -> list[ListOption]:
        return [
            ListOption(o.qualification, o.team_ids, added=bool(o.team_ids) and o.team_ids <= self.chosen)
            for o in sorted(
                self.lists.values(), key=lambda o: (o.qualification.from_stage.position, o.qualification.pk)
            )
        ]

    @cached_property
    def unit_options(self) -> list[tuple[int, str]]:
        base = self.index.root.depth
        return [
            (
                unit.pk,
                "— " * (unit.depth - base)
                + ngettext("%(unit)s (%(n)d tổ)", "%(unit)s (%(n)d tổ)", n) % {"unit": unit.name, "n": n},
            )
            for unit, n in self.index.unit_choices()
        ]

    # --- Saving ---------------------------------------------------------------

    def is_valid(self) -> bool:
        return self.captains.form.is_valid() and not self.errors

    def choice(self) -> TeamChoice:
        return TeamChoice(
            teams=list(Team.objects.filter(pk__in=self.chosen).select_related("unit")),
            team_units=list(Unit.objects.filter(pk__in=self.unit_ids)),
            qualifications=[self.lists[pk].qualification for pk in self.list_ids],
            captains=self.captains.chosen(self.chosen),
        )

    def take_refusal(self, messages: dict[str, list[str]]) -> dict[str, list[str]]:
        """Keep a service's refusals about the teams; hand back the others."""
        for name in PICKED:
            self.errors.extend(messages.pop(name, []))
        return messages
