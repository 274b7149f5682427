"""Django's Redis cache, made to lose speed, never a page, when Redis is away.

The database is the truth (DESIGN.md section 5): the cache only saves work.
Django's RedisCache raises when Redis cannot be reached, and with sessions in
``cached_db`` that took every page down while Redis was stopped (issue 9:
507 of 9,616 requests were HTTP 500). This backend answers instead:

- An operation that fails because Redis cannot be used (connection refused
  or reset, a timeout, an error such as out of memory) is answered by the
  fallback, and Redis is not tried again for ``retry_after`` seconds (a
  circuit breaker shared by the process's cache objects, one per request
  under ASGI), so a request does not pay a connect timeout for each of its
  cache calls. The outage is logged once when it starts and once when it
  ends, not per call.
- The fallback is this process's memory (a LocMemCache) by default, so
  allauth's sign-in limits go on counting wrong passwords per account,
  within one process, while Redis is away (with N processes a guesser gets
  at most N times the allowance for the outage's duration).
- With ``"memory_fallback": False`` (the sessions' cache) the fallback is an
  empty cache: reads miss and writes go nowhere, so ``cached_db`` reads and
  writes PostgreSQL alone. Sessions must not live in one process's memory:
  another process would read an older copy (a member signed out on one
  process would still be signed in on the other, and a session saved from
  the stale copy would undo what the first process wrote).
- When Redis answers again the fallback's memory is dropped: what was
  written meanwhile (sign-in counters, leaderboard pieces) is the outage's
  only, and must not come back stale in a later outage.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

# Redis cannot be used: unreachable, timing out (redis-py's TimeoutError is not a ConnectionError), or
# refusing writes (out of memory, MISCONF when it cannot save, a read-only replica). Django's cache calls
# are fixed commands, so an error from Redis is never the caller's to handle.
UNUSABLE = redis.exceptions.RedisError


class Breaker:
    """Whether to try Redis now; one per Redis server and process, shared by every cache object."""

    _all: dict[str, Breaker] = {}
    _all_lock = threading.Lock()

    def __init__(self, server: str):
        self.server = server
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        # The process's memory fallback for this server, dropped when Redis is back (any one
        # LocMemCache object of it will do: they share their storage by name).
        self.memory: LocMemCache | None = None

    @classmethod
    def of(cls, server: str) -> Breaker:
        with cls._all_lock:
            if server not in cls._all:
                cls._all[server] = cls(server)
            return cls._all[server]

    def closed(self) -> bool:
        """Redis may be tried: it was not failing, or its pause is over."""
        return time.monotonic() >= self.retry_at

    def trip(self, error: Exception, pause: float) -> None:
        with self._lock:
            now = time.monotonic()
            starts = self.down_since is None
            if starts:
                self.down_since = now
            self.retry_at = now + pause
        if starts:
            log.warning(
                "Redis cache at %s cannot be used (%s): answering from the fallback until it is back",
                self.server,
                error,
            )

    def passed(self) -> None:
        """Redis answered: if that ends an outage, say so and forget what the outage wrote."""
        if self.down_since is None:  # the usual case: no lock
            return
        with self._lock:
            since, self.down_since = self.down_since, None
        if since is None:
            return
        if self.memory is not None:
            self.memory.clear()
        log.warning("Redis cache at %s is back after %.1f s", self.server, time.monotonic() - since)


def _guarded(name: str):
    """RedisCache's ``name``, answered by the fallback while Redis cannot be used."""
    from_redis = getattr(RedisCache, name)

    def method(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        breaker = self.breaker
        if breaker.closed():
            try:
                result = from_redis(self, *args, **kwargs)
            except UNUSABLE as error:
                breaker.trip(error, self.retry_after)
            else:
                breaker.passed()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = from_redis.__doc__
    return method


class ResilientRedisCache(RedisCache):
    """RedisCache that answers from a fallback while Redis cannot be used (see the module).

    Extra OPTIONS, taken out before the rest go to redis-py's pool:
    ``retry_after`` (seconds, 1.5) and ``memory_fallback`` (True).
    """

    def __init__(self, server: str, params: dict[str, Any]):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 1.5))
        memory = options.pop("memory_fallback", True)
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = Breaker.of(",".join(self._servers))
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        if memory:
            # One store per Redis server and process: LocMemCache shares its storage by name.
            fallback_params["OPTIONS"] = {"MAX_ENTRIES": 20_000}
            self.fallback = self.breaker.memory = LocMemCache(f"redis-fallback:{self.breaker.server}", fallback_params)
        else:
            self.fallback = DummyCache(server, fallback_params)

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")
