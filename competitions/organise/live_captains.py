"""Captains on the live round form: a select for each team the team picker lists, the others kept.

A team's captain (its score in "captain" mode) defaults to its leader; one
chosen must be a member of the team. A province's round has 1,300 teams, so
the picker lists one commune at a time: only the teams listed get a select
(one query for their members), a captain chosen for a team no longer listed
rides along in a hidden field until the round is saved, and every other
team keeps the captain it has.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Membership, User

from .live_selectors import captain_choices

PREFIX = "captain_"


class CaptainsForm(forms.Form):
    """A captain for each team given (one of its members; empty: its leader)."""

    def __init__(self, data, *, members: dict[int, list[Membership]], **kwargs):
        super().__init__(data, **kwargs)
        self.users: dict[int, User] = {}
        for team_id, people in members.items():
            if not people:
                continue
            self.fields[f"{PREFIX}{team_id}"] = forms.TypedChoiceField(
                label=_("Đội trưởng"),
                choices=[("", _("— tổ trưởng —"))]
                + [(m.user_id, f"{m.user.display_name} ({m.get_role_display()})") for m in people],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Đội trưởng phải là thành viên của tổ.")},
            )
            self.users.update((m.user_id, m.user) for m in people)


@dataclass
class Captains:
    form: CaptainsForm
    saved: Mapping[int, User | None]
    # Hidden fields: a captain chosen for a team no longer listed.
    carried: list[tuple[str, str]]
    # Teams not listed whose posted captain is not one of their members (a tampered form).
    refused: list[int]

    def field(self, team_id: int) -> forms.BoundField | None:
        name = f"{PREFIX}{team_id}"
        return self.form[name] if name in self.form.fields else None

    def chosen(self, team_ids: Collection[int]) -> dict[int, User | None]:
        """Each team's captain as saved, or as chosen now; None: its leader. Call once the form is valid.

        A captain saved earlier who has left the team since gives the team its leader again.
        """
        captains = {pk: self.saved.get(pk) for pk in team_ids}
        for name, user_id in self.form.cleaned_data.items():
            pk = int(name.removeprefix(PREFIX))
            if pk in captains:
                captains[pk] = self.form.users[user_id] if user_id else None
        named = {pk: user for pk, user in captains.items() if user is not None}
        members = set(
            Membership.objects.filter(team_id__in=named, user_id__in=[u.pk for u in named.values()]).values_list(
                "team_id", "user_id"
            )
        )
        return {pk: user if user is None or (pk, user.pk) in members else None for pk, user in captains.items()}


def _posted(data: QueryDict | None, chosen: Collection[int]) -> set[int]:
    """The chosen teams the form sent a captain for."""
    teams = set()
    for key in data or ():
        suffix = key.removeprefix(PREFIX)
        if key.startswith(PREFIX) and suffix.isascii() and suffix.isdigit() and int(suffix) in chosen:
            teams.add(int(suffix))
    return teams


def captain_selects(
    data: QueryDict | None, *, shown: set[int], chosen: Collection[int], saved: Mapping[int, User | None]
) -> Captains:
    """Selects for the teams ``shown``, bound to what was posted; the posted choices for the others checked too."""
    posted = _posted(data, chosen)
    members = captain_choices(sorted(shown | posted)) if shown | posted else {}
    initial = {}
    for team_id, people in members.items():
        captain = saved.get(team_id)
        # A captain saved earlier who has left the team since: the select starts at the leader.
        initial[f"{PREFIX}{team_id}"] = captain.pk if captain and any(m.user_id == captain.pk for m in people) else ""
    bound = None
    if data is not None:
        # A team listed now that the page posted did not list (a commune just opened) starts at its saved captain.
        bound = data.copy()
        for pk in shown - posted:
            bound.setlist(f"{PREFIX}{pk}", [str(initial.get(f"{PREFIX}{pk}", ""))])
    form = CaptainsForm(bound, members=members, initial=initial)
    carried, refused = [], []
    for pk in sorted(posted - shown):
        name = f"{PREFIX}{pk}"
        if name not in form.fields:
            continue
        if form.has_error(name):
            refused.append(pk)
        elif (value := bound.get(name, "")) != str(initial[name]):
            carried.append((name, value))
    return Captains(form=form, saved=saved, carried=carried, refused=refused)
