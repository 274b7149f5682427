"""“Chia sẻ lên Zalo” for a live round's join link, with its QR code as a PNG: for its organisers and hosts, and
for the leaders of the teams entered, while the round waits to start; for nobody else."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from competitions.live import guards
from competitions.live.models import LiveRound
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership

from .live_helpers import make_live_round

SHARE = "data-live-share"


@pytest.fixture
def live(stage, bank, team_a):
    return make_live_round(stage=stage, questions=bank[:1], teams=[team_a])


def _play(client, live) -> str:
    return client.get(reverse("live:play", args=[live.code])).content.decode()


def test_the_leader_of_an_entered_team_gets_the_share_in_the_lobby(client, leader_a, live):
    client.force_login(leader_a)

    page = _play(client, live)

    assert SHARE in page and "Chia sẻ lên Zalo" in page
    assert 'data-url="http://testserver/live/123456/"' in page
    assert "mã tham gia 123 456" in page
    assert f'href="{reverse("live:qr_png", args=[live.code])}"' in page


def test_a_plain_member_of_the_entered_team_plays_without_it(client, member_a, live):
    client.force_login(member_a)

    assert SHARE not in _play(client, live)


def test_the_leader_of_a_team_not_entered_does_not_get_it(client, make_user, team_b, live):
    leader_b = make_user(name="Tổ Trưởng Ấp 2")
    accounts.add_member(team=team_b, user=leader_b, role=Membership.Role.LEADER)
    client.force_login(leader_b)

    assert SHARE not in _play(client, live)


def test_once_the_round_has_started_the_leaders_page_is_the_game_alone(client, leader_a, live):
    LiveRound.objects.filter(pk=live.pk).update(status=LiveRound.Status.QUESTION)
    client.force_login(leader_a)

    assert SHARE not in _play(client, live)


def test_the_organiser_gets_it_on_the_rounds_page_and_the_host_console(client, organiser_a, live):
    client.force_login(organiser_a)

    detail = client.get(reverse("organise:live_round", args=[live.pk])).content.decode()
    host = client.get(reverse("live:host", args=[live.code])).content.decode()

    assert SHARE in detail and SHARE in host
    assert "js/share.js" in detail and "js/share.js" in host


def test_a_finished_rounds_page_offers_no_share(client, organiser_a, live):
    LiveRound.objects.filter(pk=live.pk).update(status=LiveRound.Status.FINISHED)
    client.force_login(organiser_a)

    assert SHARE not in client.get(reverse("organise:live_round", args=[live.pk])).content.decode()


def test_the_qr_code_downloads_as_a_png_of_the_join_link(client, live):
    response = client.get(reverse("live:qr_png", args=[live.code]))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert 'filename="ma-qr-123456.png"' in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size[0] == image.size[1] >= 200


def test_a_wrong_codes_qr_is_a_404_and_counts_as_a_wrong_code(client, live):
    response = client.get(reverse("live:qr_png", args=["999999"]))

    assert response.status_code == 404
    for _ in range(guards.WRONG_CODES.count):
        client.get(reverse("live:qr_png", args=["999998"]))
    assert client.get(reverse("live:qr_png", args=[live.code])).status_code == 429
