"""Building finished attempts at exact local times, and reading the report page's rows back.

Attempts are written directly (not through competitions.attempts) so each
one ends at the minute a test names, with the right/wrong answers it names:
the report only reads these rows.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from competitions.models import Answer, Attempt, AttemptQuestion, Round
from questionbank.models import Question
from quizsite.accounts.models import Membership, Team, User

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL)


def backdate(team: Team, when: datetime) -> None:
    """The team and its members as of ``when`` (created_at and joined_at are set by the clock)."""
    Team.objects.filter(pk=team.pk).update(created_at=when)
    Membership.objects.filter(team=team).update(joined_at=when)


def joined(user: User, when: datetime) -> None:
    Membership.objects.filter(user=user).update(joined_at=when)


def play(
    round: Round, user: User, at: datetime, answers: list[tuple[Question, bool]], *, number: int = 1, finished=True
) -> Attempt:
    """An attempt that ended at ``at`` (or is still going), showing ``answers``' questions in order."""
    membership = Membership.objects.filter(user=user).select_related("team").first()
    attempt = Attempt.objects.create(
        round=round,
        user=user,
        team=membership.team if membership else None,
        number=number,
        started_at=at - timedelta(minutes=5),
        deadline=at + timedelta(minutes=5),
        submitted_at=at if finished else None,
        finished_reason=Attempt.FinishedReason.SUBMITTED if finished else "",
        score=sum(right for _q, right in answers) if finished else None,
        duration=timedelta(minutes=5) if finished else None,
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(attempt=attempt, question=question, position=i) for i, (question, _r) in enumerate(answers)
    )
    Answer.objects.bulk_create(
        Answer(
            attempt=attempt,
            question=question,
            choices=[1],
            answered_at=at - timedelta(minutes=1),
            updated_at=at - timedelta(minutes=1),
            correct=right if finished else None,
        )
        for question, right in answers
    )
    return attempt


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_row(page: str, key: str) -> list[str]:
    """The cells' text of the row ``data-unit="key"`` (the unit's pk, "<pk>-own" or "total"), name first."""
    row = re.search(rf'<tr data-unit="{re.escape(key)}">(.*?)</tr>', page, re.S)
    assert row, f"no row {key}"
    return [_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row[1], re.S)]


def table_rows(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}"[^>]*>(.*?)</table>', page, re.S)
    assert table, f"no table {table_id}"
    body = re.search(r"<tbody>(.*?)</tbody>", table[1], re.S)[1]
    return [
        [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def stat(page: str, stat_id: str) -> str:
    found = re.search(rf'<p class="stat" id="{stat_id}">(.*?)</p>', page, re.S)
    assert found, f"no stat {stat_id}"
    return _text(found[1])
