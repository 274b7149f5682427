"""Drafting on real attempts: the standings engine walked by the rules, tiers in order, the skipped with reasons."""

from __future__ import annotations

from leaderboards.awards import drafting
from leaderboards.awards.models import AwardList


def _winners(draft) -> list[tuple[str, str]]:
    return [(row["tier"], row["name"]) for row in draft.rows]


def _skipped(draft) -> list[tuple[str, str]]:
    return [(s.candidate.name, s.label) for s in draft.allocation.skipped]


def test_a_draft_fills_the_tiers_in_rank_order(players, make_list):
    draft = drafting.draft(make_list())

    assert _winners(draft) == [("Giải Nhất", "An"), ("Giải Nhì", "Bình"), ("Giải Ba", "Cường"), ("Giải Ba", "Dũng")]
    assert [row["position"] for row in draft.rows] == [1, 2, 3, 4]
    assert draft.rows[0]["team_name"] == "Tổ Một" and draft.rows[0]["unit_name"] == "Ấp 1"
    assert draft.rows[0]["masked_phone"].count("*") == 3


def test_each_rule_names_why_someone_was_skipped(players, make_list):
    draft = drafting.draft(make_list(youth_union_only=True, exclude_officers=True, one_prize_per_team=True))

    # An: not youth union (and a viewer); Bình wins; Cường same team; Dũng wins; Em not youth; Giang same team.
    assert _winners(draft) == [("Giải Nhất", "Bình"), ("Giải Nhì", "Dũng")]
    assert _skipped(draft) == [
        ("An", "Không phải đoàn viên"),
        ("Cường", "Tổ đã có người đạt giải"),
        ("Em", "Không phải đoàn viên"),
        ("Giang", "Tổ đã có người đạt giải"),
    ]
    assert draft.allocation.short == 2


def test_an_officer_of_the_organising_unit_is_skipped(players, make_list):
    draft = drafting.draft(make_list(exclude_officers=True))

    assert _skipped(draft) == [("An", "Cán bộ đơn vị tổ chức")]
    assert _winners(draft)[0] == ("Giải Nhất", "Bình")


def test_winners_of_an_earlier_list_of_the_same_body_are_skipped(published, make_list):
    draft = drafting.draft(make_list(skip_earlier_winners=True, tiers=[{"name": "Khuyến khích", "count": 2}]))

    earlier = f"Đã đạt giải trong danh sách trước ({published.title})"
    assert _skipped(draft) == [("An", earlier), ("Bình", earlier), ("Cường", earlier), ("Dũng", earlier)]
    assert _winners(draft) == [("Khuyến khích", "Em"), ("Khuyến khích", "Giang")]


def test_a_round_not_closed_yet_stops_the_draft_with_a_clear_message(players, make_list, make_week_round):
    from leaderboards.periods import Period

    make_week_round(Period.current("week"), title="Tuần này", closes_in_days=7)
    draft = drafting.draft(make_list(period=Period.current("week")))

    assert not draft.ok
    assert "“Tuần này” chưa kết thúc" in draft.problem


def test_a_period_without_rounds_has_nothing_to_draft(players, make_list):
    from leaderboards.periods import Period

    draft = drafting.draft(make_list(period=Period.current("week").previous().previous()))

    assert not draft.ok and "chưa có vòng thi nào" in draft.problem


def test_a_team_list_awards_teams_that_played(players, make_list):
    draft = drafting.draft(make_list(ranked=AwardList.Ranked.TEAMS, tiers=[{"name": "Giải Nhất", "count": 3}]))

    # Tổ Một 10+9+8 = 27, Tổ Hai 7+6+5 = 18; team_a of the shared fixtures played nothing.
    assert _winners(draft) == [("Giải Nhất", "Tổ Một"), ("Giải Nhất", "Tổ Hai")]
    assert [row["total"] for row in draft.rows] == [27, 18]
    assert draft.allocation.short == 1


def test_the_source_keeps_how_the_rounds_and_the_rows_walked(players, make_list, closed_round):
    draft = drafting.draft(make_list(exclude_officers=True))

    assert draft.source["how"].startswith("Điểm lượt thi tốt nhất")
    assert [r["id"] for r in draft.source["rounds"]] == [closed_round.pk]
    assert [row["name"] for row in draft.source["standings"]] == ["An", "Bình", "Cường", "Dũng", "Em"]
    assert all("+84" not in str(row["phone"]) for row in draft.source["standings"])
    assert draft.source["skipped"] == [
        {"key": players["An"].pk, "rank": 1, "name": "An", "team_name": "Tổ Một", "reason": "officer", "detail": ""}
    ]
