"""Shared reads: a round's ranking, a team's progress in a round, what a member sees on the home page.

Standings over periods are leaderboards.standings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from quizsite.accounts.models import Membership, RoleAssignment, Team, User
from quizsite.accounts.names import name_sort_key

from . import ranking as ranking_order
from .eligibility import entry_problem
from .live.models import LiveEntry, LiveRound
from .models import Attempt, Round

# --- Ranking of people in a round (DESIGN.md section 4) ----------------------


@dataclass(frozen=True)
class RankedAttempt:
    rank: int
    attempt: Attempt
    # |guess − actual|, None while the actual number is unknown or without a guess.
    prediction_gap: int | None

    @property
    def user(self) -> User:
        return self.attempt.user

    @property
    def team(self) -> Team | None:
        return self.attempt.team

    @property
    def score(self) -> int:
        return self.attempt.score or 0


def best_attempts(round: Round, user_ids: Iterable[int] | None = None) -> list[Attempt]:
    """Each person's best finished attempt in ``round`` (by the round's order, ``competitions.ranking``),
    of ``user_ids`` if given, best first."""
    finished = Attempt.objects.filter(round=round)
    if user_ids is not None:
        finished = finished.filter(user_id__in=list(user_ids))
    best = ranking_order.best_attempts(finished).select_related("user", "team")
    return sorted(best, key=ranking_order.key)


def ranking(round: Round) -> list[RankedAttempt]:
    """People ranked in a round; equal keys share a rank (1, 2, 2, 4)."""
    actual = round.prediction_actual
    ranked: list[RankedAttempt] = []
    previous = None
    for position, attempt in enumerate(best_attempts(round), start=1):
        key = ranking_order.key(attempt)
        rank = ranked[-1].rank if ranked and key == previous else position
        gap = abs(attempt.prediction - actual) if actual is not None and attempt.prediction is not None else None
        ranked.append(RankedAttempt(rank=rank, attempt=attempt, prediction_gap=gap))
        previous = key
    return ranked


@dataclass(frozen=True)
class Place:
    """A person's rank in a round, for their result page."""

    rank: int
    total: int  # people who finished an attempt in the round
    # The round is closed and its results taken (the prediction's actual number known): the rank no
    # longer moves. Before that it is provisional: later attempts and the prediction tie-break may move it.
    final: bool


def place_in_round(round: Round, user: User) -> Place | None:
    """``user``'s rank in ``round`` by their best attempt, as ``ranking`` would give it; None if not played.

    Three counting queries instead of ranking everyone: the result page is
    opened after every submit, in a round of a whole province. A person is
    ahead when any of their attempts is before this person's best (then so
    is their own best), which is the rank ``ranking`` gives, ties shared.
    """
    finished = ranking_order.with_order_fields(Attempt.objects.filter(round=round, submitted_at__isnull=False))
    mine = finished.filter(user=user).order_by(*ranking_order.order()).first()
    if mine is None:
        return None
    ahead = finished.filter(ranking_order.better_than(mine)).values("user_id").distinct().count()
    total = finished.values("user_id").distinct().count()
    return Place(rank=ahead + 1, total=total, final=round.results_taken_at is not None)


# --- A team in one round (the leader's page) ---------------------------------


@dataclass(frozen=True)
class MemberProgress:
    membership: Membership
    attempt: Attempt | None  # the best finished one
    under_way: bool

    @property
    def user(self) -> User:
        return self.membership.user


@dataclass(frozen=True)
class TeamProgress:
    not_played: list[MemberProgress]  # by Vietnamese name order, to call them one by one
    played: list[MemberProgress]  # best score first

    @property
    def size(self) -> int:
        return len(self.not_played) + len(self.played)


def team_progress(round: Round, team: Team) -> TeamProgress:
    """Who in ``team`` has played ``round`` and who has not: three queries, whatever the round's size."""
    memberships = list(team.memberships.select_related("user"))
    user_ids = [m.user_id for m in memberships]
    best = {a.user_id: a for a in best_attempts(round, user_ids)}
    under_way = set(
        Attempt.objects.unfinished().filter(round=round, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    rows = [MemberProgress(m, best.get(m.user_id), m.user_id in under_way) for m in memberships]
    by_name = sorted(rows, key=lambda row: name_sort_key(row.user.full_name or row.user.display_name))
    played = [row for row in by_name if row.attempt]
    if round.is_closed:
        # sorted() keeps the name order among equal scores. While the round is open the
        # scores stay hidden, and so does an order that would give them away.
        played.sort(key=lambda row: -(row.attempt.score or 0))
    return TeamProgress(not_played=[row for row in by_name if row.attempt is None], played=played)


# --- What a member sees -----------------------------------------------------


@dataclass(frozen=True)
class OpenRound:
    round: Round
    attempt: Attempt | None  # under way, to resume
    attempts_left: int
    # The latest attempt already finished (submitted or out of time), for "you have taken this round".
    taken: Attempt | None = None


def open_rounds_for(user: User, now: datetime | None = None) -> list[OpenRound]:
    """The self-paced rounds open now that ``user`` may play, resume, or has already taken."""
    now = now or timezone.now()
    rounds = (
        Round.objects.open_now(now)
        .filter(mode=Round.Mode.SELF_PACED)
        .select_related("stage__competition__unit")
        .prefetch_related("eligible_units")
    )
    membership = Membership.objects.filter(user=user).select_related("team__unit").first()
    mine: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(user=user, round__in=rounds).order_by("number"):
        mine.setdefault(attempt.round_id, []).append(attempt)
    result = []
    for r in rounds:
        if entry_problem(round=r, user=user, now=now, membership=membership):
            continue
        attempts = mine.get(r.pk, [])
        under_way = next((a for a in attempts if a.submitted_at is None and now < a.deadline), None)
        taken = [a for a in attempts if a is not under_way]
        left = max(r.attempts_allowed - len(attempts), 0)
        result.append(OpenRound(round=r, attempt=under_way, attempts_left=left, taken=taken[-1] if taken else None))
    return result


def my_results(user: User, limit: int = 10) -> QuerySet[Attempt]:
    return (
        Attempt.objects.finished()
        .filter(user=user)
        .select_related("round__stage__competition")
        .order_by("-submitted_at")[:limit]
    )


@dataclass(frozen=True)
class HomeLiveRound:
    live_round: LiveRound
    # An organiser above the competition's unit: they run it from the host console.
    hosting: bool
    # A member of an entered team: they join it with its code.
    playing: bool


def live_rounds_for(user: User, now: datetime | None = None) -> list[HomeLiveRound]:
    """Live rounds not finished that ``user`` hosts or plays, soonest first, in one query.

    A round still waiting in the lobby after its day (``closes_at``) is left
    out; one under way stays until it finishes.
    """
    now = now or timezone.now()
    # An organiser role whose unit's path starts the path of the competition's unit.
    hosting = Exists(
        RoleAssignment.objects.filter(
            user=user,
            role=RoleAssignment.Role.ORGANISER,
            unit__path=Substr(OuterRef("round__stage__competition__unit__path"), 1, Length("unit__path")),
        )
    )
    playing = Exists(LiveEntry.objects.filter(live_round=OuterRef("pk"), team__memberships__user=user))
    rounds = (
        LiveRound.objects.filter(round__published_at__isnull=False)
        .exclude(status=LiveRound.Status.FINISHED)
        .filter(Q(round__closes_at__gt=now) | ~Q(status=LiveRound.Status.LOBBY))
        .annotate(hosting=hosting, playing=playing)
        .filter(Q(hosting=True) | Q(playing=True))
        .select_related("round__stage__competition")
        .order_by("round__opens_at", "pk")
    )
    return [HomeLiveRound(live_round=r, hosting=r.hosting, playing=r.playing) for r in rounds]
