"""PROTOCOL.md's server messages, built from the database.

Nothing here says which choice is right before the question has been
revealed: ``question`` carries choice ids (``Choice.key``, random nine-digit
numbers) in the round's one shuffled order, and only ``reveal`` names the
right ones. ``state`` is enough to redraw any screen after a reconnect.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Sum

from questionbank.models import Choice

from . import rules
from .models import LiveAnswer, LiveEntry, LivePlayer, LivePresence, LiveQuestion, LiveRound

PROTOCOL_VERSION = 1
Status = LiveRound.Status
# A question is shown (and its state sent) while it is open, paused or just revealed.
QUESTION_SHOWN = (Status.QUESTION, Status.REVEAL)


def round_info(live: LiveRound, question_count: int) -> dict:
    return {
        "code": live.code,
        "title": live.round.title,
        "status": live.status,
        "question_index": live.question_index,
        "question_count": question_count,
        "team_mode": live.team_mode,
    }


def question(live: LiveRound, live_question: LiveQuestion, *, now: int, question_count: int | None = None) -> dict:
    """``question``: the text and the choices in the round's order, never which is right."""
    version = live_question.question
    texts = dict(Choice.objects.filter(question_id=version.pk).values_list("key", "text"))
    return {
        "type": "question",
        "question": {
            "id": live_question.pk,
            "index": live_question.position,
            "count": question_count if question_count is not None else live.questions.count(),
            "text": version.text,
            "image_url": version.image_small.url if version.image_small else None,
            "kind": version.kind,
            "choices": [{"id": key, "text": texts[key]} for key in live_question.choice_order],
            "points": live_question.points,
        },
        "opens_at_ms": live.opens_at_ms,
        "closes_at_ms": live.closes_at_ms,
        "server_time_ms": now,
    }


def distribution(live_question: LiveQuestion) -> dict[str, int]:
    """How many players chose each choice (JSON object keys are strings)."""
    counts = Counter()
    for choices in LiveAnswer.objects.filter(question=live_question).values_list("choices", flat=True):
        counts.update(choices)
    return {str(key): counts.get(key, 0) for key in live_question.choice_order}


def reveal(live_question: LiveQuestion) -> dict:
    """``reveal`` as every socket gets it; players' copies add ``my_points`` and ``my_correct`` (for_player)."""
    correct = set(
        Choice.objects.filter(question_id=live_question.question_id, is_correct=True).values_list("key", flat=True)
    )
    return {
        "type": "reveal",
        "question_id": live_question.pk,
        "correct": [key for key in live_question.choice_order if key in correct],
        "distribution": distribution(live_question),
        "explanation": live_question.question.explanation,
    }


def for_player(frame: str, points: int, correct: bool, team_rank: int | None = None) -> str:
    """A player's copy of an encoded ``reveal``: the shared frame with their own fields added at its end.

    ``my_points`` and ``my_correct`` are PROTOCOL.md's; ``my_team_rank``, the
    rank of the player's team with this question counted, is ours (docs/LIVE.md).
    """
    rank = "" if team_rank is None else f',"my_team_rank":{team_rank}'
    return f'{frame[:-1]},"my_points":{points},"my_correct":{json.dumps(correct)}{rank}}}'


def team_ranks(live: LiveRound) -> dict[str, int]:
    """Each entered team's rank over the revealed questions (keys are team ids as strings, as JSON has them)."""
    return {str(s.team_id): rank for rank, s in enumerate(rules.ranked(standings(live)), start=1)}


def my_results(question_id: int, player_ids=None) -> dict[int, tuple[int, bool]]:
    """Points and rightness of the answers to a question (of these players); those who did not answer are absent.

    A hub asks for every answer: one indexed read of the question's rows is
    cheaper than naming its thousand players in the query.
    """
    rows = LiveAnswer.objects.filter(question_id=question_id)
    if player_ids is not None:
        rows = rows.filter(player_id__in=list(player_ids))
    return {player: (points, correct) for player, points, correct in rows.values_list("player_id", "points", "correct")}


# --- Scores -------------------------------------------------------------------------


def _revealed(live: LiveRound, *, before_last: bool = False) -> list[LiveQuestion]:
    questions = list(live.questions.filter(revealed_at_ms__isnull=False).order_by("position"))
    return questions[:-1] if before_last else questions


def standings(live: LiveRound, *, before_last: bool = False) -> list[rules.Standing]:
    """Every entered team's score over the revealed questions (all but the last with ``before_last``;
    none then, when only one question has been revealed).

    ``sum`` adds every player's points; ``captain`` counts the captain's answers
    only; ``average`` divides each question's points by the team's players
    present for it (present_counts), rounded half up.
    """
    questions = _revealed(live, before_last=before_last)
    if before_last and not questions:
        # Nothing before the first question: no earlier ranking for the first leaderboard's ``delta``.
        return []
    entries = list(LiveEntry.objects.filter(live_round=live).select_related("team"))
    answers = LiveAnswer.objects.filter(question__in=questions)
    if live.team_mode == LiveRound.TeamMode.CAPTAIN:
        captains = [e.captain_id for e in entries if e.captain_id]
        answers = answers.filter(player__user_id__in=captains)
    right_elapsed = Sum("elapsed_ms", filter=Q(correct=True), default=0)
    score: dict[int, int] = defaultdict(int)
    elapsed: dict[int, int] = defaultdict(int)
    if live.team_mode == LiveRound.TeamMode.AVERAGE:
        present = present_counts(questions)
        rows = answers.values("player__team_id", "question_id").annotate(points=Sum("points"), elapsed=right_elapsed)
        for row in rows:
            team = row["player__team_id"]
            score[team] += rules.average(row["points"], present[row["question_id"], team])
            elapsed[team] += row["elapsed"]
    else:
        for row in answers.values("player__team_id").annotate(points=Sum("points"), elapsed=right_elapsed):
            score[row["player__team_id"]] = row["points"]
            elapsed[row["player__team_id"]] = row["elapsed"]
    # Any answer of any player, right or wrong and in every team mode: a team that answered and scored 0 played.
    played = set(LiveAnswer.objects.filter(question__in=questions).values_list("player__team_id", flat=True).distinct())
    return [
        rules.Standing(e.team_id, e.team.name, score[e.team_id], elapsed[e.team_id], e.team_id in played)
        for e in entries
    ]


def present_counts(questions: list[LiveQuestion]) -> Counter[tuple[int, int]]:
    """(question id, team id) → how many of the team's players were present for the question (PROTOCOL.md v2).

    Present: their socket was open when the question opened (a LivePresence
    row, written by the hub that sent them the question), or they answered
    it. A player who joined on the page and never opened a socket is never
    present, so fifty idle guests do not divide their team's points by 51.
    Two grouped counts, each player once: the presence rows, and the answers
    of players without one.
    """
    counts: Counter[tuple[int, int]] = Counter()
    marked = LivePresence.objects.filter(question__in=questions).values("question_id", "player__team_id")
    for row in marked.annotate(n=Count("pk")):
        counts[row["question_id"], row["player__team_id"]] += row["n"]
    has_presence = LivePresence.objects.filter(question_id=OuterRef("question_id"), player_id=OuterRef("player_id"))
    unmarked = (
        LiveAnswer.objects.filter(question__in=questions)
        .exclude(Exists(has_presence))
        .values("question_id", "player__team_id")
    )
    for row in unmarked.annotate(n=Count("pk")):
        counts[row["question_id"], row["player__team_id"]] += row["n"]
    return counts


def present_count(question_id: int) -> int:
    """How many players were present for one question (as ``present_counts``, over every team)."""
    has_presence = LivePresence.objects.filter(question_id=question_id, player_id=OuterRef("player_id"))
    answered_unmarked = LiveAnswer.objects.filter(question_id=question_id).exclude(Exists(has_presence))
    return LivePresence.objects.filter(question_id=question_id).count() + answered_unmarked.count()


def player_totals(live: LiveRound) -> dict[int, tuple[int, int, int]]:
    """Each player's points, right answers and elapsed time on them, over the revealed questions."""
    rows = (
        LiveAnswer.objects.filter(question__live_round=live, question__revealed_at_ms__isnull=False)
        .values("player_id")
        .annotate(
            points=Sum("points"),
            right=Count("pk", filter=Q(correct=True)),
            elapsed=Sum("elapsed_ms", filter=Q(correct=True), default=0),
        )
    )
    return {row["player_id"]: (row["points"], row["right"], row["elapsed"]) for row in rows}


def leaderboard_entries(live: LiveRound) -> list[dict]:
    return rules.leaderboard_entries(standings(live), standings(live, before_last=True))


def leaderboard(live: LiveRound) -> dict:
    revealed = live.questions.filter(revealed_at_ms__isnull=False).order_by("-position").first()
    return {
        "type": "leaderboard",
        "entries": leaderboard_entries(live),
        "question_index": revealed.position if revealed else -1,
    }


def lobby(live: LiveRound) -> dict:
    """``lobby``: the entered teams with how many of their players have joined (``players`` is a count).

    Built at most once per LOBBY_FRESH_S per process and round: a hall joining
    at once shares one, and a count a moment old is what a lobby shows anyway.
    """
    cached = _lobbies.get(live.pk)
    if cached is not None and time.monotonic() - cached[0] < LOBBY_FRESH_S:
        return cached[1]
    counts = dict(
        LivePlayer.objects.filter(live_round=live).values("team_id").annotate(n=Count("pk")).values_list("team_id", "n")
    )
    teams = [
        {"id": team_id, "name": name, "players": counts.get(team_id, 0)}
        for team_id, name in LiveEntry.objects.filter(live_round=live)
        .order_by("team__name", "team_id")
        .values_list("team_id", "team__name")
    ]
    message = {"type": "lobby", "teams": teams, "player_count": sum(counts.values())}
    _lobbies[live.pk] = (time.monotonic(), message)
    return message


LOBBY_FRESH_S = 0.5
_lobbies: dict[int, tuple[float, dict]] = {}


def question_count(live: LiveRound) -> int:
    """How many questions the round has; fixed once it has started, so kept once it has."""
    if live.pk in _question_counts:
        return _question_counts[live.pk]
    count = live.questions.count()
    if live.status != Status.LOBBY:  # the organiser may still change them in the lobby
        _question_counts[live.pk] = count
    return count


_question_counts: dict[int, int] = {}


# --- state ------------------------------------------------------------------------------


def state(live: LiveRound, *, role: str, player: LivePlayer | None, now: int) -> dict:
    """``state``: everything a screen needs to redraw itself, for this role (and player)."""
    count = question_count(live)
    message = {
        "type": "state",
        "protocol": PROTOCOL_VERSION,
        "role": role,
        "round": round_info(live, count),
        "server_time_ms": now,
    }
    if player is not None:
        message["me"] = {
            "user": player.user_id,
            "display_name": player.display_name,
            "team_id": player.team_id,
            "team": player.team.name,
        }
    shown_status = live.paused_status if live.status == Status.PAUSED else live.status
    if shown_status == Status.LOBBY:
        message["lobby"] = lobby(live)
        if player is not None:
            # A phone shows its own team and the total; a thousand teams would be 40 KB per join.
            mine = [team for team in message["lobby"]["teams"] if team["id"] == player.team_id]
            message["lobby"] = message["lobby"] | {"teams": mine}
    current = None
    if shown_status in QUESTION_SHOWN and live.question_index >= 0:
        current = live.questions.select_related("question").get(position=live.question_index)
        shown = question(live, current, now=now, question_count=count)
        if live.status == Status.PAUSED and live.paused_remaining_ms is not None:
            # Paused: the countdown stands still at the time left.
            shown["closes_at_ms"] = now + live.paused_remaining_ms
        # The question as ``question`` sends it, its times inside it and beside it.
        times = {"opens_at_ms": shown["opens_at_ms"], "closes_at_ms": shown["closes_at_ms"]}
        message["question"] = shown["question"] | times
        message["opens_at_ms"] = shown["opens_at_ms"]
        message["closes_at_ms"] = shown["closes_at_ms"]
        if live.status == Status.PAUSED:
            message["paused_remaining_ms"] = live.paused_remaining_ms
        if player is not None:
            answer = LiveAnswer.objects.filter(player=player, question=current).first()
            if answer is not None:
                message["my_answer"] = {
                    "question_id": current.pk,
                    "choices": answer.choices,
                    "accepted_at_ms": answer.received_at_ms,
                }
        if current.revealed_at_ms is not None:
            shown_reveal = reveal(current)
            if player is not None:
                points, right = my_results(current.pk, [player.pk]).get(player.pk, (0, False))
                rank = team_ranks(live).get(str(player.team_id))
                shown_reveal |= {"my_points": points, "my_correct": right, "my_team_rank": rank}
            message["reveal"] = shown_reveal
    if shown_status in (Status.LEADERBOARD, Status.FINISHED):
        message["leaderboard"] = leaderboard_entries(live)
    return message


# --- progress ---------------------------------------------------------------------------


def progress(round_id: int) -> dict | None:
    """PROTOCOL.md ``progress`` for the open question, or None when none is open."""
    live = LiveRound.objects.filter(pk=round_id).values("status", "question_index").first()
    if live is None or live["status"] not in (Status.QUESTION, Status.PAUSED) or live["question_index"] < 0:
        return None
    question_id = (
        LiveQuestion.objects.filter(live_round_id=round_id, position=live["question_index"])
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "type": "progress",
        "question_id": question_id,
        "answered": LiveAnswer.objects.filter(question_id=question_id).count(),
        # Those present for it (PROTOCOL.md v2), as ``average`` counts them: fifty guests who joined on the page
        # and never opened a socket do not make the host's "1/51 answered".
        "players": present_count(question_id),
    }
