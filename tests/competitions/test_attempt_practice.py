"""Order and hotspot questions in a weekly round: saved, resumed, refused, scored, shown after the close, counted.

The round draws one order question (four steps) and one hotspot question
(four areas on a 360×640 message screen, the second one right). Several
members each get their own shuffled steps; every answer goes through the
pages a phone uses (attempt.js's save endpoint, or the plain form).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from competitions import answer_forms, attempts, item_statistics
from competitions.models import Answer, Attempt, Round
from questionbank import marking
from questionbank import services as qb
from questionbank.models import Question, QuestionStatistics
from tests.competitions.helpers import slots

STEPS = re.compile(r'<script id="attempt-steps" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def practice_bank(make_order_question, make_hotspot_question, author_a, reviewer_a, commune_a) -> dict[str, Question]:
    made = {
        "order": make_order_question(author=author_a, unit=commune_a),
        "hotspot": make_hotspot_question(author=author_a, unit=commune_a),
    }
    for kind, question in made.items():
        qb.submit_for_review(question=question, actor=author_a)
        made[kind] = qb.approve(question=question, reviewer=reviewer_a)
    return made


@pytest.fixture
def practice_round(make_round, practice_bank) -> Round:
    return make_round(count=2, time_limit_seconds=600)


@pytest.fixture
def make_member(make_user, team_a):
    from quizsite.accounts import services as accounts

    def make(n: int):
        user = make_user(name=f"Thành viên {n}")
        accounts.add_member(team=team_a, user=user)
        return user

    return make


def _slot(attempt: Attempt, kind: str):
    return next(s for s in slots(attempt) if s.question.kind == kind)


def _right(slot) -> list[int]:
    return marking.right_answer(slot.question.kind, slot.question.choices.all())


def _save(client, attempt: Attempt, slot, keys):
    url = reverse("competitions:attempt_save", kwargs={"pk": attempt.pk})
    return client.post(url, {"question": slot.question_id, "choice": [str(k) for k in keys]})


def _page(client, attempt: Attempt, q: int) -> str:
    return client.get(reverse("competitions:attempt", kwargs={"pk": attempt.pk}) + f"?q={q}").content.decode()


def _number(attempt: Attempt, slot) -> int:
    return [s.question_id for s in slots(attempt)].index(slot.question_id) + 1


def _message(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _stored(attempt: Attempt, slot) -> list[int] | None:
    answer = Answer.objects.filter(attempt=attempt, question_id=slot.question_id).first()
    return answer.choices if answer else None


# --- Saving, resuming, scoring -------------------------------------------------------------------


def test_each_member_gets_their_own_shuffled_steps_never_already_in_the_right_order(practice_round, make_member):
    orders = []
    for n in range(6):
        slot = _slot(attempts.start_attempt(round=practice_round, user=make_member(n)), "order")
        assert sorted(slot.choice_order) == sorted(_right(slot))
        assert slot.choice_order != _right(slot)
        orders.append(tuple(slot.choice_order))

    assert len(set(orders)) > 1  # 23 orders to draw from: six alike would be a 1 in 23^5 draw


def test_an_order_is_saved_in_the_members_order_and_comes_back_after_a_reload(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    mine = list(reversed(_right(slot)))
    if mine == slot.choice_order:
        mine = mine[1:] + mine[:1]
    client.force_login(member_a)

    assert _save(client, attempt, slot, mine).json()["saved"] is True
    assert _stored(attempt, slot) == mine  # the member's order, not sorted
    page = _page(client, attempt, _number(attempt, slot))
    data = json.loads(STEPS.search(page)[1])
    assert data["chosen"][str(slot.question_id)] == mine
    texts = {c.key: c.text for c in slot.question.choices.all()}
    shown = re.findall(r'name="place-(\d+)" value="(\d)"', page)
    assert [int(key) for key, _place in shown] == mine  # the numbered list in the member's saved order
    assert [int(place) for _key, place in shown] == [1, 2, 3, 4]
    assert page.index(texts[mine[0]]) < page.index(texts[mine[-1]])


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_both_kinds_score_all_or_nothing(client, practice_round, member_a, right):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    order, hotspot = _slot(attempt, "order"), _slot(attempt, "hotspot")
    right_order, right_area = _right(order), _right(hotspot)
    almost = right_order[:2] + right_order[:1:-1]  # the last two swapped: two of four in place is still wrong
    wrong_area = next(k for k in hotspot.choice_order if k not in right_area)
    client.force_login(member_a)

    _save(client, attempt, order, right_order if right else almost)
    _save(client, attempt, hotspot, right_area if right else [wrong_area])
    attempt = attempts.submit_attempt(attempt=attempt)

    assert attempt.score == (2 if right else 0)
    assert attempt.correct_all is right
    assert set(Answer.objects.filter(attempt=attempt).values_list("correct", flat=True)) == {right}


def test_a_later_move_replaces_the_saved_order(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    client.force_login(member_a)
    first = slot.choice_order[1:] + slot.choice_order[:1]

    _save(client, attempt, slot, first)
    _save(client, attempt, slot, _right(slot))

    assert _stored(attempt, slot) == _right(slot)
    assert attempts.submit_attempt(attempt=attempt).score == 1


# --- Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent, message",
    [
        (lambda keys: keys[:3], "sắp xếp đủ tất cả các bước"),
        (lambda keys: keys[:3] + keys[:1], "Mỗi bước chỉ được đặt vào một vị trí"),
        (lambda keys: keys[:3] + [123456789], "không thuộc câu hỏi này"),
        (lambda keys: [], "sắp xếp đủ tất cả các bước"),
    ],
    ids=["partial", "repeated", "foreign", "empty"],
)
def test_an_order_that_is_not_every_step_once_is_refused_and_nothing_is_saved(
    client, practice_round, member_a, sent, message
):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    client.force_login(member_a)

    response = _save(client, attempt, slot, sent(list(slot.choice_order)))

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert _stored(attempt, slot) is None


@pytest.mark.parametrize("two", [True, False], ids=["two-areas", "foreign-area"])
def test_a_hotspot_answer_is_one_of_its_areas(client, practice_round, practice_bank, member_a, two):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "hotspot")
    order_keys = _slot(attempt, "order").choice_order
    client.force_login(member_a)

    response = _save(client, attempt, slot, slot.choice_order[:2] if two else order_keys[:1])

    assert response.status_code == 400
    assert ("một vùng" if two else "không thuộc câu hỏi này") in response.json()["error"]
    assert _stored(attempt, slot) is None


def test_a_refused_order_keeps_the_answer_saved_before(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    client.force_login(member_a)
    _save(client, attempt, slot, _right(slot))

    _save(client, attempt, slot, _right(slot)[:2])

    assert _stored(attempt, slot) == _right(slot)


# --- Without JavaScript --------------------------------------------------------------------------


def _post_page(client, attempt: Attempt, slot, data: dict, go: int | None = None):
    body = {"question": slot.question_id, **data}
    if go is not None:
        body["go"] = go
    return client.post(reverse("competitions:attempt", kwargs={"pk": attempt.pk}), body)


def test_numbers_beside_the_steps_save_that_order(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    right = _right(slot)
    client.force_login(member_a)

    places = {answer_forms.place_field(key): right.index(key) + 1 for key in slot.choice_order}
    response = _post_page(client, attempt, slot, places, go=3)

    assert response.status_code == 302 and response.url.endswith("?q=3")
    assert _stored(attempt, slot) == right


@pytest.mark.parametrize("numbers", [[1, 1, 2, 3], [1, 2, 3, 5], [1, 2, 3, ""], [1, 2, 3, "bốn"]])
def test_numbers_repeated_or_missing_are_refused_with_a_message(client, practice_round, member_a, numbers):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    client.force_login(member_a)

    places = {answer_forms.place_field(key): n for key, n in zip(slot.choice_order, numbers, strict=True)}
    response = _post_page(client, attempt, slot, places, go=3)

    assert response.url.endswith(f"?q={_number(attempt, slot)}")  # back to the same question
    assert "từ 1 đến 4, mỗi số dùng đúng một lần" in _message(response)
    assert _stored(attempt, slot) is None


def test_numbers_left_as_shown_are_not_an_answer(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "order")
    client.force_login(member_a)

    places = {answer_forms.place_field(key): i for i, key in enumerate(slot.choice_order, 1)}
    _post_page(client, attempt, slot, places, go=3)

    assert _stored(attempt, slot) is None


def _tap_at(slot, key) -> dict:
    """The middle of the area ``key`` in pixels of the image as the page draws it (TAP_WIDTH wide)."""
    area = next(c.area for c in slot.question.choices.all() if c.key == key)
    height = answer_forms.tap_height(slot.question)
    return {
        "tap.x": str(round((area["x"] + area["w"] / 2) * answer_forms.TAP_WIDTH)),
        "tap.y": str(round((area["y"] + area["h"] / 2) * height)),
    }


def test_a_tap_on_the_image_without_javascript_saves_the_area_under_it(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "hotspot")
    client.force_login(member_a)

    for key in slot.choice_order:
        response = _post_page(client, attempt, slot, _tap_at(slot, key))
        assert _stored(attempt, slot) == [key]
        assert response.url.endswith(f"?q={_number(attempt, slot)}")  # stays, showing the area as chosen

    page = _page(client, attempt, _number(attempt, slot))
    assert 'class="area-mark"' in page
    assert re.search(rf'value="{slot.choice_order[-1]}" checked', page)


def test_the_image_is_drawn_at_the_width_the_tap_is_mapped_by(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "hotspot")
    client.force_login(member_a)

    page = _page(client, attempt, _number(attempt, slot))

    # The upload is 360×640; the page draws it 320 px wide, so 569 high (phone copy of the same ratio).
    assert re.search(r'<input class="tap" type="image" name="tap" [^>]*width="320" height="569"', page)


def test_a_tap_outside_every_area_saves_nothing_and_says_so(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "hotspot")
    client.force_login(member_a)

    response = _post_page(client, attempt, slot, {"tap.x": "5", "tap.y": "560"})

    assert "Bạn chưa chạm vào vùng nào" in _message(response)
    assert _stored(attempt, slot) is None


def test_the_named_areas_work_without_javascript_too(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    slot = _slot(attempt, "hotspot")
    client.force_login(member_a)

    _post_page(client, attempt, slot, {"choice": str(slot.choice_order[2])}, go=1)

    assert _stored(attempt, slot) == [slot.choice_order[2]]


# --- The result page -----------------------------------------------------------------------------


def _closed(round: Round) -> None:
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(opens_at=now - timedelta(hours=3), closes_at=now - timedelta(minutes=1))


def test_the_result_shows_the_right_order_and_area_only_after_the_close(client, practice_round, member_a):
    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    order, hotspot = _slot(attempt, "order"), _slot(attempt, "hotspot")
    right = _right(order)
    mine = [right[0], right[2], right[1], right[3]]
    wrong_area = next(k for k in hotspot.choice_order if k not in _right(hotspot))
    texts = {c.key: c.text for s in (order, hotspot) for c in s.question.choices.all()}
    client.force_login(member_a)
    _save(client, attempt, order, mine)
    _save(client, attempt, hotspot, [wrong_area])
    attempts.submit_attempt(attempt=attempt)
    url = reverse("competitions:attempt_result", kwargs={"pk": attempt.pk})

    before = client.get(url).content.decode()
    assert "Thứ tự đúng" not in before and "Vùng đúng" not in before
    assert "area-mark" not in before

    _closed(practice_round)
    page = client.get(url).content.decode()
    right_list = re.search(r"<ol class=\"review-steps\" data-right-order>(.*?)</ol>", page, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", right_list) == [texts[k] for k in right]
    my_list = re.search(r"<ol class=\"review-steps\" data-my-order>(.*?)</ol>", page, re.S)[1]
    marked = re.findall(r"<li>.*?</span> (.*?) <em class=\"small\">\((đúng|sai) vị trí\)</em></li>", my_list)
    assert marked == [(texts[k], "đúng" if k == right[i] else "sai") for i, k in enumerate(mine)]
    assert f"Vùng đúng: <b>{texts[_right(hotspot)[0]]}</b>" in page
    assert f"Bạn chạm vào: <b>{texts[wrong_area]}</b>" in page
    assert 'class="area-mark right"' in page and 'class="area-mark mine"' in page


# --- Item statistics -----------------------------------------------------------------------------


def test_statistics_count_each_area_tapped_and_each_step_put_in_its_place(client, practice_round, make_member):
    taps, in_place = {}, {}
    for n in range(5):
        member = make_member(n)
        attempt = attempts.start_attempt(round=practice_round, user=member)
        order, hotspot = _slot(attempt, "order"), _slot(attempt, "hotspot")
        right = _right(order)
        chosen = right if n < 2 else right[1:] + right[:1] if n < 4 else [right[0], right[2], right[1], right[3]]
        area = hotspot.choice_order[n % 2]
        client.force_login(member)
        assert _save(client, attempt, order, chosen).json()["saved"] is True
        assert _save(client, attempt, hotspot, [area]).json()["saved"] is True
        attempts.submit_attempt(attempt=attempt)
        taps[str(area)] = taps.get(str(area), 0) + 1
        for key in marking.in_right_place(right, chosen):
            in_place[str(key)] = in_place.get(str(key), 0) + 1
    _closed(practice_round)

    item_statistics.compute_question_statistics()

    hotspot_stats = QuestionStatistics.objects.get(question=hotspot.question)
    order_stats = QuestionStatistics.objects.get(question=order.question)
    assert hotspot_stats.choice_counts == taps and sum(taps.values()) == 5
    # Two right orders (every step in place), two rotated (none in place), one with the middle swapped (2 of 4).
    assert order_stats.choice_counts == in_place
    assert sorted(in_place.values()) == [2, 2, 3, 3]
    assert (order_stats.seen, order_stats.correct) == (5, 2)


# --- What the browser gets -----------------------------------------------------------------------


def test_the_pages_never_tell_which_area_is_right_nor_the_authors_step_order(client, practice_round, make_member):
    for n in range(4):
        member = make_member(n)
        attempt = attempts.start_attempt(round=practice_round, user=member)
        order, hotspot = _slot(attempt, "order"), _slot(attempt, "hotspot")
        client.force_login(member)
        for slot in (order, hotspot):
            page = _page(client, attempt, _number(attempt, slot))
            data = json.loads(STEPS.search(page)[1])
            shown = {q["id"]: q for q in data["questions"]}
            assert "correct" not in page and "is_correct" not in page and "area-mark" not in page
            for q in data["questions"]:
                assert [c[0] for c in q["choices"]] == next(
                    s.choice_order for s in slots(attempt) if s.question_id == q["id"]
                )
            # Steps: keys and texts only, shuffled; never the author's order, in the JSON or the HTML.
            steps = shown[order.question_id]
            assert all(len(c) == 2 for c in steps["choices"])
            assert [c[0] for c in steps["choices"]] != _right(order)
            # Areas: key, name and rectangle for every one alike.
            areas = shown[hotspot.question_id]["choices"]
            assert all(len(c) == 3 and len(c[2]) == 4 for c in areas)
        html_keys = [int(k) for k in re.findall(r'name="place-(\d+)"', _page(client, attempt, _number(attempt, order)))]
        assert html_keys == order.choice_order


def test_the_demo_answers_are_valid_for_every_kind(practice_round, member_a):
    import random

    from competitions.demo import _demo_answer

    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    rng = random.Random(5)
    for slot in slots(attempt):
        for right_now in (True, False):
            picked = _demo_answer(slot, right_now=right_now, rng=rng)
            assert marking.answer_problem(slot.question.kind, slot.choice_order, picked) == ""
            assert marking.is_right(slot.question.kind, _right(slot), marking.stored(slot.question.kind, picked)) is (
                right_now
            )


def test_the_attackers_view_reads_both_kinds_from_the_pages(client, practice_round, member_a, organiser_a):
    from tests.competitions import test_no_key_leak as leak

    attempt = attempts.start_attempt(round=practice_round, user=member_a)
    (order, hotspot) = _slot(attempt, "order"), _slot(attempt, "hotspot")
    client.force_login(member_a)

    steps = leak._steps_of(_page(client, attempt, _number(attempt, order)), order.question)
    assert steps.keys == order.choice_order and steps.texts != steps.right
    page = _page(client, attempt, _number(attempt, hotspot))
    shown = leak._choices_of(page, hotspot.question)
    assert shown.values == hotspot.choice_order and sum(shown.correct) == 1
    leak._assert_the_choices_look_alike([shown])
    areas = next(q for q in json.loads(STEPS.search(page)[1])["questions"] if q["id"] == hotspot.question_id)
    assert set(leak._area_rules(areas["choices"]).values()) <= set(hotspot.choice_order)

    client.force_login(organiser_a)
    preview = client.get(reverse("organise:round_preview", kwargs={"pk": practice_round.pk})).content.decode()
    article = next(a for a in preview.split('<article class="phone preview-q">') if "Sắp xếp các bước" in a)
    assert sorted(leak._steps_of(article, order.question).texts) == sorted(steps.right)
