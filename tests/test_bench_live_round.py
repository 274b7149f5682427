"""bench/live_round.py's pure pieces: its last line, the join's outcomes, the clients' lateness, frame handling.

No server is started and nothing is timed: the bench is run by hand
(``make bench-live``, docs/BENCHMARKS.md); these tests make sure that what
it reports means what its docstring and docs/BENCHMARKS.md say.
"""

from __future__ import annotations

import asyncio
import json
import random

import pytest

from bench import live_round
from bench.live_round import Player, PlayerLog, Target


def result(last: float, *, lost=0, doubled_acks=0, doubled_rows=0, lag=12.5) -> dict:
    return {
        "joined": 1998,
        "join_s": 21.8,
        "join_cpu_ms_per_player": 14.9,
        "mib_per_1000": 48.3,
        "ack_p95_ms": 57.3,
        "question": {"last_player_median_ms": last},
        "leaderboard": {"p95_ms": 713.6},
        "client_late": {"p95_ms": lag},
        "db_check": {"lost": lost, "doubled_acks": doubled_acks, "doubled_rows": doubled_rows},
    }


def test_the_last_line_has_exactly_the_issue_s_keys_with_the_server_and_bare_figures():
    bare = {**result(50.0), "mib_per_1000": 13.2}
    line = live_round.last_line(2000, result(200.0, lost=1, doubled_acks=2, doubled_rows=1), bare)
    assert list(line) == [
        "players",
        "joined",
        "join_s",
        "join_cpu_ms_per_player",
        "last_player_ms",
        "bare_last_player_ms",
        "ratio_last_player",
        "leaderboard_p95_ms",
        "ack_p95_ms",
        "mib_per_1000",
        "bare_mib_per_1000",
        "lost",
        "doubled",
        "client_late_ms",
    ]
    assert line == {
        "players": 2000,
        "joined": 1998,
        "join_s": 21.8,
        "join_cpu_ms_per_player": 14.9,
        "last_player_ms": 200.0,
        "bare_last_player_ms": 50.0,
        "ratio_last_player": 4.0,
        "leaderboard_p95_ms": 713.6,
        "ack_p95_ms": 57.3,
        "mib_per_1000": 48.3,
        "bare_mib_per_1000": 13.2,
        "lost": 1,
        "doubled": 3,
        "client_late_ms": 12.5,
    }
    assert json.loads(json.dumps(line, allow_nan=False)) == line


def test_what_a_run_did_not_measure_is_null_in_the_last_line_never_nan():
    only_bare = live_round.last_line(200, None, result(50.0))
    assert only_bare["bare_last_player_ms"] == 50.0
    assert {k for k, v in only_bare.items() if v is None} == set(live_round.LAST_LINE_KEYS) - {
        "players",
        "bare_last_player_ms",
        "bare_mib_per_1000",
    }
    join_only = {**result(float("nan")), "db_check": None, "ack_p95_ms": float("nan"), "leaderboard": {}}
    line = live_round.last_line(200, join_only, None)
    json.dumps(line, allow_nan=False)
    assert (line["last_player_ms"], line["ratio_last_player"], line["lost"], line["doubled"]) == (None,) * 4
    assert line["joined"] == 1998


def log(user: int, *attempts: tuple[str, str], scheduled: float = 0.0, state: float = 0.0, late=0.0) -> dict:
    entry = PlayerLog(user, scheduled_at=scheduled, state_at=state, late_start=late).__dict__
    entry["attempts"] = [[scheduled, outcome, detail, None, None] for outcome, detail in attempts]
    if not state and attempts:
        entry["error"] = f"{attempts[-1][0]}: {attempts[-1][1]}"
    return entry


def test_the_join_report_counts_each_socket_s_first_try_and_its_end_with_retries():
    logs = [
        log(1, ("joined", ""), scheduled=10.0, state=10.5),
        log(2, ("refused", "HTTP 503"), ("joined", ""), scheduled=10.0, state=12.0),
        log(3, ("timed_out", "handshake"), ("failed", "no HTTP response (EOFError)"), ("joined", ""), state=14.0),
        log(4, ("timed_out", "no state")),
        log(5, ("refused", "close 4404")),
    ]
    logs[2]["scheduled_at"] = 10.0
    report = live_round.join_report(logs, join_rate=500, ports=2, handshake_timeout=10)
    assert report["mode"] == "open-loop, 500 new sockets/s per process" and report["rate_per_s"] == 1000
    assert report["first_try"] == {"joined": 1, "refused": 2, "timed_out": 2, "failed": 0}
    assert (report["joined"], report["joined_first_try"], report["joined_after_retries"]) == (3, 1, 2)
    assert report["tries_of_joined"] == {"1": 1, "2": 1, "3": 1}
    assert report["never_joined"] == {"timed_out": 1, "refused": 1}
    assert report["failed_tries_by_detail"] == {
        "refused HTTP 503": 1,
        "timed_out handshake": 1,
        "failed no HTTP response (EOFError)": 1,
        "timed_out no state": 1,
        "refused close 4404": 1,
    }
    # From each socket's due time to its state, retries included.
    assert (report["to_state_p50_ms"], report["to_state_max_ms"]) == (2000.0, 4000.0)
    assert live_round.join_report(logs, join_rate=0, ports=2, handshake_timeout=10)["mode"] == "closed-loop"


def test_the_clients_lateness_is_taken_over_each_window_a_sample_overlaps():
    # A sample is a 20 ms timer that fired at t, lag late: it covers [t - 0.02 - lag, t].
    lags = [(1.00, 0.0), (1.60, 0.58), (1.621, 0.001), (5.00, 0.002)]
    assert live_round.late_p95(lags, [(0.985, 0.995)]) == 0.0
    assert live_round.late_p95(lags, [(1.2, 1.3)]) == 580.0  # inside the one late sample only
    assert live_round.late_p95(lags, [(1.605, 1.615), (4.99, 5.1)]) == 2.0
    assert live_round.late_p95(lags, [(3.0, 3.5)]) is None


def frames() -> list[str]:
    question = {
        "type": "question",
        "question": {"id": 71, "index": 0, "count": 1, "kind": "single", "choices": [{"id": 9}, {"id": 8}]},
        "opens_at_ms": 0,
        "closes_at_ms": 0,
    }
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    return [
        json.dumps({"type": "lobby", "teams": [{"id": 1, "name": "Tổ 1", "players": 3}]}, **compact),
        json.dumps(question, **compact),
        json.dumps({"type": "status", "status": "question"}, **compact),
        json.dumps({"type": "ack", "question_id": 71, "accepted": True, "received_at_ms": 1}, **compact),
        json.dumps({"type": "ack", "question_id": 71, "accepted": False, "reason": "already_answered"}, **compact),
        json.dumps({"type": "reveal", "question_id": 71, "correct": [9]}, **compact),
        json.dumps({"type": "leaderboard", "entries": [{"rank": 1}], "question_index": 0}, **compact),
        json.dumps({"type": "error", "code": "bad_message", "message": "?"}, **compact),
        json.dumps({"type": "finished", "leaderboard": []}, **compact),
    ]


class Wire:
    """What the player sent (the socket's ``send``)."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))


@pytest.mark.parametrize("sniff", [True, False])
def test_a_player_reads_the_same_round_whether_it_sniffs_frame_types_or_parses_every_frame(sniff):
    async def play() -> tuple[PlayerLog, Wire, list[bool]]:
        opts = {"sniff": sniff, "answer_window": 0.06, "double_share": 1.0}
        player = Player(PlayerLog(5), 1, Target("t", [1], "/p/", "/h/", [1]), "s", random.Random(1), opts)
        player.socket = wire = Wire()
        ends = []
        for text in frames()[:3]:
            ends.append(player.on_frame(text, 1.0))
        await asyncio.sleep(0.2)  # the player taps within its answer window
        for text in frames()[3:]:
            ends.append(player.on_frame(text, 2.0))
        await asyncio.sleep(0.2)  # the second tap, after the accepted ack
        return player.log, wire, ends

    log, wire, ends = asyncio.run(play())
    assert ends == [False] * 8 + [True]
    assert [m["question_id"] for m in wire.sent] == [71, 71] and wire.sent[0]["choices"][0] in {8, 9}
    assert (log.sent, log.doubles_sent, log.accepted, dict(log.reasons)) == (2, 1, [71], {"already_answered": 1})
    assert (log.question_at, log.reveal_at, log.leaderboard_at, log.finished_at) == ({0: 1.0}, {0: 2.0}, {0: 2.0}, 2.0)
    assert log.lobby == 1 and log.error == "error message: bad_message"


@pytest.mark.parametrize("seed", range(5))
def test_a_player_answers_each_kind_in_the_form_the_protocol_asks(seed):
    rng = random.Random(seed)

    def question(kind: str, n: int) -> dict:
        return {"id": 7, "kind": kind, "choices": [{"id": 100 + i, "text": f"{i}"} for i in range(n)]}

    ids = [100, 101, 102, 103, 104]
    order = live_round.answer_for(question("order", 5), rng)
    assert sorted(order) == ids  # every step once
    assert len(live_round.answer_for(question("hotspot", 4), rng)) == 1
    assert len(live_round.answer_for(question("single", 4), rng)) == 1
    assert len(live_round.answer_for(question("true_false", 2), rng)) == 1
    picked = live_round.answer_for(question("multiple", 4), rng)
    assert len(picked) == len(set(picked)) == 2
    # Without a kind (a version-1 server that sends none): one choice.
    assert len(live_round.answer_for({"id": 7, "choices": [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]}, rng)) == 1


def test_the_orders_a_player_sends_vary():
    rng = random.Random(3)
    question = {"id": 7, "kind": "order", "choices": [{"id": i, "text": str(i)} for i in range(4)]}
    assert len({tuple(live_round.answer_for(question, rng)) for _ in range(20)}) > 5
