"""Refusals speak the user's language too: officers meet 403 and 404 daily."""

from __future__ import annotations

from django.urls import reverse


def test_a_question_outside_my_commune_gives_a_vietnamese_404(client, author_b, approved_question):
    client.force_login(author_b)

    response = client.get(reverse("questionbank:detail", args=[approved_question.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Not Found" not in page


def test_a_member_opening_an_officer_page_gets_a_vietnamese_403(client, member_a):
    client.force_login(member_a)

    response = client.get(reverse("questionbank:list"))

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_an_expired_form_explains_itself_and_reassures(make_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user())

    response = browser.post(reverse("set_language"), {"language": "en"})

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_an_unknown_address_gives_the_404_page_in_english_once_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
