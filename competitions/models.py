"""Competitions, stages, rounds; self-paced attempts and their answers.

A round's status (draft / scheduled / open / closed) is never stored: it is
derived from ``published_at`` and, once published, from the clock and
``opens_at`` / ``closes_at``, so nothing goes stale when a process restarts
or a periodic job is late.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from questionbank.models import Question

DEFAULT_PREDICTION_PROMPT = "Có bao nhiêu người trả lời đúng tất cả các câu hỏi?"
REVIEW_NOTE_MAX = 300
REMIND_AT_HELP = _(
    "Giờ Việt Nam (GMT+7). Ai đã bật nhắc nhở mà chưa thi sẽ nhận một thông báo lúc này. Để trống: 19:00 hôm "
    "trước ngày đóng; vòng thi ngắn hơn một ngày thì 2 giờ trước khi đóng. Phải trong lúc vòng thi mở."
)


class Competition(models.Model):
    title = models.CharField(_("tên cuộc thi"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    # The organising unit: its subtree plays, its organisers manage it.
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="competitions", verbose_name=_("đơn vị tổ chức")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_competitions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The jury (ban giám khảo): never awarded in this competition's lists.
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="juries", verbose_name=_("ban giám khảo")
    )

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Stage(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Tuần")
        MONTHLY = "monthly", _("Tháng")
        QUARTERLY = "quarterly", _("Quý")
        FINAL = "final", _("Chung kết")
        CUSTOM = "custom", _("Khác")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("loại vòng"), max_length=10, choices=Kind.choices, default=Kind.WEEKLY)
    title = models.CharField(_("tên"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(starts_on__lte=F("ends_on")),
                name="stage_starts_before_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competition} – {self.title}"


class RoundQuerySet(models.QuerySet):
    """Draft rounds are nobody's business but their organisers': every status filter leaves them out."""

    def published(self) -> RoundQuerySet:
        return self.filter(published_at__isnull=False)

    def open_now(self, now: datetime | None = None) -> RoundQuerySet:
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)

    def closed(self, now: datetime | None = None) -> RoundQuerySet:
        return self.published().filter(closes_at__lte=now or timezone.now())

    def not_closed(self, now: datetime | None = None) -> RoundQuerySet:
        """Published rounds that are open or will open: the ones that may still draw questions."""
        return self.published().filter(closes_at__gt=now or timezone.now())


class Round(models.Model):
    class Mode(models.TextChoices):
        SELF_PACED = "self_paced", _("Tự làm bài")
        LIVE = "live", _("Trực tiếp")

    class Entry(models.TextChoices):
        TEAM_MEMBERS = "team_members", _("Thành viên các tổ")
        ANYONE_SIGNED_IN = "anyone_signed_in", _("Mọi người đã đăng nhập")

    class AnswersShown(models.TextChoices):
        AFTER_CLOSE = "after_close", _("Sau khi vòng thi đóng")
        AFTER_SUBMIT = "after_submit", _("Ngay sau khi nộp bài")
        NEVER = "never", _("Không công bố")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SCHEDULED = "scheduled", _("Sắp mở")
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("tên vòng thi"), max_length=200)
    mode = models.CharField(_("hình thức"), max_length=12, choices=Mode.choices, default=Mode.SELF_PACED)
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    # More than one attempt: the best one counts.
    attempts_allowed = models.PositiveSmallIntegerField(_("số lượt được làm"), default=1)
    entry = models.CharField(_("ai được thi"), max_length=20, choices=Entry.choices, default=Entry.TEAM_MEMBERS)
    # Teams of these units' subtrees may play; empty means the competition unit's subtree.
    eligible_units = models.ManyToManyField(
        "accounts.Unit", blank=True, related_name="eligible_rounds", verbose_name=_("đơn vị được thi")
    )
    prediction_enabled = models.BooleanField(_("có câu hỏi dự đoán"), default=False)
    prediction_prompt = models.CharField(
        _("câu hỏi dự đoán"), max_length=300, default=DEFAULT_PREDICTION_PROMPT, blank=True
    )
    answers_shown = models.CharField(
        _("công bố đáp án"), max_length=12, choices=AnswersShown.choices, default=AnswersShown.AFTER_CLOSE
    )
    # Draw only questions whose answers no round has shown yet (Question.answers_shown_at).
    unseen_only = models.BooleanField(_("chỉ rút câu hỏi chưa từng công bố đáp án"), default=False)
    # Self-paced: when members who have not played yet get a Web Push reminder (competitions/reminders.py);
    # empty: reminders.default_remind_at (19:00 the day before the close, 2 hours before it for a short round).
    remind_at = models.DateTimeField(_("nhắc người chưa thi lúc"), null=True, blank=True, help_text=REMIND_AT_HELP)
    # Empty while the round is a draft: members neither see nor start it. Set by
    # organise.services.publish_round once the bank can fill the blueprint.
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    # Taken by close_rounds once the round has closed: people with every answer right.
    prediction_actual = models.PositiveIntegerField(_("số người đúng tất cả (thực tế)"), null=True, blank=True)
    # When close_rounds took the results (finished the last attempts, counted the prediction's
    # actual number); None until then, and again when an organiser reopens the round.
    results_taken_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="round_opens_before_closes"),
            models.CheckConstraint(condition=Q(time_limit_seconds__gt=0), name="round_time_limit_positive"),
            models.CheckConstraint(condition=Q(attempts_allowed__gte=1), name="round_attempts_allowed_positive"),
            models.CheckConstraint(
                condition=Q(remind_at__isnull=True) | Q(remind_at__gte=F("opens_at"), remind_at__lt=F("closes_at")),
                name="round_remind_while_open",
            ),
        ]
        indexes = [
            # Round.objects.open_now(): the home page lists the rounds open right now.
            models.Index(fields=["closes_at", "opens_at"], name="round_open_now_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def competition(self) -> Competition:
        return self.stage.competition

    @property
    def time_limit(self) -> timedelta:
        return timedelta(seconds=self.time_limit_seconds)

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def status_at(self, now: datetime | None = None) -> str:
        if self.published_at is None:
            return self.Status.DRAFT
        now = now or timezone.now()
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def is_open(self) -> bool:
        return self.status_at() == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status_at() == self.Status.CLOSED

    def answers_visible(self, attempt: Attempt | None = None, now: datetime | None = None) -> bool:
        """May the right answers and explanations of this round be shown (to this attempt's owner)?

        Before the round closes, "after submit" answers are shown question by
        question: competitions.answers.review withholds those another round
        that is not closed yet may still draw.
        """
        if self.answers_shown == self.AnswersShown.NEVER:
            return False
        if self.status_at(now) == self.Status.CLOSED:
            return True
        # "After submit" still waits while the person has attempts left to use.
        return (
            self.answers_shown == self.AnswersShown.AFTER_SUBMIT
            and attempt is not None
            and attempt.submitted_at is not None
            and self.attempts.filter(user_id=attempt.user_id).count() >= self.attempts_allowed
        )


class BlueprintItem(models.Model):
    """“``count`` questions of ``topic`` (and its sub-topics) at ``difficulty``.”"""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="blueprint")
    topic = models.ForeignKey(
        "questionbank.Topic", on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ đề")
    )
    # Empty: any difficulty.
    difficulty = models.PositiveSmallIntegerField(
        _("độ khó"), null=True, blank=True, choices=Question.Difficulty.choices
    )
    count = models.PositiveSmallIntegerField(_("số câu"), default=1)

    class Meta:
        verbose_name = _("cấu trúc đề")
        verbose_name_plural = _("cấu trúc đề")
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="blueprint_item_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.topic}"


class AttemptQuerySet(models.QuerySet):
    def finished(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=False)

    def unfinished(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=True)

    def expired(self, now: datetime | None = None) -> AttemptQuerySet:
        """Unfinished attempts past their deadline: the server finishes them."""
        return self.unfinished().filter(deadline__lte=now or timezone.now())


class Attempt(models.Model):
    class FinishedReason(models.TextChoices):
        SUBMITTED = "submitted", _("Nộp bài")
        DEADLINE = "deadline", _("Hết giờ")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    # The team the person played for when they started: standings keep it even if they move.
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts")
    number = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    # min(started_at + time limit, round closes_at); the server enforces it.
    deadline = models.DateTimeField()
    # When the attempt ended: the submit, or the deadline if time ran out.
    submitted_at = models.DateTimeField(null=True, blank=True)
    finished_reason = models.CharField(max_length=10, choices=FinishedReason.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    correct_all = models.BooleanField(default=False)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    duration = models.DurationField(null=True, blank=True)
    # A cookie set on first visit: several accounts playing from one phone get flagged.
    device_id = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        ordering = ["round", "user", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "number"], name="attempt_number_unique"),
            # Resuming on another phone finds this one attempt; a double start cannot make two.
            models.UniqueConstraint(
                fields=["round", "user"], condition=Q(submitted_at__isnull=True), name="attempt_one_unfinished"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(condition=Q(deadline__gt=F("started_at")), name="attempt_deadline_after_start"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, finished_reason="")
                | Q(submitted_at__isnull=False) & ~Q(finished_reason=""),
                name="attempt_finished_has_reason",
            ),
        ]
        indexes = [
            # finish_expired_attempts / close_rounds: unfinished attempts past their deadline.
            models.Index(fields=["deadline"], condition=Q(submitted_at__isnull=True), name="attempt_unfinished_idx"),
            # ranking(): the finished attempts of a round.
            models.Index(fields=["round", "submitted_at"], name="attempt_round_finished_idx"),
            # The shared-device flag: other people's attempts in this round from this device.
            models.Index(fields=["round", "device_id"], name="attempt_round_device_idx"),
            # The home page: my attempts, newest first.
            models.Index(fields=["user", "-started_at"], name="attempt_user_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.round} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.submitted_at is None and (now or timezone.now()) >= self.deadline

    def seconds_left(self, now: datetime | None = None) -> int:
        if self.submitted_at is not None:
            return 0
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))


class AttemptFlag(models.Model):
    """Something an organiser should look at. Flagged attempts still count.

    An organiser marks a flag as looked at (“reviewed”) with an optional note;
    the attempt is never blocked or changed by a flag or by its review.
    """

    class Kind(models.TextChoices):
        TOO_FAST = "too_fast", _("Làm bài quá nhanh")
        SHARED_DEVICE = "shared_device", _("Nhiều tài khoản trên một thiết bị")

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # What was seen, as data ({"questions", "seconds"} or {"names"}), so that
    # `description` reads in the language of whoever looks at it.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Null while nobody has looked at it. reviewed_at stays if the reviewer's account is deleted.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewed_flags"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("ghi chú"), max_length=REVIEW_NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("cảnh báo lượt thi")
        verbose_name_plural = _("cảnh báo lượt thi")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "kind"], name="attempt_flag_unique"),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | Q(reviewed_at__isnull=False),
                name="attempt_flag_reviewer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    @property
    def description(self) -> str:
        if self.kind == self.Kind.TOO_FAST:
            return gettext("%(q)d câu trong %(s)d giây.") % {
                "q": self.details.get("questions", 0),
                "s": self.details.get("seconds", 0),
            }
        return gettext("Cùng thiết bị với: %(names)s") % {"names": ", ".join(self.details.get("names", []))}

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class AttemptQuestion(models.Model):
    """The exact question version an attempt shows at ``position``, drawn once at start."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey("questionbank.Question", on_delete=models.PROTECT, related_name="attempt_questions")
    position = models.PositiveSmallIntegerField()
    # Choice keys (questionbank.Choice.key) in the order this person sees them.
    choice_order = models.JSONField(default=list)

    class Meta:
        verbose_name = _("câu hỏi trong lượt thi")
        verbose_name_plural = _("câu hỏi trong lượt thi")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_question_position_unique"),
            models.UniqueConstraint(fields=["attempt", "question"], name="attempt_question_unique"),
        ]
        indexes = [
            # Item statistics: every showing of a question version.
            models.Index(fields=["question"], name="attempt_question_question_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position + 1}"


class Answer(models.Model):
    """One row per question per attempt, updated in place when the choice changes.

    ``answered_at`` is the first answer, ``updated_at`` the moment the current
    choice was given; an answer whose current choice came after the deadline
    never counts. ``correct`` is filled only when the attempt finishes.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("questionbank.Question", on_delete=models.PROTECT, related_name="attempt_answers")
    # The chosen choices' keys, sorted.
    choices = models.JSONField(default=list)
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    correct = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_one_per_question"),
        ]
        indexes = [
            # Item statistics: every answer to a question version.
            models.Index(fields=["question"], name="answer_question_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.question_id}: {self.choices}"


# Live rounds keep their models in their own module; Django finds them through this import.
from competitions.live.models import (  # noqa: E402, F401
    LiveAnswer,
    LiveEntry,
    LivePlayer,
    LivePresence,
    LiveQuestion,
    LiveRound,
)

# Stage qualification lists (competitions.qualification) likewise.
from competitions.qualification import Qualification, QualifiedTeam  # noqa: E402, F401

# Web Push reminders of rounds (competitions.reminders) likewise.
from competitions.reminders import Reminder  # noqa: E402, F401

# A member's shared result (competitions.result_shares) likewise.
from competitions.result_shares import ResultShare  # noqa: E402, F401
