"""Who gets which prize: the standings walked in rank order, the rules applied, the tiers filled.

A pure function over candidates and facts, so that each rule can be checked
by hand on a small example (tests/leaderboards/test_awards_eligibility.py).

The rules (each optional, set on the list):

- **youth union only** (people lists): the person's membership says
  ``affiliation = youth_union``;
- **officers of the organising unit excluded** (people lists): anyone holding
  an officer role (author, reviewer, organiser, viewer) on the competition's
  unit, on a unit above it, or on a unit inside it: the people who make,
  review or run the contest, at any level of it;
- **at most one prize per team** (people lists): a team's second awarded
  member is skipped, and the next person in rank order takes the prize;
- **earlier winners skipped**: who (or which team, which unit) is on an
  earlier list of the same body and competition that is still in force
  (published, not replaced) is skipped; the list a correction replaces does
  not count as earlier.

One prize per person per list needs no rule: the standings hold one row per
person (or team, or unit) and each row gets at most one prize. In a team list
a person is in at most one team (one membership per person), so nobody's name
is on two prizes of one list; in a unit list the units ranked are one level of
the tree, so none holds another.

Ties (the customary “đồng hạng, đồng giải”): candidates the standings rank
equal get the same prize. When a tie crosses a tier's boundary, everyone tied
gets the higher prize and the next tier is that much smaller, so the total
number of prizes stays as the prize table says; a tie on the very last prize
gives it to all of them (no one is left out for a result equal to a winner's).
The engine breaks ties by time and submission order, so equal ranks are rare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

NOT_YOUTH_UNION = "not_youth_union"
OFFICER = "officer"
TEAM_ALREADY_AWARDED = "team_already_awarded"
AWARDED_EARLIER = "awarded_earlier"


@dataclass(frozen=True)
class Candidate:
    """One standings row, as the rules read it. ``key`` is the user, team or unit id."""

    key: int
    rank: int
    total: int
    name: str
    team_id: int | None = None
    team_name: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    phone: str | None = None


@dataclass(frozen=True)
class Rules:
    youth_union_only: bool = False
    exclude_officers: bool = False
    one_prize_per_team: bool = False
    skip_earlier_winners: bool = False


@dataclass(frozen=True)
class Facts:
    """What the rules need to know beyond the standings, looked up once for all candidates."""

    youth_union: frozenset[int] = frozenset()  # user ids whose membership is Youth Union
    officers: frozenset[int] = frozenset()  # user ids holding an officer role in the contest's line
    earlier: dict[int, str] = field(default_factory=dict)  # key → title of the earlier list


@dataclass(frozen=True)
class Tier:
    name: str
    count: int


@dataclass(frozen=True)
class Winner:
    position: int  # STT, from 1
    tier: str
    candidate: Candidate


@dataclass(frozen=True)
class Skipped:
    candidate: Candidate
    reason: str  # one of the constants above
    detail: str = ""  # the earlier list's title

    @property
    def label(self) -> str:
        if self.reason == NOT_YOUTH_UNION:
            return _("Không phải đoàn viên")
        if self.reason == OFFICER:
            return _("Cán bộ đơn vị tổ chức")
        if self.reason == TEAM_ALREADY_AWARDED:
            return _("Tổ đã có người đạt giải")
        return _("Đã đạt giải trong danh sách trước (%(title)s)") % {"title": self.detail}


@dataclass(frozen=True)
class Allocation:
    winners: list[Winner]
    skipped: list[Skipped]
    walked: int  # how many candidates were looked at: the standings rows the list came from
    short: int  # prizes left unawarded for want of eligible candidates

    def by_tier(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for winner in self.winners:
            counts[winner.tier] = counts.get(winner.tier, 0) + 1
        return counts


def _reason(candidate: Candidate, rules: Rules, facts: Facts, teams_awarded: set[int]) -> tuple[str, str] | None:
    if rules.youth_union_only and candidate.key not in facts.youth_union:
        return NOT_YOUTH_UNION, ""
    if rules.exclude_officers and candidate.key in facts.officers:
        return OFFICER, ""
    if rules.one_prize_per_team and candidate.team_id is not None and candidate.team_id in teams_awarded:
        return TEAM_ALREADY_AWARDED, ""
    if rules.skip_earlier_winners and candidate.key in facts.earlier:
        return AWARDED_EARLIER, facts.earlier[candidate.key]
    return None


def tier_at(tiers: Sequence[Tier], index: int) -> str | None:
    """The tier of the ``index``-th prize (0-based) by the cumulative counts; None past the last."""
    boundary = 0
    for tier in tiers:
        boundary += tier.count
        if index < boundary:
            return tier.name
    return None


def allocate(candidates: Iterable[Candidate], tiers: Sequence[Tier], rules: Rules, facts: Facts) -> Allocation:
    """Walk ``candidates`` (best first) and hand out the prizes of ``tiers`` in order."""
    winners: list[Winner] = []
    skipped: list[Skipped] = []
    teams_awarded: set[int] = set()
    total = sum(tier.count for tier in tiers)
    walked = 0
    for candidate in candidates:
        last = winners[-1] if winners else None
        tied = last is not None and candidate.rank == last.candidate.rank
        if len(winners) >= total and not tied:
            break
        walked += 1
        reason = _reason(candidate, rules, facts, teams_awarded)
        if reason is not None:
            skipped.append(Skipped(candidate, *reason))
            continue
        tier = last.tier if tied else tier_at(tiers, len(winners))
        winners.append(Winner(position=len(winners) + 1, tier=tier, candidate=candidate))
        if candidate.team_id is not None:
            teams_awarded.add(candidate.team_id)
    return Allocation(winners=winners, skipped=skipped, walked=walked, short=max(0, total - len(winners)))
