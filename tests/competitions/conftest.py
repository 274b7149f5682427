"""Competitions fixtures: a commune competition with an open weekly round.

The bank: approved questions of commune_a (the competition unit) in the
"safety" topic, so a blueprint of 3 safety questions can be filled.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from competitions import attempts
from competitions.models import Attempt, BlueprintItem, Competition, Round, Stage
from questionbank import services as qb
from questionbank.models import Question
from tests.competitions.live_sockets import live, member_b  # noqa: F401  (fixtures)

SAFETY_TEXTS = [
    ("Không nên chia sẻ mã OTP cho ai?", "Không chia sẻ cho bất kỳ ai", "Mã OTP chỉ dành cho chính chủ tài khoản."),
    (
        "Khi nhận tin nhắn trúng thưởng lạ, bạn nên làm gì?",
        "Bỏ qua và báo cơ quan chức năng",
        "Tin trúng thưởng lạ thường là lừa đảo.",
    ),
    (
        "Mật khẩu an toàn nên có gì?",
        "Chữ hoa, chữ thường, số và ký tự đặc biệt",
        "Mật khẩu dài và đa dạng khó đoán hơn.",
    ),
    ("Đường link lạ gửi qua Zalo nên xử lý thế nào?", "Không bấm vào, hỏi lại người gửi", "Link lạ có thể cài mã độc."),
]


@pytest.fixture
def make_approved(make_question, author_a, reviewer_a, commune_a):
    def make(*, unit=None, **kwargs) -> Question:
        question = make_question(author=author_a, unit=unit or commune_a, **kwargs)
        qb.submit_for_review(question=question, actor=author_a)
        return qb.approve(question=question, reviewer=reviewer_a)

    return make


@pytest.fixture
def bank(make_approved) -> list[Question]:
    questions = []
    for text, right, explanation in SAFETY_TEXTS:
        questions.append(
            make_approved(
                text=text,
                explanation=explanation,
                choices=[
                    qb.ChoiceData(right, True),
                    qb.ChoiceData(f"Sai 1: {text[:20]}", False),
                    qb.ChoiceData(f"Sai 2: {text[:20]}", False),
                ],
            )
        )
    return questions


@pytest.fixture
def competition(commune_a, organiser_a) -> Competition:
    return Competition.objects.create(title="Thi kỹ năng số xã An Bình", unit=commune_a, created_by=organiser_a)


@pytest.fixture
def stage(competition) -> Stage:
    return Stage.objects.create(competition=competition, kind=Stage.Kind.WEEKLY, title="Tuần 1")


@pytest.fixture
def make_round(stage, topic):
    def make(*, count: int = 3, **fields) -> Round:
        now = timezone.now()
        fields.setdefault("opens_at", now - timedelta(hours=1))
        fields.setdefault("closes_at", now + timedelta(days=2))
        # Published unless the test asks for a draft (published_at=None).
        fields.setdefault("published_at", now - timedelta(hours=2))
        round = Round.objects.create(stage=stage, title=fields.pop("title", "Tuần 1: An toàn trên mạng"), **fields)
        BlueprintItem.objects.create(round=round, topic=topic, count=count)
        return round

    return make


@pytest.fixture
def open_round(make_round, bank) -> Round:
    return make_round(time_limit_seconds=600, prediction_enabled=True)


@pytest.fixture
def player(client, member_a):
    """The member's browser, signed in."""
    client.force_login(member_a)
    return client


@pytest.fixture
def attempt(open_round, member_a) -> Attempt:
    """The member's attempt under way in the open round."""
    return attempts.start_attempt(round=open_round, user=member_a)
