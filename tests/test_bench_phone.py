"""bench/phone.py: the load clients reconnect as the live page does, and read a frame's type as the server writes it.

Nothing is timed: these tests check that the numbers the bench copies from
static/live/socket.js are still the page's, and what the schedule gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import phone

SOCKET_JS = Path(__file__).resolve().parent.parent / "static" / "live" / "socket.js"


def test_the_backoff_is_the_one_socket_js_uses():
    source = SOCKET_JS.read_text()
    retry = re.search(r"function retry\(\) \{(.*?)\n    \}", source, re.S)
    assert retry, "socket.js has no retry()"
    body = re.sub(r"\s+", " ", retry[1])
    grow = re.search(
        r"Math\.min\((\d+), (\d+) \* Math\.pow\(2, tries\+\+\)\) \* \(([\d.]+) \+ Math\.random\(\) \* ([\d.]+)\)", body
    )
    clamp = re.search(r"Math\.max\((\d+), Math\.min\((\d+), d\)\)", body)
    assert grow and clamp, body
    assert int(grow[1]) / 1000 == phone.RECONNECT_MAX and int(grow[2]) / 1000 == phone.RECONNECT_BASE
    assert (float(grow[3]), float(grow[4])) == (phone.JITTER_LOW, phone.JITTER_SPAN)
    assert int(clamp[1]) / 1000 == phone.RECONNECT_MIN and int(clamp[2]) / 1000 == phone.RECONNECT_MAX
    # A socket that opens starts the count again; 4403 and 4404 stop the page for good.
    assert "tries = 0" in source
    final = set(map(int, re.findall(r"e\.code === (\d+)", source)))
    assert final == phone.FINAL_CLOSE_CODES


@pytest.mark.parametrize(
    ("tries", "bounds"),
    [(0, (1.0, 1.3)), (1, (1.4, 2.6)), (2, (2.8, 5.2)), (3, (5.6, 10.4)), (4, (10.5, 15.0)), (9, (10.5, 15.0))],
)
def test_each_failure_doubles_the_wait_with_jitter_within_one_and_fifteen_seconds(tries, bounds):
    low, high = phone.reconnect_bounds(tries)
    assert (round(low, 3), round(high, 3)) == bounds
    assert low <= phone.reconnect_delay(tries, 0.5) <= high


def test_a_phone_that_keeps_failing_has_waited_half_a_minute_after_five_tries():
    waits = [phone.reconnect_delay(tries, 0.5) for tries in range(5)]
    assert waits == [1.0, 2.0, 4.0, 8.0, 15.0]
    assert phone.reconnect_delay(1000, 0.5) == 15.0  # no overflow, however long it has failed


@pytest.mark.parametrize(
    ("frame", "kind"),
    [
        (json.dumps({"type": "lobby", "teams": [{"id": 1}]}, separators=(",", ":")), "lobby"),  # the server's
        (json.dumps({"type": "question", "question": {}}), "question"),  # the bare server's
        (json.dumps({"question": {"type": "x"}, "type": "reveal"}), None),  # type not first: parse it
        ("not json", None),
    ],
)
def test_a_frame_type_is_read_from_its_first_bytes_or_left_to_the_parser(frame, kind):
    assert phone.frame_type(frame) == kind


def test_the_leaderboard_s_question_index_is_found_without_parsing():
    frame = json.dumps({"type": "leaderboard", "entries": [{"rank": 1, "team": "Tổ 1"}], "question_index": 3})
    assert phone.question_index(frame) == 3
    assert phone.question_index('{"type":"leaderboard","question_index":-1}') == -1
    assert phone.question_index('{"type":"leaderboard"}') is None
