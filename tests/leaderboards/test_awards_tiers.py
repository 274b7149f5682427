"""The prize table's limits (leaderboards.awards.services.check_tiers): one function, one message each,
asked by the service and by the list form alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leaderboards.awards.models import AwardList
from leaderboards.awards.services import MAX_PRIZES, MAX_TIERS, check_tiers
from tests.leaderboards.test_awards_pages import _form

AT_LEAST_ONE = "Cần ít nhất một giải (tên và số lượng)."
TOO_MANY = f"Tối đa {MAX_TIERS} loại giải."
NAMES = "Mỗi loại giải cần một tên riêng."
COUNTS = f"Số giải mỗi loại từ 1; tổng không quá {MAX_PRIZES}."


def tier(name: str, count: int) -> dict:
    return {"name": name, "count": count}


def test_a_prize_table_within_the_limits_comes_back_with_names_trimmed():
    assert check_tiers([tier(" Giải Nhất ", 1), tier("Giải Nhì", "2")]) == [tier("Giải Nhất", 1), tier("Giải Nhì", 2)]


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ([], AT_LEAST_ONE),
        ([tier(f"Giải {i}", 1) for i in range(MAX_TIERS + 1)], TOO_MANY),
        ([tier("Giải Nhất", 1), tier("giải nhất", 2)], NAMES),
        ([tier("  ", 1)], NAMES),
        ([tier("Giải Nhất", 0)], COUNTS),
        ([tier("Giải Nhất", MAX_PRIZES + 1)], COUNTS),
        ([tier("Giải Nhất", 600), tier("Giải Nhì", 401)], COUNTS),
    ],
)
def test_each_limit_is_refused_with_its_one_message(tiers, message):
    with pytest.raises(ValidationError) as refused:
        check_tiers(tiers)

    assert refused.value.message_dict == {"tiers": [message]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"tier_name_0": "", "tier_count_0": "", "tier_name_1": "", "tier_count_1": ""}, AT_LEAST_ONE),
        ({"tier_name_1": "Giải Nhất"}, NAMES),
        ({"tier_count_0": 0}, COUNTS),
        ({"tier_count_0": MAX_PRIZES + 1}, COUNTS),
        ({"tier_count_0": 600, "tier_count_1": 401}, COUNTS),
    ],
)
def test_the_list_form_says_the_services_message_once_and_creates_nothing(
    client, organiser_a, contest, body, players, rows, message
):
    client.force_login(organiser_a)

    page = client.post(reverse("leaderboards:award_list_create", args=[contest.pk]), _form(body, **rows))

    assert page.status_code == 200 and AwardList.objects.count() == 0
    assert page.content.decode().count(message) == 1
    # Django's own bounds on a number field would word the same limit a second way.
    assert "Đảm bảo" not in page.content.decode() and "Ensure this value" not in page.content.decode()
