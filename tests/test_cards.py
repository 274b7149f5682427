"""The images of shared links' cards: drawn at 1200×630 in a font that has Vietnamese, cached, bounded."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.urls import reverse
from PIL import Image

from quizsite import card_views, cards, limits, og
from quizsite.accounts import services as accounts

NAMES = ["Đức", "Thạnh", "Nguyễn", "Tổ CNS ấp Phước Hưng – Đoàn viên"]


@pytest.mark.parametrize("font", [cards.REGULAR, cards.BOLD])
def test_the_font_has_a_glyph_for_every_vietnamese_letter_it_is_asked_to_draw(font):
    covered = cards._cmap(font)
    for name in NAMES:
        assert [char for char in name if ord(char) not in covered] == []
    # The whole of Vietnamese: the precomposed letters of Latin Extended Additional (Ạ … ỹ), Đ/đ, Ơ/ơ, Ư/ư.
    assert all(code in covered for code in [*range(0x1EA0, 0x1EFA), 0x110, 0x111, 0x1A0, 0x1A1, 0x1AF, 0x1B0])


def test_names_typed_with_combining_marks_are_drawn_with_the_fonts_own_letters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Đức Thạnh")

    assert decomposed != "Nguyễn Đức Thạnh"
    assert cards.drawable(decomposed) == "Nguyễn Đức Thạnh"


def test_characters_the_font_cannot_draw_are_left_out_not_drawn_as_boxes():
    assert cards.drawable("Tổ 🦄 Ấp\u200b 1\x00") == "Tổ Ấp 1"


def _png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_a_card_is_a_1200_by_630_png():
    text = cards.CardText(kicker="Thi kỹ năng số", title="Tổ CNS Ấp Thạnh Đức", score="9/10 điểm · Tuần 48")

    assert _png(cards.png(text)).size == (1200, 630)


def test_a_very_long_name_or_emoji_still_draws_cut_to_its_lines():
    long_name = "Tổ chuyển đổi số cộng đồng " * 40 + "😀🎉" * 50 + "X" * 500

    image = _png(cards.png(cards.CardText(kicker=long_name, title=long_name, lines=(long_name,), score=long_name)))
    font, lines = cards.fit(
        cards.drawable(long_name, cards.BOLD), path=cards.BOLD, sizes=(72, 42), width=1072, max_lines=3
    )

    assert image.size == (1200, 630)
    assert len(lines) == 3 and lines[-1].endswith("…") and font.size == 42
    assert all(font.getlength(line) <= 1072 for line in lines)


def test_another_text_is_another_key_and_the_same_text_the_same():
    one = cards.CardText(title="Tổ CNS Ấp 1", lines=("Ấp 1",))

    assert one.key() == cards.CardText(title="Tổ CNS Ấp 1", lines=("Ấp 1",)).key()
    assert one.key() != cards.CardText(title="Tổ CNS Ấp 2", lines=("Ấp 1",)).key()


# The images' addresses


@pytest.fixture
def team_image(team_a) -> str:
    return reverse("cards:image", args=["team", og.ref("team", team_a.pk)])


def test_the_image_is_a_png_with_an_etag_and_a_cache_lifetime(client, team_image):
    response = client.get(team_image)

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _png(response.content).size == (1200, 630)
    assert response["ETag"].startswith('"') and "max-age=" in response["Cache-Control"]


def test_a_browser_that_has_the_image_gets_a_304(client, team_image):
    etag = client.get(team_image)["ETag"]

    again = client.get(team_image, headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""


def test_a_renamed_team_gets_a_new_etag(client, team_a, team_image):
    before = client.get(team_image)["ETag"]
    team_a.name = "Tổ CNS Ấp Một"
    team_a.save(update_fields=["name"])

    after = client.get(team_image, headers={"If-None-Match": before})

    assert after.status_code == 200 and after["ETag"] != before


def test_an_image_is_drawn_once_then_served_from_the_cache(client, team_image, monkeypatch):
    drawn = []
    monkeypatch.setattr(card_views, "png", lambda text: drawn.append(text) or cards.png(text))

    first, second = client.get(team_image), client.get(team_image)

    assert first.content == second.content and len(drawn) == 1


def test_an_address_the_site_never_gave_is_a_404_without_a_database_read(client, team_a, django_assert_num_queries):
    forged = f"{team_a.pk}-{'0' * 16}"
    with django_assert_num_queries(0):
        assert client.get(reverse("cards:image", args=["team", forged])).status_code == 404
        assert client.get(reverse("cards:image", args=["nothing", og.ref("nothing", 1)])).status_code == 404
    # Another kind's signature does not open this kind.
    assert client.get(reverse("cards:image", args=["team", og.ref("round", team_a.pk)])).status_code == 404


def test_drawing_is_bounded_per_address_and_drawn_images_are_not(client, hamlet_a, settings, monkeypatch):
    monkeypatch.setattr(card_views, "CARD_DRAWS", limits.Limit("card-draws-test", count=2, seconds=60))
    monkeypatch.setattr(card_views, "png", lambda text: b"\x89PNG drawn")
    settings.ACCOUNT_RATE_LIMITS = {}
    teams = [accounts.create_team(unit=hamlet_a, name=f"Tổ {n}") for n in range(3)]
    urls = [reverse("cards:image", args=["team", og.ref("team", team.pk)]) for team in teams]

    answers = [client.get(url).status_code for url in urls]

    assert answers == [200, 200, 429]
    assert client.get(urls[0]).status_code == 200  # already drawn: never counted
    assert client.get(urls[2])["Retry-After"] == "60"


def test_the_sites_card_is_drawn_in_the_language_the_person_chose(client, settings):
    vietnamese = client.get(reverse("cards:site"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("cards:site"))

    assert vietnamese.status_code == english.status_code == 200
    assert vietnamese["ETag"] != english["ETag"] and vietnamese.content != english.content
