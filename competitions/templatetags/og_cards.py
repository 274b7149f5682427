"""The sign-in page's card when it stands in for a round's page (``?next=/rounds/5/`` or ``/live/123456/``).

A shared round or live link sends whoever is signed out, Zalo's and
Facebook's fetchers among them, to the sign-in page: that page then shows
the round's card, so the shared link still looks like the round.

Anyone can ask for this page with any ``next``, so it tells nothing a
guesser does not already hold: a round's card needs the signature the site
put on the link it gave out to share (competitions/round_links.py), checked
before the database is asked; a live round's needs its join code, looked up
as its join page looks it up, every wrong code counted against the address
(competitions/live/guards.py). Anything else gets the site's card, in the
same bytes and at the same cost as a round that does not exist.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.http import QueryDict
from django.urls import Resolver404, resolve

from competitions import cards, round_links
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
    parts = urlsplit(target)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name == "competitions:round_detail":
        if not round_links.is_signed(match.kwargs["pk"], QueryDict(parts.query).get(round_links.PARAM, "")):
            return None
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
