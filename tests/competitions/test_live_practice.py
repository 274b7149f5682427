"""PROTOCOL.md version 2 over the real ASGI application: the practice kinds ``order`` and ``hotspot`` in a live round.

The round is made as an organiser makes one (organise.live_services), so its
steps come in the platform's own shuffled order; several players answer right,
wrong, and in every malformed way the protocol names.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from channels.db import database_sync_to_async
from django.db.models import Sum
from django.utils import timezone

from competitions.live import answers, guests, host_commands, joining
from competitions.live.models import LiveAnswer, LiveQuestion
from competitions.organise import live_services
from questionbank import marking
from questionbank import services as qb
from questionbank.models import Choice
from quizsite.accounts import services as accounts
from tests.competitions import test_live_protocol as protocol

pytestmark = pytest.mark.django_db(transaction=True)

# PROTOCOL.md's tests' sockets (a fixture) and their look at a frame.
sockets = protocol.sockets
walk = protocol.walk
ANSWER_KEY_FIELDS = protocol.ANSWER_KEY_FIELDS

dba = database_sync_to_async
V1_KINDS = {"single", "multiple", "true_false"}


@pytest.fixture(autouse=True)
def _answers_open_at_once(settings):
    settings.LIVE_QUESTION_LEAD_MS = 0


@pytest.fixture
def practice(make_order_question, make_hotspot_question, author_a, reviewer_a, commune_a):
    """A single-answer, an order and a hotspot question of the bank, approved."""

    def approved(question):
        qb.submit_for_review(question=question, actor=author_a)
        return qb.approve(question=question, reviewer=reviewer_a)

    return [
        approved(make_order_question(author=author_a, unit=commune_a)),
        approved(make_hotspot_question(author=author_a, unit=commune_a)),
    ]


@pytest.fixture
def team_c(hamlet_a):
    """A second team of the competition's commune (team_b is the neighbouring commune's)."""
    return accounts.create_team(unit=hamlet_a, name="Tổ CNS Ấp 1 – Nhóm 2")


@pytest.fixture
def member_c(make_user, team_c):
    user = make_user(name="Trần Thị Bình")
    accounts.add_member(team=team_c, user=user)
    return user


@pytest.fixture
def make_practice_round(bank, practice, stage, organiser_a, team_a, team_c):
    """``make()``: a live round, as an organiser saves one, of a single, an order and a hotspot question."""

    def make():
        questions = [bank[0], *practice]
        data = live_services.LiveRoundData(
            title="Chung kết thực hành",
            opens_at=timezone.now(),
            guests_allowed=True,
            questions=[live_services.QuestionSlot(q, duration_seconds=20, points=1000) for q in questions],
            teams=[team_a, team_c],
        )
        return live_services.create_live_round(actor=organiser_a, stage=stage, data=data)

    return make


@pytest.fixture
def practice_live(make_practice_round):
    return make_practice_round()


def paths(live) -> tuple[str, str, str]:
    base = f"/ws/live/{live.code}"
    return f"{base}/play/", f"{base}/host/", f"{base}/screen/?token={live.screen_token}"


@dba
def questions_of(live) -> list[LiveQuestion]:
    return list(LiveQuestion.objects.filter(live_round=live).select_related("question").order_by("position"))


@dba
def right_of(live_question: LiveQuestion) -> list[int]:
    """marking.right_answer's: the steps in the author's order, or the right area."""
    kind = live_question.question.kind
    return marking.right_answer(kind, Choice.objects.filter(question_id=live_question.question_id))


@dba
def stored_choices(live_question: LiveQuestion) -> dict[str, list[int]]:
    rows = LiveAnswer.objects.filter(question=live_question).values_list("player__display_name", "choices")
    return dict(rows)


@pytest.fixture
def players(practice_live, member_a, leader_a, member_c, team_c):
    """Team A: member_a and leader_a; team C: member_c and a guest (whose session is given)."""
    guest = guests.join_guest(practice_live, guest_key="g" * 32, nickname="Khách Bốn", team_id=team_c.pk)
    return member_a, leader_a, member_c, {str(practice_live.pk): "g" * 32}, guest


async def open_all(sockets, live, players, organiser_a):
    play, host_path, screen_path = paths(live)
    member_a, leader_a, member_c, guest_session, _ = players
    host = await sockets(host_path, organiser_a)
    screen = await sockets(screen_path)
    a1 = await sockets(play, member_a)
    a2 = await sockets(play, leader_a)
    b1 = await sockets(play, member_c)
    b2 = await sockets(play, guests=guest_session)
    for socket in (host, screen, a1, a2, b1, b2):
        state = await socket.read()
        assert state["type"] == "state" and state["protocol"] == 2
    return host, screen, (a1, a2, b1, b2)


async def ack(socket, question_id: int, choices) -> dict:
    return await socket.reply("ack", type="answer", question_id=question_id, choices=choices)


def refused(message: dict, reason: str = "invalid_choice") -> bool:
    return message["accepted"] is False and message["reason"] == reason


async def reveal_everywhere(host, screen, phones) -> tuple[dict, list[dict]]:
    await host.send(type="reveal")
    shared = await screen.next("reveal")
    assert await host.next("reveal") == shared
    return shared, [await phone.next("reveal") for phone in phones]


async def test_order_and_hotspot_are_answered_scored_and_revealed_with_each_players_own_result(
    sockets, practice_live, players, organiser_a, team_a, team_c
):
    q_single, q_order, q_hotspot = await questions_of(practice_live)
    host, screen, phones = await open_all(sockets, practice_live, players, organiser_a)
    a1, a2, b1, b2 = phones
    everyone = (host, screen, *phones)

    await host.send(type="start")
    for socket in everyone:
        await socket.next("question")
    assert (await ack(a1, q_single.pk, await right_of(q_single)))["accepted"]
    await reveal_everywhere(host, screen, phones)

    # --- order: every step once, in the player's order ---
    await host.send(type="next")
    for socket in everyone:
        shown = (await socket.next("question"))["question"]
        assert shown["kind"] == "order" and shown["id"] == q_order.pk
        assert [c["id"] for c in shown["choices"]] == q_order.choice_order
        assert all(set(c) == {"id", "text"} for c in shown["choices"])
    right = await right_of(q_order)
    sent = q_order.choice_order
    assert sent != right  # never shown already in order
    swapped = [right[1], right[0], *right[2:]]  # the first two swapped: every later step in its place
    assert refused(await ack(a2, q_order.pk, right[:-1]))  # one step left out
    assert refused(await ack(a2, q_order.pk, [*right[:-1], right[0]]))  # one step twice
    assert refused(await ack(a2, q_order.pk, [*right[:-1], 123_456_789]))  # a step of no question of ours
    assert refused(await ack(a2, q_order.pk, [*right, 123_456_789]))  # every step and a foreign one
    assert (await ack(a1, q_order.pk, right))["accepted"]
    assert (await ack(a2, q_order.pk, swapped))["accepted"]
    assert (await ack(b1, q_order.pk, sent))["accepted"]  # moved nothing: as sent, never right
    assert refused(await ack(a1, q_order.pk, swapped), "already_answered")
    # b2 does not answer.
    assert await stored_choices(q_order) == {
        "Hoàng Thành Viên": right,
        "Đỗ Tổ Trưởng": swapped,  # the player's order kept, not sorted
        "Trần Thị Bình": sent,
    }
    shared, mine = await reveal_everywhere(host, screen, phones)
    in_place = Counter(
        k for chosen in (right, swapped, sent) for k, want in zip(chosen, right, strict=True) if k == want
    )
    assert shared["correct"] == right
    assert shared["distribution"] == {str(key): in_place[key] for key in sent}
    assert [(m["my_correct"], m["my_points"] > 0) for m in mine] == [(True, True)] + [(False, False)] * 3

    # --- hotspot: one area, every area sent with its place on the image ---
    await host.send(type="next")
    areas = dict(
        await dba(lambda: [(c.key, c.area) for c in Choice.objects.filter(question_id=q_hotspot.question_id)])()
    )
    for socket in everyone:
        shown = (await socket.next("question"))["question"]
        assert shown["kind"] == "hotspot" and shown["image_url"]
        assert shown["choices"] == [
            {"id": key, "text": shown["choices"][n]["text"], "area": areas[key]}
            for n, key in enumerate(q_hotspot.choice_order)
        ]
        assert all(set(c["area"]) == {"x", "y", "w", "h"} for c in shown["choices"])
    [area] = await right_of(q_hotspot)
    wrong = next(key for key in q_hotspot.choice_order if key != area)
    assert refused(await ack(a1, q_hotspot.pk, [area, wrong]))  # two areas: ours have one right area
    assert refused(await ack(a1, q_hotspot.pk, [area, area]))
    assert refused(await ack(b2, q_hotspot.pk, [q_order.choice_order[0]]))  # a step of the other question
    assert refused(await ack(b2, q_hotspot.pk, []))
    assert (await ack(a1, q_hotspot.pk, [area]))["accepted"]
    assert (await ack(a2, q_hotspot.pk, [wrong]))["accepted"]
    assert (await ack(b1, q_hotspot.pk, [area]))["accepted"]
    shared, mine = await reveal_everywhere(host, screen, phones)
    assert shared["correct"] == [area]
    assert shared["distribution"] == {str(key): {area: 2, wrong: 1}.get(key, 0) for key in q_hotspot.choice_order}
    assert [m["my_correct"] for m in mine] == [True, False, True, False]

    # Scores: PROTOCOL.md's formula, unchanged; team A has a1's single, order and hotspot, team B b1's hotspot.
    await host.send(type="leaderboard")
    board = await screen.next("leaderboard")
    points = await dba(lambda: dict(LiveAnswer.objects.values_list("player__team_id").annotate(total=Sum("points"))))()
    assert [(e["team_id"], e["score"]) for e in board["entries"]] == [
        (team_a.pk, points[team_a.pk]),
        (team_c.pk, points[team_c.pk]),
    ]
    assert points[team_a.pk] > points[team_c.pk] > 0


def test_an_order_answer_scores_by_the_formula_only_in_the_exact_order(practice_live, member_a, leader_a, member_c):
    """A frozen clock: 1,000 points over 20 s is 1000 − elapsed / 40 for the right order, 0 for any other."""
    a1, _ = joining.join_member(practice_live, member_a)
    a2, _ = joining.join_member(practice_live, leader_a)
    b1, _ = joining.join_member(practice_live, member_c)
    q_order = LiveQuestion.objects.select_related("question").get(live_round=practice_live, position=1)
    right = marking.right_answer("order", Choice.objects.filter(question_id=q_order.question_id))
    t = timezone.now().timestamp() * 1000 // 1 + 60_000
    host_commands.next_question(practice_live.pk, now=int(t))
    host_commands.reveal(practice_live.pk, now=int(t) + 1)
    host_commands.next_question(practice_live.pk, now=int(t) + 2)
    opens = int(t) + 2

    def answer(player, choices, elapsed):
        return answers.accept_answer(
            player_id=player.pk,
            round_id=practice_live.pk,
            question_id=q_order.pk,
            choices=choices,
            received_at_ms=opens + elapsed,
        )

    assert answer(a1, right, 5_000).accepted
    assert answer(a2, list(reversed(right)), 1_000).accepted
    assert answer(b1, [*right[:2], right[3], right[2]], 2_000).accepted  # the last two swapped
    rows = {row.player_id: row for row in LiveAnswer.objects.filter(question=q_order)}
    assert (rows[a1.pk].correct, rows[a1.pk].points) == (True, 875)
    assert (rows[a2.pk].correct, rows[a2.pk].points) == (False, 0)
    assert (rows[b1.pk].correct, rows[b1.pk].points) == (False, 0)
    assert rows[a2.pk].choices == list(reversed(right))


async def test_a_reconnected_phone_redraws_its_own_order_and_then_the_reveal(
    sockets, practice_live, players, organiser_a
):
    q_single, q_order, _ = await questions_of(practice_live)
    play, host_path, _ = paths(practice_live)
    host = await sockets(host_path, organiser_a)
    await host.read()
    a = await sockets(play, players[0])
    await a.read()
    await host.send(type="start")
    await a.next("question")
    await host.send(type="reveal")
    await a.next("reveal")
    await host.send(type="next")
    question = await a.next("question")
    right = await right_of(q_order)
    mine = [right[2], right[0], right[3], right[1]]
    ack_a = await ack(a, q_order.pk, mine)
    assert ack_a["accepted"]
    await a.communicator.disconnect()

    again = await sockets(play, players[0])
    for state in (await again.read(), await again.reply("state", type="sync")):
        assert state["question"]["choices"] == question["question"]["choices"]
        assert state["my_answer"] == {
            "question_id": q_order.pk,
            "choices": mine,
            "accepted_at_ms": ack_a["received_at_ms"],
        }
        assert not ANSWER_KEY_FIELDS & set(walk(state))
    assert refused(await ack(again, q_order.pk, right), "already_answered")

    await host.send(type="reveal")
    await again.next("reveal")
    state = await again.reply("state", type="sync")
    assert state["my_answer"]["choices"] == mine
    assert state["reveal"]["correct"] == right and state["reveal"]["my_correct"] is False
    assert state["reveal"]["distribution"] == {str(k): int(k == right[1] == mine[1]) for k in q_order.choice_order}


async def test_no_question_or_state_tells_the_right_order_or_area_before_the_reveal(
    sockets, practice_live, players, organiser_a
):
    questions = await questions_of(practice_live)
    rights = {q.pk: await right_of(q) for q in questions}
    host, screen, phones = await open_all(sockets, practice_live, players, organiser_a)
    play, _, _ = paths(practice_live)
    everyone = (host, screen, *phones)
    await host.send(type="start")
    for _ in questions:
        for socket in everyone:
            await socket.next("question")
        late = await sockets(play, players[1])  # a second phone of a2, mid-question: its state too
        await late.read()
        await host.send(type="reveal")
        for socket in everyone:
            await socket.next("reveal")
        await host.send(type="next")
    for socket in (*everyone, late):
        await socket.drain()
    for socket in everyone:
        revealed = set()
        for frame in socket.frames:
            if frame["type"] == "reveal":
                revealed.add(frame["question_id"])
            shown = frame.get("question")
            if not isinstance(shown, dict) or shown["id"] in revealed:
                continue
            right = rights[shown["id"]]
            ids = [c["id"] for c in shown["choices"]]
            assert not ANSWER_KEY_FIELDS & {v for v in walk(frame) if isinstance(v, str)}, frame
            assert "reveal" not in frame and "explanation" not in json.dumps(frame)
            if shown["kind"] == "order":
                assert ids != right
            keys = {"id", "text", "area"} if shown["kind"] == "hotspot" else {"id", "text"}
            assert all(set(c) == keys for c in shown["choices"]), frame


def test_the_steps_are_never_sent_in_their_right_order_and_the_order_varies_between_rounds(make_practice_round):
    orders = []
    for _ in range(12):
        live = make_practice_round()
        q_order = live.questions.select_related("question").get(position=1)
        right = marking.right_answer("order", Choice.objects.filter(question_id=q_order.question_id))
        assert sorted(q_order.choice_order) == sorted(right) and q_order.choice_order != right
        orders.append(tuple(q_order.choice_order))
    # 23 wrong orders of four steps: twelve draws all alike would be chance's 23^-11.
    assert len(set(orders)) > 1
    # The right step is not always sent first, nor always last.
    assert len({order[0] for order in orders}) > 1


async def test_a_version_1_client_plays_a_round_of_version_1_kinds_as_before(
    sockets, live, member_a, organiser_a, team_a
):
    """A client written for version 1 reads only version-1 fields, sends sorted ids, and gets its points."""
    host = await sockets("/ws/live/246810/host/", organiser_a)
    await host.read()
    phone = await sockets("/ws/live/246810/play/", member_a)
    state = await phone.read()
    assert state["protocol"] >= 1 and state["me"]["team_id"] == team_a.pk
    await host.send(type="start")
    right_total = 0
    for position in range(3):
        shown = (await phone.next("question"))["question"]
        assert shown["kind"] in V1_KINDS and shown["index"] == position
        assert all(set(c) == {"id", "text"} for c in shown["choices"])
        live_question = await dba(LiveQuestion.objects.select_related("question").get)(pk=shown["id"])
        right = await right_of(live_question)
        chosen = sorted(right) if position != 1 else [next(c["id"] for c in shown["choices"] if c["id"] not in right)]
        assert (await ack(phone, shown["id"], chosen))["accepted"]
        await host.send(type="reveal")
        reveal = await phone.next("reveal")
        assert reveal["correct"] == [c["id"] for c in shown["choices"] if c["id"] in right]
        assert set(reveal["distribution"]) == {str(c["id"]) for c in shown["choices"]}
        assert sum(reveal["distribution"].values()) == len(chosen)
        assert reveal["my_correct"] is (position != 1)
        right_total += reveal["my_points"]
        await host.send(type="next")
    final = await phone.next("finished")
    assert final["leaderboard"][0] == {
        "rank": 1,
        "team_id": team_a.pk,
        "team": team_a.name,
        "score": right_total,
        "delta": 0,
    }


def test_only_a_round_with_order_or_hotspot_questions_loads_what_draws_them(client, practice_live, live, member_a):
    """play_practice.js/css and their words come with a round that has a v2 kind, fetched by play.js once the page
    is drawn (so the lobby does not wait for them); a 2G phone in any other round is spared them
    (tests/test_page_budgets.py keeps that page's budget)."""
    client.force_login(member_a)
    practice_page = client.get(f"/live/{practice_live.code}/").content.decode()
    plain_page = client.get(f"/live/{live.code}/").content.decode()

    assert 'data-practice-js="/static/live/play_practice.js"' in practice_page
    assert 'data-practice-css="/static/live/play_practice.css"' in practice_page and '"move_up"' in practice_page
    assert "play_practice" not in " ".join(re.findall(r"<(?:script|link)[^>]*>", practice_page))
    assert "play_practice" not in plain_page and '"move_up"' not in plain_page
    assert 'href="/static/live/play.css"' in plain_page
