"""What each request costs under ASGI: Redis connections reused, the middleware chain run once in the thread."""

from __future__ import annotations

import contextvars

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.asgi import ASGIHandler
from django.utils.deprecation import MiddlewareMixin

from quizsite.redis_pool import SharedConnectionPool
from tests.components import redis_url


def _cache_in_a_new_context(url: str) -> RedisCache:
    """What one ASGI request sees: Django makes its cache objects per context.

    The client name gives this test a pool of its own: the site's pool is
    process-wide, and tests that send requests from several threads at once
    (tests/accounts) leave it holding several connections.
    """

    def read() -> RedisCache:
        options = {"pool_class": "quizsite.redis_pool.SharedConnectionPool", "client_name": "one-pool-test"}
        cache = RedisCache(url, {"OPTIONS": options})
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


class ModeProbe(MiddlewareMixin):
    """Notes whether Django made it run async (each hook then hops between the event loop and the thread)."""

    modes: list[bool] = []

    def __init__(self, get_response):
        super().__init__(get_response)
        ModeProbe.modes.append(self.async_mode)


def test_under_asgi_the_middleware_run_synchronously_in_the_request_s_thread(settings):
    *others, last = settings.MIDDLEWARE
    settings.MIDDLEWARE = [*others, "tests.test_asgi_per_request.ModeProbe", last]
    ModeProbe.modes.clear()

    ASGIHandler()  # builds the middleware chain for ASGI, as daphne's application does

    assert ModeProbe.modes == [False]
