"""A competition's jury, named by its organiser on the competition's page; never awarded (test_awards_quotas.py)."""

from __future__ import annotations

from django.urls import reverse

from competitions.models import Competition


def _add(client, competition: Competition, phone: str):
    return client.post(reverse("organise:jury_add", args=[competition.pk]), {"phone": phone}, follow=True)


def test_an_organiser_names_a_jury_member_by_phone_and_removes_them(client, organiser_a, commune_a, member_a):
    competition = Competition.objects.create(title="Hội thi", unit=commune_a, created_by=organiser_a)
    client.force_login(organiser_a)

    page = _add(client, competition, "0" + member_a.phone.removeprefix("+84")).content.decode()

    assert list(competition.jury.all()) == [member_a]
    assert "Ban giám khảo" in page and member_a.display_name in page
    client.post(reverse("organise:jury_remove", args=[competition.pk, member_a.pk]))
    assert competition.jury.count() == 0


def test_a_phone_outside_the_organisers_units_or_not_a_phone_is_refused_and_changes_nothing(
    client, organiser_a, organiser_b, commune_a
):
    competition = Competition.objects.create(title="Hội thi", unit=commune_a, created_by=organiser_a)
    client.force_login(organiser_a)

    outside = _add(client, competition, organiser_b.phone).content.decode()
    garbage = _add(client, competition, "12ab").content.decode()

    assert competition.jury.count() == 0
    assert "Không tìm thấy ai có số điện thoại này trong các đơn vị bạn tổ chức cuộc thi." in outside
    assert "Số điện thoại không hợp lệ" in garbage


def test_a_viewer_an_outsider_and_a_get_cannot_change_the_jury(
    client, organiser_a, viewer_a, organiser_b, commune_a, member_a
):
    competition = Competition.objects.create(title="Hội thi", unit=commune_a, created_by=organiser_a)
    url = reverse("organise:jury_add", args=[competition.pk])

    client.force_login(viewer_a)
    assert client.post(url, {"phone": member_a.phone}).status_code == 403
    client.force_login(organiser_b)
    assert client.post(url, {"phone": member_a.phone}).status_code == 404
    client.force_login(organiser_a)
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"phone": member_a.phone}).status_code == 302
    assert competition.jury.count() == 0
