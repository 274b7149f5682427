"""Who may open a member page of a round or an attempt.

An attempt is seen only by the person who took it; anyone else gets a 404
(we do not confirm it exists). A round's member pages are open to the people
who may play it, and to those who already have an attempt in it, once it is
published: a draft is a 404 to every member.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from quizsite.accounts.models import Membership, Team

from . import eligibility
from .models import Attempt, Round


def get_round_for_player(user, pk: int) -> Round:
    round = (
        Round.objects.published()
        .select_related("stage__competition__unit")
        .filter(pk=pk, mode=Round.Mode.SELF_PACED)
        .first()
    )
    if round is None:
        raise Http404
    if round.entry == Round.Entry.ANYONE_SIGNED_IN:
        return round
    if eligibility.team_for_round(round=round, user=user) or Attempt.objects.filter(round=round, user=user).exists():
        return round
    raise Http404


def get_attempt_for_player(user, pk: int) -> Attempt:
    # get(), not first(): first() would order by Attempt's Meta ordering, which joins the round again to sort one row.
    try:
        return Attempt.objects.select_related("round__stage__competition").get(pk=pk, user=user)
    except Attempt.DoesNotExist:
        raise Http404 from None


def get_led_team_for_round(user, round: Round) -> Team:
    """The team the user leads (leader or deputy) in a round they may see; else 403."""
    membership = Membership.objects.leading().filter(user=user).select_related("team__unit").first()
    if membership is None:
        raise PermissionDenied
    return membership.team
