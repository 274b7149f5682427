"""Sending the reminders claimed (competitions/reminders.py): a pool of threads posts, the main thread records.

The threads only encrypt and post (quizsite.accounts.web_push.Pusher); every
database read and write stays in the job's main thread, one transaction per
claimed batch once all its browsers answered: 10,000 reminders are a hundred
commits, not ten thousand, which the site's own queries would wait behind
(bench/reminders.py). A run that dies mid-batch leaves that batch unrecorded:
a later run sends it again once the claim lapses, and the phone shows the
second in place of the first (same Topic at the push service, same tag on the
phone), never both.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quizsite.accounts.push_subscriptions import PushSubscription, record_deliveries
from quizsite.accounts.web_push import GONE, Message, Pusher

from .models import Round
from .reminders import Reminder, claim, payload, queue_due, still_wanted

logger = logging.getLogger(__name__)


@dataclass
class Sent:
    """What a run did, for the job's one line of output and the bench."""

    queued: int = 0
    reminders: int = 0  # members' reminders done (sent, or skipped)
    skipped: int = 0  # played, joined or closed by the time their turn came
    messages: int = 0  # push messages sent, one per browser
    reached: int = 0
    gone: int = 0  # subscriptions the push service no longer knows: deleted
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.queued} queued, {self.reminders} reminders done ({self.skipped} skipped), "
            f"{self.messages} messages: {self.reached} reached, {self.gone} gone, {self.failed} failed"
        )


def _record(done: dict[int, list[tuple[int, int]]], *, now: datetime, sent: Sent) -> None:
    """A batch's reminders are done: ``done`` holds each one's (subscription, HTTP status) answers."""
    answers = [answer for answered in done.values() for answer in answered]
    reached = [sub for sub, status in answers if 200 <= status < 300]
    gone = [sub for sub, status in answers if status in GONE]
    failed = [sub for sub, status in answers if not 200 <= status < 300 and status not in GONE]
    by_devices: dict[int, list[int]] = defaultdict(list)  # reminders by how many of their browsers it reached
    for reminder_id, answered in done.items():
        by_devices[sum(1 for _sub, status in answered if 200 <= status < 300)].append(reminder_id)
    with transaction.atomic():
        record_deliveries(reached=reached, gone=gone, failed=failed)
        for devices, ids in by_devices.items():
            Reminder.objects.filter(pk__in=ids).update(sent_at=now, devices=devices)
    sent.reminders += len(done)
    sent.skipped += sum(1 for answered in done.values() if not answered)
    sent.messages += len(answers)
    sent.reached, sent.gone, sent.failed = sent.reached + len(reached), sent.gone + len(gone), sent.failed + len(failed)


def _ttl(round: Round, now: datetime) -> int:
    """How long a push service keeps the message for a phone that is off: until the round closes (or starts)."""
    until = round.opens_at if round.mode == Round.Mode.LIVE else round.closes_at
    return max(60, int((until - now).total_seconds()))


def _answer(future: Future) -> int:
    try:
        return future.result()
    except Exception:  # keys that cannot encrypt: a failure of that browser, never of the run
        logger.exception("A push message could not be sent")
        return 0


def _send_batch(ids: list[int], *, pool: ThreadPoolExecutor, pusher: Pusher, now: datetime, sent: Sent) -> None:
    reminders = list(Reminder.objects.filter(pk__in=ids).select_related("round__stage", "round__live"))
    wanted = still_wanted(reminders, now)
    devices: dict[int, list[PushSubscription]] = defaultdict(list)
    for subscription in PushSubscription.objects.filter(user_id__in={r.user_id for r in reminders}).order_by("pk"):
        devices[subscription.user_id].append(subscription)
    payloads: dict[tuple[int, str], bytes] = {}
    waiting: dict[Future, tuple[int, int]] = {}  # → (reminder, subscription)
    answers: dict[int, list[tuple[int, int]]] = {}  # every reminder of the batch: its browsers' answers
    for reminder in reminders:
        answers[reminder.pk] = []
        targets = devices[reminder.user_id] if reminder.pk in wanted else []
        if not targets:
            continue
        round = reminder.round
        for subscription in targets:
            key = (round.pk, subscription.language)
            if key not in payloads:
                payloads[key] = json.dumps(payload(round, language=subscription.language, now=now)).encode()
            message = Message(subscription.pk, subscription.info, payloads[key], _ttl(round, now), f"round-{round.pk}")
            waiting[pool.submit(pusher.send, message)] = (reminder.pk, subscription.pk)
    for future in as_completed(waiting):
        reminder_id, subscription_id = waiting[future]
        answers[reminder_id].append((subscription_id, _answer(future)))
    _record(answers, now=now, sent=sent)


def send_due(*, now: datetime | None = None, pusher: Pusher | None = None, workers: int | None = None) -> Sent:
    """The job: queue what is due, then claim and send batch after batch until nothing is left unclaimed.

    ``now`` fixes the clock (tests); without it each batch reads the time again.
    """
    clock = (lambda: now) if now is not None else timezone.now
    sent = Sent(queued=queue_due(clock()))
    pusher = pusher or Pusher()
    with ThreadPoolExecutor(max_workers=workers or settings.PUSH_WORKERS, thread_name_prefix="push") as pool:
        while ids := claim(clock()):
            _send_batch(ids, pool=pool, pusher=pusher, now=clock(), sent=sent)
    return sent
