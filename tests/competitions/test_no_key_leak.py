"""The right answers never reach a browser before the round closes (DESIGN.md section 4).

Two kinds of proof. First, a whole attempt goes through the views and every
body the browser receives (pages, JSON, the CSS and JS they load) is searched
for the answers. Second, an attacker's view of the whole demo bank: every
approved question is rendered as a member gets it (a real attempt), as an
author previews it, and as an organiser previews a draw; from what the page
sends (the choices' values and their order) simple rules pick an answer, and
none may score better than chance.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Attempt, BlueprintItem, Round
from questionbank import marking
from questionbank.demo_bank import loader as demo_loader
from questionbank.models import Question, Topic
from tests.competitions.conftest import SAFETY_TEXTS
from tests.competitions.helpers import slots, wrong_id

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CHOICE_ITEM = re.compile(r'<li><label class="choice">(.*?)</label></li>', re.S)
STEP_KEY = re.compile(r'<li><label class="choice step"><input class="place" type="number" name="place-(\d+)"')
STEP_TEXT = re.compile(r'<li><label class="choice(?: step)?">.*?<span>(.*?)</span></label></li>', re.S)
PREVIEW_STEP_TEXT = re.compile(r'<li class="choice order-step"><span class="step-text">(.*?)</span>', re.S)
PREVIEW_AREA = re.compile(
    r'<span class="hotspot-box" style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%" title="([^"]*)">'
)
STEPS_JSON = re.compile(r'<script id="attempt-steps" type="application/json">(.*?)</script>', re.S)
CHOICE_LIST = re.compile(r'<ul class="choices"[^>]*>(.*?)</ul>', re.S)
CHOICE_VALUE = re.compile(r'\bvalue="([^"]*)"')
CHOICE_TEXT = re.compile(r"<span><b>[^<]*</b>\s*(.*?)</span>", re.S)
QUESTION_ID = re.compile(r'<input type="hidden" name="question" value="(\d+)">')
QUESTION_TEXT = re.compile(r'<p class="q-text"[^>]*>(.*?)</p>', re.S)
# Standard deviations from the expected number of lucky guesses that a rule may reach.
SIGMAS = 4.5


def _assets(html_text: str) -> dict[str, bytes]:
    out = {}
    for url in ASSET.findall(html_text):
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


def test_no_page_json_or_asset_carries_the_answers_before_the_round_closes(player, open_round):
    attempt, bodies, assets = _take_the_whole_attempt(player, open_round)

    assert attempt.submitted_at is not None
    assert {"/static/css/site.css", "/static/css/quiz.css", "/static/js/attempt.js"} <= set(assets)
    # Images (the app's icon) hold no text a key could hide in; every stylesheet and script is read.
    everything = bodies + [data.decode() for url, data in assets.items() if url.endswith((".css", ".js"))]
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


# --- The attacker's view of the whole demo bank --------------------------------


@dataclass(frozen=True)
class Shown:
    """One question as a page sent it: the choices in the order shown, and what the browser got of each."""

    question: Question
    values: list[int | None]  # the value attribute of each choice's input, None when there is none
    correct: list[bool]  # read from the database by the choice's text, for scoring only
    markup: list[str]  # each choice's <li> without its value, text and letter: must all be the same


def _choices_of(block: str, question: Question) -> Shown:
    by_text = {c.text: c.is_correct for c in question.choices.all()}
    items = CHOICE_ITEM.findall(block)
    texts = [html.unescape(CHOICE_TEXT.search(item).group(1)).strip() for item in items]
    assert sorted(texts) == sorted(by_text), question.text  # every choice parsed, nothing else
    values = []
    for item in items:
        found = CHOICE_VALUE.findall(item)
        values.append(int(found[0]) if found else None)
    markup = [re.sub(r'value="[^"]*"|<b>[^<]*</b>.*?</span>| checked', "", item, flags=re.S) for item in items]
    return Shown(question=question, values=values, correct=[by_text[t] for t in texts], markup=markup)


def _question_text(raw: str) -> str:
    return html.unescape(re.sub(r"<br>\s*", "\n", raw)).strip()


def _choose(shown: Shown, rule: str) -> set[int]:
    """The positions (in the order shown) an attacker's rule picks: as many as there are right answers."""
    k = sum(shown.correct)
    order = list(range(len(shown.values)))
    if rule == "lowest value":
        order.sort(key=lambda i: shown.values[i])
    elif rule == "highest value":
        order.sort(key=lambda i: shown.values[i], reverse=True)
    elif rule == "last shown":
        order.reverse()
    return set(order[:k])


def _assert_no_rule_beats_chance(shown: list[Shown]) -> None:
    """No rule picks the right answers more often, or less often, than chance allows.

    If what a page sends says nothing about correctness, a rule that picks
    ``k`` of ``n`` choices (``k`` = the number of right answers, which an
    attacker may guess) hits the right set with probability
    ``p = 1 / C(n, k)`` on each question, independently of the others. Its
    number of hits ``S`` is then a sum of independent Bernoulli(p): mean
    ``E = Σp``, variance ``V = Σp(1 − p)``, and it must stay within
    ``E ± 4.5·√V``. A rule far *below* chance leaks as well: avoiding what it
    picks beats chance. Over the demo bank (201 questions: E = 59.6,
    √V = 6.3, so 31 to 88 hits) the exact tail of S (Poisson-binomial) is
    8.6e-6 above and 1.1e-6 below: a fair page fails about once in 10,000
    runs of this file. The old pages scored 188 with "lowest value" (and 12
    with "highest value") on the attempt page and 188 with "first shown" on
    the author's preview.
    """
    assert shown
    # A page that sends values (the attempt page) is judged by them too; a preview sends none.
    rules = VALUE_RULES if all(v is not None for s in shown for v in s.values) else ORDER_RULES
    chances = [1 / math.comb(len(s.correct), sum(s.correct)) for s in shown]
    expected = sum(chances)
    spread = SIGMAS * math.sqrt(sum(p * (1 - p) for p in chances))
    scores = {rule: sum(_choose(s, rule) == {i for i, c in enumerate(s.correct) if c} for s in shown) for rule in rules}
    assert {rule: hits for rule, hits in scores.items() if abs(hits - expected) > spread} == {}, (
        f"chance: {expected:.1f} ± {spread:.1f} hits, scores {scores}"
    )


def _assert_the_choices_look_alike(shown: list[Shown]) -> None:
    """Every choice of a question is sent with the same markup: only its value, letter and text differ."""
    assert [s.question.text for s in shown if len(set(s.markup)) != 1] == []


@dataclass(frozen=True)
class ShownSteps:
    """An order question as a page sent it: its steps' keys (None on a preview) and texts, in the order shown."""

    question: Question
    keys: list[int | None]
    texts: list[str]

    @property
    def right(self) -> list[str]:
        by_key = {c.key: c.text for c in self.question.choices.all()}
        return [by_key[k] for k in marking.right_answer(self.question.kind, self.question.choices.all())]


def _steps_of(block: str, question: Question, step_text: re.Pattern = STEP_TEXT) -> ShownSteps:
    texts = [html.unescape(t).strip() for t in step_text.findall(block)]
    assert sorted(texts) == sorted(c.text for c in question.choices.all()), question.text
    keys = [int(k) for k in STEP_KEY.findall(block)] or [None] * len(texts)
    return ShownSteps(question=question, keys=keys, texts=texts)


def _assert_no_order_rule_beats_chance(shown: list[ShownSteps]) -> None:
    """No rule on the steps as shown (their order, their keys) puts them in the right order more often than chance.

    A rule's guess is one order of n steps: right with probability 1/n! if
    the page says nothing (less for the shown order itself, never right by
    design: marking.shuffled). The same bounds as _assert_no_rule_beats_chance.
    """
    if not shown:
        return
    rules = {
        "as shown": lambda s: s.texts,
        "reversed": lambda s: s.texts[::-1],
    }
    if all(k is not None for s in shown for k in s.keys):
        rules["by key"] = lambda s: [t for _k, t in sorted(zip(s.keys, s.texts, strict=True))]
        rules["by key, reversed"] = lambda s: [t for _k, t in sorted(zip(s.keys, s.texts, strict=True), reverse=True)]
    chances = [1 / math.factorial(len(s.texts)) for s in shown]
    expected = sum(chances)
    spread = max(SIGMAS * math.sqrt(sum(p * (1 - p) for p in chances)), 1)
    scores = {name: sum(rule(s) == s.right for s in shown) for name, rule in rules.items()}
    assert {name: hits for name, hits in scores.items() if hits - expected > spread} == {}, (
        f"chance: {expected:.1f} ± {spread:.1f} hits, scores {scores}"
    )


def _area_rules(areas: list[list], keys_sent: bool = True) -> dict[str, int]:
    """Where each geometric rule taps, from the areas as the page's JSON sends them: [key, name, [x, y, w, h]].

    A page that sends no keys (the author's preview: ``keys_sent`` False) has the keys filled in by the
    test, for scoring only: no rule reads them.
    """

    def pick(measure) -> int:
        return min(areas, key=lambda a: measure(a[2]))[0]

    rules = {
        "largest area": pick(lambda r: -r[2] * r[3]),
        "smallest area": pick(lambda r: r[2] * r[3]),
        "widest": pick(lambda r: -r[2]),
        "tallest": pick(lambda r: -r[3]),
        "top-most": pick(lambda r: r[1]),
        "bottom-most": pick(lambda r: -r[1] - r[3]),
        "left-most": pick(lambda r: r[0]),
        "right-most": pick(lambda r: -r[0] - r[2]),
        "nearest the centre": pick(lambda r: (r[0] + r[2] / 2 - 0.5) ** 2 + (r[1] + r[3] / 2 - 0.5) ** 2),
        "first in the list": areas[0][0],
        "last in the list": areas[-1][0],
    }
    if keys_sent:
        rules["lowest key"] = min(a[0] for a in areas)
    return rules


def _assert_no_area_rule_beats_chance(hotspots: list[tuple[Question, list[list]]], keys_sent: bool = True) -> None:
    """No rule on the areas' sizes, places, order or keys taps the right one more often than chance (1/n)."""
    if not hotspots:
        return
    chances = [1 / len(areas) for _q, areas in hotspots]
    expected = sum(chances)
    spread = max(SIGMAS * math.sqrt(sum(p * (1 - p) for p in chances)), 1)
    scores: dict[str, int] = {}
    for question, areas in hotspots:
        right = set(marking.right_answer(question.kind, question.choices.all()))
        for name, key in _area_rules(areas, keys_sent).items():
            scores[name] = scores.get(name, 0) + (key in right)
    assert {name: hits for name, hits in scores.items() if hits - expected > spread} == {}, (
        f"chance: {expected:.1f} ± {spread:.1f} hits, scores {scores}"
    )


VALUE_RULES = ["lowest value", "highest value", "first shown", "last shown"]
ORDER_RULES = ["first shown", "last shown"]


@pytest.fixture
def demo_bank(commune_a, author_a, reviewer_a, topic) -> list[Question]:
    """The whole demo bank, approved, owned by the competition's commune."""
    demo_loader.load(unit=commune_a, author=author_a, reviewer=reviewer_a)
    questions = list(Question.objects.approved().filter(unit=commune_a).prefetch_related("choices"))
    assert len(questions) >= 120
    return questions


def _per_root(questions: list[Question]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for question in questions:
        root = question.topic.root
        counts[root.pk] = counts.get(root.pk, 0) + 1
    return counts


def _open_round(stage, title: str, counts: dict[int, int]) -> Round:
    """An open round drawing ``count`` questions of each root topic (by pk)."""
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title=title,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        time_limit_seconds=24 * 3600,
        published_at=now - timedelta(hours=2),
    )
    BlueprintItem.objects.bulk_create(
        BlueprintItem(round=round, topic=Topic.objects.get(pk=pk), count=count) for pk, count in counts.items()
    )
    return round


@pytest.fixture
def whole_bank_round(stage, demo_bank) -> Round:
    """An open round whose blueprint draws every approved question of the bank."""
    return _open_round(stage, "Cả ngân hàng", _per_root(demo_bank))


@pytest.fixture
def topic_rounds(stage, demo_bank) -> list[Round]:
    """One open round per root topic, each drawing all of that topic's questions (short attempts, fast pages)."""
    return [_open_round(stage, f"Chủ đề {pk}", {pk: count}) for pk, count in _per_root(demo_bank).items()]


def test_no_rule_on_the_attempt_pages_values_or_order_beats_chance_over_the_demo_bank(
    client, topic_rounds, demo_bank, member_a
):
    client.force_login(member_a)
    by_pk = {q.pk: q for q in demo_bank}
    shown, steps, hotspots = [], [], []
    for round in topic_rounds:  # real attempts through the service, between them every question of the bank
        attempt = attempts.start_attempt(round=round, user=member_a)
        url = reverse("competitions:attempt", kwargs={"pk": attempt.pk})
        for number in range(1, attempt.questions.count() + 1):
            page = client.get(f"{url}?q={number}").content.decode()
            question = by_pk[int(QUESTION_ID.search(page).group(1))]
            if question.kind == Question.Kind.ORDER:
                steps.append(_steps_of(page, question))
                continue
            shown.append(_choices_of(page, question))
            if question.kind == Question.Kind.HOTSPOT:
                sent = json.loads(STEPS_JSON.search(page).group(1))["questions"]
                hotspots.append((question, next(q for q in sent if q["id"] == question.pk)["choices"]))

    # every question of the bank, once
    assert sorted([s.question.pk for s in shown] + [s.question.pk for s in steps]) == sorted(by_pk)
    _assert_the_choices_look_alike(shown)
    _assert_no_rule_beats_chance(shown)
    _assert_no_order_rule_beats_chance(steps)
    _assert_no_area_rule_beats_chance(hotspots)
    for s in shown:  # the values differ, and their length tells nothing either
        assert len(set(s.values)) == len(s.values)
        assert {len(str(v)) for v in s.values} == {9}, s.question.text


def test_no_rule_on_the_authors_question_preview_beats_chance_over_the_demo_bank(client, demo_bank, author_a):
    client.force_login(author_a)
    shown, steps, hotspots = [], [], []
    for question in demo_bank:
        page = client.get(reverse("questionbank:preview", kwargs={"pk": question.pk})).content.decode()
        if question.kind == Question.Kind.ORDER:
            steps.append(_steps_of(page, question, PREVIEW_STEP_TEXT))
            continue
        shown.append(_choices_of(CHOICE_LIST.search(page).group(1), question))
        if question.kind == Question.Kind.HOTSPOT:
            hotspots.append((question, _preview_areas(page, question, shown[-1])))

    assert len(steps) >= 12 and len(hotspots) >= 12  # the demo bank's practice questions are all read
    assert all(s.keys == [None] * len(s.texts) for s in steps)  # a preview sends no keys
    _assert_the_choices_look_alike(shown)
    _assert_no_rule_beats_chance(shown)
    _assert_no_order_rule_beats_chance(steps)
    _assert_no_area_rule_beats_chance(hotspots, keys_sent=False)


def _preview_areas(page: str, question: Question, shown: Shown) -> list[list]:
    """The areas a preview draws, as [key, name, [x, y, w, h]], keys filled in from the database for scoring.

    They are drawn in the order the lettered names are listed: the same order, nothing else to read from.
    """
    keys = {c.text: c.key for c in question.choices.all()}
    drawn = [
        [keys[html.unescape(name)], html.unescape(name), [float(n) / 100 for n in box]]
        for *box, name in PREVIEW_AREA.findall(page)
    ]
    texts = [html.unescape(CHOICE_TEXT.search(item).group(1)).strip() for item in CHOICE_ITEM.findall(page)]
    assert [name for _key, name, _box in drawn] == texts, question.text
    assert len(shown.values) == len(drawn)
    return drawn


def test_no_rule_on_the_organisers_round_preview_beats_chance_over_the_demo_bank(
    client, whole_bank_round, demo_bank, organiser_a
):
    client.force_login(organiser_a)
    page = client.get(reverse("organise:round_preview", kwargs={"pk": whole_bank_round.pk})).content.decode()
    by_text = {q.text: q for q in demo_bank}
    shown, steps = [], []
    for article in re.findall(r'<article class="phone preview-q">(.*?)</article>', page, re.S):
        text = QUESTION_TEXT.search(article)
        if text is None:
            continue  # the prediction question
        question = by_text[_question_text(text.group(1))]
        if question.kind == Question.Kind.ORDER:
            steps.append(_steps_of(article, question))
        else:
            shown.append(_choices_of(article, question))

    assert {s.question.pk for s in shown} | {s.question.pk for s in steps} == {q.pk for q in demo_bank}
    # The practice kinds are read too: steps as numbered rows, a hotspot's areas as lettered names (the
    # preview shows the picture without the areas drawn, so there is no geometry to read).
    assert len(steps) >= 12 and sum(s.question.kind == Question.Kind.HOTSPOT for s in shown) >= 12
    assert "hotspot-box" not in page
    _assert_no_order_rule_beats_chance(steps)
    _assert_the_choices_look_alike(shown)
    _assert_no_rule_beats_chance(shown)
