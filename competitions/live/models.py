"""What a live round stores. The database is the truth: any server process answers a ``sync`` from it.

Times of the game (``*_ms``) are integers, milliseconds since the Unix epoch
from the server's clock, exactly as PROTOCOL.md sends them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# A join code is six digits, like a game PIN.
CODE_DIGITS = 6
# PROTOCOL.md allows at most 500 ms of grace for network delay.
MAX_GRACE_MS = 500
# Guests a round takes unless its organiser says otherwise; a hall of 300 on one Wi-Fi fits.
DEFAULT_GUEST_LIMIT = 300
MAX_GUEST_LIMIT = 10_000


def new_screen_token() -> str:
    return secrets.token_urlsafe(24)


class LiveRound(models.Model):
    """The live part of a ``Round`` whose mode is live: its join code, its rules and where the game is."""

    class TeamMode(models.TextChoices):
        SUM = "sum", _("Cộng điểm các thành viên")
        AVERAGE = "average", _("Điểm trung bình của các thành viên có mặt")
        CAPTAIN = "captain", _("Điểm của đội trưởng")

    class Status(models.TextChoices):
        LOBBY = "lobby", _("Phòng chờ")
        QUESTION = "question", _("Đang hỏi")
        REVEAL = "reveal", _("Công bố đáp án")
        LEADERBOARD = "leaderboard", _("Bảng xếp hạng")
        PAUSED = "paused", _("Tạm dừng")
        FINISHED = "finished", _("Đã kết thúc")

    round = models.OneToOneField("competitions.Round", on_delete=models.CASCADE, primary_key=True, related_name="live")
    code = models.CharField(_("mã tham gia"), max_length=CODE_DIGITS)
    # The projector's URL carries it, so the projector laptop needs no organiser login.
    screen_token = models.CharField(max_length=64, unique=True, default=new_screen_token, editable=False)
    team_mode = models.CharField(_("cách tính điểm đội"), max_length=10, choices=TeamMode.choices, default=TeamMode.SUM)
    guests_allowed = models.BooleanField(_("cho phép khách tham gia"), default=False)
    # A script with no sign-in must not fill a round with guests: the organiser says how many it takes.
    guest_limit = models.PositiveIntegerField(_("số khách tối đa"), default=DEFAULT_GUEST_LIMIT)
    grace_ms = models.PositiveIntegerField(_("thời gian bù trễ mạng (ms)"), default=300)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.LOBBY)
    # -1 in the lobby; then the position of the question last opened.
    question_index = models.SmallIntegerField(default=-1)
    opens_at_ms = models.BigIntegerField(null=True, blank=True)
    closes_at_ms = models.BigIntegerField(null=True, blank=True)
    # While paused: the status to go back to, and an open question's time left.
    paused_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    paused_remaining_ms = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vòng thi trực tiếp")
        verbose_name_plural = _("vòng thi trực tiếp")
        constraints = [
            # A code names one round among those not finished; a finished round's code may come back.
            models.UniqueConstraint(
                fields=["code"], condition=~Q(status="finished"), name="live_code_unique_unfinished"
            ),
            models.CheckConstraint(condition=Q(grace_ms__lte=MAX_GRACE_MS), name="live_grace_at_most_500ms"),
            models.CheckConstraint(condition=Q(guest_limit__lte=MAX_GUEST_LIMIT), name="live_guest_limit_at_most_max"),
            models.CheckConstraint(
                condition=Q(opens_at_ms__isnull=True) | Q(closes_at_ms__gt=F("opens_at_ms")),
                name="live_question_opens_before_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} ({self.code})"


class LiveQuestion(models.Model):
    """A question of a live round at ``position``: the exact version, its time and points, one choice order."""

    live_round = models.ForeignKey(LiveRound, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey("questionbank.Question", on_delete=models.PROTECT, related_name="live_questions")
    position = models.PositiveSmallIntegerField()
    duration_seconds = models.PositiveSmallIntegerField(_("thời gian (giây)"), default=20)
    points = models.PositiveIntegerField(_("điểm"), default=1000)
    # Choice keys (questionbank.Choice.key), shuffled once: every screen shows this order.
    choice_order = models.JSONField(default=list)
    # Set once, by whichever process closes the question first: the reveal is sent exactly once.
    revealed_at_ms = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("câu hỏi trực tiếp")
        verbose_name_plural = _("câu hỏi trực tiếp")
        ordering = ["live_round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["live_round", "position"], name="live_question_position_unique"),
            models.UniqueConstraint(fields=["live_round", "question"], name="live_question_unique"),
            models.CheckConstraint(condition=Q(duration_seconds__gte=5), name="live_question_duration_min"),
        ]

    def __str__(self) -> str:
        return f"{self.live_round} · {self.position + 1}"

    @property
    def duration_ms(self) -> int:
        return self.duration_seconds * 1000


class LiveEntry(models.Model):
    """A team entered in a live round, its captain (team mode "captain") and, once finished, its result."""

    live_round = models.ForeignKey(LiveRound, on_delete=models.CASCADE, related_name="entries")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="live_entries")
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Stored when the round finishes: standings and award lists count them.
    score = models.IntegerField(null=True, blank=True)
    correct_elapsed_ms = models.BigIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("đội dự thi trực tiếp")
        verbose_name_plural = _("đội dự thi trực tiếp")
        ordering = ["live_round", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["live_round", "team"], name="live_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.live_round} – {self.team}"


class LivePlayer(models.Model):
    """Someone playing a live round for a team: a signed-in member, or a guest known by their session."""

    live_round = models.ForeignKey(LiveRound, on_delete=models.CASCADE, related_name="players")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="live_players")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="live_players"
    )
    # A guest's random id, kept in their session.
    guest_key = models.CharField(max_length=32, blank=True)
    display_name = models.CharField(_("tên hiển thị"), max_length=40)
    joined_at = models.DateTimeField(auto_now_add=True)
    # Stored when the round finishes.
    score = models.IntegerField(null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    correct_elapsed_ms = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("người chơi trực tiếp")
        verbose_name_plural = _("người chơi trực tiếp")
        ordering = ["live_round", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["live_round", "user"], condition=Q(user__isnull=False), name="live_player_user_unique"
            ),
            models.UniqueConstraint(
                fields=["live_round", "guest_key"], condition=~Q(guest_key=""), name="live_player_guest_unique"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, guest_key="") | Q(user__isnull=True) & ~Q(guest_key=""),
                name="live_player_member_or_guest",
            ),
        ]
        indexes = [models.Index(fields=["live_round", "team"], name="live_player_team_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class LiveAnswer(models.Model):
    """A player's accepted answer. The first one counts: the database refuses a second."""

    player = models.ForeignKey(LivePlayer, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(LiveQuestion, on_delete=models.CASCADE, related_name="answers")
    # The chosen choices' keys: sorted, or for an ``order`` question in the player's order (marking.stored).
    choices = models.JSONField(default=list)
    received_at_ms = models.BigIntegerField()
    # received_at_ms − the question's opens_at_ms, clamped to [0, duration].
    elapsed_ms = models.PositiveIntegerField()
    correct = models.BooleanField()
    points = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("câu trả lời trực tiếp")
        verbose_name_plural = _("câu trả lời trực tiếp")
        constraints = [
            models.UniqueConstraint(fields=["player", "question"], name="live_answer_first_counts"),
            models.CheckConstraint(condition=Q(correct=True) | Q(points=0), name="live_answer_wrong_scores_zero"),
        ]
        indexes = [models.Index(fields=["question"], name="live_answer_question_idx")]

    def __str__(self) -> str:
        return f"{self.player} · {self.question_id}: {self.choices}"


class LivePresence(models.Model):
    """A player whose socket was open when a question opened (PROTOCOL.md v2 "present").

    Written by each process for its own sockets as it sends the question; a
    player who answered is present too (their LiveAnswer says so), so
    ``average`` divides by the union of both, never by everyone who joined.
    """

    question = models.ForeignKey(LiveQuestion, on_delete=models.CASCADE, related_name="presences")
    player = models.ForeignKey(LivePlayer, on_delete=models.CASCADE, related_name="presences")

    class Meta:
        verbose_name = _("người chơi có mặt")
        verbose_name_plural = _("người chơi có mặt")
        constraints = [
            models.UniqueConstraint(fields=["question", "player"], name="live_presence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.player_id} @ {self.question_id}"
