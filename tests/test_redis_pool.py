"""The Redis cache (and so the sessions) reuses its connections across ASGI requests."""

from __future__ import annotations

import contextvars

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from quizsite.redis_pool import SharedConnectionPool
from tests.components import redis_url


def _cache_in_a_new_context(url: str) -> RedisCache:
    """What one ASGI request sees: Django makes its cache objects per context."""

    def read() -> RedisCache:
        cache = RedisCache(url, {"OPTIONS": {"pool_class": "quizsite.redis_pool.SharedConnectionPool"}})
        cache.get("probe")
        return cache

    return contextvars.copy_context().run(read)


def test_two_requests_read_redis_through_one_connection_pool():
    url = redis_url()

    first, second = _cache_in_a_new_context(url), _cache_in_a_new_context(url)

    pool = first._cache._get_connection_pool(write=False)
    assert second._cache._get_connection_pool(write=False) is pool
    assert isinstance(pool, SharedConnectionPool)
    assert pool._created_connections == 1


def test_the_site_s_redis_cache_uses_the_shared_pool():
    redis_url()

    assert caches["default"]._cache._pool_class is SharedConnectionPool
