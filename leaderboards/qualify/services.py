"""Stage qualification: who goes through (``draw``), and the writes that make a list and freeze it.

The list is the top K teams of the earlier stage's own standings
(``standings.teams`` over ``Period.for_stage``: its self-paced and live
rounds, its ranks and tie-breaks), overall or per unit of a kind.

Decisions:
- A tie at the K boundary: every team sharing the K-th rank goes through,
  so a list may hold more than K teams, and the page says how many and why.
  The engine's ranks already apply the full tie-break order (total, then
  participation, then time), so a shared rank means the teams are equal on
  everything the rules look at; dropping one would be a coin toss.
- Only teams that played in the stage can qualify (a member played, or the
  team scored live points): the standings list every team, those that did
  not play with zero, and K places must not go to absent teams.
- Per unit: a team counts for its nearest ancestor (or its own unit) of the
  chosen kind; its rank is within that unit (1 + the teams of the unit
  placed strictly above it). Communes, wards and special zones are one
  level (organise.selectors.COMMUNE_KINDS): “per commune” in a province
  that has wards means per commune or ward. A team under no unit of the
  kind cannot qualify; the draft names those that played.
- A list is published only from final standings: while a round of the
  earlier stage is still open (or a live round not finished), publishing
  is refused, since a frozen list must not rest on figures that can move.
- The digest is SHA-256 of ``canonical``: the list's question and its rows
  as compact JSON with sorted keys, so anyone holding the rows can check it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Qualification, QualifiedTeam, Stage
from competitions.organise.selectors import COMMUNE_KINDS
from leaderboards import standings
from leaderboards.periods import Period
from quizsite.accounts.models import Unit, User, path_ids
from quizsite.accounts.permissions import is_organiser_of


@dataclass(frozen=True)
class Row:
    """One qualifier, as the draft shows it and the published list stores it."""

    position: int
    rank: int
    team_id: int
    team_name: str
    team_unit_name: str
    total: int
    played: int
    size: int
    unit_id: int | None = None  # per unit: the unit of the chosen kind
    unit_name: str = ""

    @property
    def participation_percent(self) -> int:
        return round(self.played * 100 / self.size) if self.size else 0


@dataclass(frozen=True)
class Draw:
    rows: list[Row]
    how: str  # the standings' own line
    provisional: bool  # a round of the earlier stage is not over: the figures may still move
    # Teams beyond K that go through because they share the K-th rank (overall, or summed over the units).
    tied_extra: int = 0
    # Per unit: teams that played but lie under no unit of the chosen kind.
    outside: list[str] = field(default_factory=list)


def tied_extra(rows: Sequence[Row], k: int) -> int:
    """Rows beyond K (overall, or in each unit) that are there because they share the K-th rank."""
    counts: dict[int | None, int] = {}
    for row in rows:
        counts[row.unit_id] = counts.get(row.unit_id, 0) + 1
    return sum(max(0, n - k) for n in counts.values())


def _kinds(kind: str) -> set[str]:
    return set(COMMUNE_KINDS) if kind in COMMUNE_KINDS else {kind}


def _top(ranked: list[tuple[int, standings.TeamRow]], k: int) -> list[tuple[int, standings.TeamRow]]:
    """The first ``k`` of ``ranked`` (rank, row) pairs, in rank order, and every pair tied with the k-th."""
    if len(ranked) <= k:
        return ranked
    cut = ranked[k - 1][0]
    return [pair for pair in ranked if pair[0] <= cut]


def _group_ranks(rows: list[standings.TeamRow]) -> list[tuple[int, standings.TeamRow]]:
    """Ranks within a group, from the overall ranks: 1 + the group's rows placed strictly above."""
    return [(1 + sum(1 for other in rows if other.rank < row.rank), row) for row in rows]


def _groups(rows: list[standings.TeamRow], kinds: set[str]) -> tuple[dict[int, Unit], dict[int, int]]:
    """The units of the chosen kinds the teams' units lie under, and each team unit's nearest one: two queries."""
    paths = dict(Unit.objects.filter(pk__in={row.unit_id for row in rows}).values_list("pk", "path"))
    ancestors = {unit_id: path_ids(path) for unit_id, path in paths.items()}
    candidates = {pk for ids in ancestors.values() for pk in ids}
    groups = {u.pk: u for u in Unit.objects.filter(pk__in=candidates, kind__in=kinds)}
    nearest = {}
    for unit_id, ids in ancestors.items():
        found = [pk for pk in ids if pk in groups]
        if found:
            nearest[unit_id] = found[-1]  # the path runs root first: the last is the nearest
    return groups, nearest


def draw(qualification: Qualification) -> Draw:
    """The teams that would go through if the list were published now."""
    source = qualification.from_stage
    table = standings.teams(source.competition, Period.for_stage(source.pk))
    played = [row for row in table.rows if row.played > 0 or row.live_points > 0]
    k = qualification.top_k

    def make(position: int, rank: int, row: standings.TeamRow, unit: Unit | None = None) -> Row:
        return Row(
            position=position,
            rank=rank,
            team_id=row.team_id,
            team_name=row.name,
            team_unit_name=row.unit_name,
            total=row.total,
            played=row.played,
            size=row.size,
            unit_id=unit.pk if unit else None,
            unit_name=unit.name if unit else "",
        )

    if not qualification.per_unit_kind:
        top = _top([(row.rank, row) for row in played], k)
        rows = [make(i, rank, row) for i, (rank, row) in enumerate(top, start=1)]
        return Draw(rows, table.how, table.provisional, tied_extra=tied_extra(rows, k))

    groups, nearest = _groups(played, _kinds(qualification.per_unit_kind))
    by_group: dict[int, list[standings.TeamRow]] = {}
    outside = []
    for row in played:
        if row.unit_id in nearest:
            by_group.setdefault(nearest[row.unit_id], []).append(row)
        else:
            outside.append(row.name)
    rows: list[Row] = []
    # Units by name, each unit's qualifiers by rank.
    for group_id in sorted(by_group, key=lambda pk: (groups[pk].name.casefold(), pk)):
        top = _top(_group_ranks(by_group[group_id]), k)
        for rank, row in top:
            rows.append(make(len(rows) + 1, rank, row, groups[group_id]))
    return Draw(rows, table.how, table.provisional, tied_extra=tied_extra(rows, k), outside=outside)


def canonical(qualification: Qualification, rows: Sequence[Row]) -> bytes:
    """The bytes the digest is taken of: the list's question and its rows, compact JSON, keys sorted."""
    document = {
        "into_stage": qualification.into_stage_id,
        "from_stage": qualification.from_stage_id,
        "top_k": qualification.top_k,
        "per_unit_kind": qualification.per_unit_kind,
        "rows": [asdict(row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def digest(qualification: Qualification, rows: Sequence[Row]) -> str:
    return hashlib.sha256(canonical(qualification, rows)).hexdigest()


def stored_rows(qualification: Qualification) -> list[Row]:
    """A published list's rows as stored."""
    return [
        Row(
            position=t.position,
            rank=t.rank,
            team_id=t.team_id,
            team_name=t.team_name,
            team_unit_name=t.team_unit_name,
            total=t.total,
            played=t.played,
            size=t.size,
            unit_id=t.unit_id,
            unit_name=t.unit_name,
        )
        for t in qualification.teams.order_by("position")
    ]


def intact(qualification: Qualification, rows: Sequence[Row]) -> bool:
    """Do the stored rows still hash to the digest published with them?"""
    return digest(qualification, rows) == qualification.digest


# --- Writes -------------------------------------------------------------------


def _check_organiser(actor: User, stage: Stage) -> None:
    if not is_organiser_of(actor, stage.competition.unit):
        raise PermissionDenied


def create_draft(
    *,
    actor: User,
    into_stage: Stage,
    from_stage: Stage,
    top_k: int,
    per_unit_kind: str = "",
    replaces: Qualification | None = None,
    reason: str = "",
) -> Qualification:
    """A draft list “top K of ``from_stage`` into ``into_stage``”; a correction names the list it replaces.

    Refused, with every reason at once and nothing saved: K below 1, an
    unknown kind, a stage of another competition or not before this one, a
    correction without a reason, of a list that is not in force here or that
    already has a correction, a second list from the same stage while one is
    in force (correct it).
    """
    _check_organiser(actor, into_stage)
    qualification = Qualification(
        into_stage=into_stage,
        from_stage=from_stage,
        top_k=top_k,
        per_unit_kind=per_unit_kind or "",
        replaces=replaces,
        reason=reason.strip(),
        created_by=actor,
    )
    errors: dict[str, list[str]] = {}
    try:
        qualification.clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if replaces is not None:
        if replaces.status != Qualification.Status.PUBLISHED or replaces.into_stage_id != into_stage.pk:
            errors.setdefault("__all__", []).append(
                _("Chỉ đính chính được danh sách đang có hiệu lực của giai đoạn này.")
            )
        if not qualification.reason:
            errors.setdefault("reason", []).append(_("Hãy nêu lý do đính chính."))
        if Qualification.objects.filter(replaces=replaces).exists():
            errors.setdefault("__all__", []).append(
                _("Danh sách này đã có một bản đính chính: hãy mở bản đó (xóa nếu là bản nháp không dùng).")
            )
    elif "from_stage" not in errors and (
        Qualification.objects.published().filter(into_stage=into_stage, from_stage=from_stage).exists()
    ):
        errors.setdefault("from_stage", []).append(
            _("Đã có danh sách vào vòng từ giai đoạn này đang có hiệu lực: hãy đính chính danh sách đó.")
        )
    if errors:
        raise ValidationError(errors)
    qualification.save()
    return qualification


def discard_draft(*, actor: User, qualification: Qualification) -> None:
    _check_organiser(actor, qualification.into_stage)
    if not qualification.is_draft:
        raise ValidationError(_("Danh sách đã công bố không xóa được; hãy đính chính nếu cần."))
    qualification.delete()


def publish(*, actor: User, qualification: Qualification, now: datetime | None = None) -> Qualification:
    """Store the qualifiers, the standings' line and the digest, and freeze the list, in one transaction.

    A correction replaces its list in the same transaction. Refused: a list
    already published, standings of the earlier stage not final yet, nobody
    to qualify.
    """
    _check_organiser(actor, qualification.into_stage)
    now = now or timezone.now()
    with transaction.atomic():
        qualification = (
            Qualification.objects.select_for_update()
            .select_related("into_stage__competition__unit", "from_stage__competition")
            .get(pk=qualification.pk)
        )
        if not qualification.is_draft:
            raise ValidationError(_("Danh sách này đã được công bố."))
        drawn = draw(qualification)
        if drawn.provisional:
            raise ValidationError(
                _("Giai đoạn “%(stage)s” còn vòng thi chưa kết thúc: chỉ công bố khi kết quả đã chốt.")
                % {"stage": qualification.from_stage.title}
            )
        if not drawn.rows:
            raise ValidationError(
                _("Chưa có tổ nào đủ điều kiện: chưa tổ nào thi ở giai đoạn “%(stage)s”.")
                % {"stage": qualification.from_stage.title}
            )
        QualifiedTeam.objects.bulk_create(
            QualifiedTeam(
                qualification=qualification,
                team_id=row.team_id,
                position=row.position,
                rank=row.rank,
                total=row.total,
                played=row.played,
                size=row.size,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                team_name=row.team_name,
                team_unit_name=row.team_unit_name,
            )
            for row in drawn.rows
        )
        if qualification.replaces_id is not None:
            old = Qualification.objects.select_for_update().get(pk=qualification.replaces_id)
            if old.status != Qualification.Status.PUBLISHED:
                raise ValidationError(_("Danh sách cần đính chính đã được thay thế bởi một danh sách khác."))
            old.status = Qualification.Status.REPLACED
            old.save(update_fields=["status"])
        elif (
            Qualification.objects.published()
            .filter(into_stage_id=qualification.into_stage_id, from_stage_id=qualification.from_stage_id)
            .exists()
        ):
            raise ValidationError(
                _("Đã có danh sách vào vòng từ giai đoạn này đang có hiệu lực: hãy đính chính danh sách đó.")
            )
        qualification.status = Qualification.Status.PUBLISHED
        qualification.published_at = now
        qualification.published_by = actor
        qualification.how = drawn.how
        qualification.digest = digest(qualification, drawn.rows)
        qualification.save(update_fields=["status", "published_at", "published_by", "how", "digest"])
    return qualification
