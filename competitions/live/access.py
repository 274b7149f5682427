"""Who may do what in a live round: find it by code, host it, watch it, play it."""

from __future__ import annotations

import secrets

from django.db.models import Q

from quizsite.accounts.models import Membership, Team
from quizsite.accounts.permissions import is_organiser_of

from . import guests
from .models import CODE_DIGITS, LiveRound


def is_code(text: str) -> bool:
    return len(text) == CODE_DIGITS and text.isascii() and text.isdigit()


def live_round_by_code(code: str, *, user=None, token: str | None = None, with_unit: bool = True) -> LiveRound | None:
    """The round a join code names: the one not finished; a finished one only for an organiser who can host it,
    or for its projector (its screen ``token``: a secret, not a guess), which shows the final podium again
    after a reload.

    To everyone else a finished round's code is one that never existed: a
    code seen on a projector last week tells nobody anything. ``with_unit``
    reads its competition's unit along (for can_host); a player's socket,
    joining with thousands of others, does without.
    """
    if not is_code(code):
        return None
    rounds = LiveRound.objects.filter(code=code, round__published_at__isnull=False)
    related = "round__stage__competition__unit" if with_unit else "round"
    live = rounds.select_related(related).exclude(status=LiveRound.Status.FINISHED).first()
    signed_in = user is not None and user.is_authenticated
    if live is not None or not (signed_in or token):
        return live
    finished = (
        rounds.select_related("round__stage__competition__unit")
        .filter(status=LiveRound.Status.FINISHED)
        .order_by("-finished_at")
        .first()
    )
    if finished is None:
        return None
    if token and secrets.compare_digest(token, finished.screen_token):
        return finished
    return finished if signed_in and can_host(user, finished) else None


def can_host(user, live_round: LiveRound) -> bool:
    """An organiser whose subtree holds the competition's unit runs the round."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_organiser_of(user, live_round.round.stage.competition.unit)


def can_watch(user, live_round: LiveRound, token: str | None) -> bool:
    """The projector: the round's screen token, or an organiser who could host it."""
    if token and secrets.compare_digest(token, live_round.screen_token):
        return True
    return can_host(user, live_round)


def entered_membership_of(user, live_round: LiveRound) -> Membership | None:
    """A signed-in member's place in an entered team (its ``leads`` says whether they lead it), or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("team")
        .filter(Q(user=user), team__live_entries__live_round=live_round)
        .first()
    )


def entered_team_of(user, live_round: LiveRound) -> Team | None:
    """The entered team a signed-in member plays for, or None."""
    membership = entered_membership_of(user, live_round)
    return membership.team if membership else None


def knows_round(live_round: LiveRound, *, user, session, token: str | None = None) -> bool:
    """Someone who needs no guessing to reach the round: one of its players (an entered team's member, a
    guest of this session), the projector's token, or an organiser who can host it."""
    if token and secrets.compare_digest(token, live_round.screen_token):
        return True
    if guests.session_guest_key(session, live_round):
        return True
    if user is None or not user.is_authenticated:
        return False
    return can_host(user, live_round) or entered_team_of(user, live_round) is not None
