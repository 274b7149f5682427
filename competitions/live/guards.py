"""What stops a script at a live round's door: wrong join codes and new guests, counted per address and browser.

Both limits must let a real hall through: a community hall of 300 on one
Wi-Fi is one address (DESIGN §4), and so is a carrier's shared address. The
counters are quizsite/limits.py's (the cache; a Redis outage loosens them,
never locks a hall out).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from quizsite import limits

from . import access
from .models import LiveRound

# Wrong codes per address: 50 in 10 minutes. A hall where a few dozen people mistype the code once or
# twice stays under it, and a right code is never counted. A script gets 300 an hour, 7,200 a day. A
# code is one of 10^6; with 50 rounds waiting or playing at once (more than the platform runs), one
# guess in 20,000 hits a live round, so finding one takes about 20,000 / 7,200 ≈ 2.8 days from one
# address (with 10 rounds at once, 12 days), and every other page of the round is counted the same way.
WRONG_CODES = limits.Limit("live-wrong-code", count=50, seconds=600)

# New guests per address: 40 in 10 seconds, 4 a second. A hall of 300 on one address needs 2.5 a
# second to be in within two minutes; at 4 it is in within 75 s even when everyone presses at once
# (a phone refused is told to press again after a few seconds). A script with no cookies gets the same
# 4 a second (up to 80 at a window's edge), and never more than the round's guest limit.
GUEST_ADDS_PER_ADDRESS = limits.Limit("live-guest-address", count=40, seconds=10)

# New guests per browser (its session): one every 3 seconds, less time than anyone takes to type a
# nickname; a browser has one guest per round anyway (its session names them).
GUEST_ADDS_PER_BROWSER = limits.Limit("live-guest-browser", count=1, seconds=3)


@dataclass(frozen=True)
class Found:
    """What a code names for this client: the round, or nothing; ``too_many`` when the address is over the limit."""

    live: LiveRound | None
    too_many: bool = False


def find_round(code: str, *, user, session, address: str, token: str | None = None, with_unit: bool = True) -> Found:
    """The round ``code`` names, for pages and sockets alike, counting the address's wrong codes.

    Over the limit, a right code is refused exactly as a wrong one (the
    answer must not tell a guesser which it was), except to someone the
    round already knows (its players, its projector, its organisers): a
    prankster's wrong codes in a hall must not shut out the phones already
    playing in it.
    """
    live = access.live_round_by_code(code, user=user, token=token, with_unit=with_unit)
    if limits.reached(WRONG_CODES, address):
        if live is not None and access.knows_round(live, user=user, session=session, token=token):
            return Found(live)
        return Found(None, too_many=True)
    if live is None and access.is_code(code):  # a code that is not six digits cannot be a guess
        return Found(None, too_many=not limits.hit(WRONG_CODES, address))
    return Found(live)


def may_add_guest(request: HttpRequest) -> bool:
    """Whether this address and browser may add a guest now; counts the attempt."""
    if not limits.hit(GUEST_ADDS_PER_ADDRESS, limits.client_address(request)):
        return False
    if request.session.session_key is None:  # a new browser: its session, which names its guest, starts now
        request.session.save()
    return limits.hit(GUEST_ADDS_PER_BROWSER, request.session.session_key)
