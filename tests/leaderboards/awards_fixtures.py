"""Award-list fixtures: commune A's competition with last week's closed round and six people who played it.

Import the fixtures a test module needs from here (``from tests.leaderboards.awards_fixtures import ...``).

Last week's round, scores out of 10 (time in seconds; ranks by score, then time)::

    rank  person   team        affiliation   score  seconds
    1     An       Tổ Một      other         10     100   (also a viewer of hamlet A: an officer)
    2     Bình     Tổ Một      youth union    9     100
    3     Cường    Tổ Một      youth union    8     100
    4     Dũng     Tổ Hai      youth union    7     100
    5     Em       Tổ Hai      other          6     100
    6     Giang    Tổ Hai      youth union    5     100
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from competitions.models import Competition, Round, Stage
from leaderboards.awards import drafting, services
from leaderboards.awards.models import AwardingBody, AwardList
from leaderboards.periods import WEEK, Period
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Affiliation, RoleAssignment
from tests.competitions.helpers import finished_attempt as play

TIERS = [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}, {"name": "Giải Ba", "count": 2}]
PEOPLE = [
    ("An", "one", Affiliation.OTHER, 10),
    ("Bình", "one", Affiliation.YOUTH_UNION, 9),
    ("Cường", "one", Affiliation.YOUTH_UNION, 8),
    ("Dũng", "two", Affiliation.YOUTH_UNION, 7),
    ("Em", "two", Affiliation.OTHER, 6),
    ("Giang", "two", Affiliation.YOUTH_UNION, 5),
]


def last_week() -> Period:
    return Period.current(WEEK).previous()


@pytest.fixture
def contest(commune_a, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi kỹ năng số xã An Bình", unit=commune_a, created_by=organiser_a)


@pytest.fixture
def weekly(contest) -> Stage:
    return Stage.objects.create(competition=contest, kind=Stage.Kind.WEEKLY, title="Các tuần")


@pytest.fixture
def make_week_round(weekly):
    def make(period: Period | None = None, *, title: str = "Tuần: An toàn trên mạng", closes_in_days: int = 6):
        period = period or last_week()
        opens = period.start + timedelta(hours=8)
        return Round.objects.create(
            stage=weekly,
            title=title,
            opens_at=opens,
            closes_at=opens + timedelta(days=closes_in_days),
            published_at=opens - timedelta(days=1),
        )

    return make


@pytest.fixture
def closed_round(make_week_round) -> Round:
    return make_week_round()


@pytest.fixture
def teams(hamlet_a):
    return {
        "one": accounts.create_team(unit=hamlet_a, name="Tổ Một"),
        "two": accounts.create_team(unit=hamlet_a, name="Tổ Hai"),
    }


@pytest.fixture
def players(make_user, teams, closed_round, hamlet_a):
    """The six people of the table above, their attempts in last week's round; name → user."""
    found = {}
    for i, (name, team, affiliation, score) in enumerate(PEOPLE):
        user = make_user(name=name, email=f"{name.lower()}-{i}@example.vn")
        accounts.add_member(team=teams[team], user=user, affiliation=affiliation)
        play(closed_round, user, teams[team], score=score, minute=i + 1)
        found[name] = user
    accounts.grant_role(user=found["An"], role=RoleAssignment.Role.VIEWER, unit=hamlet_a)
    return found


@pytest.fixture
def body(commune_a) -> AwardingBody:
    return AwardingBody.objects.create(name="UBND xã An Bình", kind=AwardingBody.Kind.LOCAL, unit=commune_a)


@pytest.fixture
def organiser_a2(make_officer, commune_a):
    """A second organiser of commune A: the one who publishes what the first sent for review."""
    return make_officer(RoleAssignment.Role.ORGANISER, commune_a, "Bùi Người Duyệt")


@pytest.fixture
def make_list(contest, body, organiser_a):
    def make(*, tiers=TIERS, period: Period | None = None, ranked: str = AwardList.Ranked.PEOPLE, **rules) -> AwardList:
        period = period or last_week()
        data = services.ListData(
            body=rules.pop("body", body),
            period=period,
            period_label=period.label,
            ranked=ranked,
            tiers=tiers,
            **rules,
        )
        return services.create_list(actor=organiser_a, competition=contest, data=data)

    return make


def publish(award_list: AwardList, sender, publisher) -> AwardList:
    award_list = services.send_for_review(actor=sender, award_list=award_list)
    return services.publish(actor=publisher, award_list=award_list, seen_hash=drafting.draft(award_list).content_hash)


@pytest.fixture
def published(players, make_list, organiser_a, organiser_a2) -> AwardList:
    """Last week's people list, no rules: An first, Bình second, Cường and Dũng third."""
    return publish(make_list(), organiser_a, organiser_a2)
