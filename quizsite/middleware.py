"""Vietnamese unless the person chose otherwise."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but it ignores the browser's Accept-Language.

    Many cheap Android phones in Vietnam run with an English system language;
    their owners still expect the Vietnamese site. English is shown only to
    someone who picked it with the language switch (the language cookie).
    """

    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
