"""Vietnamese first: the browser's language never overrides it, a choice does."""

from __future__ import annotations

from django.urls import reverse


def test_a_phone_set_to_english_still_gets_the_vietnamese_site(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="vi">' in page
    assert "Số điện thoại hoặc e-mail" in page


def test_choosing_english_with_the_switch_shows_english_pages(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("account_login")).content.decode()

    assert '<html lang="en">' in page


def test_choosing_vietnamese_again_brings_vietnamese_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_a_forged_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "xx"

    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_the_fixed_topics_read_in_english_once_chosen(client, author_a, approved_question):
    client.force_login(author_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("questionbank:list")).content.decode()

    assert "Staying safe online" in page
    assert "Bảo vệ bản thân trên môi trường số" not in page
