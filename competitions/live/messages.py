"""PROTOCOL.md's server messages, built from the database.

Nothing here says which choice is right before the question has been
revealed: ``question`` carries choice ids (``Choice.key``, random nine-digit
numbers) in the round's one shuffled order, and only ``reveal`` names the
right ones. ``state`` is enough to redraw any screen after a reconnect.
"""

from __future__ import annotations

import json
import time
from collections import Counter

from django.db.models import Count

from questionbank import marking
from questionbank.models import Choice, Question

from .models import LiveAnswer, LiveEntry, LivePlayer, LiveQuestion, LiveRound
from .presence import present_count
from .scores import leaderboard_entries, my_results, team_ranks

PROTOCOL_VERSION = 2
# The kinds version 2 adds: a version-1 client plays every round without them.
V2_KINDS = marking.PRACTICE_KINDS
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
    """``question``: the text and the choices in the round's order, never which is right.

    A hotspot's choices carry their ``area`` (v2); the author drew every area a
    player may tap, right and wrong alike, so an area tells no more than a text.
    """
    version = live_question.question
    hotspot = version.kind == Question.Kind.HOTSPOT
    choices = {c.key: c for c in Choice.objects.filter(question_id=version.pk)}
    return {
        "type": "question",
        "question": {
            "id": live_question.pk,
            "index": live_question.position,
            "count": question_count if question_count is not None else live.questions.count(),
            "text": version.text,
            "image_url": version.image_small.url if version.image_small else None,
            "kind": version.kind,
            "choices": [_choice(choices[key], hotspot) for key in live_question.choice_order],
            "points": live_question.points,
        },
        "opens_at_ms": live.opens_at_ms,
        "closes_at_ms": live.closes_at_ms,
        "server_time_ms": now,
    }


def _choice(choice: Choice, hotspot: bool) -> dict:
    shown = {"id": choice.key, "text": choice.text}
    if hotspot:
        shown["area"] = choice.area
    return shown


def distribution(live_question: LiveQuestion, kind: str = "", right: list[int] | None = None) -> dict[str, int]:
    """How many players chose each choice (JSON object keys are strings); for ``order`` (v2), how many put each
    step in its right place (``right``, the steps in the right order)."""
    counts = Counter()
    for choices in LiveAnswer.objects.filter(question=live_question).values_list("choices", flat=True):
        counts.update(marking.in_right_place(right, choices) if kind in marking.SEQUENCE_KINDS else choices)
    return {str(key): counts.get(key, 0) for key in live_question.choice_order}


def reveal(live_question: LiveQuestion) -> dict:
    """``reveal`` as every socket gets it; players' copies add ``my_points`` and ``my_correct`` (for_player).

    ``correct`` lists the right choices in the round's order; for ``order`` (v2), every step in the right order.
    """
    kind = live_question.question.kind
    right = marking.right_answer(kind, Choice.objects.filter(question_id=live_question.question_id))
    if kind not in marking.SEQUENCE_KINDS:
        keys = set(right)
        right = [key for key in live_question.choice_order if key in keys]
    return {
        "type": "reveal",
        "question_id": live_question.pk,
        "correct": right,
        "distribution": distribution(live_question, kind, right),
        "explanation": live_question.question.explanation,
    }


def for_player(frame: str, points: int, correct: bool, team_rank: int | None = None) -> str:
    """A player's copy of an encoded ``reveal``: the shared frame with their own fields added at its end.

    ``my_points`` and ``my_correct`` are PROTOCOL.md's; ``my_team_rank``, the
    rank of the player's team with this question counted, is ours (docs/LIVE.md).
    """
    rank = "" if team_rank is None else f',"my_team_rank":{team_rank}'
    return f'{frame[:-1]},"my_points":{points},"my_correct":{json.dumps(correct)}{rank}}}'


# A phone shows the top of the table and its own team (play.js: five, three at the end): players get the
# first PLAYERS_TOP entries and their team's, not a province's 1,300 teams (60 KB) on every phone.
PLAYERS_TOP = 10


def players_board(entries: list[dict], team_id: int | None, places: dict | None = None) -> list[dict]:
    """What a player's ``leaderboard`` and ``finished`` hold: the top of the table, and their team where it is.

    ``places`` (board_places(entries)) finds the team without reading the
    table: a province's thousand teams, each needing its own board, would
    otherwise read it a thousand times.
    """
    top = entries[:PLAYERS_TOP]
    if places is None:
        places = board_places(entries)
    place = places.get(team_id)
    return top if place is None or place < PLAYERS_TOP else [*top, entries[place]]


def board_places(entries: list[dict]) -> dict[int, int]:
    """Each team's index in a table's entries."""
    return {entry["team_id"]: n for n, entry in enumerate(entries)}


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
    """How many questions the round has: fixed once it has started, so kept once it has; in the lobby, where
    the organiser may still change them, counted at most once per LOBBY_FRESH_S, as the lobby itself."""
    if live.pk in _question_counts:
        return _question_counts[live.pk]
    if live.status == Status.LOBBY:
        cached = _lobby_question_counts.get(live.pk)
        if cached is not None and time.monotonic() - cached[0] < LOBBY_FRESH_S:
            return cached[1]
    count = live.questions.count()
    if live.status == Status.LOBBY:
        _lobby_question_counts[live.pk] = (time.monotonic(), count)
    else:
        _question_counts[live.pk] = count
    return count


_lobby_question_counts: dict[int, tuple[float, int]] = {}
_question_counts: dict[int, int] = {}


# --- state ------------------------------------------------------------------------------


def state(live: LiveRound, *, role: str, player: LivePlayer | None, now: int) -> dict:
    """``state``: everything a screen needs to redraw itself, for this role (and player)."""
    return states(live, role=role, players=[player], now=now)[0]


def states(live: LiveRound, *, role: str, players: list[LivePlayer | None], now: int) -> list[dict]:
    """``state`` for each of ``players`` (None: a host's or screen's), what they share read once.

    Whatever their number, the round's parts cost the same queries, and the
    players' own parts (their answer to the open question, their points on
    a revealed one) one query each for all of them.
    """
    count = question_count(live)
    shared = {
        "type": "state",
        "protocol": PROTOCOL_VERSION,
        "role": role,
        "round": round_info(live, count),
        "server_time_ms": now,
    }
    shown_status = live.paused_status if live.status == Status.PAUSED else live.status
    if shown_status == Status.LOBBY:
        shared["lobby"] = lobby(live)
    ids = [player.pk for player in players if player is not None]
    current = answers = results = ranks = None
    if shown_status in QUESTION_SHOWN and live.question_index >= 0:
        current = live.questions.select_related("question").get(position=live.question_index)
        shown = question(live, current, now=now, question_count=count)
        if live.status == Status.PAUSED and live.paused_remaining_ms is not None:
            # Paused: the countdown stands still at the time left.
            shown["closes_at_ms"] = now + live.paused_remaining_ms
        # The question as ``question`` sends it, its times inside it and beside it.
        times = {"opens_at_ms": shown["opens_at_ms"], "closes_at_ms": shown["closes_at_ms"]}
        shared["question"] = shown["question"] | times
        shared["opens_at_ms"] = shown["opens_at_ms"]
        shared["closes_at_ms"] = shown["closes_at_ms"]
        if live.status == Status.PAUSED:
            shared["paused_remaining_ms"] = live.paused_remaining_ms
        if ids:
            answers = {
                player_id: (choices, received_at_ms)
                for player_id, choices, received_at_ms in LiveAnswer.objects.filter(
                    question=current, player_id__in=ids
                ).values_list("player_id", "choices", "received_at_ms")
            }
        if current.revealed_at_ms is not None:
            shared["reveal"] = reveal(current)
            if ids:
                results = my_results(current.pk, ids)
                ranks = team_ranks(live)
    if shown_status in (Status.LEADERBOARD, Status.FINISHED):
        shared["leaderboard"] = leaderboard_entries(live)
    # Looked up once per batch, not once per player: a batch of 500 against a thousand teams.
    lobby_teams = {team["id"]: team for team in shared["lobby"]["teams"]} if "lobby" in shared else {}
    places = board_places(shared["leaderboard"]) if "leaderboard" in shared else {}
    return [_personal(shared, player, current, answers, results, ranks, lobby_teams, places) for player in players]


def _personal(
    shared: dict, player: LivePlayer | None, current, answers, results, ranks, lobby_teams: dict, places: dict
) -> dict:
    """One player's ``state``: the shared one with what is theirs."""
    if player is None:
        return dict(shared)
    message = dict(shared)
    message["me"] = {
        "user": player.user_id,
        "display_name": player.display_name,
        "team_id": player.team_id,
        "team": player.team.name,
    }
    if "leaderboard" in shared:
        message["leaderboard"] = players_board(shared["leaderboard"], player.team_id, places)
    if "lobby" in shared:
        # A phone shows its own team and the total; a thousand teams would be 40 KB per join.
        mine = lobby_teams.get(player.team_id)
        message["lobby"] = shared["lobby"] | {"teams": [mine] if mine is not None else []}
    if answers and player.pk in answers:
        choices, received_at_ms = answers[player.pk]
        message["my_answer"] = {"question_id": current.pk, "choices": choices, "accepted_at_ms": received_at_ms}
    if results is not None:
        points, right = results.get(player.pk, (0, False))
        rank = ranks.get(str(player.team_id))
        message["reveal"] = shared["reveal"] | {"my_points": points, "my_correct": right, "my_team_rank": rank}
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
