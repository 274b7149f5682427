"""The sign-in page's card when it stands in for a round's page (``?next=/rounds/5/`` or ``/live/123456/``).

A shared round or live link sends whoever is signed out, Zalo's and
Facebook's fetchers among them, to the sign-in page: that page then shows
the round's card, so the shared link still looks like the round.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve

from competitions import cards
from competitions.live import cards as live_cards
from competitions.live import guards
from competitions.models import Round
from quizsite import limits
from quizsite.og import OpenGraph

register = template.Library()


@register.simple_tag(takes_context=True)
def card_for_next(context) -> OpenGraph | None:
    request = context.get("request")
    target = request.GET.get("next", "") if request is not None else ""
    if not target.startswith("/") or target.startswith("//"):
        return None
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return None
    if match.view_name == "competitions:round_detail":
        round = (
            Round.objects.published()
            .select_related("stage__competition__unit__parent")
            .filter(pk=match.kwargs["pk"], mode=Round.Mode.SELF_PACED)
            .first()
        )
        return cards.round_card(request, round) if round is not None else None
    if match.view_name == "live:play":
        # Found as the join page finds it: a wrong code counts against the address (guards.WRONG_CODES).
        found = guards.find_round(
            match.kwargs["code"],
            user=request.user,
            session=request.session,
            address=limits.client_address(request),
        )
        return live_cards.join_card(request, found.live) if found.live is not None else None
    return None
