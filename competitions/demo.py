"""Demo rounds for `seed_demo`: last week's round, played and closed, this week's, open and played by a
third of the members so far, and a live round in the lobby for the province organiser to run.

Last week's attempts are played through the real services with past clocks,
so results, rankings, team standings and item statistics have something to
show on a first run. Idempotent: a round that exists is left as it is.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from questionbank import marking
from questionbank.models import Question, Topic
from quizsite.accounts.demo import SHOWCASE_TEAMS
from quizsite.accounts.models import Membership, RoleAssignment, Unit

from . import attempts, closing, drawing
from .live.models import LiveRound
from .models import AttemptQuestion, BlueprintItem, Competition, Round, Stage
from .organise import live_services

COMPETITION_TITLE = "Hội thi tìm hiểu chuyển đổi số và kỹ năng số cộng đồng năm 2026"
# Ten questions in about ten minutes, across the six topics.
BLUEPRINT = [
    (Topic.Root.POLICY, 2),
    (Topic.Root.PUBLIC_SERVICES, 2),
    (Topic.Root.SHOPPING, 1),
    (Topic.Root.PAYMENT, 2),
    (Topic.Root.SAFETY, 2),
    (Topic.Root.LOCAL_PLATFORMS, 1),
]
SHARE_WHO_PLAYED = 0.7
SHARE_WHO_PLAYED_THIS_WEEK = 0.35
LIVE_TITLE = "Giao lưu trực tiếp giữa các tổ"
# Five questions from five topics: three to recall a fact, then one of each kind that practises a skill,
# which take longer to do on a phone.
RECALL_KINDS = marking.RECALL_KINDS
LIVE_KINDS = (RECALL_KINDS, RECALL_KINDS, RECALL_KINDS, (Question.Kind.ORDER,), (Question.Kind.HOTSPOT,))
PRACTICE_SECONDS = 40


def week_start(now: datetime) -> datetime:
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, time.min))


def build_demo_rounds(*, province: Unit, play: bool = True, now: datetime | None = None) -> list[Round]:
    now = now or timezone.now()
    organiser = (
        RoleAssignment.objects.filter(unit=province, role=RoleAssignment.Role.ORGANISER).select_related("user").first()
    )
    competition, _created = Competition.objects.get_or_create(
        title=COMPETITION_TITLE,
        unit=province,
        defaults={
            "description": "Thi trắc nghiệm hằng tuần dành cho thành viên các Tổ chuyển đổi số cộng đồng.",
            "created_by": organiser.user if organiser else None,
        },
    )
    stage, _created = Stage.objects.get_or_create(
        competition=competition, kind=Stage.Kind.WEEKLY, defaults={"title": "Thi hằng tuần", "position": 1}
    )
    this_week = week_start(now)
    last_week = this_week - timedelta(days=7)
    past = _weekly_round(stage=stage, opens_at=last_week)
    if play and not past.attempts.exists():
        _play(round=past, province=province)
        closing.close_rounds(now=now)  # takes the prediction count, refreshes item statistics
    current = _weekly_round(stage=stage, opens_at=this_week)
    # A third of the members have already played this week's round, so this week's and this
    # month's standings have something to show; the printed accounts' teams have not.
    # In the week's first hours (a demo made just after Monday 00:00) they played in the minutes there were,
    # faster: every attempt still starts and ends before now.
    elapsed = now - current.opens_at
    if play and elapsed > timedelta(minutes=2) and not current.attempts.exists():
        _play(
            round=current,
            province=province,
            share=SHARE_WHO_PLAYED_THIS_WEEK,
            within=max(elapsed - timedelta(minutes=30), elapsed / 2),
            pace=min(1.0, elapsed / timedelta(hours=2)),
            leave_out=SHOWCASE_TEAMS,
        )
    return [past, current]


def _weekly_round(*, stage: Stage, opens_at: datetime) -> Round:
    closes_at = opens_at + timedelta(days=7)  # next Monday 00:00: no gap between weeks
    sunday = timezone.localtime(closes_at) - timedelta(days=1)
    title = f"Tuần {timezone.localtime(opens_at):%d/%m} – {sunday:%d/%m/%Y}"
    round, created = Round.objects.get_or_create(
        stage=stage,
        title=title,
        defaults={
            "opens_at": opens_at,
            "closes_at": closes_at,
            "published_at": opens_at,
            "time_limit_seconds": 15 * 60,
            "prediction_enabled": True,
        },
    )
    if created:
        roots = {t.root_key: t for t in Topic.objects.filter(parent__isnull=True)}
        BlueprintItem.objects.bulk_create(
            BlueprintItem(round=round, topic=roots[key], count=count) for key, count in BLUEPRINT
        )
    return round


def _play(
    *,
    round: Round,
    province: Unit,
    share: float = SHARE_WHO_PLAYED,
    within: timedelta = timedelta(hours=150),
    pace: float = 1.0,
    leave_out: tuple[str, ...] = (),
) -> None:
    """``share`` of the members (but those of the ``leave_out`` teams, and those who never chose a
    password, as the imported commune's) play, each with their own knack for the topics, starting
    within ``within`` of the opening and taking 15 to 60 s a question times ``pace``."""
    rng = random.Random(f"demo-{round.opens_at:%Y%m%d}")
    members = (
        Membership.objects.filter(team__unit__path__startswith=province.path)
        .exclude(team__name__in=leave_out)
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("user")
        .order_by("pk")
    )
    for membership in members:
        if rng.random() > share:
            continue
        skill = rng.uniform(0.45, 0.95)
        started = round.opens_at + within * rng.uniform(0.02, 1)
        attempt = attempts.start_attempt(
            round=round, user=membership.user, device_id=f"demo-{membership.user_id}", now=started, rng=rng
        )
        clock = started
        for item in attempt.questions.select_related("question").prefetch_related("question__choices"):
            clock += timedelta(seconds=rng.uniform(15, 60) * pace)
            picked = _demo_answer(item, right_now=rng.random() < skill, rng=rng)
            attempts.record_answer(attempt=attempt, question_id=item.question_id, choice_ids=picked, now=clock)
        attempts.submit_attempt(attempt=attempt, prediction=rng.randint(5, 40), now=clock + timedelta(seconds=20))


def _demo_answer(slot: AttemptQuestion, *, right_now: bool, rng: random.Random) -> list[int]:
    """A played answer, right or not: an order question's steps all in some order, one area of a hotspot."""
    kind = slot.question.kind
    choices = list(slot.question.choices.all())
    right = marking.right_answer(kind, choices)
    if kind in marking.SEQUENCE_KINDS:
        return right if right_now else marking.shuffled(kind, right, rng)
    wrong = [c.key for c in choices if c.key not in right]
    return right if right_now or not wrong else [rng.choice(wrong)]


def build_demo_live_round(*, province: Unit, now: datetime | None = None) -> LiveRound | None:
    """A live round waiting in the lobby: five questions from five topics (LIVE_KINDS), every demo team, guests
    welcome.

    Idempotent: while a demo live round is not finished it is kept (moved to
    today if its day has passed without it starting); a new one is made only
    when the last one was played to the end.
    """
    now = now or timezone.now()
    organiser = (
        RoleAssignment.objects.filter(unit=province, role=RoleAssignment.Role.ORGANISER).select_related("user").first()
    )
    stage = Stage.objects.filter(competition__title=COMPETITION_TITLE, competition__unit=province).first()
    if organiser is None or stage is None:
        return None
    # Started this hour, playable for a day: the code works from the first `make run`.
    starts = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    existing = (
        LiveRound.objects.filter(round__stage=stage, round__title=LIVE_TITLE)
        .exclude(status=LiveRound.Status.FINISHED)
        .select_related("round__stage__competition__unit")
        .first()
    )
    if existing is not None:
        if existing.status == LiveRound.Status.LOBBY and existing.round.closes_at <= now:
            data = live_services.live_round_data(existing)
            data.opens_at = starts
            live_services.update_live_round(actor=organiser.user, live_round=existing, data=data, now=now)
        return existing
    questions, roots = [], set()
    pool = list(
        drawing.question_pool(Round(stage=stage)).select_related("topic__parent").order_by("topic__position", "pk")
    )
    for kinds in LIVE_KINDS:
        for question in pool:
            if question.kind in kinds and question.topic.root.pk not in roots:
                roots.add(question.topic.root.pk)
                seconds = 20 if question.kind in RECALL_KINDS else PRACTICE_SECONDS
                questions.append(live_services.QuestionSlot(question, duration_seconds=seconds, points=1000))
                break
    data = live_services.LiveRoundData(
        title=LIVE_TITLE,
        opens_at=starts,
        guests_allowed=True,
        questions=questions,
        team_units=[province],
    )
    return live_services.create_live_round(actor=organiser.user, stage=stage, data=data, now=now)
