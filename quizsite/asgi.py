"""One ASGI application: HTTP through Django, WebSockets through Channels."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
django_asgi_app = get_asgi_application()  # before anything imports models
if settings.REQUEST_THREADS:
    from quizsite.request_threads import RequestThreads

    django_asgi_app = RequestThreads(django_asgi_app, settings.REQUEST_THREADS)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import CookieMiddleware  # noqa: E402
from django.urls import re_path  # noqa: E402

from quizsite.collector import tune as tune_collector  # noqa: E402
from quizsite.consumers import NOT_FOUND, Refuse  # noqa: E402
from quizsite.routing import websocket_urlpatterns  # noqa: E402
from quizsite.websocket_origin import SameOriginValidator  # noqa: E402

no_such_path = Refuse(NOT_FOUND)
# The last route takes every path the others do not: channels' router raises
# on an unknown path, which the server answers with an HTTP 500.
websocket_router = URLRouter([*websocket_urlpatterns, re_path(r"", no_such_path)])


async def websocket_routes(scope, receive, send):
    # daphne takes the root path from a client's Daphne-Root-Path header; a
    # path outside it would make the router raise too.
    if not scope["path"].startswith(scope.get("root_path", "")):
        return await no_such_path(scope, receive, send)
    return await websocket_router(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Cookies for every socket; the routes that need a session and a user add them (competitions/live/routing.py).
        "websocket": SameOriginValidator(CookieMiddleware(websocket_routes)),
    }
)

tune_collector()  # last: everything start-up made is frozen out of the collector's way (quizsite/collector.py)
