"""A province's table on a phone: the top of the leaderboard and the player's own team, not 1,300 teams.

The host and the projector still get the whole table (PROTOCOL.md ``leaderboard``
and ``finished``), in a live message and in ``state`` after a reconnect.
"""

# ruff: noqa: F811 - the `sockets` fixture is imported from test_live_protocol and taken by name

from __future__ import annotations

import pytest

from competitions.live.messages import PLAYERS_TOP
from quizsite.accounts import services as accounts
from tests.competitions.test_live_protocol import (  # noqa: F401  (fixtures)
    HOST,
    PLAY,
    dba,
    sockets,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_lead(settings):
    settings.LIVE_QUESTION_LEAD_MS = 0


@pytest.fixture
def province_final(live, hamlet_a, make_user, member_a, team_a):
    """Fourteen more teams entered, named so that team A ("Tổ CNS Ấp 1") is ranked after the first ten at 0 points."""
    for n in range(14):
        team = accounts.create_team(unit=hamlet_a, name=f"Tổ A{n:02d}")
        live.entries.create(team=team)
    return member_a


def ids(entries) -> list[int]:
    return [entry["team_id"] for entry in entries]


async def test_a_phone_gets_the_top_and_its_own_team_and_the_host_the_whole_table(
    sockets, live, province_final, organiser_a, team_a
):
    host = await sockets(HOST, organiser_a)
    whole_lobby = (await host.next("state"))["lobby"]["teams"]
    phone = await sockets(PLAY, province_final)
    await phone.next("state")
    await host.reply("question", type="start")
    await host.reply("reveal", type="reveal")

    table = (await host.reply("leaderboard", type="leaderboard"))["entries"]
    mine = (await phone.next("leaderboard"))["entries"]

    assert len(table) == len(whole_lobby) == 16
    assert team_a.pk not in ids(table[:PLAYERS_TOP])  # the case that matters: the own team is further down
    assert mine == table[:PLAYERS_TOP] + [entry for entry in table if entry["team_id"] == team_a.pk]
    assert [entry["rank"] for entry in mine] == sorted(entry["rank"] for entry in mine)

    back = await sockets(PLAY, province_final)
    assert (await back.next("state"))["leaderboard"] == mine
    again = await sockets(HOST, organiser_a)
    assert (await again.next("state"))["leaderboard"] == table

    await host.send(type="finish")
    final_table = (await host.next("finished"))["leaderboard"]
    final_mine = (await phone.next("finished"))["leaderboard"]
    assert len(final_table) == 16
    assert final_mine == final_table[:PLAYERS_TOP] + [e for e in final_table if e["team_id"] == team_a.pk]


async def test_a_small_round_s_players_get_the_whole_table(sockets, live, member_a, organiser_a):
    host = await sockets(HOST, organiser_a)
    await host.next("state")
    phone = await sockets(PLAY, member_a)
    await phone.next("state")
    await host.reply("question", type="start")
    await host.reply("reveal", type="reveal")

    table = (await host.reply("leaderboard", type="leaderboard"))["entries"]

    assert (await phone.next("leaderboard"))["entries"] == table
    assert len(table) == 2
