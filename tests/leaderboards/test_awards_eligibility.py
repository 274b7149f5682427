"""The prize rules on hand-computed examples: each rule alone, all together, tiers and ties.

Ten people in rank order, with what the rules need to know about them::

    rank  key  team  youth union  officer  awarded earlier
    1     1    10    no           yes      -
    2     2    10    yes          -        -
    3     3    10    yes          -        -
    4     4    20    yes          -        Tuần 47
    5     5    20    no           -        -
    6     6    30    yes          -        -
    7     7    30    yes          yes      -
    8     8    40    yes          -        -
    9     9    40    no           -        -
    10    10   50    yes          -        -
"""

from __future__ import annotations

from leaderboards.awards.eligibility import (
    AWARDED_EARLIER,
    NOT_YOUTH_UNION,
    OFFICER,
    TEAM_ALREADY_AWARDED,
    Candidate,
    Facts,
    Rules,
    Tier,
    allocate,
)

TEAMS = {1: 10, 2: 10, 3: 10, 4: 20, 5: 20, 6: 30, 7: 30, 8: 40, 9: 40, 10: 50}
PEOPLE = [Candidate(key=k, rank=k, total=100 - k, name=f"Người {k}", team_id=TEAMS[k]) for k in range(1, 11)]
FACTS = Facts(youth_union=frozenset({2, 3, 4, 6, 7, 8, 10}), officers=frozenset({1, 7}), earlier={4: "Tuần 47"})
TIERS = [Tier("Giải Nhất", 1), Tier("Giải Nhì", 1), Tier("Giải Ba", 2)]


def _awarded(allocation) -> list[tuple[str, int]]:
    return [(w.tier, w.candidate.key) for w in allocation.winners]


def _skipped(allocation) -> list[tuple[int, str]]:
    return [(s.candidate.key, s.reason) for s in allocation.skipped]


def test_without_rules_the_best_take_the_prizes_in_tier_order():
    result = allocate(PEOPLE, TIERS, Rules(), FACTS)

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Ba", 4)]
    assert [w.position for w in result.winners] == [1, 2, 3, 4]
    assert result.skipped == [] and result.walked == 4 and result.short == 0


def test_youth_union_only_skips_the_others():
    result = allocate(PEOPLE, TIERS, Rules(youth_union_only=True), FACTS)

    assert _awarded(result) == [("Giải Nhất", 2), ("Giải Nhì", 3), ("Giải Ba", 4), ("Giải Ba", 6)]
    assert _skipped(result) == [(1, NOT_YOUTH_UNION), (5, NOT_YOUTH_UNION)]


def test_officers_are_skipped():
    result = allocate(PEOPLE, TIERS, Rules(exclude_officers=True), FACTS)

    assert _awarded(result) == [("Giải Nhất", 2), ("Giải Nhì", 3), ("Giải Ba", 4), ("Giải Ba", 5)]
    assert _skipped(result) == [(1, OFFICER)]


def test_a_teams_second_awarded_member_is_skipped():
    result = allocate(PEOPLE, TIERS, Rules(one_prize_per_team=True), FACTS)

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 4), ("Giải Ba", 6), ("Giải Ba", 8)]
    assert _skipped(result) == [
        (2, TEAM_ALREADY_AWARDED),
        (3, TEAM_ALREADY_AWARDED),
        (5, TEAM_ALREADY_AWARDED),
        (7, TEAM_ALREADY_AWARDED),
    ]


def test_earlier_winners_are_skipped_with_the_earlier_list_named():
    result = allocate(PEOPLE, TIERS, Rules(skip_earlier_winners=True), FACTS)

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Ba", 5)]
    assert _skipped(result) == [(4, AWARDED_EARLIER)]
    assert result.skipped[0].label == "Đã đạt giải trong danh sách trước (Tuần 47)"


def test_all_rules_together():
    rules = Rules(youth_union_only=True, exclude_officers=True, one_prize_per_team=True, skip_earlier_winners=True)

    result = allocate(PEOPLE, TIERS, rules, FACTS)

    # 1 is both an officer and not youth: the first rule that fails is named. 2 wins, 3 same team,
    # 4 earlier, 5 not youth, 6 wins, 7 an officer, 8 wins, 9 not youth, 10 wins.
    assert _awarded(result) == [("Giải Nhất", 2), ("Giải Nhì", 6), ("Giải Ba", 8), ("Giải Ba", 10)]
    assert _skipped(result) == [
        (1, NOT_YOUTH_UNION),
        (3, TEAM_ALREADY_AWARDED),
        (4, AWARDED_EARLIER),
        (5, NOT_YOUTH_UNION),
        (7, OFFICER),
        (9, NOT_YOUTH_UNION),
    ]
    assert [s.label for s in result.skipped[:3]] == [
        "Không phải đoàn viên",
        "Tổ đã có người đạt giải",
        "Đã đạt giải trong danh sách trước (Tuần 47)",
    ]
    assert result.walked == 10


def test_prizes_left_over_when_too_few_are_eligible():
    result = allocate(PEOPLE[:3], TIERS, Rules(youth_union_only=True), FACTS)

    assert _awarded(result) == [("Giải Nhất", 2), ("Giải Nhì", 3)]
    assert result.short == 2


def test_a_tie_across_a_boundary_gives_both_the_higher_prize_and_shrinks_the_next_tier():
    # Ranks 1, 2, 2, 4, 5: the two second places share Giải Nhì; Giải Ba keeps one of its two.
    ranks = [1, 2, 2, 4, 5]
    people = [Candidate(key=i, rank=r, total=0, name=str(i)) for i, r in enumerate(ranks, start=1)]

    result = allocate(people, TIERS, Rules(), Facts())

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Nhì", 3), ("Giải Ba", 4)]


def test_a_tie_on_the_last_prize_gives_it_to_everyone_tied():
    ranks = [1, 2, 3, 4, 4, 6]
    people = [Candidate(key=i, rank=r, total=0, name=str(i)) for i, r in enumerate(ranks, start=1)]

    result = allocate(people, TIERS, Rules(), Facts())

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Ba", 4), ("Giải Ba", 5)]
    assert result.walked == 5


def test_a_skipped_candidate_does_not_break_a_tie():
    # 2 and 3 tie; 2 is an officer: 3 takes the next prize in order, not the tied one's.
    ranks = [1, 2, 2, 4]
    people = [Candidate(key=i, rank=r, total=0, name=str(i)) for i, r in enumerate(ranks, start=1)]

    result = allocate(people, TIERS[:2], Rules(exclude_officers=True), Facts(officers=frozenset({2})))

    assert _awarded(result) == [("Giải Nhất", 1), ("Giải Nhì", 3)]
