"""The award pages as organisers, viewers, outsiders and the public see them."""

from __future__ import annotations

import io
import re

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leaderboards.awards import drafting, services
from leaderboards.awards.models import AwardAudit, AwardList
from quizsite.accounts import services as accounts
from tests.leaderboards.awards_fixtures import last_week, play, publish


def _form(body, **extra) -> dict:
    data = {
        "body": body.pk,
        "period_kind": "week",
        "day": last_week().first.isoformat(),
        "ranked": "people",
        "tier_name_0": "Giải Nhất",
        "tier_count_0": 1,
        "tier_name_1": "Giải Nhì",
        "tier_count_1": 2,
        "exclude_officers": "on",
    }
    data.update(extra)
    return data


def test_an_organiser_creates_a_draft_and_sees_winners_and_the_skipped(client, organiser_a, contest, body, players):
    client.force_login(organiser_a)

    response = client.post(reverse("leaderboards:award_list_create", args=[contest.pk]), _form(body))

    award_list = AwardList.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "leaderboards:award_list", args=[award_list.pk]
    )
    assert award_list.tiers == [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}]
    assert award_list.period_slug == last_week().slug and award_list.scope == body.unit
    page = client.get(response["Location"]).content.decode()
    assert "Bình" in page and "Cường" in page and "Dũng" in page
    assert "Cán bộ đơn vị tổ chức" in page  # An, skipped
    assert "Gửi duyệt" in page


def test_bad_input_creates_nothing_and_says_why(client, organiser_a, contest, body, players):
    client.force_login(organiser_a)
    url = reverse("leaderboards:award_list_create", args=[contest.pk])

    no_tiers = client.post(url, _form(body, tier_name_0="", tier_count_0="", tier_name_1="", tier_count_1=""))
    half_tier = client.post(url, _form(body, tier_count_1=""))
    stage_missing = client.post(url, _form(body, period_kind="stage"))
    team_rules = client.post(url, _form(body, ranked="teams"))

    assert AwardList.objects.count() == 0
    assert "Cần ít nhất một giải" in no_tiers.content.decode()
    assert "Mỗi giải cần cả tên và số lượng" in half_tier.content.decode()
    assert "Hãy chọn giai đoạn" in stage_missing.content.decode()
    assert "chỉ áp dụng cho danh sách cá nhân" in team_rules.content.decode()


def test_a_list_of_a_period_still_running_says_so(client, organiser_a, contest, body, players, make_week_round):
    from leaderboards.periods import Period

    make_week_round(Period.current("week"), title="Vòng tuần này", closes_in_days=7)
    client.force_login(organiser_a)
    client.post(
        reverse("leaderboards:award_list_create", args=[contest.pk]),
        _form(body, day=Period.current("week").first.isoformat()),
    )
    award_list = AwardList.objects.get()

    page = client.get(reverse("leaderboards:award_list", args=[award_list.pk])).content.decode()
    refused = client.post(reverse("leaderboards:award_list_review", args=[award_list.pk]), follow=True)

    assert "“Vòng tuần này” chưa kết thúc" in page
    assert "chưa kết thúc" in refused.content.decode()
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.DRAFT


def test_review_then_publish_by_another_organiser(client, organiser_a, organiser_a2, make_list, players):
    award_list = make_list()
    client.force_login(organiser_a)
    client.post(reverse("leaderboards:award_list_review", args=[award_list.pk]))
    page = client.get(reverse("leaderboards:award_list", args=[award_list.pk])).content.decode()
    assert "cần một cán bộ tổ chức khác" in page and "Công bố danh sách" not in page

    client.force_login(organiser_a2)
    page = client.get(reverse("leaderboards:award_list", args=[award_list.pk])).content.decode()
    seen = re.search(r'name="seen_hash" value="([0-9a-f]{64})"', page)[1]
    response = client.post(reverse("leaderboards:award_list_publish", args=[award_list.pk]), {"seen_hash": seen})

    award_list.refresh_from_db()
    assert response.status_code == 302 and award_list.status == AwardList.Status.PUBLISHED
    assert award_list.content_hash == seen
    assert award_list.rows.count() == 4


def test_publishing_with_a_stale_or_missing_hash_changes_nothing(client, organiser_a, organiser_a2, make_list, players):
    award_list = services.send_for_review(actor=organiser_a, award_list=make_list())
    client.force_login(organiser_a2)

    missing = client.post(reverse("leaderboards:award_list_publish", args=[award_list.pk]), follow=True)
    stale = client.post(
        reverse("leaderboards:award_list_publish", args=[award_list.pk]), {"seen_hash": "0" * 64}, follow=True
    )

    assert "Thiếu xác nhận" in missing.content.decode()
    assert "đã thay đổi" in stale.content.decode()
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.REVIEW and not award_list.rows.exists()


def test_a_viewer_reads_but_cannot_publish(client, viewer_a, organiser_a, make_list, players):
    award_list = services.send_for_review(actor=organiser_a, award_list=make_list())
    client.force_login(viewer_a)

    assert client.get(reverse("leaderboards:award_list", args=[award_list.pk])).status_code == 200
    seen = drafting.draft(award_list).content_hash
    response = client.post(reverse("leaderboards:award_list_publish", args=[award_list.pk]), {"seen_hash": seen})

    assert response.status_code == 403
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.REVIEW


def test_commune_b_gets_404_and_a_member_403(client, organiser_b, member_a, organiser_a, make_list, players, contest):
    award_list = services.send_for_review(actor=organiser_a, award_list=make_list())
    seen = drafting.draft(award_list).content_hash
    pages = [
        reverse("leaderboards:award_lists", args=[contest.pk]),
        reverse("leaderboards:award_list", args=[award_list.pk]),
        reverse("leaderboards:award_list_excel", args=[award_list.pk]),
    ]
    publish_url = reverse("leaderboards:award_list_publish", args=[award_list.pk])

    client.force_login(organiser_b)
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    assert client.post(publish_url, {"seen_hash": seen}).status_code == 404
    client.force_login(member_a)
    assert [client.get(url).status_code for url in pages] == [403, 403, 403]
    assert client.post(publish_url, {"seen_hash": seen}).status_code == 403
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.REVIEW


def test_the_correction_form_needs_a_reason_and_makes_a_new_version(client, organiser_a, published):
    client.force_login(organiser_a)
    url = reverse("leaderboards:award_list_correct", args=[published.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and AwardList.objects.count() == 1
    response = client.post(url, {"reason": "Sai tên một người đạt giải"})

    correction = AwardList.objects.get(replaces=published)
    assert response["Location"] == reverse("leaderboards:award_list", args=[correction.pk])
    assert correction.version == 2 and correction.status == AwardList.Status.DRAFT
    assert AwardAudit.objects.get(award_list=correction).reason == "Sai tên một người đạt giải"


def test_a_replaced_list_says_so_and_links_its_correction(client, organiser_a, organiser_a2, published):
    correction = services.start_correction(actor=organiser_a, award_list=published, reason="Sai tên")
    publish(correction, organiser_a, organiser_a2)

    public = client.get(reverse("leaderboards:award_public", args=[published.public_token])).content.decode()
    client.force_login(organiser_a)
    officer = client.get(reverse("leaderboards:award_list", args=[published.pk])).content.decode()

    assert "ĐÃ ĐƯỢC THAY THẾ" in public
    assert reverse("leaderboards:award_public", args=[correction.public_token]) in public
    assert "Đính chính" in officer and "Sai tên" in officer
    assert reverse("leaderboards:award_list", args=[correction.pk]) in officer


def test_the_public_page_shows_no_personal_data_but_the_masked_phone(client, published, players):
    response = client.get(reverse("leaderboards:award_public", args=[published.public_token]))
    annex = client.get(reverse("leaderboards:award_annex", args=[published.public_token]))

    assert response.status_code == 200 and annex.status_code == 200
    for page in (response.content.decode(), annex.content.decode()):
        for name in ("An", "Bình", "Cường", "Dũng"):
            user = players[name]
            assert user.phone not in page
            assert "0" + user.phone.removeprefix("+84") not in page
            assert user.phone.removeprefix("+84") not in page
            assert user.email not in page
        assert not re.search(r"data-[\w-]*(user|pk|id)[\w-]*=", page)
        assert "user_pk" not in page
    page = response.content.decode()
    an = players["An"].phone
    assert f"0{an[3:6]}***{an[-3:]}" in page
    assert "Giải Nhất" in page and "Tổ Một" in page and "Ấp 1" in page
    assert '<meta property="og:title"' in page and published.title in page


def test_a_draft_has_no_public_page(client, make_list, players):
    award_list = make_list()

    assert client.get(reverse("leaderboards:award_public", args=[award_list.public_token])).status_code == 404
    assert client.get(reverse("leaderboards:award_public", args=["nope"])).status_code == 404


def test_the_annex_is_the_customary_a4_form(client, published):
    page = client.get(reverse("leaderboards:award_annex", args=[published.public_token])).content.decode()

    assert "Phụ lục" in page and "DANH SÁCH CÁ NHÂN ĐẠT GIẢI" in page
    assert "UBND XÃ AN BÌNH" in page and "Kèm theo Quyết định số" in page
    assert 'class="topbar"' not in page  # no menus in print
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/awards.css"), encoding="utf-8").read()
    assert "@page{size:A4;margin:20mm}" in css


def test_the_excel_export_holds_the_published_rows(client, organiser_a, published):
    client.force_login(organiser_a)

    response = client.get(reverse("leaderboards:award_list_excel", args=[published.pk]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert published.content_hash in values[0][0]
    assert values[1][:5] == ["STT", "Họ và tên / tên", "Tổ", "Đơn vị", "Giải"]
    assert [r[:5] for r in values[2:]] == [
        [1, "An", "Tổ Một", "Ấp 1", "Giải Nhất"],
        [2, "Bình", "Tổ Một", "Ấp 1", "Giải Nhì"],
        [3, "Cường", "Tổ Một", "Ấp 1", "Giải Ba"],
        [4, "Dũng", "Tổ Hai", "Ấp 1", "Giải Ba"],
    ]


def _many_players(n, make_user, hamlet_a, round):
    for i in range(n):
        team = accounts.create_team(unit=hamlet_a, name=f"Tổ số {i}")
        user = make_user(name=f"Người chơi {i:02d}")
        accounts.add_member(team=team, user=user, affiliation="youth_union")
        play(round, user, team, score=50 - i, seconds=100 + i)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_and_public_pages_take_as_many_queries_for_5_winners_as_for_30(
    client, organiser_a, organiser_a2, make_user, hamlet_a, closed_round, make_list
):
    _many_players(30, make_user, hamlet_a, closed_round)
    rules = {"youth_union_only": True, "exclude_officers": True, "one_prize_per_team": True}
    lists = [
        make_list(tiers=[{"name": "Giải Nhất", "count": 1}, {"name": "Khuyến khích", "count": n - 1}], **rules)
        for n in (5, 30)
    ]
    client.force_login(organiser_a)
    drafts = [_queries(client, reverse("leaderboards:award_list", args=[a.pk])) for a in lists]
    published = [publish(a, organiser_a, organiser_a2) for a in lists]
    client.force_login(organiser_a)
    frozen = [_queries(client, reverse("leaderboards:award_list", args=[a.pk])) for a in published]
    client.logout()
    public = [_queries(client, reverse("leaderboards:award_public", args=[a.public_token])) for a in published]

    assert drafts[0] == drafts[1] and drafts[0] <= 25
    assert frozen[0] == frozen[1]
    assert public[0] == public[1] <= 3
    page = client.get(reverse("leaderboards:award_public", args=[published[1].public_token])).content.decode()
    assert page.count("Người chơi") == 30
