"""A member plays the weekly round while Redis is away: every page, save and submit works from PostgreSQL.

Before issue 9's fix, with sessions in ``cached_db``, each of these requests
was an HTTP 500 while Redis was stopped. The cache is the site's own
(quizsite/resilient_cache.py) pointed at a port nothing listens on.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.models import Answer, Attempt
from tests.competitions.helpers import right_ids, slots, wrong_id
from tests.redis_away import redis_away  # noqa: F401  (fixture)


def _url(name: str, pk: int) -> str:
    return reverse(f"competitions:{name}", kwargs={"pk": pk})


@pytest.mark.usefixtures("redis_away")
def test_the_attempt_page_saves_submits_and_shows_the_standings(player, attempt):
    first, second, *_ = slots(attempt)

    page = player.get(_url("attempt", attempt.pk))
    saves = [
        player.post(_url("attempt_save", attempt.pk), {"question": first.question_id, "choice": [wrong_id(first)]}),
        player.post(_url("attempt_save", attempt.pk), {"question": first.question_id, "choice": right_ids(first)}),
        player.post(_url("attempt_save", attempt.pk), {"question": second.question_id, "choice": right_ids(second)}),
    ]
    submitted = player.post(_url("attempt_submit", attempt.pk), {"prediction": "4"})
    result = player.get(submitted["Location"])
    standings = player.get(reverse("leaderboards:standings"))

    assert page.status_code == 200
    assert [s.status_code for s in saves] == [200, 200, 200] and all(s.json()["saved"] for s in saves)
    assert submitted.status_code == 302 and submitted["Location"] == _url("attempt_result", attempt.pk)
    assert result.status_code == 200 and standings.status_code == 200
    stored = {a.question_id: a.choices for a in Answer.objects.filter(attempt=attempt)}
    assert stored == {first.question_id: right_ids(first), second.question_id: right_ids(second)}
    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.SUBMITTED and attempt.score == 2
