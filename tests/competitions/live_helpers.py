"""Live rounds built directly with the ORM, for the pages' tests (the game itself is play.py's)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from competitions.live.models import LiveEntry, LiveQuestion, LiveRound
from competitions.models import Round, Stage
from questionbank.models import Question
from quizsite.accounts.models import Team


def make_live_round(
    *,
    stage: Stage,
    questions: list[Question],
    teams: list[Team],
    code: str = "123456",
    guests_allowed: bool = False,
    published: bool = True,
    **fields,
) -> LiveRound:
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title=fields.pop("title", "Đố vui trực tiếp: An toàn trên mạng"),
        mode=Round.Mode.LIVE,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        published_at=now - timedelta(hours=2) if published else None,
    )
    live = LiveRound.objects.create(round=round, code=code, guests_allowed=guests_allowed, **fields)
    for position, question in enumerate(questions):
        keys = list(question.choices.values_list("key", flat=True))
        random.shuffle(keys)
        LiveQuestion.objects.create(live_round=live, question=question, position=position, choice_order=keys)
    for team in teams:
        LiveEntry.objects.create(live_round=live, team=team)
    return live
