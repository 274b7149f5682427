"""Vietnamese unless the person chose otherwise."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(cookies: Mapping[str, str]) -> str:
    """The language of a request (or a WebSocket) with these cookies: the one chosen, else Vietnamese."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but it ignores the browser's Accept-Language.

    Many cheap Android phones in Vietnam run with an English system language;
    their owners still expect the Vietnamese site. English is shown only to
    someone who picked it with the language switch (the language cookie).
    """

    def process_request(self, request) -> None:
        translation.activate(chosen_language(request.COOKIES))
        request.LANGUAGE_CODE = translation.get_language()
