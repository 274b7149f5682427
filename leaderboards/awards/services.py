"""Every change to an award list: create, edit, send for review, return, publish, correct.

Each function checks who may do it and what state the list is in, saves, and
writes the audit row in the same transaction. Only organisers of the body's
unit (or above it) change a body's lists.

Decisions:
- Four eyes: the organiser who publishes must not be the one who sent the list
  for review. A prize list is argued about; the customary form has a “người
  lập” and a “người duyệt”, and a second organiser (of the commune or above
  it) is always at hand.
- The publisher confirms the draft they looked at: the page sends the hash of
  the draft it showed, and publishing refuses if the recomputed list differs
  (an attempt finished late, a membership changed) so that nobody publishes a
  list they have not seen.
- A correction starts as a new draft (version + 1) with a reason; the old list
  stays in force until the correction is published, then shows as replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Competition
from leaderboards.periods import STAGE, Period
from quizsite.accounts.models import Unit
from quizsite.accounts.permissions import is_organiser_of

from . import drafting
from .eligibility import ANY, CATEGORIES, EMPTY
from .models import AwardAudit, AwardingBody, AwardList, AwardRow

MAX_TIERS = 10
MAX_PRIZES = 1000
Status = AwardList.Status
Action = AwardAudit.Action


@dataclass(frozen=True)
class ListData:
    body: AwardingBody
    period: Period
    period_label: str
    ranked: str
    # [{"name": "Giải Nhất", "count": 1}, ..., {"name": "Giải Khuyến khích", "count": 10,
    #   "split": {"officer": 3, "youth": 4, "other": 3}, "unfilled": "empty"}] (check_tiers)
    tiers: list[dict]
    scope: Unit | None = None
    unit_kind: str = ""
    title: str = ""
    youth_union_only: bool = False
    exclude_officers: bool = False
    one_prize_per_team: bool = False
    skip_earlier_winners: bool = False


def _require_organiser(actor, body: AwardingBody) -> None:
    if not is_organiser_of(actor, body.unit):
        raise PermissionDenied


def _audit(award_list: AwardList, actor, action: str, reason: str = "", **details) -> AwardAudit:
    return AwardAudit.objects.create(award_list=award_list, actor=actor, action=action, reason=reason, details=details)


def _locked(award_list: AwardList) -> AwardList:
    return (
        AwardList.objects.select_for_update()
        .select_related("body__unit", "competition__unit", "scope")
        .get(pk=award_list.pk)
    )


def default_scope(body: AwardingBody, competition: Competition) -> Unit:
    """The body's unit inside the competition, or the competition's unit inside the body's: the deeper one."""
    return body.unit if body.unit.is_within(competition.unit) else competition.unit


def default_title(ranked: str, period_label: str) -> str:
    what = {
        AwardList.Ranked.PEOPLE: _("Danh sách cá nhân đạt giải"),
        AwardList.Ranked.TEAMS: _("Danh sách tổ đạt giải"),
        AwardList.Ranked.UNITS: _("Danh sách đơn vị đạt giải"),
    }[ranked]
    return f"{what} – {period_label}"


def check_tiers(tiers: Iterable[dict]) -> list[dict]:
    """The prize table, names trimmed, or a ValidationError on ``tiers``: every limit on it, each with its one
    message (the form asks here too, so the page and the service never word a limit twice)."""
    given_tiers = list(tiers)
    tiers = [{"name": t["name"].strip(), "count": int(t["count"])} for t in given_tiers]
    if not tiers:
        raise ValidationError({"tiers": _("Cần ít nhất một giải (tên và số lượng).")})
    if len(tiers) > MAX_TIERS:
        raise ValidationError({"tiers": _("Tối đa %(n)d loại giải.") % {"n": MAX_TIERS}})
    names = [t["name"].casefold() for t in tiers]
    if any(not t["name"] for t in tiers) or len(set(names)) != len(names):
        raise ValidationError({"tiers": _("Mỗi loại giải cần một tên riêng.")})
    if any(t["count"] < 1 for t in tiers) or sum(t["count"] for t in tiers) > MAX_PRIZES:
        raise ValidationError({"tiers": _("Số giải mỗi loại từ 1; tổng không quá %(n)d.") % {"n": MAX_PRIZES}})
    return [_split(tier, given) for tier, given in zip(tiers, given_tiers, strict=True)]


def _split(tier: dict, given: dict) -> dict:
    """``tier`` with its places per category, when ``given`` splits it (a count for any category; the others
    empty count as 0): they must add up to the tier's count."""
    split = given.get("split") or {}
    if all(split.get(c) in (None, "") for c in CATEGORIES):
        return tier
    places = {c: int(split.get(c) or 0) for c in CATEGORIES}
    if any(n < 0 for n in places.values()) or sum(places.values()) != tier["count"]:
        raise ValidationError(
            {
                "tiers": _(
                    "“%(name)s”: số giải chia cho cán bộ, đoàn viên và đối tượng khác phải cộng lại đúng "
                    "%(count)d (để trống cả ba nếu không chia theo đối tượng)."
                )
                % {"name": tier["name"], "count": tier["count"]}
            }
        )
    unfilled = given.get("unfilled") or EMPTY
    if unfilled not in (EMPTY, ANY):
        raise ValidationError({"tiers": _("Hãy chọn cách xử lý suất giải không đủ người.")})
    return {**tier, "split": places, "unfilled": unfilled}


def _check(competition: Competition, data: ListData) -> dict:
    """The list's fields from ``data``, or a ValidationError naming the field at fault."""
    body = data.body
    if not (body.unit.is_within(competition.unit) or competition.unit.is_within(body.unit)):
        raise ValidationError({"body": _("Cơ quan này không thuộc phạm vi cuộc thi.")})
    scope = data.scope or default_scope(body, competition)
    if not (scope.is_within(competition.unit) and scope.is_within(body.unit)):
        raise ValidationError({"scope": _("Phạm vi xét giải phải nằm trong đơn vị tổ chức cuộc thi và của cơ quan.")})
    if data.period.kind == STAGE and not competition.stages.filter(pk=data.period.stage_id).exists():
        raise ValidationError({"stage": _("Giai đoạn này không thuộc cuộc thi.")})
    tiers = check_tiers(data.tiers)
    people = data.ranked == AwardList.Ranked.PEOPLE
    if not people and (data.youth_union_only or data.exclude_officers or data.one_prize_per_team):
        raise ValidationError(
            {"ranked": _("Các điều kiện đoàn viên, cán bộ và mỗi tổ một giải chỉ áp dụng cho danh sách cá nhân.")}
        )
    if not people and any("split" in t for t in tiers):
        raise ValidationError({"ranked": _("Chia giải theo đối tượng chỉ áp dụng cho danh sách cá nhân.")})
    if data.unit_kind and data.ranked != AwardList.Ranked.UNITS:
        raise ValidationError({"unit_kind": _("Chỉ chọn cấp đơn vị khi xét giải cho đơn vị.")})
    return {
        "body": body,
        "title": data.title.strip() or default_title(data.ranked, data.period_label),
        "period_kind": data.period.kind,
        "period_slug": data.period.slug,
        "period_label": data.period_label,
        "ranked": data.ranked,
        "unit_kind": data.unit_kind,
        "tiers": tiers,
        "scope": scope,
        "youth_union_only": data.youth_union_only,
        "exclude_officers": data.exclude_officers,
        "one_prize_per_team": data.one_prize_per_team,
        "skip_earlier_winners": data.skip_earlier_winners,
    }


def create_body(*, actor, name: str, kind: str, unit: Unit) -> AwardingBody:
    if not is_organiser_of(actor, unit):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên cơ quan trao giải.")})
    if AwardingBody.objects.filter(unit=unit, name__iexact=name).exists():
        raise ValidationError({"name": _("Đơn vị này đã có cơ quan trao giải tên như vậy.")})
    return AwardingBody.objects.create(name=name, kind=kind, unit=unit)


@transaction.atomic
def create_list(*, actor, competition: Competition, data: ListData) -> AwardList:
    _require_organiser(actor, data.body)
    award_list = AwardList.objects.create(competition=competition, created_by=actor, **_check(competition, data))
    _audit(award_list, actor, Action.CREATED, title=award_list.title)
    return award_list


@transaction.atomic
def update_list(*, actor, award_list: AwardList, data: ListData) -> AwardList:
    award_list = _locked(award_list)
    _require_organiser(actor, award_list.body)
    _require_organiser(actor, data.body)
    if award_list.status != Status.DRAFT:
        raise ValidationError(_("Chỉ sửa được bản nháp. Hãy trả danh sách về bản nháp trước."))
    fields = _check(award_list.competition, data)
    for name, value in fields.items():
        setattr(award_list, name, value)
    award_list.save(update_fields=list(fields))
    _audit(award_list, actor, Action.EDITED, title=award_list.title)
    return award_list


@transaction.atomic
def send_for_review(*, actor, award_list: AwardList) -> AwardList:
    award_list = _locked(award_list)
    _require_organiser(actor, award_list.body)
    if award_list.status != Status.DRAFT:
        raise ValidationError(_("Chỉ gửi duyệt được bản nháp."))
    draft = drafting.draft(award_list)
    if not draft.ok:
        raise ValidationError(draft.problem)
    if not draft.rows:
        raise ValidationError(_("Không có ai đủ điều kiện nhận giải: chưa gửi duyệt được."))
    award_list.status = Status.REVIEW
    award_list.sent_for_review_by = actor
    award_list.save(update_fields=["status", "sent_for_review_by"])
    _audit(award_list, actor, Action.SENT_FOR_REVIEW, hash=draft.content_hash, prizes=len(draft.rows))
    return award_list


@transaction.atomic
def return_to_draft(*, actor, award_list: AwardList, reason: str = "") -> AwardList:
    award_list = _locked(award_list)
    _require_organiser(actor, award_list.body)
    if award_list.status != Status.REVIEW:
        raise ValidationError(_("Chỉ trả lại được danh sách đang chờ duyệt."))
    award_list.status = Status.DRAFT
    award_list.sent_for_review_by = None
    award_list.save(update_fields=["status", "sent_for_review_by"])
    _audit(award_list, actor, Action.RETURNED, reason=reason.strip())
    return award_list


@transaction.atomic
def publish(*, actor, award_list: AwardList, seen_hash: str) -> AwardList:
    """Freeze the list as the publisher saw it: rows, source and hash; a correction replaces its original."""
    award_list = _locked(award_list)
    _require_organiser(actor, award_list.body)
    if award_list.status != Status.REVIEW:
        raise ValidationError(_("Chỉ công bố được danh sách đang chờ duyệt."))
    if award_list.sent_for_review_by_id == actor.pk:
        raise ValidationError(
            _("Người gửi duyệt không tự công bố được: cần một cán bộ tổ chức khác xem và công bố danh sách.")
        )
    draft = drafting.draft(award_list)
    if not draft.ok:
        raise ValidationError(draft.problem)
    if not draft.rows:
        raise ValidationError(_("Không có ai đủ điều kiện nhận giải."))
    digest = draft.content_hash
    if digest != seen_hash:
        raise ValidationError(_("Kết quả đã thay đổi so với danh sách bạn vừa xem. Hãy xem lại danh sách rồi công bố."))
    old = None
    if award_list.replaces_id:
        old = AwardList.objects.select_for_update().get(pk=award_list.replaces_id)
        if old.status != Status.PUBLISHED:
            raise ValidationError(_("Danh sách gốc đã được thay thế bằng một bản đính chính khác."))
    AwardRow.objects.bulk_create(AwardRow(award_list=award_list, **row) for row in draft.rows)
    award_list.status = Status.PUBLISHED
    award_list.published_by = actor
    award_list.published_at = timezone.now()
    award_list.source = draft.source
    award_list.content_hash = digest
    award_list.save(update_fields=["status", "published_by", "published_at", "source", "content_hash"])
    _audit(award_list, actor, Action.PUBLISHED, hash=digest, prizes=len(draft.rows))
    if old is not None:
        # The one change a published list takes, and the database lets through once.
        AwardList.objects.filter(pk=old.pk).update(status=Status.REPLACED, replaced_by=award_list)
        _audit(
            old,
            actor,
            Action.CORRECTED,
            reason=award_list.correction_reason,
            replaced_by=award_list.pk,
            version=award_list.version,
            hash=digest,
        )
    return award_list


@transaction.atomic
def start_correction(*, actor, award_list: AwardList, reason: str) -> AwardList:
    """A new draft of ``award_list`` (version + 1) with the reason; the original is in force until this is published."""
    original = _locked(award_list)
    _require_organiser(actor, original.body)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do đính chính.")})
    if original.status != Status.PUBLISHED:
        raise ValidationError(_("Chỉ đính chính được danh sách đang có hiệu lực."))
    if AwardList.objects.filter(replaces=original).exists():
        raise ValidationError(_("Danh sách này đã có một bản đính chính đang soạn."))
    copied = {
        name: getattr(original, name)
        for name in (
            "competition",
            "body",
            "title",
            "period_kind",
            "period_slug",
            "period_label",
            "ranked",
            "unit_kind",
            "tiers",
            "scope",
            "youth_union_only",
            "exclude_officers",
            "one_prize_per_team",
            "skip_earlier_winners",
        )
    }
    correction = AwardList.objects.create(
        **copied, version=original.version + 1, replaces=original, correction_reason=reason, created_by=actor
    )
    _audit(correction, actor, Action.CREATED, reason=reason, replaces=original.pk, version=correction.version)
    return correction


def verify(award_list: AwardList) -> bool:
    """Do the stored rows and source still give the stored hash?"""
    if not award_list.is_frozen:
        return False
    return drafting.content_hash(drafting.stored_rows(award_list), award_list.source) == award_list.content_hash
