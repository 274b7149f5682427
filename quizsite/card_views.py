"""The images of shared links' cards (``/cards/<kind>/<ref>.png``): public, drawn once per content, bounded.

Anyone may ask for them, so they are built to be asked a thousand times:

- an address the site never gave out (its signature does not match, see
  quizsite/og.py) is a plain 404 before the database is read;
- a card that is gone (a withdrawn share, a draft round) is a plain 404
  after one indexed read;
- the image's key names its content (quizsite/cards.py): a browser or proxy
  that has it gets a 304 (ETag), and a drawn image is kept in Django's
  cache, so drawing happens once per content;
- drawing (about 0.1 s) is counted per address (CARD_DRAWS); past the limit,
  a 429 with Retry-After, never an image drawn.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import path
from django.utils.http import parse_etags
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from competitions import cards as quiz_cards
from competitions.live import cards as live_cards
from leaderboards.awards import cards as award_cards
from quizsite import limits, og
from quizsite.accounts import cards as team_cards
from quizsite.cards import CardText, png

# Images drawn (not found in the cache) per address: 120 a minute, at about 0.1 s each at most 12 s of one
# core a minute. Zalo's and Facebook's fetchers come from a few addresses and ask once per link; a name
# changed by an organiser is one new drawing. An image already drawn is never counted.
CARD_DRAWS = limits.Limit("card-draws", count=120, seconds=60)

# A drawn image is kept a week; its key changes with its content, so a kept one is never out of date.
KEPT_SECONDS = 7 * 24 * 3600

READERS: dict[str, Callable[[int], CardText | None]] = {
    quiz_cards.ROUND: quiz_cards.read_round,
    quiz_cards.RESULT: quiz_cards.read_result,
    live_cards.KIND: live_cards.read,
    award_cards.KIND: award_cards.read,
    team_cards.KIND: team_cards.read,
}

# Browsers and proxies keep a card an hour; a shared result is asked again each time (a 304 while it stands),
# so a withdrawn share stops showing at once.
CACHE_CONTROL = {quiz_cards.RESULT: "public, no-cache"}
DEFAULT_CACHE_CONTROL = "public, max-age=3600"


def _not_found() -> HttpResponse:
    return HttpResponseNotFound(b"", content_type="text/plain")


def _image(request: HttpRequest, text: CardText, cache_control: str) -> HttpResponse:
    key = f"{text.key()}-{get_language()}"
    etag = f'"{key}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        data = cache.get(f"card:{key}")
        if data is None:
            if not limits.hit(CARD_DRAWS, limits.client_address(request)):
                response = HttpResponse(status=429, content_type="text/plain")
                response["Retry-After"] = str(CARD_DRAWS.seconds)
                return response
            data = png(text)
            cache.set(f"card:{key}", data, timeout=KEPT_SECONDS)
        response = HttpResponse(data, content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


@require_GET
def image(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    read = READERS.get(kind)
    pk = og.checked_pk(kind, ref) if read is not None else None
    if pk is None:
        return _not_found()
    text = read(pk)
    if text is None:
        return _not_found()
    return _image(request, text, CACHE_CONTROL.get(kind, DEFAULT_CACHE_CONTROL))


@require_GET
def site(request: HttpRequest) -> HttpResponse:
    """The card of every page without its own."""
    return _image(request, og.site_text(), DEFAULT_CACHE_CONTROL)


app_name = "cards"

urlpatterns = [
    path("site.png", site, name="site"),
    path("<slug:kind>/<str:ref>.png", image, name="image"),
]
