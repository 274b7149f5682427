"""Guests of a live round: people with no account who chose a nickname and a team on the join page.

A guest is known by a random key kept in their browser's session. A round
takes at most its ``guest_limit`` of them (the organiser sets it), counted
under a lock so two guests joining at the same moment cannot both be the
last one. How fast one address or browser may add guests is guards.py's.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import names
from .models import LiveEntry, LivePlayer, LiveRound

# The first key of the two-key advisory lock on a round's guests (locks.py's round lock is 7_301):
# joining guests wait for each other, never for the game's commands and answers.
GUEST_LOCK_CLASS = 7_302

# Where a guest's identity lives: session[SESSION_GUESTS][str(round pk)] = their guest_key.
SESSION_GUESTS = "live_guests"


def new_guest_key() -> str:
    return secrets.token_hex(16)


def session_guest(session, live_round: LiveRound) -> LivePlayer | None:
    """The guest player a browser's session (HTTP or WebSocket) names for this round, if any."""
    return guest_player(live_round, session_guest_key(session, live_round))


def session_guest_key(session, live_round: LiveRound) -> str | None:
    guests = session.get(SESSION_GUESTS) if session is not None else None
    return (guests or {}).get(str(live_round.pk))


def remember_guest(session, live_round: LiveRound, guest_key: str) -> None:
    guests = dict(session.get(SESSION_GUESTS, {}))
    guests[str(live_round.pk)] = guest_key
    session[SESSION_GUESTS] = guests


def guest_player(live_round: LiveRound, guest_key: str | None) -> LivePlayer | None:
    if not guest_key:
        return None
    return LivePlayer.objects.select_related("team").filter(live_round=live_round, guest_key=guest_key).first()


def guest_count(live_round: LiveRound) -> int:
    return LivePlayer.objects.filter(live_round=live_round, user__isnull=True).count()


def join_guest(live_round: LiveRound, *, guest_key: str, nickname: str, team_id) -> LivePlayer:
    """A guest who chose a nickname and an entered team; ValidationError, in the user's language, otherwise.

    The guest already in the round with this key gets their row back. A
    nickname a teammate already has (ignoring case) becomes "Lan (2)".
    """
    existing = guest_player(live_round, guest_key)
    if existing is not None:
        return existing
    _check_open(live_round)
    nickname = names.nickname(nickname)
    entry = LiveEntry.objects.select_related("team").filter(live_round=live_round, team_id=_int(team_id)).first()
    if entry is None:
        raise ValidationError(_("Hãy chọn một đội có trong vòng thi."))
    with transaction.atomic():
        _lock_guests(live_round.pk)
        # Read again under the lock: the organiser may have changed the limit, the host finished the round.
        live_round = LiveRound.objects.get(pk=live_round.pk)
        _check_open(live_round)
        if guest_count(live_round) >= live_round.guest_limit:
            raise ValidationError(
                _("Vòng thi đã đủ %(n)d khách, không nhận thêm. Hãy báo ban tổ chức nếu bạn cần vào chơi.")
                % {"n": live_round.guest_limit},
                code="full",
            )
        taken = {
            name.casefold()
            for name in LivePlayer.objects.filter(live_round=live_round, team=entry.team).values_list(
                "display_name", flat=True
            )
        }
        return LivePlayer.objects.create(
            live_round=live_round,
            guest_key=guest_key,
            team=entry.team,
            display_name=names.told_apart(nickname, taken),
        )


def _check_open(live_round: LiveRound) -> None:
    if not live_round.guests_allowed:
        raise ValidationError(_("Vòng thi này không cho khách tham gia."))
    if live_round.status == LiveRound.Status.FINISHED:
        raise ValidationError(_("Vòng thi đã kết thúc."))


def _lock_guests(round_id: int) -> None:
    """Within a transaction, on PostgreSQL: the round's guest lock. SQLite runs one write at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [GUEST_LOCK_CLASS, round_id])


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
