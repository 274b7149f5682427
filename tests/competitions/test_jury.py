"""A competition's jury, named by its organiser on the competition's page; never awarded (test_awards_quotas.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.models import Competition
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment


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


# --- Several at once: a list pasted from Excel, all or nothing ---------------------------------


def _local(user) -> str:
    """The phone as an officer's sheet writes it: 0912.345.678."""
    digits = "0" + user.phone.removeprefix("+84")
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _paste(client, competition: Competition, text: str):
    return client.post(reverse("organise:jury_add_list", args=[competition.pk]), {"phones": text}, follow=True)


@pytest.fixture
def contest(commune_a, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi", unit=commune_a, created_by=organiser_a)


@pytest.fixture
def people_a(make_user, team_a):
    """Three members of commune A's team."""
    found = []
    for name in ("Lê Giám Khảo", "Mai Giám Khảo", "Tạ Giám Khảo"):
        user = make_user(name=name)
        accounts.add_member(team=team_a, user=user)
        found.append(user)
    return found


def test_an_organiser_adds_a_pasted_list_with_spaces_dots_and_blank_lines_and_is_told_how_many(
    client, organiser_a, contest, people_a
):
    one, two, three = people_a
    client.force_login(organiser_a)

    page = _paste(client, contest, f"{_local(one)}\r\n\r\n  {two.phone[3:]}  \n0{three.phone[3:6]} {three.phone[6:]}\n")

    assert set(contest.jury.all()) == set(people_a)
    assert "Đã thêm 3 người vào ban giám khảo." in page.content.decode()


def test_one_wrong_line_of_each_kind_adds_nobody_and_each_is_named_by_its_line(
    client, organiser_a, organiser_b, contest, people_a, member_b
):
    one, two, _three = people_a
    client.force_login(organiser_a)
    lines = [
        _local(one),  # 1: right
        "0912 34",  # 2: not a phone
        _local(member_b),  # 3: a member of commune B: outside organiser A's units
        "0987 000 111",  # 4: nobody's
        _local(two),  # 5: right
        one.phone,  # 6: line 1 again
    ]

    response = _paste(client, contest, "\n".join(lines))

    page = response.content.decode()
    assert response.status_code == 200 and contest.jury.count() == 0
    assert "Dòng 2: “0912 34” không phải số di động Việt Nam (ví dụ đúng: 0912 345 678)." in page
    b = "0" + member_b.phone[3:]
    outside = f"Dòng 3: không tìm thấy ai có số {b[:4]} {b[4:7]} {b[7:]} trong các đơn vị bạn tổ chức cuộc thi."
    assert outside in page
    assert "Dòng 4: không tìm thấy ai có số 0987 000 111 trong các đơn vị bạn tổ chức cuộc thi." in page
    first = "0" + one.phone[3:]
    assert f"Dòng 6: số {first[:4]} {first[4:7]} {first[7:]} trùng với dòng 1." in page
    assert "Dòng 1:" not in page and "Dòng 5:" not in page
    # The list stays in the box as pasted, to be corrected.
    assert response.context["jury_list_form"]["phones"].value() == "\n".join(lines)


def test_a_phone_in_another_commune_gets_the_same_answer_as_a_phone_nobody_has(client, organiser_a, contest, member_b):
    client.force_login(organiser_a)
    nobody = "0987000111"
    assert not Membership.objects.filter(user__phone="+84" + nobody[1:]).exists()

    outside = _paste(client, contest, _local(member_b)).content.decode()
    missing = _paste(client, contest, nobody).content.decode()

    b = "0" + member_b.phone[3:]
    told = [page.split("Dòng 1: ")[1].split("</li>")[0] for page in (outside, missing)]
    assert told == [
        f"không tìm thấy ai có số {b[:4]} {b[4:7]} {b[7:]} trong các đơn vị bạn tổ chức cuộc thi.",
        "không tìm thấy ai có số 0987 000 111 trong các đơn vị bạn tổ chức cuộc thi.",
    ]
    assert contest.jury.count() == 0


def test_a_province_organiser_adds_people_of_both_communes_and_a_commune_organiser_only_its_own(
    client, make_officer, province, organiser_a, organiser_b, contest, people_a, member_b
):
    province_organiser = make_officer(RoleAssignment.Role.ORGANISER, province, "Sở Tổ Chức")
    url = reverse("organise:jury_add_list", args=[contest.pk])

    client.force_login(organiser_b)  # commune B's organiser: commune A's competition is not theirs
    assert client.post(url, {"phones": _local(member_b)}).status_code == 404
    client.force_login(organiser_a)
    refused = _paste(client, contest, f"{_local(people_a[0])}\n{_local(member_b)}").content.decode()
    assert "Dòng 2: không tìm thấy ai có số" in refused and contest.jury.count() == 0
    client.force_login(province_organiser)
    done = _paste(client, contest, f"{_local(people_a[0])}\n{_local(member_b)}").content.decode()

    assert set(contest.jury.all()) == {people_a[0], member_b}
    assert "Đã thêm 2 người vào ban giám khảo." in done


def test_people_already_on_the_jury_are_counted_apart(client, organiser_a, contest, people_a):
    contest.jury.add(people_a[0])
    client.force_login(organiser_a)

    page = _paste(client, contest, "\n".join(_local(p) for p in people_a)).content.decode()

    assert contest.jury.count() == 3
    assert "Đã thêm 2 người vào ban giám khảo. 1 người đã có tên từ trước." in page


def test_a_list_of_more_than_50_phones_is_refused_with_its_limit(client, organiser_a, contest, people_a):
    client.force_login(organiser_a)
    text = "\n".join([_local(people_a[0])] + [f"0912 000 {i:03d}" for i in range(50)])

    page = _paste(client, contest, text).content.decode()

    assert "Mỗi lần thêm được tối đa 50 số; danh sách có 51 số. Hãy chia thành nhiều lần." in page
    assert contest.jury.count() == 0


def test_an_empty_list_and_a_viewer_change_nothing(client, organiser_a, viewer_a, contest, people_a):
    client.force_login(organiser_a)
    assert "Hãy dán danh sách số điện thoại, mỗi dòng một số." in _paste(client, contest, " \n ").content.decode()
    client.force_login(viewer_a)
    url = reverse("organise:jury_add_list", args=[contest.pk])
    assert client.post(url, {"phones": _local(people_a[0])}).status_code == 403
    assert contest.jury.count() == 0
