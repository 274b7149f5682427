"""Play sockets that arrive together are let in together (competitions/live/door.py, admission.py).

Every phone must still get its own ``state`` (its own name, team, answer and
points), the same refusals as one socket at a time, and one player row per
person, however many knock at once.
"""

# ruff: noqa: F811 - the `sockets` fixture is imported from test_live_protocol and taken by name

from __future__ import annotations

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from competitions.live import admission
from competitions.live.models import LivePlayer, LiveQuestion, LiveRound
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Team
from quizsite.asgi import application
from tests.competitions.test_live_protocol import (  # noqa: F401  (fixtures)
    HOST,
    PLAY,
    dba,
    refused_with,
    right_keys,
    sockets,
    wrong_key,
)
from tests.test_asgi import SAME_ORIGIN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_lead(settings):
    settings.LIVE_QUESTION_LEAD_MS = 0


@pytest.fixture
def hall(make_user, live, team_a, team_b, hamlet_a):
    """Twenty-four members in four entered teams (team A and B, and two more of hamlet A), as a hall fills up."""
    teams = [team_a, team_b]
    for n in (3, 4):
        team = accounts.create_team(unit=hamlet_a, name=f"Tổ CNS số {n}")
        live.entries.create(team=team)
        teams.append(team)
    people = []
    for n in range(24):
        person = make_user(name=f"Người chơi {n:02d}")
        accounts.add_member(team=teams[n % 4], user=person)
        people.append(person)
    return people


async def all_at_once(sockets, people, path=PLAY):
    return await asyncio.gather(*(sockets(path, person) for person in people))


async def test_a_hall_knocking_at_once_each_gets_their_own_name_and_team_and_one_row_each(sockets, live, hall):
    phones = await all_at_once(sockets, hall)
    states = [await phone.next("state") for phone in phones]

    for person, state in zip(hall, states, strict=True):
        team = await dba(Team.objects.get)(memberships__user=person)
        assert state["me"] == {
            "user": person.pk,
            "display_name": person.full_name,
            "team_id": team.pk,
            "team": team.name,
        }
        assert state["round"]["status"] == "lobby"
        assert [t["id"] for t in state["lobby"]["teams"]] == [team.pk]  # a phone sees its own team only
    assert await dba(LivePlayer.objects.filter(live_round=live).count)() == 24


async def test_the_host_sees_the_whole_hall_in_the_lobby(sockets, live, hall, organiser_a):
    host = await sockets(HOST, organiser_a)
    await host.next("state")

    phones = await all_at_once(sockets, hall)
    for phone in phones:
        await phone.next("state")

    lobby = await host.next("lobby", timeout=5, where=lambda m: m["player_count"] == 24)
    assert sum(team["players"] for team in lobby["teams"]) == 24


async def test_one_person_on_three_phones_at_once_is_one_player(sockets, live, member_a):
    phones = await all_at_once(sockets, [member_a] * 3)
    states = [await phone.next("state") for phone in phones]

    assert {state["me"]["user"] for state in states} == {member_a.pk}
    assert await dba(LivePlayer.objects.filter(live_round=live, user=member_a).count)() == 1


async def test_strangers_knocking_with_the_hall_get_the_usual_answers_and_the_hall_is_not_held_up(
    sockets, live, hall, nobody, team_a, make_user
):
    outsider_team = await dba(accounts.create_team)(unit=team_a.unit, name="Tổ không dự thi")
    not_entered = await dba(make_user)(name="Người tổ khác")
    await dba(accounts.add_member)(team=outsider_team, user=not_entered)

    async def code_of(path, user):
        return await refused_with(sockets, path, user)

    results = await asyncio.gather(
        *(sockets(PLAY, person) for person in hall[:10]),
        code_of(PLAY, nobody),  # signed in, in no team
        code_of(PLAY, not_entered),  # in a team that is not in the round
        code_of(PLAY, None),  # no session at all, and the round takes no guests here
        code_of("/ws/live/999999/play/", hall[11]),  # a member, at a wrong code
    )

    assert results[10:] == [4403, 4403, 4403, 4404]
    for phone in results[:10]:
        assert (await phone.next("state"))["me"]["user"] in {person.pk for person in hall[:10]}


async def test_a_changed_password_closes_the_door_as_before(sockets, live, member_a):
    before = await sockets(PLAY, member_a)
    await before.next("state")
    cookie = await dba(session_key_of)(member_a)

    def change_password():
        member_a.set_password("mật khẩu mới hoàn toàn 2026")
        member_a.save()

    await dba(change_password)()
    stale = WebsocketCommunicator(
        application, PLAY, headers=[*SAME_ORIGIN, (b"cookie", f"sessionid={cookie}".encode())]
    )
    connected, _ = await stale.connect()
    assert connected
    closed = await stale.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4403}
    await stale.disconnect()


async def test_a_member_holding_a_guest_key_plays_as_the_member_and_a_guest_beside_them_as_the_guest(
    sockets, live, member_a, team_b
):
    guest = await dba(LivePlayer.objects.create)(live_round=live, guest_key="b" * 32, team=team_b, display_name="Lan")
    both = await asyncio.gather(
        sockets(PLAY, member_a, guests={str(live.pk): "b" * 32}),
        sockets(PLAY, None, guests={str(live.pk): "b" * 32}),
    )
    member_state, guest_state = [await phone.next("state") for phone in both]

    assert member_state["me"]["user"] == member_a.pk
    assert guest_state["me"] == {"user": None, "display_name": "Lan", "team_id": team_b.pk, "team": team_b.name}
    assert guest.pk != (await dba(LivePlayer.objects.get)(live_round=live, user=member_a)).pk


async def eight_phones_at_the_first_question(sockets, hall, organiser):
    """The host and eight of the hall joined, then the round started: (host, players, their phones, the question)."""
    host = await sockets(HOST, organiser)
    await host.next("state")
    players = hall[:8]
    phones = await all_at_once(sockets, players)
    for phone in phones:
        await phone.next("state")
    first = (await host.reply("question", type="start"))["question"]
    return host, players, phones, first


async def test_phones_back_together_mid_question_each_get_their_own_answer_and_after_the_reveal_their_points(
    sockets, live, hall, organiser_a
):
    host, players, phones, first = await eight_phones_at_the_first_question(sockets, hall, organiser_a)
    question = await dba(LiveQuestion.objects.get)(pk=first["id"])
    right = await right_keys(question)
    chosen = {}
    for n, phone in enumerate(phones[:6]):  # two of them do not answer
        choice = right[0] if n % 2 == 0 else wrong_key(question, right)
        ack = await phone.reply("ack", type="answer", question_id=first["id"], choices=[choice])
        assert ack["accepted"], ack
        chosen[players[n].pk] = choice
    for phone in phones:
        await phone.communicator.disconnect()

    back = await all_at_once(sockets, players)
    states = [await phone.next("state") for phone in back]
    for person, state in zip(players, states, strict=True):
        assert state["round"]["status"] == "question"
        if person.pk in chosen:
            assert state["my_answer"]["choices"] == [chosen[person.pk]]
        else:
            assert "my_answer" not in state
        assert "reveal" not in state and "my_correct" not in json.dumps(state)

    await host.reply("reveal", type="reveal")
    for phone in back:
        await phone.next("reveal")
        await phone.communicator.disconnect()
    again = await all_at_once(sockets, players)
    for n, (person, phone) in enumerate(zip(players, again, strict=True)):
        reveal = (await phone.next("state"))["reveal"]
        if person.pk not in chosen:
            assert (reveal["my_points"], reveal["my_correct"]) == (0, False)
        else:
            assert reveal["my_correct"] is (n % 2 == 0)
            assert (reveal["my_points"] > 0) is (n % 2 == 0)


def session_key_of(person) -> str:
    client = Client()
    client.force_login(person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_batch_costs_the_same_queries_for_five_phones_as_for_twenty_four(live, hall):
    keys = [session_key_of(person) for person in hall]
    admission.admit(live.code, keys)  # their player rows are made: the usual case of phones coming back

    def queries(batch) -> int:
        with CaptureQueriesContext(connection) as captured:
            admitted = admission.admit(live.code, batch)
        assert [a.player.user_id for a in admitted] == [p.pk for p in hall[: len(batch)]]
        return len(captured)

    assert queries(keys[:5]) == queries(keys)
    states = admission.states(live.pk, [a.player for a in admission.admit(live.code, keys)])
    assert [state["me"]["user"] for state, _ in states] == [p.pk for p in hall]
    assert LiveRound.objects.get(pk=live.pk).status == "lobby"


async def test_phones_syncing_together_mid_question_each_get_their_own_state(sockets, live, hall, organiser_a):
    _host, players, phones, first = await eight_phones_at_the_first_question(sockets, hall, organiser_a)
    right = await right_keys(await dba(LiveQuestion.objects.get)(pk=first["id"]))
    for phone in phones[:4]:  # the other four do not answer
        assert (await phone.reply("ack", type="answer", question_id=first["id"], choices=[right[0]]))["accepted"]

    states = await asyncio.gather(*(phone.reply("state", type="sync") for phone in phones))

    for n, (person, state) in enumerate(zip(players, states, strict=True)):
        assert state["me"]["user"] == person.pk
        assert state["question"]["id"] == first["id"]
        if n < 4:
            assert state["my_answer"]["choices"] == [right[0]]
        else:
            assert "my_answer" not in state
