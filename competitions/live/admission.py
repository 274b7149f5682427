"""Letting players in by the hundred: the play sockets that knock on a process together are admitted together.

A provincial final has thousands of phones opening their sockets in the last
minutes before the start. One socket at a time, each cost a session read, a
user query, the round, the player and its team, the round again and a
question count: about 10 ms of server CPU per phone. Here the sockets that
knock within a few milliseconds (door.py) share one trip to the database: one
cache read for their sessions and one query for their users
(accounts.session_users), one for the players already there, and for new
ones one for their teams, one insert and one read back; the round and the
auto-close once; and each socket's ``state`` built from what the batch read.

Only the usual case goes this way: a signed-in member of an entered team, or
a guest named by the browser's session, at a round that is not finished.
Every other socket (no session, not a player, a wrong or finished code, an
address over the wrong-code limit) is let in or refused one at a time by
consumers.LiveConsumer.admit, so the door's rules and close codes stay in one
place; this module only ever says "yes, as this player" or "ask the usual way".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizsite.accounts.models import Membership
from quizsite.accounts.session_users import load_sessions, signed_in_users

from . import access, guests, messages
from .events import Event, now_ms
from .host_commands import close_if_due
from .joining import player_name
from .models import LivePlayer, LiveRound


@dataclass(frozen=True)
class Admitted:
    player: LivePlayer
    new: bool  # the player's row was made by this batch: the lobby has one more
    in_lobby: bool = False  # the round is in its lobby, where every arrival is shown


def admit(code: str, session_keys: Sequence[str | None]) -> list[Admitted | None]:
    """Runs in a thread: the player each of these sessions is at the round ``code`` names (None: ask the usual way)."""
    live = access.live_round_by_code(code, with_unit=False)
    if live is None:
        return [None] * len(session_keys)
    sessions = load_sessions(key for key in session_keys if key)
    users = signed_in_users(sessions)
    members = _members(live, {user.pk: user for user in users.values()})
    guest_keys = {
        key: guest_key
        for key, data in sessions.items()
        if (guest_key := (data.get(guests.SESSION_GUESTS) or {}).get(str(live.pk)))
        and (key not in users or users[key].pk not in members)  # a member plays as the member (consumers.authorise)
    }
    by_guest_key = (
        {
            player.guest_key: player
            for player in LivePlayer.objects.select_related("team")
            .filter(live_round=live, guest_key__in=set(guest_keys.values()))
            .order_by()  # LivePlayer's ordering by round would join the round twice, for nothing
        }
        if guest_keys
        else {}
    )
    in_lobby = live.status == LiveRound.Status.LOBBY
    admitted = []
    for key in session_keys:
        member = members.get(users[key].pk) if key in users else None
        guest = by_guest_key.get(guest_keys.get(key))
        found = member or (Admitted(guest, False) if guest is not None else None)
        admitted.append(Admitted(found.player, found.new, in_lobby) if found is not None else None)
    return admitted


def _members(live: LiveRound, users: dict[int, object]) -> dict[int, Admitted]:
    """The player rows of these signed-in people who are members of an entered team, made for those without one."""
    found = {
        player.user_id: Admitted(player, False)
        for player in LivePlayer.objects.select_related("team").filter(live_round=live, user_id__in=users).order_by()
    }
    missing = users.keys() - found.keys()
    if not missing:
        return found
    teams = dict(
        Membership.objects.filter(user_id__in=missing, team__live_entries__live_round=live)
        .order_by()
        .values_list("user_id", "team_id")
    )
    if not teams:
        return found
    rows = [
        LivePlayer(live_round=live, user_id=user_id, team_id=team_id, display_name=player_name(users[user_id]))
        for user_id, team_id in teams.items()
    ]
    # The same person on two phones, or on two processes, at once: one row, whoever inserts first.
    LivePlayer.objects.bulk_create(rows, ignore_conflicts=True)
    for player in LivePlayer.objects.select_related("team").filter(live_round=live, user_id__in=teams).order_by():
        found[player.user_id] = Admitted(player, True)
    return found


def states(round_id: int, players: Sequence[LivePlayer]) -> list[tuple[dict, list[Event]]]:
    """Runs in a thread, for players whose sockets are in the round's hub: each one's ``state``.

    The question's auto-close goes first (the clock may have run out while
    no process had a timer for it); its events come back with the first
    state only, to be broadcast once.
    """
    live = LiveRound.objects.select_related("round").get(pk=round_id)
    events = []
    if live.status == LiveRound.Status.QUESTION and now_ms() >= live.closes_at_ms + live.grace_ms:
        events = close_if_due(round_id)
        live = LiveRound.objects.select_related("round").get(pk=round_id)
    shown = messages.states(live, role="player", players=list(players), now=now_ms())
    return [(message, events if n == 0 else []) for n, message in enumerate(shown)]
