"""Stages that qualify: the top K teams of an earlier stage's standings entered into a later one.

A ``Qualification`` says “stage B takes the top K teams of stage A”
(overall, or the top K of each unit of a kind, a team counting for its
ancestor of that kind). Computing who that is belongs to the leaderboards
(``leaderboards.qualify``: the standings of stage A); this module only keeps
the result, because a stage qualifying is a competition's business and the
live round of stage B reads the list to enter its teams (the import
direction runs from leaderboards to competitions, never back).

A draft holds the question only; publishing stores the rows
(``QualifiedTeam``), the standings' own explanation and a SHA-256 of the
rows, and from then on the list never changes: the database's triggers
(migration 0009) refuse any insert, update or delete of a published list's
rows, any change to a published list but one, and its deletion. The one
change is a correction: a new list naming the old one in ``replaces`` with
a reason; when the new one is published the old one becomes “replaced”,
still readable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Unit

SHA256_HEX = 64


class QualificationQuerySet(models.QuerySet):
    def published(self) -> QualificationQuerySet:
        """The lists in force: published and not replaced by a correction."""
        return self.filter(status=Qualification.Status.PUBLISHED)


class Qualification(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        REPLACED = "replaced", _("Đã được thay thế")

    into_stage = models.ForeignKey(
        "competitions.Stage", on_delete=models.PROTECT, related_name="qualifications", verbose_name=_("vào giai đoạn")
    )
    from_stage = models.ForeignKey(
        "competitions.Stage", on_delete=models.PROTECT, related_name="qualified_out", verbose_name=_("từ giai đoạn")
    )
    top_k = models.PositiveSmallIntegerField(_("số tổ được chọn"))
    # Blank: the top K overall. Otherwise a Unit.Kind: the top K of each unit of that kind.
    per_unit_kind = models.CharField(_("mỗi đơn vị cấp"), max_length=20, choices=Unit.Kind.choices, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A correction: the list this one replaces once published, and why.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("thay cho danh sách"),
    )
    reason = models.TextField(_("lý do đính chính"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 (hex) of the rows in their canonical form (leaderboards.qualify.services.canonical).
    digest = models.CharField(_("mã băm SHA-256"), max_length=SHA256_HEX, blank=True)
    # The standings' one line on how they were computed, as it read when published.
    how = models.TextField(_("cách tính"), blank=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách vào vòng")
        verbose_name_plural = _("danh sách vào vòng")
        ordering = ["into_stage", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(top_k__gte=1), name="qualification_top_k_positive"),
            models.CheckConstraint(condition=~Q(into_stage=models.F("from_stage")), name="qualification_other_stage"),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(reason=""), name="qualification_correction_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False, published_by__isnull=False) & ~Q(digest=""),
                name="qualification_published_is_signed",
            ),
            # One list in force per pair of stages: a second is a correction of the first.
            models.UniqueConstraint(
                fields=["into_stage", "from_stage"], condition=Q(status="published"), name="qualification_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Top %(k)d từ %(stage)s") % {"k": self.top_k, "stage": self.from_stage.title}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        """The stage it draws from: another stage of the same competition, before this one."""
        errors: dict[str, list[str]] = {}
        if self.top_k is None or self.top_k < 1:
            errors.setdefault("top_k", []).append(gettext("Số tổ được chọn phải từ 1 trở lên."))
        if self.per_unit_kind and self.per_unit_kind not in Unit.Kind.values:
            errors.setdefault("per_unit_kind", []).append(gettext("Loại đơn vị không hợp lệ."))
        into, source = self.into_stage, self.from_stage
        if source.competition_id != into.competition_id:
            errors.setdefault("from_stage", []).append(
                gettext("Giai đoạn lấy tổ phải thuộc cùng cuộc thi với giai đoạn này.")
            )
        elif (source.position, source.pk) >= (into.position, into.pk):
            errors.setdefault("from_stage", []).append(gettext("Giai đoạn lấy tổ phải đứng trước giai đoạn này."))
        if errors:
            raise ValidationError(errors)


class QualifiedTeam(models.Model):
    """One team of a published list, as it stood: names are kept as text, so a rename later changes nothing."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="teams")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="qualifications")
    position = models.PositiveSmallIntegerField()  # 1, 2, 3… in the list's order
    rank = models.PositiveIntegerField()  # in the standings (overall), or within its unit
    total = models.IntegerField()
    played = models.PositiveIntegerField(default=0)  # members who played in the stage
    size = models.PositiveIntegerField(default=0)  # members of the team then
    # Per unit: the unit of the chosen kind the team counted for. Empty overall.
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit_name = models.CharField(max_length=200, blank=True)
    team_name = models.CharField(max_length=200)
    team_unit_name = models.CharField(max_length=200)  # the team's own unit (a hamlet, say)

    class Meta:
        verbose_name = _("tổ vào vòng")
        verbose_name_plural = _("tổ vào vòng")
        ordering = ["qualification", "position"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "position"], name="qualified_team_position_unique"),
            models.UniqueConstraint(fields=["qualification", "team"], name="qualified_team_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.team_name}"

    @property
    def participation_percent(self) -> int:
        return round(self.played * 100 / self.size) if self.size else 0
