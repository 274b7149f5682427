"""The sign-in page's card, asked for by someone who guesses: ``/accounts/login/?next=/rounds/N/`` for N = 1, 2, 3…

A round's card shows there only for the link the site gave a member to
share (signed, competitions/round_links.py); a members-only live round's
only for its right join code, wrong ones counted. Two communes, each with
a round for its own teams: an outsider learns nothing of either.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from competitions import round_links
from competitions.live import guards
from competitions.live.models import LiveRound
from competitions.models import BlueprintItem, Competition, Round, Stage
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership
from tests.og_tags import image_path, is_full_card, og_tags

from .live_helpers import make_live_round

SITE_CARD = "http://testserver" + reverse("cards:site")


@pytest.fixture
def round_b(commune_b, organiser_b, topic) -> Round:
    """Commune B's own round, for its own teams."""
    competition = Competition.objects.create(title="Hội thi số xã Tân Phú", unit=commune_b, created_by=organiser_b)
    stage = Stage.objects.create(competition=competition, kind=Stage.Kind.WEEKLY, title="Tuần 7")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Nhận diện lừa đảo qua Zalo",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3, hours=5),
        published_at=now - timedelta(hours=2),
    )
    BlueprintItem.objects.create(round=round, topic=topic, count=3)
    return round


@pytest.fixture
def leader_b(make_user, team_b):
    user = make_user(name="Lâm Tổ Trưởng")
    accounts.add_member(team=team_b, user=user, role=Membership.Role.LEADER)
    return user


def _sign_in_page(client, next: str) -> str:
    return client.get(reverse("account_login"), {"next": next}).content.decode()


def _closing(round: Round) -> str:
    return formats.date_format(timezone.localtime(round.closes_at), "H:i d/m/Y")


def _leaks(html: str, round: Round) -> list[str]:
    """What of ``round`` the page shows: its title, its competition's, its commune's, its closing time."""
    competition = round.stage.competition
    said = (round.title, competition.title, competition.unit.name, _closing(round), f"/cards/round/{round.pk}-")
    return [text for text in said if text in html]


def _shared_link(client, leader, round: Round) -> str:
    """The link the leader's "Chia sẻ" button sends (the "not played" page of their team)."""
    client.force_login(leader)
    page = client.get(reverse("competitions:round_team", args=[round.pk])).content.decode()
    client.logout()
    urls = set(re.findall(r'data-url="([^"]+)"', page)) | set(re.findall(r'id="invite-url"[^>]*value="([^"]+)"', page))
    assert len(urls) == 1, urls
    return urls.pop().replace("http://testserver", "")


@pytest.mark.parametrize(
    "signature",
    ["", "?s=", "?s=AAAAAAAAAAAAAAAA", "?s=not-a-signature", "?x=1"],
    ids=["no signature", "empty", "wrong", "garbage", "other parameter"],
)
def test_a_guesser_asking_for_every_round_number_gets_the_sites_card_and_nothing_of_any_round(
    client, open_round, round_b, signature
):
    for round in (open_round, round_b):
        html = _sign_in_page(client, f"/rounds/{round.pk}/{signature}")

        tags = og_tags(html)
        assert is_full_card(tags) and tags["og:image"] == SITE_CARD
        assert _leaks(html, open_round) == [] and _leaks(html, round_b) == []


def test_one_rounds_signature_does_not_open_another_rounds_card(client, open_round, round_b, leader_a):
    shared_a = _shared_link(client, leader_a, open_round)
    signature_a = shared_a.partition("?")[2]

    html = _sign_in_page(client, f"/rounds/{round_b.pk}/?{signature_a}")

    assert og_tags(html)["og:image"] == SITE_CARD
    assert _leaks(html, round_b) == [] and _leaks(html, open_round) == []


def _normalised(html: str) -> str:
    """The page without what differs on every response (the form's CSRF token) or names the asked number."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"rounds(/|%2F)\d+", r"rounds\1N", html)


def test_an_unshared_round_and_a_round_that_does_not_exist_answer_alike(client, open_round, round_b):
    missing = max(open_round.pk, round_b.pk) + 1000
    answers = []
    for pk in (open_round.pk, round_b.pk, missing):
        with CaptureQueriesContext(connection) as queries:
            html = _sign_in_page(client, f"/rounds/{pk}/")
        answers.append((_normalised(html), len(queries)))

    assert answers[0] == answers[1] == answers[2]


def test_the_leaders_share_button_carries_a_signed_link_to_their_round(client, open_round, round_b, leader_a, leader_b):
    shared_a = _shared_link(client, leader_a, open_round)
    shared_b = _shared_link(client, leader_b, round_b)

    assert shared_a == f"/rounds/{open_round.pk}/?s={round_links.signature(open_round.pk)}"
    assert shared_b == f"/rounds/{round_b.pk}/?s={round_links.signature(round_b.pk)}"
    assert round_links.signature(open_round.pk) != round_links.signature(round_b.pk)


def test_a_shared_links_preview_shows_its_round_and_only_its_round(client, open_round, round_b, leader_a, leader_b):
    for leader, round, other in ((leader_a, open_round, round_b), (leader_b, round_b, open_round)):
        shared = _shared_link(client, leader, round)

        response = client.get(shared, follow=True)  # Zalo's fetcher: signed out, sent to sign in

        assert reverse("account_login") in response.redirect_chain[-1][0]
        html = response.content.decode()
        tags = og_tags(html)
        assert is_full_card(tags)
        assert tags["og:title"] == f"{round.title} · {round.stage.competition.title}"
        assert tags["og:url"] == "http://testserver" + shared
        assert _closing(round) in tags["og:description"]
        assert _leaks(html, other) == []
        # The card's image is signed too: its address, and no other number, draws it.
        assert client.get(image_path(tags))["Content-Type"] == "image/png"
        forged = image_path(tags).replace(f"/round/{round.pk}-", f"/round/{other.pk}-")
        assert client.get(forged).status_code == 404


def test_the_round_page_opens_from_a_shared_link_for_its_member(client, open_round, leader_a, member_a):
    shared = _shared_link(client, leader_a, open_round)
    client.force_login(member_a)

    page = client.get(shared)

    assert page.status_code == 200
    assert open_round.title in page.content.decode() and "Vào thi" in page.content.decode()


def test_a_shared_link_to_a_round_later_made_a_draft_shows_the_sites_card(client, open_round, leader_a):
    shared = _shared_link(client, leader_a, open_round)
    Round.objects.filter(pk=open_round.pk).update(published_at=None)

    html = client.get(shared, follow=True).content.decode()

    assert og_tags(html)["og:image"] == SITE_CARD and _leaks(html, open_round) == []


@pytest.fixture
def members_only_b(round_b, bank, team_b):
    """A members-only live round of commune B (its join code: 123456)."""
    return make_live_round(stage=round_b.stage, questions=bank[:1], teams=[team_b], code="123456")


def test_a_members_only_live_rounds_card_needs_its_right_code(client, members_only_b):
    wrong = _sign_in_page(client, "/live/123457/")
    right = _sign_in_page(client, "/live/123456/")

    assert og_tags(wrong)["og:image"] == SITE_CARD
    assert members_only_b.round.title not in wrong and "Tân Phú" not in wrong
    assert og_tags(right)["og:url"] == "http://testserver/live/123456/"
    assert members_only_b.round.title in og_tags(right)["og:title"]


def test_wrong_codes_on_the_sign_in_page_count_and_then_a_right_code_shows_nothing_either(client, members_only_b):
    for guess in range(guards.WRONG_CODES.count):
        assert og_tags(_sign_in_page(client, f"/live/{200000 + guess}/"))["og:image"] == SITE_CARD

    html = _sign_in_page(client, "/live/123456/")

    assert og_tags(html)["og:image"] == SITE_CARD
    assert members_only_b.round.title not in html


def test_a_finished_members_only_rounds_code_shows_the_sites_card(client, members_only_b):
    LiveRound.objects.filter(pk=members_only_b.pk).update(status=LiveRound.Status.FINISHED)

    html = _sign_in_page(client, "/live/123456/")

    assert og_tags(html)["og:image"] == SITE_CARD and members_only_b.round.title not in html
