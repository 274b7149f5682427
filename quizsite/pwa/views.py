"""The installable app: its manifest, its service worker, the offline page, and a sign-out that empties them.

DESIGN.md §5: the site installs as an app, and its service worker never
caches a person's pages. What the worker does is in templates/pwa/sw.js.
"""

from __future__ import annotations

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET

# --brand and --bg of static/css/site.css.
THEME_COLOR = "#0b5cad"
BACKGROUND_COLOR = "#f6f7f9"
ICON = "pwa/icon-192.png"
# What a phone needs to show the offline page: fetched when the worker installs.
PRECACHE = ["css/site.css", ICON]


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the language the page that links it names (``?lang=``; Vietnamese otherwise).

    The language is in the address, not read from the cookie: browsers fetch a
    manifest without cookies, and a cache may keep it a day.
    """
    language = request.GET.get("lang", "")
    with translation.override(language if language in languages() else settings.LANGUAGE_CODE):
        data = {
            "id": reverse("home"),
            "name": f"{gettext('Thi kỹ năng số')} — {gettext('Tổ chuyển đổi số cộng đồng')}",
            "short_name": gettext("Kỹ năng số"),
            "description": gettext("Thi kỹ năng số hằng tuần và trực tiếp cho các tổ chuyển đổi số cộng đồng."),
            "lang": translation.get_language(),
            "dir": "ltr",
            "start_url": reverse("home") + "?source=app",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": [
                {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
                {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
                {
                    "src": static("pwa/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def _worker_source() -> str:
    """The worker, built once per process (at every request while DEBUG, so edits show at once)."""
    return _build_worker() if settings.DEBUG else _built_worker()


@functools.cache
def _built_worker() -> str:
    return _build_worker()


def _build_worker() -> str:
    offline = {code: reverse("pwa:offline", args=[code]) for code in languages()}
    context = {
        "static_url": settings.STATIC_URL,
        "offline": json.dumps(offline),
        "default_language": json.dumps(settings.LANGUAGE_CODE),
        "language_cookie": json.dumps(settings.LANGUAGE_COOKIE_NAME),
        "precache": json.dumps([static(name) for name in PRECACHE]),
        "icon": json.dumps(static(ICON)),
        "sign_out": json.dumps(reverse("account_logout")),
    }
    source = render_to_string("pwa/sw.js", {**context, "version": ""})
    # A new deploy is a new version (and so a new cache) when the worker or any static file changed:
    # the hashed names of production's manifest storage are part of what is hashed.
    stamp = hashlib.sha256(source.encode())
    stamp.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return render_to_string("pwa/sw.js", {**context, "version": stamp.hexdigest()[:12]})


def _worker_etag(request: HttpRequest) -> str:
    return hashlib.sha256(_worker_source().encode()).hexdigest()[:16]


@require_GET
@etag(_worker_etag)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so it may serve every page; browsers check it at each visit."""
    response = HttpResponse(_worker_source(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(public=True, no_cache=True)
def offline(request: HttpRequest, language: str) -> HttpResponse:
    """What a page that cannot load shows without a network; the worker keeps one per language.

    Nobody's page: rendered without the request, so no name, menu or token of
    whoever was signed in when the worker fetched it ever lands in its cache.
    """
    if language not in languages():
        raise Http404
    with translation.override(language):
        return HttpResponse(render_to_string("pwa/offline.html", {"language": language}))
