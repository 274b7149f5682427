"""Prize quotas per category and the jury, on hand-computed examples.

The engine alone: ten people in rank order, a first prize, then six encouragement prizes split
2 officers / 2 youth / 2 others (rank = key)::

    category  people (ranks)
    officer   3, 8
    youth     1, 2, 5, 6, 9
    other     4, 7, 10

Giải Nhất: 1. Khuyến khích walks 2 (youth), 3 (officer), 4 (other), 5 (youth), 6 (youth: full, next),
7 (other), 8 (officer); 9 youth full; 10 other full (next). The officers have no one next.

On real attempts, the six people of awards_fixtures.py with their roster (``flagged``)::

    rank  person  organisation     flags                 category
    1     An      other            -                     other
    2     Bình    Youth Union      Youth Union           youth
    3     Cường   other            -                     other
    4     Dũng    post / telecom   Youth Union           youth (a member, whatever organisation)
    5     Em      other            officer, Youth Union  officer (the first that applies)
    6     Giang   women's union    -                     other
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leaderboards.awards import drafting, services
from leaderboards.awards.eligibility import (
    ANY,
    EMPTY,
    JURY,
    Candidate,
    Facts,
    Rules,
    Tier,
    allocate,
    category_of,
)
from leaderboards.awards.models import AwardList
from quizsite.accounts.models import Affiliation, Category, Membership
from tests.leaderboards.awards_fixtures import publish
from tests.leaderboards.test_awards_pages import _form

OFFICER, YOUTH, OTHER = Category.OFFICER, Category.YOUTH, Category.OTHER
PEOPLE = [Candidate(key=k, rank=k, total=100 - k, name=f"Người {k}") for k in range(1, 11)]
CATEGORIES = {3: OFFICER, 8: OFFICER, 1: YOUTH, 2: YOUTH, 5: YOUTH, 6: YOUTH, 9: YOUTH, 4: OTHER, 7: OTHER, 10: OTHER}
FIRST = Tier("Giải Nhất", 1)
SPLIT_MESSAGE = (
    "“Khuyến khích”: số giải chia cho cán bộ, đoàn viên và đối tượng khác phải cộng lại đúng 3 "
    "(để trống cả ba nếu không chia theo đối tượng)."
)


def encouragement(officer: int, youth: int, other: int, unfilled: str = EMPTY) -> Tier:
    split = ((OFFICER, officer), (YOUTH, youth), (OTHER, other))
    return Tier("Khuyến khích", officer + youth + other, split=split, unfilled=unfilled)


def _awarded(allocation) -> list[tuple[str, int, str]]:
    return [(w.tier, w.candidate.key, w.category) for w in allocation.winners]


def _quota(allocation, category):
    return next(q for q in allocation.quotas if q.category == category)


def test_a_persons_category_is_the_first_that_applies():
    assert category_of(is_officer=True, is_youth_union=True) == OFFICER
    assert category_of(is_officer=False, is_youth_union=True) == YOUTH
    assert category_of(is_officer=False, is_youth_union=False) == OTHER


def test_a_split_tier_fills_each_category_with_its_best_and_names_who_was_next():
    result = allocate(PEOPLE, [FIRST, encouragement(2, 2, 2)], Rules(), Facts(categories=CATEGORIES))

    assert _awarded(result) == [
        ("Giải Nhất", 1, ""),
        ("Khuyến khích", 2, YOUTH),
        ("Khuyến khích", 3, OFFICER),
        ("Khuyến khích", 4, OTHER),
        ("Khuyến khích", 5, YOUTH),
        ("Khuyến khích", 7, OTHER),
        ("Khuyến khích", 8, OFFICER),
    ]
    assert result.short == 0
    assert [c.key for c in _quota(result, YOUTH).winners] == [2, 5] and _quota(result, YOUTH).next.key == 6
    assert _quota(result, OTHER).next.key == 10
    assert _quota(result, OFFICER).next is None and _quota(result, OFFICER).unfilled == 0


def test_a_place_its_category_cannot_fill_stays_empty_when_the_organiser_says_so():
    # Only one officer (3): 8 is “other” here.
    categories = {**CATEGORIES, 8: OTHER}

    result = allocate(PEOPLE, [FIRST, encouragement(2, 2, 2, EMPTY)], Rules(), Facts(categories=categories))

    assert [key for _, key, _ in _awarded(result)] == [1, 2, 3, 4, 5, 7]
    assert result.short == 1
    officers = _quota(result, OFFICER)
    assert officers.unfilled == 1 and officers.given_to == [] and officers.unfilled_rule == EMPTY


def test_a_place_its_category_cannot_fill_goes_to_the_best_remaining_person_of_any_category():
    categories = {**CATEGORIES, 8: OTHER}

    result = allocate(PEOPLE, [FIRST, encouragement(2, 2, 2, ANY)], Rules(), Facts(categories=categories))

    # Left after the quotas: 6 (youth, passed over), 8 and 9 and 10: 6 is the best of them.
    assert _awarded(result)[-1] == ("Khuyến khích", 6, YOUTH)
    assert result.winners[-1].in_place_of == OFFICER
    assert result.short == 0
    assert [c.key for c in _quota(result, OFFICER).given_to] == [6]


def test_those_passed_over_by_a_split_tier_stay_in_the_running_for_the_next_tier():
    result = allocate(PEOPLE, [encouragement(1, 1, 1), Tier("Giải Ba", 2)], Rules(), Facts(categories=CATEGORIES))

    # Split: 1 youth, 3 officer, 4 other; then 2 (youth, passed over) and 5 take Giải Ba.
    assert [(tier, key) for tier, key, _ in _awarded(result)] == [
        ("Khuyến khích", 1),
        ("Khuyến khích", 3),
        ("Khuyến khích", 4),
        ("Giải Ba", 2),
        ("Giải Ba", 5),
    ]


def test_the_jury_is_never_awarded_and_the_reason_is_named():
    result = allocate(PEOPLE[:4], [Tier("Giải Nhất", 1), Tier("Giải Nhì", 1)], Rules(), Facts(jury=frozenset({1})))

    assert [w.candidate.key for w in result.winners] == [2, 3]
    assert [(s.candidate.key, s.reason, s.label) for s in result.skipped] == [(1, JURY, "Thành viên ban giám khảo")]


# --- On real attempts ------------------------------------------------------------------------

KK_SPLIT = {"name": "Khuyến khích", "count": 3, "split": {"officer": 1, "youth": 1, "other": 1}}


ROSTER = {  # person: organisation, Youth Union member, officer: the table above, as the roster import writes it
    "An": (Affiliation.OTHER, False, False),
    "Bình": (Affiliation.YOUTH_UNION, True, False),
    "Cường": (Affiliation.OTHER, False, False),
    "Dũng": (Affiliation.POST_TELECOM, True, False),
    "Em": (Affiliation.OTHER, True, True),
    "Giang": (Affiliation.WOMENS_UNION, False, False),
}


@pytest.fixture
def flagged(players):
    for name, (affiliation, youth, officer) in ROSTER.items():
        Membership.objects.filter(user=players[name]).update(
            affiliation=affiliation, is_youth_union=youth, is_officer=officer
        )
    return players


def _winners(draft) -> list[tuple[str, str, str]]:
    return [(row["tier"], row["name"], row.get("category", "")) for row in draft.rows]


def _next(draft) -> dict[str, str | None]:
    return {q["category"]: q["next"] and q["next"]["name"] for q in draft.source["quotas"]}


def test_a_draft_gives_each_category_its_places_from_the_roster_flags(flagged, make_list):
    draft = drafting.draft(make_list(tiers=[{"name": "Giải Nhất", "count": 1}, KK_SPLIT]))

    assert _winners(draft) == [
        ("Giải Nhất", "An", ""),
        ("Khuyến khích", "Bình", YOUTH),
        ("Khuyến khích", "Cường", OTHER),
        ("Khuyến khích", "Em", OFFICER),
    ]
    assert _next(draft) == {OFFICER: None, YOUTH: "Dũng", OTHER: "Giang"}


@pytest.mark.parametrize(
    ("unfilled", "winners", "short"),
    [(EMPTY, ["An", "Bình", "Cường", "Em"], 1), (ANY, ["An", "Bình", "Cường", "Em", "Dũng"], 0)],
)
def test_a_draft_follows_the_organisers_choice_for_a_place_nobody_of_its_category_can_take(
    flagged, make_list, unfilled, winners, short
):
    tier = {"name": "Khuyến khích", "count": 4, "split": {"officer": 2, "youth": 1, "other": 1}, "unfilled": unfilled}

    draft = drafting.draft(make_list(tiers=[{"name": "Giải Nhất", "count": 1}, tier]))

    assert [name for _, name, _ in _winners(draft)] == winners
    assert draft.allocation.short == short


def test_a_jury_member_is_skipped_and_the_next_of_their_category_wins(flagged, make_list, contest):
    contest.jury.add(flagged["Bình"])

    draft = drafting.draft(make_list(tiers=[{"name": "Giải Nhất", "count": 1}, KK_SPLIT]))

    assert [(s.candidate.name, s.label) for s in draft.allocation.skipped] == [("Bình", "Thành viên ban giám khảo")]
    assert ("Khuyến khích", "Dũng", YOUTH) in _winners(draft)


def test_the_draft_page_shows_per_category_who_won_who_was_next_and_what_became_of_an_empty_place(
    client, organiser_a, flagged, make_list, contest
):
    contest.jury.add(flagged["An"])
    tier = {"name": "Khuyến khích", "count": 3, "split": {"officer": 2, "youth": 1, "other": 0}, "unfilled": EMPTY}
    award_list = make_list(tiers=[tier])
    client.force_login(organiser_a)

    page = client.get(reverse("leaderboards:award_list", args=[award_list.pk])).content.decode()

    assert "Theo đối tượng" in page and "data-quotas" in page
    assert "Thành viên ban giám khảo" in page  # An
    assert "Không đủ người thuộc đối tượng Cán bộ, công chức: 1 suất để trống" in page
    assert "Dũng (hạng 4)" in page  # the youth next in line after Bình


def test_the_published_list_its_public_page_annex_and_excel_show_the_category(
    client, organiser_a, organiser_a2, flagged, make_list
):
    award_list = publish(make_list(tiers=[{"name": "Giải Nhất", "count": 1}, KK_SPLIT]), organiser_a, organiser_a2)

    assert list(award_list.rows.values_list("name", "category")) == [
        ("An", ""),
        ("Bình", YOUTH),
        ("Cường", OTHER),
        ("Em", OFFICER),
    ]
    assert services.verify(award_list)
    public = client.get(reverse("leaderboards:award_public", args=[award_list.public_token])).content.decode()
    annex = client.get(reverse("leaderboards:award_annex", args=[award_list.public_token])).content.decode()
    for page in (public, annex):
        assert "Đoàn viên" in page and "Cán bộ, công chức" in page and "Đối tượng khác" in page
    assert "<th>Đối tượng</th>" in annex
    client.force_login(organiser_a)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("leaderboards:award_list_excel", args=[award_list.pk])).content)
    ).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1][4:6] == ["Giải", "Đối tượng"]
    assert [r[5] for r in values[2:]] == [None, "Đoàn viên", "Đối tượng khác", "Cán bộ, công chức"]


def _on_the_team_page(client, person, affiliation: str) -> None:
    """The team page's “Thuộc tổ chức” form, as a leader or organiser sends it."""
    membership = Membership.objects.get(user=person)
    url = reverse("accounts:member_affiliation", args=[membership.team_id, membership.pk])
    assert client.post(url, {"affiliation": affiliation}).status_code == 302


def test_youth_union_only_takes_members_from_any_organisation_and_those_set_on_the_team_page(
    client, organiser_a, flagged, make_list
):
    # Giang's team page now says she comes from the Youth Union: that makes her a member.
    client.force_login(organiser_a)
    _on_the_team_page(client, flagged["Giang"], Affiliation.YOUTH_UNION)
    tiers = [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}, {"name": "Giải Ba", "count": 2}]

    draft = drafting.draft(make_list(tiers=tiers, youth_union_only=True))

    # Members: Bình (Youth Union), Dũng (post office), Em (officer), Giang (team page). An and Cường are not.
    assert _winners(draft) == [
        ("Giải Nhất", "Bình", ""),
        ("Giải Nhì", "Dũng", ""),
        ("Giải Ba", "Em", ""),
        ("Giải Ba", "Giang", ""),
    ]
    assert [(s.candidate.name, s.label) for s in draft.allocation.skipped] == [
        ("An", "Không phải đoàn viên"),
        ("Cường", "Không phải đoàn viên"),
    ]


def test_the_youth_quota_counts_members_from_any_organisation_and_those_set_on_the_team_page(
    client, organiser_a, flagged, make_list
):
    client.force_login(organiser_a)
    _on_the_team_page(client, flagged["Giang"], Affiliation.YOUTH_UNION)
    tier = {"name": "Khuyến khích", "count": 4, "split": {"officer": 1, "youth": 2, "other": 1}}

    draft = drafting.draft(make_list(tiers=[{"name": "Giải Nhất", "count": 1}, tier]))

    # An first; then Bình (youth), Cường (other), Dũng (youth: from the post office), Em (officer);
    # Giang (youth since the team page) is the youth quota's next in line, not the others'.
    assert _winners(draft) == [
        ("Giải Nhất", "An", ""),
        ("Khuyến khích", "Bình", YOUTH),
        ("Khuyến khích", "Cường", OTHER),
        ("Khuyến khích", "Dũng", YOUTH),
        ("Khuyến khích", "Em", OFFICER),
    ]
    assert _next(draft) == {OFFICER: None, YOUTH: "Giang", OTHER: None}


# --- The prize table's split: fields of the form, one rule, one message ---------------------


def test_the_award_list_form_takes_a_split_per_tier_and_the_rule_for_unfilled_places(
    client, organiser_a, contest, body, players
):
    client.force_login(organiser_a)
    url = reverse("leaderboards:award_list_create", args=[contest.pk])

    response = client.post(
        url,
        _form(body, tier_name_1="Khuyến khích", tier_count_1=3, tier_officer_1=1, tier_youth_1=2, unfilled=ANY),
    )

    assert response.status_code == 302
    assert AwardList.objects.get().tiers == [
        {"name": "Giải Nhất", "count": 1},
        {"name": "Khuyến khích", "count": 3, "split": {"officer": 1, "youth": 2, "other": 0}, "unfilled": ANY},
    ]
    edit = client.get(reverse("leaderboards:award_list_edit", args=[AwardList.objects.get().pk])).content.decode()
    assert 'name="tier_name_1" value="Khuyến khích"' in edit and 'name="tier_youth_1" value="2"' in edit
    assert '<input type="radio" name="unfilled" value="any" id="id_unfilled_1" checked>' in edit


@pytest.mark.parametrize(
    "split",
    [
        {"tier_officer_1": 1},
        {"tier_officer_1": 1, "tier_youth_1": 1, "tier_other_1": 2},
        {"tier_officer_1": 4, "tier_youth_1": -1},
    ],
)
def test_a_split_that_does_not_add_up_is_refused_with_its_one_message_and_creates_nothing(
    client, organiser_a, contest, body, players, split
):
    client.force_login(organiser_a)

    page = client.post(
        reverse("leaderboards:award_list_create", args=[contest.pk]),
        _form(body, tier_name_1="Khuyến khích", tier_count_1=3, **split),
    )

    assert page.status_code == 200 and AwardList.objects.count() == 0
    assert page.content.decode().count(SPLIT_MESSAGE) == 1


def test_check_tiers_holds_the_split_rule():
    with pytest.raises(ValidationError) as refused:
        services.check_tiers([{**KK_SPLIT, "split": {"officer": 1, "youth": 1}}])

    assert refused.value.message_dict == {"tiers": [SPLIT_MESSAGE]}
    assert services.check_tiers([{"name": "Khuyến khích", "count": 3, "split": {"officer": None}}]) == [
        {"name": "Khuyến khích", "count": 3}
    ]


def test_a_team_list_cannot_be_split_by_category(make_list, players):
    with pytest.raises(ValidationError) as refused:
        make_list(ranked=AwardList.Ranked.TEAMS, tiers=[KK_SPLIT])

    assert "ranked" in refused.value.message_dict
