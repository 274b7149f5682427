"""Who is signed in on many browsers at once: what ``django.contrib.auth.get_user`` finds for each, in two queries.

A provincial final opens thousands of sockets within minutes. Channels'
AuthMiddleware reads each socket's session and then its user, one cache read
and one query per socket; here a whole batch of session keys costs one cache
read (``get_many``) and one query for their users, whatever the batch's size;
sessions the cache no longer has (or all of them, without a cache) cost one
more query, read as Django's database backend reads them.

The rules are get_user's: the session names a backend of
``AUTHENTICATION_BACKENDS`` and a user that backend accepts (ModelBackend
refuses an inactive one), and the session's hash matches the user's password
(a changed password signs every browser out), or one of the fallback
secrets' (``SECRET_KEY_FALLBACKS``). Unlike get_user, nothing is written: a
session that fails is only not signed in here; the next page the browser loads
flushes or rotates it as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.backends.db import SessionStore as DbStore
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare

User = get_user_model()


def session_store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def load_sessions(keys: Iterable[str]) -> dict[str, dict]:
    """Each key's session data; keys of no session, an expired one or a malformed key are left out."""
    store_class = session_store_class()
    keys = {key for key in keys if key and isinstance(key, str)}
    found: dict[str, dict] = {}
    if issubclass(store_class, CachedDbStore):
        prefix = store_class.cache_key_prefix
        try:
            cached = caches[settings.SESSION_CACHE_ALIAS].get_many([prefix + key for key in keys])
        except Exception:  # noqa: BLE001 - as CachedDbStore.load: a cache that fails is a cache miss
            cached = {}
        found = {key: cached[prefix + key] for key in keys if isinstance(cached.get(prefix + key), dict)}
    missing = keys - found.keys()
    if missing and issubclass(store_class, DbStore):
        # As DbStore.load, for all of them at once: unexpired rows, decoded (a row that does not decode is empty).
        rows = store_class.get_model_class().objects.filter(session_key__in=missing, expire_date__gt=timezone.now())
        decode = store_class().decode
        found |= {
            key: data
            for key, session_data in rows.values_list("session_key", "session_data")
            if (data := decode(session_data))
        }
    elif missing:
        for key in missing:
            store = store_class(key)
            data = store.load()
            if store.session_key is not None and data:  # load() forgets a key it found no session for
                found[key] = data
    return found


def signed_in_users(sessions: dict[str, dict]) -> dict[str, User]:
    """The user each session is signed in as, by session key; sessions with nobody signed in are left out."""
    wanted: dict[str, int] = {}
    for key, data in sessions.items():
        backend = data.get(BACKEND_SESSION_KEY)
        if backend not in settings.AUTHENTICATION_BACKENDS:
            continue
        try:
            wanted[key] = User._meta.pk.to_python(data[SESSION_KEY])
        except (KeyError, ValidationError):  # a session no user can be read from
            continue
    users = {user.pk: user for user in User._default_manager.filter(pk__in=set(wanted.values()))}
    signed_in = {}
    for key, user_id in wanted.items():
        user = users.get(user_id)
        if user is None or not _backend_accepts(sessions[key][BACKEND_SESSION_KEY], user):
            continue
        if _hash_verifies(sessions[key].get(HASH_SESSION_KEY), user):
            signed_in[key] = user
    return signed_in


def _backend_accepts(backend_path: str, user) -> bool:
    """What ``backend.get_user`` adds to finding the row: ModelBackend (and allauth's) refuse inactive users."""
    from django.contrib.auth import load_backend

    backend = load_backend(backend_path)
    can_authenticate = getattr(backend, "user_can_authenticate", None)
    return can_authenticate(user) if can_authenticate is not None else True


def _hash_verifies(session_hash, user) -> bool:
    if not session_hash:
        return False
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash())
