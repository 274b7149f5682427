"""The names a live round shows: cleaned of control and bidi characters, isolated in <bdi>, told apart in a team."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from competitions.live import joining, names
from competitions.live.models import LivePlayer
from tests.competitions.live_helpers import make_live_round

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Tổ A 120" after it reads backwards
STATIC = Path(__file__).resolve().parents[2] / "static" / "live"


@pytest.fixture
def live(stage, bank, team_a, team_b):
    return make_live_round(stage=stage, questions=bank[:1], teams=[team_a, team_b], guests_allowed=True)


def join(client: Client, live, team, nickname: str):
    return client.post(reverse("live:play", args=[live.code]), {"nickname": nickname, "team": team.pk}, follow=True)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (f"{RLO}Lan", "Lan"),
        ("Lan\u202a\u202b\u202c\u202d", "Lan"),
        ("\u2066Lan\u2069 \u2067Anh\u2068", "Lan Anh"),
        ("\u200eLan\u200f\u061c", "Lan"),
        ("L\u200ba\u200cn\u200d\u2060\ufeff", "Lan"),
        ("Lan\x00\x07\x1b[31m", "Lan[31m"),
        ("  Lan \t\n  Anh  ", "Lan Anh"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed, as some keyboards type it: NFC
    ],
)
def test_a_name_loses_control_bidi_and_zero_width_characters(typed, shown):
    assert names.clean(typed) == shown


@pytest.mark.parametrize("typed", ["\u200b\u200b", RLO, "\u3164\u3164", " \u0301 ", "\ufeff\u2060"])
def test_a_nickname_with_nothing_visible_is_refused_with_a_clear_message_and_nothing_saved(client, live, team_a, typed):
    response = join(client, live, team_a, typed)

    assert "Tên hiển thị cần có chữ hoặc số nhìn thấy được." in response.content.decode()
    assert not LivePlayer.objects.exists()


def test_a_nickname_with_a_bidi_override_is_shown_isolated_and_without_it(client, live, team_a):
    response = join(client, live, team_a, f"{RLO}Tổ A 120 điểm")
    html = response.content.decode()

    assert "<bdi>Tổ A 120 điểm</bdi>" in html
    assert RLO not in html
    assert LivePlayer.objects.get().display_name == "Tổ A 120 điểm"


def test_the_teams_on_the_join_form_are_isolated(client, live, team_a):
    html = client.get(reverse("live:play", args=[live.code])).content.decode()

    assert f"<bdi>{team_a.name}</bdi>" in html


def test_two_guests_of_a_team_with_one_name_are_told_apart_and_the_second_is_told_so(live, team_a, team_b):
    join(Client(), live, team_a, "Lan")
    second = join(Client(), live, team_a, " lan ")
    third = join(Client(), live, team_a, "LAN")
    other_team = join(Client(), live, team_b, "Lan")

    assert list(LivePlayer.objects.filter(team=team_a).values_list("display_name", flat=True)) == [
        "Lan",
        "lan (2)",
        "LAN (3)",
    ]
    assert LivePlayer.objects.get(team=team_b).display_name == "Lan"
    html = second.content.decode()
    assert "<bdi>lan (2)</bdi>" in html
    assert "nên bạn có tên “lan (2)”" in html
    assert "<bdi>LAN (3)</bdi>" in third.content.decode()
    assert "nên bạn có tên" not in other_team.content.decode()


def test_a_long_name_told_apart_still_fits():
    name = "N" * names.NICKNAME_MAX

    assert names.told_apart(name, {name.casefold()}) == "N" * (names.NICKNAME_MAX - 4) + " (2)"


def test_a_members_name_in_a_live_round_is_cleaned_the_same_way(live, member_a):
    member_a.full_name = f"{RLO}Nguyễn\u200b Văn A"
    member_a.save(update_fields=["full_name"])

    player, _ = joining.join_member(live, member_a)

    assert player.display_name == "Nguyễn Văn A"


def test_the_live_scripts_put_names_in_bdi_and_never_write_html():
    scripts = {path.name: path.read_text() for path in STATIC.glob("*.js")}

    for name, source in scripts.items():
        assert "innerHTML" not in source, name
        assert "insertAdjacentHTML" not in source, name
    # Every team name drawn by a script goes through the <bdi> helpers.
    for name in ("host.js", "screen.js", "play.js"):
        assert not re.search(r"el\([^)]*\b(t\.name|e\.team)\)", scripts[name]), name
    assert 'U.el("bdi"' in scripts["socket.js"]
