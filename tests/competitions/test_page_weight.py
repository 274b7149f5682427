"""A question page weighs at most 36 KB: HTML + CSS + JS + the app's icon, raw bytes (what a cheap phone parses).

It was 30 KB until the page learnt to move between questions offline (attempt.js, 14 KB raw) and the site
became an installable app (pwa.js, the icon). What it weighs compressed, as nginx sends it on 2G, is held by
tests/test_page_budgets.py.
"""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from competitions import attempts

LIMIT = 36 * 1024
ASSET = re.compile(r'<(?:link[^>]*href|script[^>]*src)="(/static/[^"]+)"')


def test_a_question_page_with_its_css_and_js_weighs_under_36_kb(client, open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    client.force_login(member_a)

    html = client.get(reverse("competitions:attempt", kwargs={"pk": attempt.pk}) + "?q=1").content
    # Only iOS reads the apple-touch-icon, when the page is added to the home screen; Android never loads it.
    assets = [url for url in ASSET.findall(html.decode()) if "apple-touch-icon" not in url]
    sizes = {url: len(open(finders.find(url.removeprefix("/static/")), "rb").read()) for url in assets}

    assert sorted(sizes) == [
        "/static/css/quiz.css",
        "/static/css/site.css",
        "/static/js/attempt.js",
        "/static/pwa/icon-32.png",
        "/static/pwa/pwa.js",
    ]
    assert len(html) + sum(sizes.values()) <= LIMIT, (len(html), sizes)
