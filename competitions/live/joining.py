"""A signed-in member joining a live round: their player row, made on their first join.

Guests join on the page instead (guests.py); both then open the same socket.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from . import access, names
from .models import LivePlayer, LiveRound


def player_name(user) -> str:
    """What the lobby and the leaderboard call a member: their name (cleaned), never their phone or e-mail."""
    return names.member_name(user.full_name)


def join_member(live_round: LiveRound, user) -> tuple[LivePlayer | None, bool]:
    """The player row of a signed-in member of an entered team (made on first join), and whether it is new."""
    player = LivePlayer.objects.select_related("team").filter(live_round=live_round, user=user).first()
    if player is not None:
        return player, False
    team = access.entered_team_of(user, live_round)
    if team is None:
        return None, False
    try:
        with transaction.atomic():
            return LivePlayer.objects.create(
                live_round=live_round, user=user, team=team, display_name=player_name(user)
            ), True
    except IntegrityError:  # the same person on two phones at once: one row
        return LivePlayer.objects.get(live_round=live_round, user=user), False
