"""Which pages may open a WebSocket on this site: the rule Django's CSRF check applies to a form POST.

A browser sends the cookies of this site with a WebSocket opened from any
page, so a socket is accepted only when its Origin is this site: the same
scheme, host and port as the request itself (its Host header, and the scheme
the proxy reports through SECURE_PROXY_SSL_HEADER), or one of
CSRF_TRUSTED_ORIGINS. channels' AllowedHostsOriginValidator compared the host
name only, so a page on http://quiz.example.vn:8080 could open a socket on
https://quiz.example.vn with its visitor's session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

from quizsite.consumers import NOT_ALLOWED, Refuse

DEFAULT_PORTS = {"http": 80, "https": 443}


class SameOriginValidator:
    """ASGI middleware: a WebSocket from another origin is closed with 4403 before anything else runs."""

    def __init__(self, application):
        self.application = application
        self.refuse = Refuse(NOT_ALLOWED)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await self.refuse(scope, receive, send)
        return await self.application(scope, receive, send)


def origin_allowed(scope) -> bool:
    headers = _headers(scope)
    origin = headers.get("origin", "")
    try:
        parsed = urlsplit(origin)
        theirs = (parsed.scheme, parsed.hostname, parsed.port or DEFAULT_PORTS.get(parsed.scheme))
    except ValueError:  # a port that is not a number
        return False
    if not parsed.scheme or not parsed.hostname:
        return False
    own = _own_origin(scope, headers)
    if own is not None and theirs == own:
        return True
    return _trusted(origin.lower(), parsed)


def _headers(scope) -> dict[str, str]:
    # Repeated headers keep the first value, as a browser never repeats these.
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        headers.setdefault(name.decode("latin1").lower(), value.decode("latin1"))
    return headers


def _own_origin(scope, headers: dict[str, str]) -> tuple[str, str, int] | None:
    """(scheme, host, port) of the site as the request reached it, or None if its Host is not allowed."""
    host = headers.get("host", "")
    if settings.USE_X_FORWARDED_HOST and "x-forwarded-host" in headers:
        host = headers["x-forwarded-host"].split(",")[0].strip()
    domain, port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # as Django's HttpRequest.get_host()
    if not domain or not validate_host(domain, allowed):
        return None
    scheme = _scheme(scope, headers)
    return scheme, domain.strip("[]"), int(port) if port else DEFAULT_PORTS[scheme]


def _scheme(scope, headers: dict[str, str]) -> str:
    """http or https, read as Django's HttpRequest.scheme reads it (daphne puts no scheme in a WebSocket scope)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        header = name.removeprefix("HTTP_").replace("_", "-").lower()
        if header in headers:
            return "https" if headers[header].split(",")[0].strip() == secure_value else "http"
    return "https" if scope.get("scheme") == "wss" else "http"


def _trusted(origin: str, parsed) -> bool:
    """Whether CSRF_TRUSTED_ORIGINS lists ``origin`` (exactly, or by a ``https://*.example.vn`` pattern)."""
    for pattern in settings.CSRF_TRUSTED_ORIGINS:
        pattern = pattern.lower()
        if "*" not in pattern:
            if origin == pattern:
                return True
            continue
        trusted = urlsplit(pattern)
        if trusted.scheme == parsed.scheme and is_same_domain(parsed.netloc, trusted.netloc.lstrip("*")):
            return True
    return False
