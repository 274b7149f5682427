"""A team's invite link as a card: the team's name and its unit (quizsite/og.py, quizsite/cards.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from quizsite import og
from quizsite.cards import CardText

from .models import Team

KIND = "team"


def team_text(team: Team) -> CardText:
    return CardText(kicker=_("Lời mời vào tổ"), title=team.name, lines=(og.place(team.unit),), footer=og.footer())


def read(pk: int) -> CardText | None:
    team = Team.objects.select_related("unit__parent").filter(pk=pk).first()
    return team_text(team) if team is not None else None


def invite_card(request: HttpRequest, team: Team) -> og.OpenGraph:
    return og.card(
        request,
        kind=KIND,
        pk=team.pk,
        text=team_text(team),
        title=_("Mời bạn vào %(team)s") % {"team": team.name},
        description=_("%(place)s. Vào tổ để cùng thi kỹ năng số hằng tuần.") % {"place": og.place(team.unit)},
        url=reverse("accounts:join", args=[team.invite_token]),
    )
