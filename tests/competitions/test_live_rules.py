"""PROTOCOL.md "Timing and scoring" as pure rules (competitions/live/rules.py), every number worked out by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from competitions.live import rules
from competitions.live.rules import Standing

# 1,000 points over 20 s: round(1000 × (1 − 0.5 × elapsed / 20000)) = round(1000 − elapsed / 40).
POINTS_20S = [
    (0, 1000),  # answered the moment it opened: full points
    (5_000, 875),  # 1000 − 125
    (6_667, 833),  # 1000 − 166.675 = 833.325
    (10_000, 750),  # half the time: three quarters of the points
    (12_345, 691),  # 1000 − 308.625 = 691.375
    (19_999, 500),  # 1000 − 499.975 = 500.025
    (20_000, 500),  # the last moment: half the points, never less
]


@pytest.mark.parametrize(("elapsed", "expected"), POINTS_20S)
def test_points_follow_the_formula(elapsed, expected):
    assert rules.points_for(points=1000, elapsed_ms=elapsed, duration_ms=20_000) == expected


def test_points_for_other_amounts_and_durations():
    # 500 points over 10 s answered after 2.5 s: 500 × (1 − 0.125) = 437.5, rounded half up.
    assert rules.points_for(points=500, elapsed_ms=2_500, duration_ms=10_000) == 438
    # 100 points over 30 s after 10 s: 100 × (1 − 1/6) = 83.33.
    assert rules.points_for(points=100, elapsed_ms=10_000, duration_ms=30_000) == 83
    # 1,000 points at exactly a third of the time: 833.33.
    assert rules.points_for(points=1000, elapsed_ms=10_000, duration_ms=30_000) == 833


def test_halves_round_up_the_same_on_every_machine():
    # 1000 − 60 / 40 = 998.5 → 999 (Python's round() would give 998).
    assert rules.points_for(points=1000, elapsed_ms=60, duration_ms=20_000) == 999
    assert rules.points_for(points=1000, elapsed_ms=20, duration_ms=20_000) == 1000  # 999.5


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (9_000, 0),  # before it opened (an early answer never gets more than full points)
        (10_000, 0),
        (10_001, 1),
        (25_000, 15_000),
        (30_000, 20_000),
        (30_400, 20_000),  # in the grace after the close: clamped to the duration
    ],
)
def test_elapsed_is_clamped_to_the_duration(received, expected):
    assert rules.elapsed_ms(received_at_ms=received, opens_at_ms=10_000, duration_ms=20_000) == expected


@pytest.mark.parametrize(
    ("total", "present", "expected"),
    [(1750, 2, 875), (875, 2, 438), (1000, 3, 333), (2000, 3, 667), (0, 2, 0), (900, 0, 0)],
)
def test_average_over_the_players_present_rounds_half_up(total, present, expected):
    assert rules.average(total, present) == expected


def test_a_team_scores_its_counted_points_in_sum_and_captain_modes():
    # (team, points, elapsed on right answers): the answers that count, summed per team.
    score, elapsed = rules.team_scores("sum", [(1, 1750, 9_000), (2, 0, 0)])
    assert (score[1], score[2], score[3]) == (1750, 0, 0)  # team 3 answered nothing
    assert (elapsed[1], elapsed[2], elapsed[3]) == (9_000, 0, 0)


def test_a_team_scores_each_question_over_its_players_present_in_average_mode():
    # (team, question, points, elapsed): team 1 had 2 players present for question 10 and 3 for question 11.
    sums = [(1, 10, 1750, 6_000), (1, 11, 1000, 4_000), (2, 10, 875, 5_000)]
    present = Counter({(10, 1): 2, (11, 1): 3, (10, 2): 2})
    score, elapsed = rules.team_scores("average", sums, present)
    assert score[1] == 875 + 333  # 1750 / 2, then 1000 / 3 rounded
    assert score[2] == 438  # 875 / 2 = 437.5, rounded half up
    assert (elapsed[1], elapsed[2]) == (10_000, 5_000)


def test_ranking_score_then_elapsed_on_right_answers_then_name():
    standings = [
        Standing(1, "Tổ Bình", 900, 4_000),
        Standing(2, "Tổ An", 900, 4_000),  # ties with Bình on both: the name decides
        Standing(3, "Tổ Cường", 900, 3_000),  # same score, faster: before both
        Standing(4, "Tổ Dũng", 1200, 9_000),  # the most points first, however slow
        Standing(5, "tổ an", 0, 0),
    ]
    assert [s.team_id for s in rules.ranked(standings)] == [4, 3, 2, 1, 5]


def test_leaderboard_entries_have_rank_team_score_and_delta():
    before = [Standing(1, "Tổ An", 875, 5_000), Standing(2, "Tổ Bình", 750, 10_000), Standing(3, "Tổ Cường", 0, 0)]
    now = [Standing(1, "Tổ An", 875, 5_000), Standing(2, "Tổ Bình", 1750, 10_000), Standing(3, "Tổ Cường", 900, 4_000)]
    assert rules.leaderboard_entries(now, before) == [
        {"rank": 1, "team_id": 2, "team": "Tổ Bình", "score": 1750, "delta": 1},
        {"rank": 2, "team_id": 3, "team": "Tổ Cường", "score": 900, "delta": 1},
        {"rank": 3, "team_id": 1, "team": "Tổ An", "score": 875, "delta": -2},
    ]


def test_the_first_leaderboard_moves_nobody():
    now = [Standing(1, "Tổ An", 0, 0), Standing(2, "Tổ Bình", 500, 20_000)]
    entries = rules.leaderboard_entries(now, now)
    assert [(e["rank"], e["team_id"], e["delta"]) for e in entries] == [(1, 2, 0), (2, 1, 0)]


def test_the_entry_of_a_team_that_did_not_play_says_so_and_the_others_are_as_the_protocol_has_them():
    now = [Standing(1, "An", 0, 0, played=False), Standing(2, "Bình", 0, 0), Standing(3, "Cường", 400, 9_000)]
    assert rules.leaderboard_entries(now, []) == [
        {"rank": 1, "team_id": 3, "team": "Cường", "score": 400, "delta": 0},
        {"rank": 2, "team_id": 1, "team": "An", "score": 0, "delta": 0, "played": False},
        {"rank": 3, "team_id": 2, "team": "Bình", "score": 0, "delta": 0},
    ]
