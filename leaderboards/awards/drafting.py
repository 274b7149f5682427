"""A list's draft: the standings of its period and scope, walked by the prize rules (eligibility.py).

Drafts are never stored: every look at a draft (and the publish itself)
recomputes it from the standings, so a late attempt, a reopened round or a
changed membership shows at once. Publishing freezes what it computed.

A list is drafted only when every round its period counts has ended (self-paced
rounds closed, live rounds finished): prizes on provisional figures would be
argued about. Teams and units that nobody played for are not candidates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competitions.live.models import LiveRound
from competitions.models import Round
from leaderboards import standings
from leaderboards.masking import mask_phone
from leaderboards.periods import Period
from quizsite.accounts.models import Membership, RoleAssignment, path_ids

from .eligibility import CATEGORIES, EMPTY, Allocation, Candidate, Facts, Rules, Skipped, Tier, allocate, category_of
from .models import AwardList, AwardRow, category_label

# Facts are looked up for this many candidates per prize first, more only if rules skip that many.
LOOKAHEAD = 3


@dataclass
class Draft:
    award_list: AwardList
    standings: standings.Standings | None = None
    allocation: Allocation | None = None
    # Why no draft can be made now (no rounds, rounds still running); empty when there is one.
    problem: str = ""
    rows: list[dict] = field(default_factory=list)  # what publish stores, one dict per prize
    source: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def content_hash(self) -> str:
        return content_hash(self.rows, self.source) if self.ok else ""


def canonical_json(rows: list[dict], source: dict) -> str:
    """The bytes the hash is taken of: keys sorted, no spaces, UTF-8 as is."""
    return json.dumps({"rows": rows, "source": source}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(rows: list[dict], source: dict) -> str:
    return hashlib.sha256(canonical_json(rows, source).encode()).hexdigest()


def stored_rows(award_list: AwardList) -> list[dict]:
    """A published list's rows as the hash took them (AwardRow fields, in STT order).

    ``category`` is in a row only when it has one (a split tier's prize): lists published before
    categories existed, and rows of tiers not split, hash as they always did.
    """
    fields = (*ROW_FIELDS, "category")
    rows = []
    for values in award_list.rows.order_by("position").values_list(*fields):
        row = dict(zip(fields, values, strict=True))
        if not row["category"]:
            del row["category"]
        rows.append(row)
    return rows


ROW_FIELDS = (
    "position",
    "tier",
    "rank",
    "total",
    "name",
    "team_name",
    "unit_name",
    "masked_phone",
    "user_pk",
    "team_pk",
    "unit_pk",
)


def skipped_rows(draft: Draft | None, award_list: AwardList) -> list[dict]:
    """Who the walk passed over and why, for a draft (computed now) or a published list (from its source)."""
    if award_list.is_frozen:
        entries = [
            (
                e["rank"],
                e["name"],
                e["team_name"],
                Skipped(Candidate(e["key"], e["rank"], 0, e["name"]), e["reason"], e["detail"]),
            )
            for e in (award_list.source or {}).get("skipped", [])
        ]
    elif draft is not None and draft.ok:
        entries = [(s.candidate.rank, s.candidate.name, s.candidate.team_name, s) for s in draft.allocation.skipped]
    else:
        entries = []
    return [{"rank": rank, "name": name, "team_name": team, "reason": s.label} for rank, name, team, s in entries]


def labelled_rows(rows: list[dict]) -> list[dict]:
    """A draft's rows as the pages show them: with their category's label."""
    return [{**row, "category_label": category_label(row.get("category", ""))} for row in rows]


def quota_rows(draft: Draft | None, award_list: AwardList) -> list[dict]:
    """Per split tier and category: places, winners, the next in line and what became of a place unfilled;
    for a draft (computed now) or a published list (from its source)."""
    if award_list.is_frozen:
        quotas = (award_list.source or {}).get("quotas", [])
    elif draft is not None and draft.ok:
        quotas = _quotas(draft.allocation)
    else:
        quotas = []
    return [{**q, "label": category_label(q["category"])} for q in quotas]


def period_of(award_list: AwardList) -> Period:
    return Period.from_slug(award_list.period_slug)


def rules_of(award_list: AwardList) -> Rules:
    people = award_list.ranked == AwardList.Ranked.PEOPLE
    return Rules(
        youth_union_only=people and award_list.youth_union_only,
        exclude_officers=people and award_list.exclude_officers,
        one_prize_per_team=people and award_list.one_prize_per_team,
        skip_earlier_winners=award_list.skip_earlier_winners,
    )


def tiers_of(award_list: AwardList) -> list[Tier]:
    return [
        Tier(
            t["name"],
            int(t["count"]),
            split=tuple((c, int(t["split"][c])) for c in CATEGORIES if c in t.get("split", {})),
            unfilled=t.get("unfilled", EMPTY),
        )
        for t in award_list.tiers
    ]


def is_split(award_list: AwardList) -> bool:
    return any(t.get("split") for t in award_list.tiers)


def categories(user_ids: list[int]) -> dict[int, str]:
    """Each person's prize category, from the flags of their team membership (one per person: the team the
    standings count them in, unless they have moved since; then their new team's roster speaks)."""
    flags = Membership.objects.filter(user_id__in=user_ids).values_list("user_id", "is_officer", "is_youth_union")
    return {user: category_of(is_officer=officer, is_youth_union=youth) for user, officer, youth in flags}


def _unfinished(rounds: list[Round], now: datetime) -> list[Round]:
    return [
        r
        for r in rounds
        if (r.live.status != LiveRound.Status.FINISHED if r.mode == Round.Mode.LIVE else r.closes_at > now)
    ]


def _rows_to_walk(award_list: AwardList, table: standings.Standings) -> list:
    """The standings rows that may win, in rank order: teams and units nobody played for may not."""
    if award_list.ranked == AwardList.Ranked.PEOPLE:
        return table.rows
    return [r for r in table.rows if r.played]


def _candidate(award_list: AwardList, r) -> Candidate:
    if award_list.ranked == AwardList.Ranked.PEOPLE:
        return Candidate(
            key=r.user_id,
            rank=r.rank,
            total=r.total,
            name=r.name,
            team_id=r.team_id,
            team_name=r.team_name,
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            phone=r.phone,
        )
    if award_list.ranked == AwardList.Ranked.TEAMS:
        return Candidate(
            key=r.team_id, rank=r.rank, total=r.total, name=r.name, unit_id=r.unit_id, unit_name=r.unit_name
        )
    return Candidate(key=r.unit_id, rank=r.rank, total=r.total, name=r.name)


def _earlier_winners(award_list: AwardList, keys: list[int]) -> dict[int, str]:
    """Who is on another list of this body and competition still in force (not the one corrected)."""
    key_field = {"people": "user_pk", "teams": "team_pk", "units": "unit_pk"}[award_list.ranked]
    rows = AwardRow.objects.filter(
        award_list__competition_id=award_list.competition_id,
        award_list__body_id=award_list.body_id,
        award_list__ranked=award_list.ranked,
        award_list__status=AwardList.Status.PUBLISHED,
        **{f"{key_field}__in": keys},
    )
    if award_list.pk:
        rows = rows.exclude(award_list_id=award_list.pk)
    if award_list.replaces_id:
        rows = rows.exclude(award_list_id=award_list.replaces_id)
    earlier: dict[int, str] = {}
    for key, title in rows.order_by("award_list__published_at").values_list(key_field, "award_list__title"):
        earlier.setdefault(key, title)
    return earlier


def _facts(award_list: AwardList, rules: Rules, keys: list[int]) -> Facts:
    youth = officers = frozenset()
    if rules.youth_union_only:
        # The roster's "Đoàn viên", as the quotas read it (categories): whatever organisation they come from.
        youth = frozenset(
            Membership.objects.filter(user_id__in=keys, is_youth_union=True).values_list("user_id", flat=True)
        )
    if rules.exclude_officers:
        unit = award_list.competition.unit
        line = Q(unit_id__in=path_ids(unit.path)) | Q(unit__path__startswith=unit.path)
        officers = frozenset(RoleAssignment.objects.filter(line, user_id__in=keys).values_list("user_id", flat=True))
    earlier = _earlier_winners(award_list, keys) if rules.skip_earlier_winners else {}
    jury, found = frozenset(), {}
    if award_list.ranked == AwardList.Ranked.PEOPLE:
        jury = frozenset(award_list.competition.jury.filter(pk__in=keys).values_list("pk", flat=True))
        if is_split(award_list):
            found = categories(keys)
    return Facts(youth_union=youth, officers=officers, earlier=earlier, jury=jury, categories=found)


def _walk(award_list: AwardList, rows: list) -> Allocation:
    """Allocate with facts for the first candidates only, looking further while the rules skip many.

    Candidates are made for the rows looked at only: a national month has 50,000 people and a list
    some twenty prizes.
    """
    rules, tiers = rules_of(award_list), tiers_of(award_list)
    prizes = sum(t.count for t in tiers)
    size = max(LOOKAHEAD * prizes, 20)
    while True:
        head = [_candidate(award_list, r) for r in rows[:size]]
        allocation = allocate(head, tiers, rules, _facts(award_list, rules, [c.key for c in head]))
        # Enough looked at: the list is full (the walk stopped early) or there is nobody more.
        if allocation.walked < len(head) or size >= len(rows):
            return allocation
        size *= 4


def _row(winner, ranked: str) -> dict:
    c = winner.candidate
    row = {
        "position": winner.position,
        "tier": winner.tier,
        "rank": c.rank,
        "total": c.total,
        "name": c.name,
        "team_name": c.team_name,
        "unit_name": c.unit_name,
        "masked_phone": mask_phone(c.phone),
        "user_pk": c.key if ranked == "people" else None,
        "team_pk": c.key if ranked == "teams" else c.team_id,
        "unit_pk": c.key if ranked == "units" else c.unit_id,
    }
    if winner.category:
        row["category"] = winner.category
    return row


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value


def _standing_data(row) -> dict:
    """A standings row as the source keeps it: the phone masked, times as ISO text."""
    data = {key: _plain(value) for key, value in asdict(row).items()}
    if "phone" in data:
        data["phone"] = mask_phone(data["phone"])
    return data


def _person(candidate: Candidate | None) -> dict | None:
    if candidate is None:
        return None
    return {"key": candidate.key, "rank": candidate.rank, "name": candidate.name, "team_name": candidate.team_name}


def _quotas(allocation: Allocation) -> list[dict]:
    """Per split tier and category: its places, who won them, who was next, and what became of a place unfilled."""
    return [
        {
            "tier": q.tier,
            "category": q.category,
            "places": q.places,
            "unfilled_rule": q.unfilled_rule,
            "winners": [_person(c) for c in q.winners],
            "next": _person(q.next),
            "unfilled": q.unfilled,
            "given_to": [_person(c) for c in q.given_to],
        }
        for q in allocation.quotas
    ]


def _source(award_list: AwardList, table: standings.Standings, allocation: Allocation) -> dict:
    source = {
        "competition": {"id": award_list.competition_id, "title": award_list.competition.title},
        "body": {"id": award_list.body_id, "name": award_list.body.name},
        "period": {"kind": award_list.period_kind, "slug": award_list.period_slug, "label": award_list.period_label},
        "scope": {"id": table.unit.pk, "name": table.unit.name},
        "ranked": award_list.ranked,
        "unit_kind": award_list.unit_kind,
        "tiers": award_list.tiers,
        "rules": asdict(rules_of(award_list)),
        "how": table.how,
        "rounds": [
            {
                "id": r.pk,
                "title": r.title,
                "mode": r.mode,
                "opens_at": _plain(r.opens_at),
                "closes_at": _plain(r.closes_at),
            }
            for r in table.rounds
        ],
        # The standings rows the walk looked at, in rank order: winners and skipped alike.
        "standings": [_standing_data(row) for row in table.rows[: _walked_rows(award_list, table, allocation)]],
        "skipped": [
            {
                "key": s.candidate.key,
                "rank": s.candidate.rank,
                "name": s.candidate.name,
                "team_name": s.candidate.team_name,
                "reason": s.reason,
                "detail": s.detail,
            }
            for s in allocation.skipped
        ],
    }
    if allocation.quotas:
        source["quotas"] = _quotas(allocation)
    return source


def _walked_rows(award_list: AwardList, table: standings.Standings, allocation: Allocation) -> int:
    """How many standings rows the walk covered (teams and units nobody played for are not walked)."""
    walked = {w.candidate.key for w in allocation.winners} | {s.candidate.key for s in allocation.skipped}
    walked |= {q.next.key for q in allocation.quotas if q.next is not None}
    last = 0
    for index, row in enumerate(table.rows, start=1):
        if row.pk in walked:
            last = index
    return last


def table_for(award_list: AwardList) -> standings.Standings:
    period, scope = period_of(award_list), award_list.scope
    if award_list.ranked == AwardList.Ranked.PEOPLE:
        return standings.people(award_list.competition, period, scope)
    if award_list.ranked == AwardList.Ranked.TEAMS:
        return standings.teams(award_list.competition, period, scope)
    return standings.units(award_list.competition, period, scope, kind=award_list.unit_kind or None)


def draft(award_list: AwardList, now: datetime | None = None) -> Draft:
    """The list as it would be published now, or the reason it cannot be drafted yet."""
    period = period_of(award_list)
    rounds = standings.rounds_of(award_list.competition, period)
    if not rounds:
        return Draft(award_list, problem=_("Kỳ này chưa có vòng thi nào đã công bố: chưa có gì để xét giải."))
    running = _unfinished(rounds, now or timezone.now())
    if running:
        titles = ", ".join(f"“{r.title}”" for r in running)
        return Draft(
            award_list,
            problem=_(
                "Chưa lập được danh sách: vòng thi %(rounds)s chưa kết thúc. Kết quả còn thay đổi, "
                "nên chỉ xét giải khi mọi vòng thi của kỳ đã đóng."
            )
            % {"rounds": titles},
        )
    # The record is kept in the contest's language (its “how” line is in the source and the hash),
    # whatever language the officer reads the page in.
    with translation.override(settings.LANGUAGE_CODE):
        table = table_for(award_list)
    allocation = _walk(award_list, _rows_to_walk(award_list, table))
    rows = [_row(w, award_list.ranked) for w in allocation.winners]
    return Draft(
        award_list,
        standings=table,
        allocation=allocation,
        rows=rows,
        source=_source(award_list, table, allocation),
    )
