"""The right answers never reach a browser before the round closes (DESIGN.md section 4).

A whole attempt goes through the views; every body the browser receives
(pages, JSON, the CSS and JS they load) is collected and searched.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from competitions.models import Attempt
from tests.competitions.conftest import SAFETY_TEXTS
from tests.competitions.helpers import slots, wrong_id

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CHOICE_ITEM = re.compile(r"<li><label class=\"choice\">.*?</label></li>", re.S)


def _assets(html: str) -> dict[str, bytes]:
    out = {}
    for url in ASSET.findall(html):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as f:
            out[url] = f.read()
    return out


def _take_the_whole_attempt(client, round) -> tuple[Attempt, list[str], dict[str, bytes]]:
    bodies: list[str] = [
        client.get(reverse("home")).content.decode(),
        client.get(reverse("competitions:round_detail", kwargs={"pk": round.pk})).content.decode(),
    ]
    start = client.post(reverse("competitions:round_start", kwargs={"pk": round.pk}), follow=True)
    bodies.append(start.content.decode())
    attempt = Attempt.objects.get(round=round)
    url = reverse("competitions:attempt", kwargs={"pk": attempt.pk})
    save = reverse("competitions:attempt_save", kwargs={"pk": attempt.pk})
    for number, slot in enumerate(slots(attempt), start=1):
        bodies.append(client.get(f"{url}?q={number}").content.decode())
        bodies.append(client.post(save, {"question": slot.question_id, "choice": [wrong_id(slot)]}).content.decode())
        bodies.append(
            client.post(
                url, {"question": slot.question_id, "choice": [wrong_id(slot)], "go": number + 1}, follow=True
            ).content.decode()
        )
    bodies.append(client.post(save, {"prediction": "4"}).content.decode())
    submit = reverse("competitions:attempt_submit", kwargs={"pk": attempt.pk})
    bodies.append(client.post(submit, {"prediction": "4"}, follow=True).content.decode())
    bodies.append(client.post(submit, {"prediction": "4"}, follow=True).content.decode())
    bodies.append(client.get(reverse("home")).content.decode())
    assets: dict[str, bytes] = {}
    for body in bodies:
        assets.update(_assets(body))
    attempt.refresh_from_db()
    return attempt, bodies, assets


@pytest.fixture
def player(client, member_a):
    client.force_login(member_a)
    return client


def test_no_page_json_or_asset_carries_the_answers_before_the_round_closes(player, open_round):
    attempt, bodies, assets = _take_the_whole_attempt(player, open_round)

    assert attempt.submitted_at is not None
    assert {"/static/css/site.css", "/static/css/quiz.css", "/static/js/attempt.js"} <= set(assets)
    everything = bodies + [data.decode() for data in assets.values()]
    for text in everything:
        assert "is_correct" not in text
        assert "✔" not in text
        for _question, _right, explanation in SAFETY_TEXTS:
            assert explanation not in text
    for body in bodies:  # site.css styles a .correct class for later; pages must not use it
        assert "correct" not in body.lower()
        assert "Bạn trả lời đúng" not in body


def test_a_question_page_marks_the_right_choice_no_differently_from_the_others(player, open_round):
    attempt, bodies, _assets_ = _take_the_whole_attempt(player, open_round)

    question_pages = [b for b in bodies if 'name="choice"' in b]
    assert question_pages
    for page in question_pages:
        items = CHOICE_ITEM.findall(page)
        assert len(items) == 3
        shapes = {re.sub(r'value="\d+"|<b>[A-H]\.</b>.*?</span>| checked', "", item, flags=re.S) for item in items}
        assert len(shapes) == 1


def test_after_the_round_closes_the_result_page_shows_the_answers_and_explanations(player, open_round):
    attempt, _bodies, _assets_ = _take_the_whole_attempt(player, open_round)
    open_round.opens_at = timezone.now() - timedelta(days=2)
    open_round.closes_at = timezone.now() - timedelta(minutes=1)
    open_round.save()

    page = player.get(reverse("competitions:attempt_result", kwargs={"pk": attempt.pk})).content.decode()

    for slot in slots(attempt):
        question, right, explanation = next(t for t in SAFETY_TEXTS if t[0] == slot.question.text)
        assert explanation in page
        assert re.search(r'class="choice correct[^"]*">✔ ' + re.escape(right), page)
