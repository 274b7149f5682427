"""A question page weighs at most 30 KB on the wire: HTML + CSS + JS, raw bytes, no image."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from competitions import attempts

LIMIT = 30 * 1024
ASSET = re.compile(r'<(?:link[^>]*href|script[^>]*src)="(/static/[^"]+)"')


def test_a_question_page_with_its_css_and_js_weighs_under_30_kb(client, open_round, member_a):
    attempt = attempts.start_attempt(round=open_round, user=member_a)
    client.force_login(member_a)

    html = client.get(reverse("competitions:attempt", kwargs={"pk": attempt.pk}) + "?q=1").content
    assets = ASSET.findall(html.decode())
    sizes = {url: len(open(finders.find(url.removeprefix("/static/")), "rb").read()) for url in assets}

    assert sorted(sizes) == ["/static/css/quiz.css", "/static/css/site.css", "/static/js/attempt.js"]
    assert len(html) + sum(sizes.values()) <= LIMIT, (len(html), sizes)
