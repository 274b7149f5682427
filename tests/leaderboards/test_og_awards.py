"""A published award list's public page carries its card; its image is drawn; a draft's is not there."""

from __future__ import annotations

from django.urls import reverse

from quizsite import og
from tests.og_tags import image_path, is_full_card, og_tags


def test_the_public_award_list_carries_its_card(client, published):
    url = reverse("leaderboards:award_public", args=[published.public_token])

    tags = og_tags(client.get(url).content)

    assert is_full_card(tags)
    assert tags["og:title"] == published.title
    assert "UBND xã An Bình" in tags["og:description"]
    assert tags["og:url"] == "http://testserver" + url
    image = client.get(image_path(tags))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_draft_lists_card_is_not_found_even_with_a_signed_address(client, players, make_list):
    draft = make_list()

    response = client.get(reverse("cards:image", args=["awards", og.ref("awards", draft.pk)]))

    assert response.status_code == 404
