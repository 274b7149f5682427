from __future__ import annotations

from django.urls import reverse

from quizsite.accounts import services
from quizsite.accounts.models import Unit


def test_the_unit_list_shows_the_organisers_subtree_with_team_counts(client, organiser_a, team_a, hamlet_a):
    services.create_team(unit=hamlet_a, name="Tổ thứ hai")
    client.force_login(organiser_a)
    html = client.get(reverse("accounts:unit_list")).content.decode()
    assert "Xã An Bình" in html
    assert "Ấp 1" in html
    assert html.count("(2 tổ)") == 2  # the commune and its hamlet


def test_the_unit_list_takes_a_fixed_number_of_queries(client, organiser_a, commune_a, django_assert_max_num_queries):
    for i in range(15):
        hamlet = services.create_unit(name=f"Ấp {i}", kind=Unit.Kind.HAMLET, parent=commune_a)
        services.create_team(unit=hamlet, name=f"Tổ {i}")
    client.force_login(organiser_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:unit_list"))
    assert response.content.decode().count("(1 tổ)") == 15


def test_a_viewer_sees_the_unit_without_the_forms(client, viewer_a, commune_a, hamlet_a):
    client.force_login(viewer_a)
    html = client.get(reverse("accounts:unit_detail", args=[commune_a.pk])).content.decode()
    assert "Ấp 1" in html
    assert reverse("accounts:unit_add_child", args=[commune_a.pk]) not in html
    assert reverse("accounts:team_create", args=[commune_a.pk]) not in html


def test_the_unit_page_shows_children_teams_and_officers(client, organiser_a, commune_a, hamlet_a, team_a):
    client.force_login(organiser_a)
    html = client.get(reverse("accounts:unit_detail", args=[commune_a.pk])).content.decode()
    assert "Ấp 1" in html and "Phạm Tổ Chức" in html
    html = client.get(reverse("accounts:unit_detail", args=[hamlet_a.pk])).content.decode()
    assert "Tổ CNS Ấp 1" in html and "0/10 thành viên" in html


def test_the_unit_page_does_not_link_above_the_officers_own_unit(client, organiser_a, province, hamlet_a):
    client.force_login(organiser_a)
    html = client.get(reverse("accounts:unit_detail", args=[hamlet_a.pk])).content.decode()
    assert reverse("accounts:unit_detail", args=[province.pk]) not in html


def test_an_organiser_adds_a_hamlet(client, organiser_a, commune_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("accounts:unit_add_child", args=[commune_a.pk]), {"name": "Khu phố 3", "kind": "hamlet"}
    )
    assert response.status_code == 302
    hamlet = Unit.objects.get(name="Khu phố 3")
    assert hamlet.parent == commune_a and hamlet.path.startswith(commune_a.path)


def test_an_organiser_adds_an_enterprise(client, organiser_a, commune_a):
    client.force_login(organiser_a)
    client.post(
        reverse("accounts:unit_add_child", args=[commune_a.pk]), {"name": "Công ty May 10", "kind": "enterprise"}
    )
    assert Unit.objects.get(name="Công ty May 10").kind == Unit.Kind.ENTERPRISE


def test_an_organiser_cannot_add_a_province_under_a_commune(client, organiser_a, commune_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("accounts:unit_add_child", args=[commune_a.pk]), {"name": "Tỉnh Giả", "kind": "province"}, follow=True
    )
    assert not Unit.objects.filter(name="Tỉnh Giả").exists()
    assert "Loại:" in response.content.decode()


def test_a_duplicate_child_name_is_refused_in_vietnamese(client, organiser_a, commune_a, hamlet_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("accounts:unit_add_child", args=[commune_a.pk]), {"name": "Ấp 1", "kind": "hamlet"}, follow=True
    )
    assert "Đã có đơn vị tên “Ấp 1” ở cấp này." in response.content.decode()
    assert Unit.objects.filter(name="Ấp 1").count() == 1


def test_an_organiser_renames_a_hamlet(client, organiser_a, hamlet_a):
    client.force_login(organiser_a)
    client.post(reverse("accounts:unit_rename", args=[hamlet_a.pk]), {"name": "Ấp Một"})
    hamlet_a.refresh_from_db()
    assert hamlet_a.name == "Ấp Một"


def test_an_official_unit_name_is_not_renamed_here(client, province, make_officer):
    officer = make_officer("organiser", province)
    client.force_login(officer)
    response = client.post(reverse("accounts:unit_rename", args=[province.pk]), {"name": "Tỉnh Khác"}, follow=True)
    province.refresh_from_db()
    assert province.name == "Tỉnh Demo"
    assert "không đổi ở đây" in response.content.decode()


def test_an_organiser_creates_a_team_and_lands_on_it(client, organiser_a, hamlet_a):
    client.force_login(organiser_a)
    response = client.post(reverse("accounts:team_create", args=[hamlet_a.pk]), {"name": "Tổ CNS Ấp 1"})
    team = hamlet_a.teams.get()
    assert response["Location"] == reverse("accounts:team_detail", args=[team.pk])
    assert team.invite_token


def test_a_blank_team_name_is_refused(client, organiser_a, hamlet_a):
    client.force_login(organiser_a)
    response = client.post(reverse("accounts:team_create", args=[hamlet_a.pk]), {"name": "  "}, follow=True)
    assert not hamlet_a.teams.exists()
    assert "Tên tổ" in response.content.decode()
