"""The live round's pages: who gets the join form, the phone's game, the host's console, the projector.

The game itself travels over the sockets (tests/browser/test_live_round.py);
here: the access rules, the guest's form, and what the pages must not carry.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from competitions.live.models import LivePlayer
from quizsite.accounts import services as accounts

from .live_helpers import make_live_round

# Uncompressed: what a cheap phone parses. Compressed, as nginx sends it on 2G: tests/test_page_budgets.py.
LIMIT = 36 * 1024
ASSET = re.compile(r'<(?:link[^>]*href|script[^>]*src)="(/static/[^"]+)"')


@pytest.fixture
def live(stage, bank, team_a):
    return make_live_round(stage=stage, questions=bank[:2], teams=[team_a])


@pytest.fixture
def open_to_guests(stage, bank, team_a, hamlet_a):
    other = accounts.create_team(unit=hamlet_a, name="Tổ CNS Ấp 1B")
    return make_live_round(stage=stage, questions=bank[:2], teams=[team_a, other], code="654321", guests_allowed=True)


def play_url(live) -> str:
    return reverse("live:play", args=[live.code])


def config_of(response) -> dict:
    match = re.search(r'<script id="live-config" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


# The join form


def test_the_join_form_asks_for_the_code_on_a_numeric_keypad(client):
    html = client.get(reverse("live:join")).content.decode()

    assert 'name="code"' in html
    assert 'inputmode="numeric"' in html


def test_a_right_code_goes_to_the_players_page(client, live):
    response = client.get(reverse("live:join"), {"code": "123 456"})

    assert response.status_code == 302
    assert response["Location"] == play_url(live)


def test_a_wrong_code_says_so_in_vietnamese(client, live):
    response = client.get(reverse("live:join"), {"code": "999999"})

    assert response.status_code == 404
    assert "Không có vòng thi nào với mã 999999" in response.content.decode()


def test_a_code_that_is_not_six_digits_says_what_a_code_is(client):
    response = client.get(reverse("live:play", args=["12ab"]))

    assert response.status_code == 404
    assert "Mã tham gia gồm đúng 6 chữ số." in response.content.decode()


def test_the_code_of_a_draft_round_is_not_found(client, stage, bank, team_a, member_a):
    make_live_round(stage=stage, questions=bank[:1], teams=[team_a], published=False)
    client.force_login(member_a)

    assert client.get(reverse("live:play", args=["123456"])).status_code == 404


# The player's page


def test_a_member_of_an_entered_team_gets_the_game_for_their_team(player, live):
    response = player.get(play_url(live))

    assert response.status_code == 200
    assert "Tổ CNS Ấp 1" in response.content.decode()
    assert config_of(response)["socket"] == "/ws/live/123456/play/"


def test_a_signed_out_visitor_is_sent_to_sign_in_when_guests_are_not_allowed(client, live):
    response = client.get(play_url(live))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=" + play_url(live)


def test_a_member_of_a_team_not_entered_is_told_so(client, live, make_user, team_b):
    stranger = make_user(name="Người Ấp 2")
    accounts.add_member(team=team_b, user=stranger)
    client.force_login(stranger)

    response = client.get(play_url(live))

    assert response.status_code == 403
    assert "tổ của bạn không có tên trong danh sách các đội dự thi" in response.content.decode()
    assert "live-config" not in response.content.decode()


def test_an_organiser_on_the_players_page_is_pointed_to_the_console(client, live, organiser_a):
    client.force_login(organiser_a)

    response = client.get(play_url(live))

    assert response.status_code == 403
    assert reverse("live:host", args=[live.code]) in response.content.decode()


def test_a_guest_is_offered_the_entered_teams_only(client, open_to_guests, team_b):
    html = client.get(play_url(open_to_guests)).content.decode()

    assert 'name="nickname"' in html
    assert "Tổ CNS Ấp 1B" in html
    assert "Tổ CNS Ấp 2" not in html
    assert "live-config" not in html


def test_a_guest_who_joins_plays_for_the_chosen_team_and_keeps_it_on_reload(client, open_to_guests, team_a):
    response = client.post(play_url(open_to_guests), {"nickname": "  Bác Tư  ", "team": team_a.pk})

    assert response.status_code == 302
    guest = LivePlayer.objects.get(live_round=open_to_guests)
    assert (guest.display_name, guest.team, guest.user) == ("Bác Tư", team_a, None)
    assert client.session["live_guests"] == {str(open_to_guests.pk): guest.guest_key}
    for _ in range(2):
        page = client.get(play_url(open_to_guests))
        assert page.status_code == 200
        assert config_of(page)["socket"] == "/ws/live/654321/play/"
        assert "Bác Tư" in page.content.decode()
    assert LivePlayer.objects.count() == 1


def test_a_blank_nickname_changes_nothing_and_says_why(client, open_to_guests, team_a):
    response = client.post(play_url(open_to_guests), {"nickname": "   ", "team": team_a.pk})

    assert response.status_code == 200
    assert "Hãy nhập tên hiển thị" in response.content.decode()
    assert not LivePlayer.objects.exists()
    assert "live_guests" not in client.session


def test_a_team_not_entered_changes_nothing_and_says_why(client, open_to_guests, team_b):
    response = client.post(play_url(open_to_guests), {"nickname": "Bác Tư", "team": team_b.pk})

    assert response.status_code == 200
    assert "Đội này không dự thi vòng này" in response.content.decode()
    assert not LivePlayer.objects.exists()
    assert "live_guests" not in client.session


def test_a_member_of_an_entered_team_plays_as_a_member_even_where_guests_are_welcome(player, open_to_guests):
    response = player.get(play_url(open_to_guests))

    assert "live-config" in response.content.decode()
    assert 'name="nickname"' not in response.content.decode()


# The host's console


def test_the_organiser_gets_the_console_with_the_code_and_the_projectors_address(client, live, organiser_a):
    client.force_login(organiser_a)

    response = client.get(reverse("live:host", args=[live.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert config_of(response)["socket"] == "/ws/live/123456/host/"
    assert "123456" in html
    assert f"/live/123456/screen/?token={live.screen_token}" in html


@pytest.mark.parametrize("who", ["viewer_a", "organiser_b", "member_a"])
def test_anyone_but_an_organiser_of_the_unit_is_refused_the_console(client, live, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("live:host", args=[live.code])).status_code == 403


def test_a_signed_out_visitor_is_asked_to_sign_in_for_the_console(client, live):
    response = client.get(reverse("live:host", args=[live.code]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# The projector


def test_the_projector_opens_with_the_screen_token_and_no_login(client, live):
    response = client.get(reverse("live:screen", args=[live.code]), {"token": live.screen_token})

    html = response.content.decode()
    assert response.status_code == 200
    assert config_of(response)["socket"] == f"/ws/live/123456/screen/?token={live.screen_token}"
    assert "123456" in html


def test_the_projector_shows_a_qr_code_of_the_players_page(client, live):
    pytest.importorskip("competitions.live.qr")

    html = client.get(reverse("live:screen", args=[live.code]), {"token": live.screen_token}).content.decode()

    assert "<svg" in html


def test_a_wrong_screen_token_is_refused(client, live):
    assert client.get(reverse("live:screen", args=[live.code]), {"token": "not-the-token"}).status_code == 403


def test_without_a_token_a_signed_out_projector_is_asked_to_sign_in(client, live):
    response = client.get(reverse("live:screen", args=[live.code]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_organiser_opens_the_projector_without_a_token(client, live, organiser_a):
    client.force_login(organiser_a)

    response = client.get(reverse("live:screen", args=[live.code]))

    assert response.status_code == 200
    assert config_of(response)["socket"] == "/ws/live/123456/screen/"


@pytest.mark.parametrize("who", ["viewer_a", "member_a"])
def test_without_a_token_anyone_but_the_organiser_is_refused_the_projector(client, live, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("live:screen", args=[live.code])).status_code == 403


def test_the_projector_of_a_bad_code_is_not_found(client, live):
    assert client.get(reverse("live:screen", args=["999999"]), {"token": live.screen_token}).status_code == 404


# What the pages carry


def test_the_players_page_with_its_css_and_js_weighs_under_36_kb(player, live):
    html = player.get(play_url(live)).content
    # Only iOS reads the apple-touch-icon, when the page is added to the home screen; Android never loads it.
    assets = [url for url in ASSET.findall(html.decode()) if "apple-touch-icon" not in url]
    files = {url: open(finders.find(url.removeprefix("/static/")), "rb").read() for url in assets}

    assert sorted(files) == [
        "/static/css/site.css",
        "/static/live/play.css",
        "/static/live/play.js",
        "/static/live/socket.js",
        "/static/pwa/icon-32.png",
        "/static/pwa/pwa.js",
    ]
    raw = len(html) + sum(len(body) for body in files.values())
    assert raw <= LIMIT, (len(html), {url: len(body) for url, body in files.items()})


def test_no_page_carries_a_question_or_its_answer(client, live, organiser_a, member_a):
    client.force_login(organiser_a)
    pages = [
        client.get(reverse("live:host", args=[live.code])),
        client.get(reverse("live:screen", args=[live.code]), {"token": live.screen_token}),
    ]
    client.force_login(member_a)
    pages.append(client.get(play_url(live)))
    scripts = [open(finders.find(f"live/{name}.js")).read() for name in ("socket", "play", "host", "screen")]

    secrets = []
    for item in live.questions.select_related("question"):
        for choice in item.question.choices.all():
            secrets += [choice.text, str(choice.key)]
        secrets += [item.question.text, item.question.explanation]
    for text in [page.content.decode() for page in pages] + scripts:
        assert not [secret for secret in secrets if secret in text]
