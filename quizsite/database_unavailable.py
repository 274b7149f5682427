"""While PostgreSQL is away: HTTP 503 with ``Retry-After`` in the person's language, never a 500.

A restart of PostgreSQL takes a few seconds (docs/BENCHMARKS.md measured 90
HTTP 500s out of 9,310 requests in a 3-s restart). Every request in that gap
now gets a short static page (or, for attempt.js, JSON it understands and
retries on), rendered without the database: no context processors, no user
or session, the language read from the cookie as ChosenLanguageMiddleware
does. Answers a member taps meanwhile wait in the browser (attempt.js).

Only connection-level errors count (``OperationalError``, ``InterfaceError``
as Django wraps psycopg's): an ``IntegrityError`` or a ``ProgrammingError``
is a bug or a rule, and still surfaces as a 500.

The middleware is first in MIDDLEWARE. A view's error reaches it through
``process_exception``. An error in another middleware (the session saved in
SessionMiddleware.process_response, the user loaded lazily) has already
been turned into a 500 response by Django when get_response returns, so
``got_request_exception`` (sent while that error is being handled) marks
the request, and ``__call__`` replaces the 500. Then the broken connection
is closed, so the thread's next request connects afresh instead of reusing a
dead persistent connection (DB_CONN_MAX_AGE, quizsite/request_threads.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.signals import got_request_exception
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from quizsite.middleware import chosen_language

log = logging.getLogger(__name__)

# A restart of PostgreSQL takes about 3 s; the page and attempt.js try again after this.
RETRY_AFTER_SECONDS = 5
# attempt.js's autosave speaks only JSON; its other calls (submit, the next question) ask for JSON
# with an Accept header, while the same forms posted without JavaScript get the page.
JSON_VIEWS = {"competitions:attempt_save"}
OUTAGE = "_database_unavailable"


def is_connection_error(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached (not that a query or a rule was wrong)."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    # A driver's own error that escaped Django's wrapper (psycopg.OperationalError, sqlite3's).
    drivers = {connection.Database for connection in connections.all(initialized_only=True)}
    return any(isinstance(error, driver.OperationalError | driver.InterfaceError) for driver in drivers)


def _mark_request(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """got_request_exception is sent inside Django's ``except``: the error is sys.exc_info()."""
    error = sys.exc_info()[1]
    if request is not None and is_connection_error(error):
        setattr(request, OUTAGE, error)


got_request_exception.connect(_mark_request, dispatch_uid="quizsite.database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, OUTAGE, None)
        if error is None:
            return response
        return unavailable(request, error)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_connection_error(exception):
            return None
        setattr(request, OUTAGE, exception)
        return unavailable(request, exception)


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except that a session the database could not store is the outage's 503.

    Django turns a failed update of a session into SessionInterrupted, a 400
    "the session was deleted" that would tell the member something false.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            # Raised while handling UpdateError, itself raised while handling the database's error.
            error = interrupted.__context__.__context__ if interrupted.__context__ else None
            if not is_connection_error(error):
                raise
            setattr(request, OUTAGE, error)
            return unavailable(request, error)


def unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 for this request; closes the connections that broke."""
    log.warning("database unavailable, answered 503: %s %s: %s", request.method, request.path, error)
    close_broken_connections()
    with translation.override(chosen_language(request.COOKIES)):
        if _wants_json(request):
            body = {
                "error": _("Máy chủ đang tạm gián đoạn. Vui lòng thử lại sau ít giây."),
                "retry_after": RETRY_AFTER_SECONDS,
            }
            response: HttpResponse = JsonResponse(body, status=503)
        else:
            context = {
                "retry_after": RETRY_AFTER_SECONDS,
                # A GET is safe to repeat: the page reloads itself; a form post is not.
                "reload": request.method in ("GET", "HEAD"),
                "language": translation.get_language(),
            }
            # No request: no context processor runs, nothing reads the user or the session.
            response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def close_broken_connections() -> None:
    """Close each connection that had an error and no longer answers, as Django does at the end of a request.

    Django closes it too, at request_finished, but only under a real server
    (the test client does not) and only after the response is sent; doing it
    here makes sure a dead persistent connection never serves the thread's
    next request. A connection still inside an atomic block is left to it.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block or not connection.errors_occurred:
            continue
        if not connection.is_usable():
            connection.close()


def _wants_json(request: HttpRequest) -> bool:
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return True
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    return match.view_name in JSON_VIEWS
