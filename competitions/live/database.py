"""Database work from the event loop: each call runs in a thread, so the sockets keep being served."""

from __future__ import annotations

from functools import lru_cache

from channels.db import database_sync_to_async
from django.conf import settings


def db(function):
    """Run database work in a thread: on PostgreSQL several at once; SQLite takes one writer at a time anyway."""
    return database_sync_to_async(function, thread_sensitive=one_thread())


@lru_cache(maxsize=1)
def one_thread() -> bool:
    return "sqlite" in settings.DATABASES["default"]["ENGINE"]
