"""The officer's roster page: upload, preview with the row report and the missing, then import."""

from __future__ import annotations

from django.urls import reverse

from quizsite.accounts.models import Membership
from tests.accounts.roster_files import member, upload

ROWS = [member("An", "0912000001", role="Tổ trưởng"), member("Bình", "0912000002", hamlet="Ấp 7", team="Tổ 7")]


def _preview(client, unit, rows):
    return client.post(reverse("accounts:roster_import", args=[unit.pk]), {"file": upload(rows)})


def test_an_organiser_previews_then_imports_and_nothing_is_written_before(client, organiser_a, commune_a, hamlet_a):
    client.force_login(organiser_a)

    page = _preview(client, commune_a, ROWS)

    html = page.content.decode()
    assert page.status_code == 200 and "Ấp 7 (Xã An Bình)" in html and "Tổ 7 (Ấp 7, Xã An Bình)" in html
    assert Membership.objects.count() == 0
    token = page.context["token"]
    done = client.post(reverse("accounts:roster_import_confirm", args=[commune_a.pk]), {"token": token}, follow=True)
    assert "Đã nhập 2 thành viên: 2 người mới" in done.content.decode()
    assert Membership.objects.count() == 2


def test_a_wrong_row_shows_its_cell_and_offers_no_import(client, organiser_a, commune_a, hamlet_a):
    client.force_login(organiser_a)

    html = _preview(client, commune_a, [member("An", "0912")]).content.decode()

    assert "E2" in html and "không phải số di động Việt Nam" in html
    assert reverse("accounts:roster_import_confirm", args=[commune_a.pk]) not in html


def test_the_missing_are_listed_and_removed_only_when_ticked(client, organiser_a, commune_a, hamlet_a):
    client.force_login(organiser_a)
    first = _preview(client, commune_a, ROWS).context["token"]
    client.post(reverse("accounts:roster_import_confirm", args=[commune_a.pk]), {"token": first})

    page = _preview(client, commune_a, ROWS[:1])
    assert [m.user.full_name for m in page.context["plan"].missing] == []  # Bình's team is not in this file
    page = _preview(client, commune_a, [member("An", "0912000001", hamlet="Ấp 7", team="Tổ 7")])
    assert "Có trong tổ nhưng không có trong tệp" in page.content.decode()
    url = reverse("accounts:roster_import_confirm", args=[commune_a.pk])
    client.post(url, {"token": page.context["token"], "remove_missing": "on"})

    assert list(Membership.objects.values_list("user__full_name", "team__name")) == [("An", "Tổ 7")]


def test_another_officer_cannot_use_someone_elses_upload(client, organiser_a, make_officer, commune_a, hamlet_a):
    client.force_login(organiser_a)
    token = _preview(client, commune_a, ROWS).context["token"]
    other = make_officer("organiser", commune_a, "Cán bộ khác")
    client.force_login(other)

    client.post(reverse("accounts:roster_import_confirm", args=[commune_a.pk]), {"token": token})

    assert Membership.objects.count() == 0


def test_an_organiser_of_another_commune_gets_a_404(client, organiser_b, commune_a):
    client.force_login(organiser_b)

    assert client.get(reverse("accounts:roster_import", args=[commune_a.pk])).status_code == 404
    assert client.post(reverse("accounts:roster_import_confirm", args=[commune_a.pk])).status_code == 404


def test_a_viewer_may_not_import(client, viewer_a, commune_a):
    client.force_login(viewer_a)

    assert client.get(reverse("accounts:roster_import", args=[commune_a.pk])).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, commune_a):
    response = client.get(reverse("accounts:roster_import", args=[commune_a.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_confirmation_refuses_a_get(client, organiser_a, commune_a):
    client.force_login(organiser_a)

    assert client.get(reverse("accounts:roster_import_confirm", args=[commune_a.pk])).status_code == 405
