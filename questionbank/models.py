"""Topics, questions (versioned), choices and the review trail."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """The taxonomy. Roots are fixed (``root_key`` set); sub-topics are free."""

    class Root(models.TextChoices):
        POLICY = "policy", _("Chủ trương, chính sách về chuyển đổi số")
        PUBLIC_SERVICES = "public_services", _("Dịch vụ công trực tuyến")
        SHOPPING = "shopping", _("Mua sắm trực tuyến")
        PAYMENT = "payment", _("Thanh toán trực tuyến")
        SAFETY = "safety", _("Bảo vệ bản thân trên môi trường số")
        LOCAL_PLATFORMS = "local_platforms", _("Các nền tảng số khác của địa phương")

    name = models.CharField(_("tên chủ đề"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    root_key = models.CharField(max_length=20, choices=Root.choices, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["root_key"], condition=~Q(root_key=""), name="topic_root_key_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="topic_name_unique_in_parent"),
            models.CheckConstraint(
                condition=Q(root_key="", parent__isnull=False) | Q(parent__isnull=True) & ~Q(root_key=""),
                name="topic_roots_are_fixed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.label} › {self.name}" if self.parent_id else self.label

    @property
    def label(self) -> str:
        """The fixed roots read in the user's language; sub-topics as their authors wrote them."""
        # One catalog look-up: get_root_key_display() would translate all six labels on every call.
        return str(self.Root(self.root_key).label) if self.root_key else self.name

    @property
    def root(self) -> Topic:
        return self.parent.root if self.parent_id else self


class QuestionQuerySet(models.QuerySet):
    def approved(self) -> QuestionQuerySet:
        return self.filter(status=Question.Status.APPROVED)

    def latest_versions(self) -> QuestionQuerySet:
        """One row per question family: its newest version."""
        newer = Question.objects.filter(family=models.OuterRef("family"), version__gt=models.OuterRef("version"))
        return self.filter(~models.Exists(newer))


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Một đáp án đúng")
        MULTIPLE = "multiple", _("Nhiều đáp án đúng")
        TRUE_FALSE = "true_false", _("Đúng / Sai")
        # Practising a skill (PROTOCOL.md v2): put the steps in order; tap the place on a picture.
        ORDER = "order", _("Sắp xếp thứ tự")
        HOTSPOT = "hotspot", _("Chạm vào hình")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        RETIRED = "retired", _("Ngừng dùng")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Dễ")
        MEDIUM = 2, _("Trung bình")
        HARD = 3, _("Khó")

    # All versions of one question share a family; results point at the exact
    # version a person saw, so editing never rewrites an old result.
    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("đơn vị sở hữu"),
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("chủ đề"))
    kind = models.CharField(_("loại câu hỏi"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("nội dung câu hỏi"))
    explanation = models.TextField(_("giải thích"), blank=True)
    source = models.CharField(_("nguồn (văn bản)"), max_length=300, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("độ khó"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Phone-sized variants made by Pillow at upload (see images.py).
    image = models.ImageField(_("hình ảnh"), upload_to="questions/%Y/%m/", blank=True)
    image_small = models.ImageField(upload_to="questions/%Y/%m/", blank=True, editable=False)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_questions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reviewed_questions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Set the first time a round shows this version; from then on it is frozen.
    first_used_at = models.DateTimeField(null=True, blank=True)
    # Set the first time a round shows this version's right answers to a player
    # (competitions.answers); rounds that draw only unseen questions skip its family.
    answers_shown_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="question_version_unique"),
            # At most one version of a question is being worked on at a time.
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status__in=["draft", "in_review"]),
                name="question_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True) | ~Q(reviewer=models.F("author")),
                name="question_reviewer_is_not_author",
            ),
        ]
        indexes = [
            # The round blueprint draws approved questions by topic and difficulty.
            models.Index(fields=["status", "topic", "difficulty"], name="question_draw_idx"),
            # The authoring list filters one unit's questions by status.
            models.Index(fields=["unit", "status"], name="question_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_frozen(self) -> bool:
        return self.first_used_at is not None

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.RETIRED


CHOICE_KEY_MIN = 100_000_000
CHOICE_KEY_MAX = 999_999_999


def new_choice_keys(count: int, *, taken: Iterable[int] = ()) -> list[int]:
    """``count`` fresh choice keys: random, distinct from each other and from ``taken``."""
    taken = set(taken)
    keys: list[int] = []
    while len(keys) < count:
        key = CHOICE_KEY_MIN + secrets.randbelow(CHOICE_KEY_MAX - CHOICE_KEY_MIN + 1)
        if key not in taken:
            taken.add(key)
            keys.append(key)
    return keys


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    # A choice's identity everywhere outside the bank's own tables: the value a
    # browser sends, what attempts store, what statistics count. Drawn at random
    # (new_choice_keys), always nine digits, so neither its value, nor its order
    # among the others, nor its length says which choice is right; the primary
    # key follows the author's order, where the right answer often comes first.
    key = models.PositiveIntegerField(editable=False)
    text = models.CharField(_("phương án"), max_length=500)
    # Never set on the steps of an ``order`` question: their right order is ``position``
    # (see questionbank.marking.right_answer).
    is_correct = models.BooleanField(_("đúng"), default=False)
    # A ``hotspot`` question's area of its image, as fractions (0–1) of the
    # image's width and height; null for every other kind.
    area_x = models.FloatField(null=True, blank=True)
    area_y = models.FloatField(null=True, blank=True)
    area_w = models.FloatField(null=True, blank=True)
    area_h = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique"),
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique"),
            models.CheckConstraint(
                condition=Q(key__gte=CHOICE_KEY_MIN, key__lte=CHOICE_KEY_MAX), name="choice_key_nine_digits"
            ),
            # An area is whole and lies on its image, or there is none (the 0.0001 forgives a float's rounding).
            models.CheckConstraint(
                condition=Q(area_x__isnull=True, area_y__isnull=True, area_w__isnull=True, area_h__isnull=True)
                | Q(
                    area_x__gte=0,
                    area_y__gte=0,
                    area_w__gt=0,
                    area_h__gt=0,
                    area_x__lte=1.0001 - models.F("area_w"),
                    area_y__lte=1.0001 - models.F("area_h"),
                ),
                name="choice_area_on_image",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def letter(self) -> str:
        return "ABCDEFGH"[self.position] if self.position < 8 else str(self.position + 1)

    @property
    def area(self) -> dict[str, float] | None:
        """PROTOCOL.md's ``area`` {x, y, w, h} of a hotspot question's choice; None for other kinds."""
        if self.area_x is None:
            return None
        return {"x": self.area_x, "y": self.area_y, "w": self.area_w, "h": self.area_h}


class QuestionEvent(models.Model):
    """Who did what to a question, and when: the review trail."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        EDITED = "edited", _("Sửa")
        NEW_VERSION = "new_version", _("Tạo phiên bản mới")
        SUBMITTED = "submitted", _("Gửi duyệt")
        APPROVED = "approved", _("Duyệt")
        REJECTED = "rejected", _("Trả lại")
        RETIRED = "retired", _("Ngừng dùng")
        IMPORTED = "imported", _("Nhập từ Excel")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử câu hỏi")
        verbose_name_plural = _("lịch sử câu hỏi")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.actor} – {self.at:%d/%m/%Y %H:%M}"


class QuestionStatistics(models.Model):
    """Item statistics of one question version over the rounds that have closed.

    Rebuilt as a whole by ``competitions.item_statistics`` (the ``item_stats``
    command); the definitions are in questionbank/stats.py.
    """

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="statistics")
    # Finished attempts of closed rounds that showed this version.
    seen = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)
    # Seen but no answer given in time (counted as wrong).
    unanswered = models.PositiveIntegerField(default=0)
    # correct / seen; None when nobody has seen it.
    facility = models.FloatField(null=True, blank=True)
    # p(top 27%) − p(bottom 27%) by attempt score; None when nobody has seen it.
    discrimination = models.FloatField(null=True, blank=True)
    # {"<choice key>": how many attempts chose it}.
    choice_counts = models.JSONField(default=dict, blank=True)
    rounds_counted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("thống kê câu hỏi")
        verbose_name_plural = _("thống kê câu hỏi")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.correct}/{self.seen}"
