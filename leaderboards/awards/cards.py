"""A published award list as a card: the awarding body, the list's title and its period."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from quizsite import og
from quizsite.cards import CardText

from .models import AwardList

KIND = "awards"


def award_text(award_list: AwardList) -> CardText:
    return CardText(
        kicker=award_list.body.name,
        title=award_list.title,
        lines=(award_list.period_label, award_list.competition.title),
        footer=og.footer(),
    )


def read(pk: int) -> CardText | None:
    """Only a list the public can read (published, or replaced by its correction)."""
    award_list = AwardList.objects.public().select_related("competition", "body").filter(pk=pk).first()
    return award_text(award_list) if award_list is not None else None


def public_card(request: HttpRequest, award_list: AwardList) -> og.OpenGraph:
    return og.card(
        request,
        kind=KIND,
        pk=award_list.pk,
        text=award_text(award_list),
        title=award_list.title,
        description=_("Danh sách đạt giải %(period)s · %(competition)s · %(body)s")
        % {
            "period": award_list.period_label,
            "competition": award_list.competition.title,
            "body": award_list.body.name,
        },
        url=reverse("leaderboards:award_public", args=[award_list.public_token]),
    )
