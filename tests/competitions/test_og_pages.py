"""The card each shared link shows in Zalo: a page's Open Graph tags, read as a signed-out fetcher reads them."""

from __future__ import annotations

from django.urls import reverse

from competitions import attempts, round_links
from competitions.result_shares import share_result
from quizsite.accounts import services as accounts
from tests.og_tags import image_path, is_full_card, og_tags

from .helpers import right_ids, slots
from .live_helpers import make_live_round


def played(round, user, *, right: int):
    """A submitted attempt with ``right`` questions answered right (of the round's three)."""
    attempt = attempts.start_attempt(round=round, user=user)
    for slot in slots(attempt)[:right]:
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    return attempts.submit_attempt(attempt=attempt)


def test_a_page_without_a_card_of_its_own_shows_the_sites(client):
    tags = og_tags(client.get(reverse("home")).content)

    assert is_full_card(tags)
    assert tags["og:title"].startswith("Thi kỹ năng số")
    assert tags["og:image"] == "http://testserver" + reverse("cards:site")
    assert tags["og:url"] == "http://testserver/"


def test_the_round_page_a_leader_shares_carries_the_rounds_card(client, member_a, open_round):
    client.force_login(member_a)

    tags = og_tags(client.get(reverse("competitions:round_detail", args=[open_round.pk])).content)

    assert is_full_card(tags)
    assert tags["og:title"] == "Tuần 1: An toàn trên mạng · Thi kỹ năng số xã An Bình"
    # The shared address: a fetcher that reads the page at og:url gets the round's card again.
    assert tags["og:url"] == "http://testserver" + round_links.path(open_round.pk)
    assert image_path(tags).startswith(f"/cards/round/{open_round.pk}-")


def test_a_signed_out_fetcher_of_a_round_link_lands_on_a_sign_in_page_with_the_rounds_card(client, open_round):
    round_url = round_links.path(open_round.pk)  # as a member shares it (see test_og_guessers.py)

    response = client.get(round_url, follow=True)

    assert response.redirect_chain and reverse("account_login") in response.redirect_chain[-1][0]
    tags = og_tags(response.content)
    assert is_full_card(tags)
    assert tags["og:title"].startswith("Tuần 1: An toàn trên mạng")
    assert tags["og:url"] == "http://testserver" + round_url
    assert client.get(image_path(tags))["Content-Type"] == "image/png"


def test_a_draft_rounds_link_shows_only_the_sites_card(client, make_round, bank):
    draft = make_round(published_at=None, title="Vòng bí mật chưa công bố")

    html = client.get(reverse("competitions:round_detail", args=[draft.pk]), follow=True).content.decode()

    assert "Vòng bí mật" not in html
    assert og_tags(html)["og:image"].endswith(reverse("cards:site"))


def test_the_live_rounds_join_page_carries_its_card_with_the_code(client, stage, bank, team_a):
    live = make_live_round(stage=stage, questions=bank[:1], teams=[team_a], code="654321", guests_allowed=True)

    tags = og_tags(client.get(reverse("live:play", args=[live.code])).content)

    assert is_full_card(tags)
    assert tags["og:title"] == "Vòng thi trực tiếp: Đố vui trực tiếp: An toàn trên mạng"
    assert "654 321" in tags["og:description"]
    assert tags["og:url"] == "http://testserver/live/654321/"


def test_a_members_only_live_link_shows_its_card_on_the_sign_in_page(client, stage, bank, team_a):
    make_live_round(stage=stage, questions=bank[:1], teams=[team_a], code="123456")

    response = client.get(reverse("live:play", args=["123456"]), follow=True)

    tags = og_tags(response.content)
    assert is_full_card(tags)
    assert tags["og:url"] == "http://testserver/live/123456/"


def test_a_wrong_code_on_the_sign_in_page_shows_the_sites_card(client, stage, bank, team_a):
    make_live_round(stage=stage, questions=bank[:1], teams=[team_a], code="123456")

    html = client.get(reverse("account_login"), {"next": "/live/999999/"}).content.decode()

    assert og_tags(html)["og:image"].endswith(reverse("cards:site"))


def test_a_teams_invite_carries_the_teams_card(client, team_a):
    url = reverse("accounts:join", args=[team_a.invite_token])

    tags = og_tags(client.get(url).content)

    assert is_full_card(tags)
    assert tags["og:title"] == "Mời bạn vào Tổ CNS Ấp 1"
    assert "Ấp 1, Xã An Bình" in tags["og:description"]
    assert tags["og:url"] == "http://testserver" + url


def test_a_shared_result_shows_no_name_unless_its_member_chose_one(client, open_round, team_a, make_user):
    duc = make_user(name="Nguyễn Minh Đức")
    accounts.add_member(team=team_a, user=duc)
    thanh = make_user(name="Trần Văn Thạnh")
    accounts.add_member(team=team_a, user=thanh)
    nameless = share_result(attempt=played(open_round, duc, right=2), user=duc)
    named = share_result(attempt=played(open_round, thanh, right=3), user=thanh, shown_name="Thạnh")

    quiet = client.get(reverse("competitions:result_share", args=[nameless.token])).content.decode()
    loud = client.get(reverse("competitions:result_share", args=[named.token])).content.decode()

    assert is_full_card(og_tags(quiet)) and is_full_card(og_tags(loud))
    assert og_tags(quiet)["og:title"] == "Tôi được 2/3 điểm Tuần 1: An toàn trên mạng — cùng thi với tổ mình nhé"
    assert "Tổ CNS Ấp 1" in quiet and "Ấp 1, Xã An Bình" in quiet
    assert "Đức" not in quiet and "Nguyễn" not in quiet
    assert "Thạnh" in loud and "Trần" not in loud
    assert "Thạnh" in og_tags(loud)["og:description"]
