"""Web Push reminders that bring members back: the round they have not played, the live round about to start.

``manage.py send_reminders`` (every minute, deploy/send-reminders.timer; never
a web process) calls reminder_sending.send_due:

1. *queue*: a ``Reminder`` row per member due one, for
   - a self-paced round open now whose reminder time has come
     (``Round.remind_at``, else ``default_remind_at``): members of its
     eligible teams (``eligibility.eligible_teams``; for a round open to
     anyone signed in, too: the rounds' own people, not the whole country)
     with no attempt in it;
   - a live round waiting in its lobby that starts within ``LIVE_LEAD``:
     members of the teams entered who have not joined it yet;
   only members with a subscription (push_subscriptions). The row is unique
   per round and member: each gets a round's reminder once, however many
   runs or processes queue it.
2. *claim* a batch of unsent rows (``SELECT … FOR UPDATE SKIP LOCKED`` on
   PostgreSQL) and lease it for ``LEASE``: two runs that overlap take
   different rows; the rows of a run that died are taken again once their
   lease is over, so none is lost.
3. *send* (reminder_sending.py) to each of the member's browsers from a pool of
   ``settings.PUSH_WORKERS`` threads (web_push.Pusher; the threads never
   touch the database), and record each member's row as sent as soon as
   all their browsers answered: a crash can repeat at most the messages in
   flight, and those carry the round's ``tag``, so the phone shows one.
   Whoever has played (or joined the live round) by then, or whose round
   closed (or started), is skipped. A 404 or 410 deletes the subscription.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from competitions.live import links
from competitions.live.models import LivePlayer, LiveRound
from quizsite.accounts.models import Membership, Team
from quizsite.accounts.push_subscriptions import PushSubscription

from .eligibility import eligible_teams
from .models import Attempt, Round, Stage

LIVE_LEAD = timedelta(minutes=10)
# A round shorter than this is reminded SHORT_ROUND_LEAD before it closes; a longer one the evening before.
SHORT_ROUND = timedelta(days=1)
SHORT_ROUND_LEAD = timedelta(hours=2)
EVENING = time(19, 0)
BATCH = 100
# Longer than a batch takes with every push service answering at the last second of web_push.TIMEOUT.
LEASE = timedelta(minutes=5)


class Reminder(models.Model):
    """A member's reminder of a round: queued once, sent once (``sent_at``), whatever the runs of the job."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    # A run that claimed it owns it until then; another run takes it after (the first one died).
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(gettext_lazy("gửi lúc"), null=True, blank=True)
    # The member's browsers whose push service accepted it (0: skipped, or none reached).
    devices = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("lời nhắc")
        verbose_name_plural = gettext_lazy("lời nhắc")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="reminder_once_per_round_member")]
        indexes = [
            # _claim: the unsent reminders whose lease is free.
            models.Index(fields=["claimed_until"], condition=Q(sent_at__isnull=True), name="reminder_unsent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.user_id}"


def default_remind_at(round: Round) -> datetime:
    """19:00 (Vietnam time) the day before the close; 2 hours before it for a round shorter than a day.

    Never before the round opens.
    """
    if round.closes_at - round.opens_at < SHORT_ROUND:
        at = round.closes_at - SHORT_ROUND_LEAD
    else:
        day_before = timezone.localtime(round.closes_at).date() - timedelta(days=1)
        at = timezone.make_aware(datetime.combine(day_before, EVENING))
    return max(at, round.opens_at)


def remind_at(round: Round) -> datetime:
    return round.remind_at or default_remind_at(round)


# --- 1. Queue ---------------------------------------------------------------------


def _subscribed_members(teams, round: Round):
    """User ids of the active members of ``teams`` with a subscription and no reminder of ``round`` yet."""
    return (
        Membership.objects.filter(team__in=teams, user__is_active=True)
        .filter(Exists(PushSubscription.objects.filter(user_id=OuterRef("user_id"))))
        .exclude(user_id__in=Reminder.objects.filter(round=round).values("user_id"))
        .values_list("user_id", flat=True)
    )


def _queue(round: Round, user_ids) -> int:
    rows = [Reminder(round=round, user_id=user_id) for user_id in user_ids]
    # Another run may queue the same member at the same moment: the unique row keeps one.
    Reminder.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def queue_due(now: datetime) -> int:
    """Queue every reminder due at ``now``; how many rows were offered (conflicts with another run included)."""
    queued = 0
    for round in Round.objects.open_now(now).filter(mode=Round.Mode.SELF_PACED).select_related("stage__competition"):
        if remind_at(round) <= now:
            played = Attempt.objects.filter(round=round).values("user_id")
            queued += _queue(round, _subscribed_members(eligible_teams(round), round).exclude(user_id__in=played))
    starting = Round.objects.published().filter(
        mode=Round.Mode.LIVE, opens_at__gt=now, opens_at__lte=now + LIVE_LEAD, live__status=LiveRound.Status.LOBBY
    )
    for round in starting:
        teams = Team.objects.filter(live_entries__live_round_id=round.pk)
        joined = LivePlayer.objects.filter(live_round_id=round.pk, user__isnull=False).values("user_id")
        queued += _queue(round, _subscribed_members(teams, round).exclude(user_id__in=joined))
    return queued


# --- 2. Claim ---------------------------------------------------------------------


def claim(now: datetime, size: int = BATCH) -> list[int]:
    with transaction.atomic():
        ids = list(
            Reminder.objects.filter(sent_at__isnull=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        Reminder.objects.filter(pk__in=ids).update(claimed_until=now + LEASE)
    return ids


# --- What is said ----------------------------------------------------------------------


def _closing_words(round: Round, now: datetime) -> str:
    closes = timezone.localtime(round.closes_at)
    days = (closes.date() - timezone.localtime(now).date()).days
    at = closes.strftime("%H:%M")
    if days == 0:
        when = _("lúc %(time)s hôm nay") % {"time": at}
    elif days == 1:
        when = _("lúc %(time)s ngày mai") % {"time": at}
    else:
        when = _("lúc %(time)s ngày %(date)s") % {"time": at, "date": closes.strftime("%d/%m")}
    if round.stage.kind == Stage.Kind.WEEKLY:
        return _("Vòng thi tuần này đóng %(when)s — bạn chưa thi") % {"when": when}
    return _("Vòng thi đóng %(when)s — bạn chưa thi") % {"when": when}


def payload(round: Round, *, language: str, now: datetime) -> dict:
    """What the service worker shows (title, body), opens on a tap (url) and replaces a repeat by (tag)."""
    with translation.override(language):
        if round.mode == Round.Mode.LIVE:
            minutes = max(1, math.ceil((round.opens_at - now).total_seconds() / 60))
            body = ngettext(
                "Vòng trực tiếp bắt đầu sau %(n)d phút", "Vòng trực tiếp bắt đầu sau %(n)d phút", minutes
            ) % {"n": minutes}
            url = links.player_path(round.live.code)
        else:
            body = _closing_words(round, now)
            url = reverse("competitions:round_detail", args=[round.pk])
    return {"title": round.title, "body": body, "url": url, "tag": f"round-{round.pk}"}


def still_wanted(reminders: list[Reminder], now: datetime) -> set[int]:
    """The reminders still worth sending now: round not closed (nor started), member not played (nor joined)."""
    played = set(
        Attempt.objects.filter(
            round_id__in={r.round_id for r in reminders}, user_id__in={r.user_id for r in reminders}
        ).values_list("round_id", "user_id")
    )
    joined = set(
        LivePlayer.objects.filter(
            live_round_id__in={r.round_id for r in reminders}, user_id__in={r.user_id for r in reminders}
        ).values_list("live_round_id", "user_id")
    )
    wanted = set()
    for reminder in reminders:
        round, key = reminder.round, (reminder.round_id, reminder.user_id)
        if round.mode == Round.Mode.LIVE:
            ok = now < round.opens_at and round.live.status == LiveRound.Status.LOBBY and key not in joined
        else:
            ok = round.status_at(now) == Round.Status.OPEN and key not in played
        if ok:
            wanted.add(reminder.pk)
    return wanted
