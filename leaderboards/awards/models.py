"""Award lists: who draws them (awarding bodies), the lists, their frozen rows and their audit trail.

A list is a draft (recomputed from the standings whenever it is looked at),
then in review, then published. Publishing stores the rows, the standings
data they came from and a SHA-256 of both; from then on the database itself
refuses to change them (triggers made by migration 0002, see freeze.py):

- an ``AwardRow`` of a published or replaced list is never inserted, updated
  or deleted;
- a published list's fields never change, except its status going from
  published to replaced and its ``replaced_by`` being set, once;
- a published or replaced list is never deleted;
- an ``AwardAudit`` row is never updated or deleted.

A correction is a new list (``replaces`` the old one) with a reason; when it
is published the old one becomes “replaced” and stays visible with a link to
its correction.

People, teams and units are kept on a row as plain ids, not foreign keys: a
foreign key would make deleting a person try to change a frozen row (SET_NULL)
or delete it (CASCADE), and the published list must read as it was published.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Category

FROZEN_STATUSES = ("published", "replaced")


def category_label(value: str) -> str:
    """How a prize category (accounts.Category value) reads on a page; empty for none."""
    return str(Category(value).label) if value else ""


def new_public_token() -> str:
    """The unguessable part of a published list's public address (128 bits)."""
    return secrets.token_urlsafe(16)


class AwardingBody(models.Model):
    """Who gives the prizes: the Sở, the provincial Youth Union, a commune.

    Organisers of ``unit`` (and above it) manage its lists, viewers there read
    them; a list of the body ranks people, teams or units of ``unit``'s subtree
    only.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở / ban / ngành")
        YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
        LOCAL = "local", _("Chính quyền địa phương")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên cơ quan trao giải"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="awarding_bodies", verbose_name=_("đơn vị")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cơ quan trao giải")
        verbose_name_plural = _("cơ quan trao giải")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), F("unit"), name="awarding_body_name_unique_in_unit_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class AwardListQuerySet(models.QuerySet):
    def public(self) -> AwardListQuerySet:
        """Lists anyone with the link may read: published ones, and replaced ones (marked as such)."""
        return self.filter(status__in=FROZEN_STATUSES)

    def in_force(self) -> AwardListQuerySet:
        return self.filter(status=AwardList.Status.PUBLISHED)


class AwardList(models.Model):
    class Ranked(models.TextChoices):
        PEOPLE = "people", _("Cá nhân")
        TEAMS = "teams", _("Tổ")
        UNITS = "units", _("Đơn vị")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã công bố")
        REPLACED = "replaced", _("Đã được thay thế")

    competition = models.ForeignKey(
        "competitions.Competition", on_delete=models.PROTECT, related_name="award_lists", verbose_name=_("cuộc thi")
    )
    body = models.ForeignKey(
        AwardingBody, on_delete=models.PROTECT, related_name="award_lists", verbose_name=_("cơ quan trao giải")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    # leaderboards.periods.Period: kind and slug ("week", "2026-W48"; "stage", "stage-12"), and
    # its label as it read when the list was made ("Tuần 48 (23/11–29/11/2026)", a stage's title).
    period_kind = models.CharField(_("loại kỳ"), max_length=12)
    period_slug = models.CharField(_("kỳ"), max_length=20)
    period_label = models.CharField(_("kỳ xét giải"), max_length=200)
    ranked = models.CharField(_("xét giải cho"), max_length=8, choices=Ranked.choices, default=Ranked.PEOPLE)
    # Units lists: the level ranked (Unit.Kind value); empty for the scope's children.
    unit_kind = models.CharField(_("cấp đơn vị"), max_length=20, blank=True)
    # [{"name": "Giải Nhất", "count": 1}, ...], in prize order.
    tiers = models.JSONField(_("cơ cấu giải"), default=list)
    scope = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("phạm vi xét giải")
    )
    youth_union_only = models.BooleanField(_("chỉ đoàn viên"), default=False)
    exclude_officers = models.BooleanField(_("không xét cán bộ đơn vị tổ chức"), default=False)
    one_prize_per_team = models.BooleanField(_("mỗi tổ tối đa một giải"), default=False)
    skip_earlier_winners = models.BooleanField(_("bỏ qua người đã đạt giải ở danh sách trước"), default=False)

    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction", verbose_name=_("đính chính")
    )
    # Set on the old list when its correction is published (the only change a published list takes).
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("thay bằng")
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_for_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Frozen at publish: where the rows came from (rounds, "how", the standings rows walked, the
    # skipped with reasons) and SHA-256 of the canonical JSON of rows + source (services.content_hash).
    source = models.JSONField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    objects = AwardListQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách đạt giải")
        verbose_name_plural = _("danh sách đạt giải")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "replaced"]), name="award_list_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"])
                | Q(published_at__isnull=False, source__isnull=False) & ~Q(content_hash=""),
                name="award_list_published_has_content",
            ),
            models.CheckConstraint(
                condition=Q(status="replaced", replaced_by__isnull=False)
                | ~Q(status="replaced") & Q(replaced_by__isnull=True),
                name="award_list_replaced_has_successor",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(correction_reason=""), name="award_list_correction_has_reason"
            ),
        ]
        indexes = [
            # selectors.earlier_winners: the published lists of one body in one competition.
            models.Index(fields=["competition", "body", "status"], name="award_list_body_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def prize_count(self) -> int:
        return sum(tier["count"] for tier in self.tiers)


class AwardRow(models.Model):
    """One prize of a published list, as it was published. Inserted once, at publish, never changed."""

    award_list = models.ForeignKey(AwardList, on_delete=models.PROTECT, related_name="rows")
    position = models.PositiveSmallIntegerField(_("STT"))
    tier = models.CharField(_("giải"), max_length=100)
    # The quota category the prize was given in (accounts.Category), when the tier is split by category.
    category = models.CharField(_("đối tượng"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("hạng"))
    total = models.IntegerField(_("điểm"))
    name = models.CharField(_("họ và tên"), max_length=200)
    team_name = models.CharField(_("tổ"), max_length=200, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=200, blank=True)
    masked_phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)
    user_pk = models.PositiveIntegerField(null=True, blank=True)
    team_pk = models.PositiveIntegerField(null=True, blank=True)
    unit_pk = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("người / tập thể đạt giải")
        verbose_name_plural = _("người / tập thể đạt giải")
        ordering = ["award_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["award_list", "position"], name="award_row_position_unique"),
        ]
        indexes = [
            # selectors.earlier_winners: who a body already awarded.
            models.Index(fields=["user_pk"], name="award_row_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name} – {self.tier}"

    @property
    def category_label(self) -> str:
        return category_label(self.category)


class AwardAudit(models.Model):
    """Who did what to a list, when and why. Rows are only ever added."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo bản nháp")
        EDITED = "edited", _("Sửa bản nháp")
        SENT_FOR_REVIEW = "sent_for_review", _("Gửi duyệt")
        RETURNED = "returned", _("Trả lại bản nháp")
        PUBLISHED = "published", _("Công bố")
        CORRECTED = "corrected", _("Đính chính")

    award_list = models.ForeignKey(AwardList, on_delete=models.PROTECT, related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("việc"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký danh sách đạt giải")
        verbose_name_plural = _("nhật ký danh sách đạt giải")
        ordering = ["award_list", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.award_list_id} · {self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"
