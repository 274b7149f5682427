"""One Redis connection pool per process for Django's cache (and so the sessions).

Django keeps its cache objects per asyncio context, and under ASGI every
request runs in a context of its own: each request made a new RedisCache,
with a new connection pool, and so opened a new TCP connection to Redis
(connect, health check, name look-up) just to read the session. In the
weekly-round bench that was about an eighth of the server's CPU on answer
saves (docs/BENCHMARKS.md). Given as the cache's ``pool_class``, this hands
every cache object of the process the same pool (redis-py's pools are
thread-safe), so connections are reused across requests.
"""

from __future__ import annotations

import threading
from typing import Any

import redis


class SharedConnectionPool(redis.ConnectionPool):
    _shared: dict[tuple[str, str], redis.ConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> redis.ConnectionPool:
        key = (url, repr(sorted(kwargs.items())))
        with cls._lock:
            if key not in cls._shared:
                cls._shared[key] = super().from_url(url, **kwargs)
            return cls._shared[key]
