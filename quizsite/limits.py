"""How often one address or one browser may do something: counters in Django's cache.

One helper for every per-address and per-browser limit of the site's own
(allauth keeps its sign-in limits itself). A counter lives in a fixed window
of ``seconds``: its key names the window, so the first hit of a new window
starts again from one. At a window's edge a client may get up to twice the
count in a moment; the limits are set with that in mind.

The cache is Redis in production (quizsite/resilient_cache.py): while Redis
is away each process counts in its own memory, so the limits loosen (at most
once per process) and never lock a hall out or fail a page.

The client's address is allauth's: the entry of X-Forwarded-For that
``ALLAUTH_TRUSTED_PROXY_COUNT`` trusts, else the socket's address (see
settings.py), for pages and WebSockets alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest

# Where no address can be read (a test's socket, a header that does not match the proxies): one shared counter.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds`` for each one counted (an address, a browser)."""

    name: str
    count: int
    seconds: int


def clock() -> float:
    """The time the windows are counted in (tests replace it to play two minutes in no time)."""
    return time.time()


# A counter is kept this many windows (of real time, the cache's): longer than it counts, so it never
# expires while its window is current. Tests that play minutes on a faked clock keep theirs longer.
KEPT_WINDOWS = 2


def _key(limit: Limit, who: str) -> str:
    return f"limit:{limit.name}:{int(clock() // limit.seconds)}:{who}"


def _off() -> bool:
    """DISABLE_RATE_LIMITS (load scripts only, never production) turns allauth's limits off; these follow."""
    return settings.ACCOUNT_RATE_LIMITS is False


def hit(limit: Limit, who: str) -> bool:
    """Count one more for ``who``; False when that goes past the limit in this window."""
    if _off():
        return True
    key = _key(limit, who)
    cache.add(key, 0, timeout=KEPT_WINDOWS * limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # gone between add and incr (evicted): this hit is its first
        cache.set(key, 1, timeout=KEPT_WINDOWS * limit.seconds)
        count = 1
    return count <= limit.count


def reached(limit: Limit, who: str) -> bool:
    """Whether ``who`` has used up this window's hits (the next one would be refused); counts nothing."""
    return not _off() and (cache.get(_key(limit, who)) or 0) >= limit.count


def client_address(request: HttpRequest) -> str:
    """The address a request comes from, as allauth's limits read it."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return UNKNOWN


def socket_address(scope: dict) -> str:
    """The same for a WebSocket: its ASGI scope read as a page's request (REMOTE_ADDR and headers)."""
    request = HttpRequest()
    client = scope.get("client")
    request.META["REMOTE_ADDR"] = client[0] if client else ""
    for name, value in scope.get("headers") or ():
        key = "HTTP_" + name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        # As Django's ASGIRequest: a header sent twice is one value, comma-joined.
        request.META[key] = f"{request.META[key]},{text}" if key in request.META else text
    return client_address(request)
