"""Who gets which prize: the standings walked in rank order, the rules applied, the tiers filled.

A pure function over candidates and facts, so that each rule can be checked
by hand on a small example (tests/leaderboards/test_awards_eligibility.py).

The rules (each optional, set on the list):

- **youth union only** (people lists): the person is a Youth Union member
  (đoàn viên): their membership's ``is_youth_union``, the roster's “Đoàn
  viên” column, whatever organisation they come from (a post office clerk
  may be one). Coming from the Youth Union (``affiliation = youth_union``)
  implies it; every way a membership is saved keeps that
  (``accounts.models.is_youth_union_member``). The quotas' youth category
  reads the same flag;
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

Always, in people lists: **the competition's jury** (ban giám khảo) is never
awarded (DESIGN §4), and the draft names them among the skipped.

Quotas per category (people lists; DESIGN §4, e.g. Đồng Nai's 10 encouragement
prizes = 3 officers / 4 youth / 3 others): a tier may be split by category
(``category_of``: officer, then Youth Union member, then others). Such a tier
walks the remaining candidates in rank order and gives each the next place of
their own category while it has one; a candidate whose category is full is
passed over (the first one is that category's “next”) and stays in the running
for the tiers below. A place its category cannot fill (the standings hold too
few eligible people of it) stays empty (``EMPTY``) or goes to the best
remaining person of any category (``ANY``), as the organiser chose; such a
winner keeps their own category and the place they took is noted. A tie at a
category's last place gives the prize to everyone tied, as below, and takes
the extra places from the next tier (from the same category where it is split).

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

from quizsite.accounts.models import Category

NOT_YOUTH_UNION = "not_youth_union"
OFFICER = "officer"
TEAM_ALREADY_AWARDED = "team_already_awarded"
AWARDED_EARLIER = "awarded_earlier"
JURY = "jury"

# What happens to a place of a split tier that its category cannot fill.
EMPTY = "empty"
ANY = "any"
CATEGORIES = tuple(Category.values)  # the order a person's category is decided in


def category_of(*, is_officer: bool, is_youth_union: bool) -> str:
    """A person's prize category from their team membership's flags: the first that applies."""
    if is_officer:
        return Category.OFFICER
    if is_youth_union:
        return Category.YOUTH
    return Category.OTHER


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
    jury: frozenset[int] = frozenset()  # user ids of the competition's jury
    categories: dict[int, str] = field(default_factory=dict)  # user id → Category value (others when absent)

    def category(self, candidate: Candidate) -> str:
        return self.categories.get(candidate.key, Category.OTHER)


@dataclass(frozen=True)
class Tier:
    name: str
    count: int
    split: tuple[tuple[str, int], ...] = ()  # (category, places) in Category order; () when not split
    unfilled: str = EMPTY


@dataclass(frozen=True)
class Winner:
    position: int  # STT, from 1
    tier: str
    candidate: Candidate
    category: str = ""  # the winner's category, in a split tier
    in_place_of: str = ""  # the category whose unfillable place they took (ANY)


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
        if self.reason == JURY:
            return _("Thành viên ban giám khảo")
        if self.reason == TEAM_ALREADY_AWARDED:
            return _("Tổ đã có người đạt giải")
        return _("Đã đạt giải trong danh sách trước (%(title)s)") % {"title": self.detail}


@dataclass
class Quota:
    """One category's places in a split tier, as the walk filled them."""

    tier: str
    category: str
    places: int
    unfilled_rule: str  # EMPTY or ANY
    winners: list[Candidate] = field(default_factory=list)  # of this category, in rank order
    next: Candidate | None = None  # the best eligible one of this category passed over
    unfilled: int = 0  # places the category could not fill
    given_to: list[Candidate] = field(default_factory=list)  # who took them (ANY)


@dataclass(frozen=True)
class Allocation:
    winners: list[Winner]
    skipped: list[Skipped]
    walked: int  # how many candidates were looked at: the standings rows the list came from
    short: int  # prizes left unawarded for want of eligible candidates
    quotas: list[Quota] = field(default_factory=list)

    def by_tier(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for winner in self.winners:
            counts[winner.tier] = counts.get(winner.tier, 0) + 1
        return counts


def _reason(candidate: Candidate, rules: Rules, facts: Facts, teams_awarded: set[int]) -> tuple[str, str] | None:
    if candidate.key in facts.jury:
        return JURY, ""
    if rules.youth_union_only and candidate.key not in facts.youth_union:
        return NOT_YOUTH_UNION, ""
    if rules.exclude_officers and candidate.key in facts.officers:
        return OFFICER, ""
    if rules.one_prize_per_team and candidate.team_id is not None and candidate.team_id in teams_awarded:
        return TEAM_ALREADY_AWARDED, ""
    if rules.skip_earlier_winners and candidate.key in facts.earlier:
        return AWARDED_EARLIER, facts.earlier[candidate.key]
    return None


class _Walk:
    """The candidates in rank order, with who has won or been skipped so far."""

    def __init__(self, candidates: Iterable[Candidate], rules: Rules, facts: Facts) -> None:
        self.candidates = list(candidates)
        self.rules, self.facts = rules, facts
        self.winners: list[Winner] = []
        self.skipped: list[Skipped] = []
        self.decided: set[int] = set()  # indexes of winners and of the skipped
        self.teams_awarded: set[int] = set()
        self.walked = 0

    def open(self) -> Iterable[tuple[int, Candidate]]:
        """The candidates still in the running, best first; each one yielded counts as walked."""
        for index, candidate in enumerate(self.candidates):
            if index not in self.decided:
                yield index, candidate
                self.walked = max(self.walked, index + 1)

    def eligible(self, index: int, candidate: Candidate) -> bool:
        """Whether the rules let ``candidate`` win now; if not, they are skipped for good (every reason lasts)."""
        reason = _reason(candidate, self.rules, self.facts, self.teams_awarded)
        if reason is None:
            return True
        self.skipped.append(Skipped(candidate, *reason))
        self.decided.add(index)
        return False

    def award(self, index: int, candidate: Candidate, tier: str, category: str = "", in_place_of: str = "") -> None:
        self.decided.add(index)
        self.winners.append(Winner(len(self.winners) + 1, tier, candidate, category, in_place_of))
        if candidate.team_id is not None:
            self.teams_awarded.add(candidate.team_id)

    def fill(self, tier: str, need: int, *, split: bool = False, in_place_of: str = "") -> list[Candidate]:
        """The next ``need`` eligible candidates take ``tier``, and whoever ties with the last of them."""
        taken: list[Candidate] = []
        for index, candidate in self.open():
            if len(taken) >= need and not (taken and candidate.rank == taken[-1].rank):
                break  # the one that ends it is not looked at
            if self.eligible(index, candidate):
                category = self.facts.category(candidate) if split else ""
                self.award(index, candidate, tier, category, in_place_of)
                taken.append(candidate)
        return taken

    def fill_split(self, tier: Tier, carried: list[str]) -> tuple[list[Quota], list[str]]:
        """Fill ``tier`` category by category; the categories of the winners beyond its places."""
        places = dict(tier.split)
        carried_on = []
        for category in carried:
            # A tie above took a place of this tier: of the same category where it has one left.
            home = category if places.get(category) else next((c for c in CATEGORIES if places.get(c)), None)
            if home is None:
                carried_on.append(category)
            else:
                places[home] -= 1
        quotas = {c: Quota(tier.name, c, places.get(c, 0), tier.unfilled) for c in CATEGORIES if c in places}
        for index, candidate in self.open():
            quota = quotas.get(self.facts.category(candidate))
            if quota is None:  # a category without places in this tier
                continue
            full = len(quota.winners) >= quota.places
            if full and not (quota.winners and candidate.rank == quota.winners[-1].rank):
                if quota.next is None and self.eligible(index, candidate):
                    quota.next = candidate
                if all(len(q.winners) >= q.places and q.next is not None for q in quotas.values()):
                    self.walked = max(self.walked, index + 1)
                    break
                continue
            if self.eligible(index, candidate):
                self.award(index, candidate, tier.name, quota.category)
                quota.winners.append(candidate)
        for quota in quotas.values():
            carried_on += [quota.category] * max(0, len(quota.winners) - quota.places)
            quota.unfilled = max(0, quota.places - len(quota.winners))
            if quota.unfilled and tier.unfilled == ANY:
                quota.given_to = self.fill(tier.name, quota.unfilled, split=True, in_place_of=quota.category)
                carried_on += [self.facts.category(c) for c in quota.given_to[quota.unfilled :]]
        return list(quotas.values()), carried_on


def allocate(candidates: Iterable[Candidate], tiers: Sequence[Tier], rules: Rules, facts: Facts) -> Allocation:
    """Walk ``candidates`` (best first) and hand out the prizes of ``tiers`` in order."""
    walk = _Walk(candidates, rules, facts)
    quotas: list[Quota] = []
    # The categories of winners a tie put beyond their tier's places: the next tiers are that much smaller.
    carried: list[str] = []
    for tier in tiers:
        if tier.split:
            filled, carried = walk.fill_split(tier, carried)
            quotas += filled
            continue
        need = tier.count - len(carried)
        taken = walk.fill(tier.name, need)
        carried = carried[tier.count :] + [facts.category(c) for c in taken[max(need, 0) :]]
    total = sum(tier.count for tier in tiers)
    return Allocation(
        winners=walk.winners,
        skipped=walk.skipped,
        walked=walk.walked,
        short=max(0, total - len(walk.winners)),
        quotas=quotas,
    )
