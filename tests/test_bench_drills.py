"""bench/drills.py's pure pieces: the nginx configuration it runs, its counts and its database check.

No server is started and nothing is timed: the drills themselves are run by
hand (``make drills``, docs/DRILLS.md); these tests make sure that what they
report means what docs/DRILLS.md says it means.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import drills, live_drills
from bench.drills import Drill, DrillLedger, Request, Wait
from bench.live_drills import LivePlayer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config(tmp_path) -> str:
    return drills.nginx_config(
        (ROOT / "deploy" / "nginx.conf").read_text(),
        listen=8380,
        upstreams=[8381, 8382],
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        workdir=tmp_path,
    )


def test_the_drill_runs_deploy_nginx_conf_on_loopback_http_with_its_own_upstreams(config, tmp_path):
    assert "listen 127.0.0.1:8380;" in config
    # The drill's ports, each with the production lines' parameters (max_fails=0, deploy/nginx.conf).
    assert "server 127.0.0.1:8381 max_fails=0;" in config and "server 127.0.0.1:8382 max_fails=0;" in config
    assert "127.0.0.1:8001" not in config and "127.0.0.1:8004" not in config
    assert "listen 80" not in config and "443" not in config and "ssl_certificate" not in config
    assert "daemon off;" in config and f"pid {tmp_path}/nginx.pid;" in config
    assert f"alias {tmp_path / 'static'}/;" in config


def test_the_drill_keeps_the_production_proxy_settings(config):
    production = (ROOT / "deploy" / "nginx.conf").read_text()
    for line in production.splitlines():
        line = line.strip()
        if line.startswith(("proxy_", "least_conn", "keepalive")) and "$scheme" not in line:
            assert line in config, line
    # The servers are told the request came over HTTPS, as the real nginx tells them.
    assert "proxy_set_header X-Forwarded-Proto https;" in config
    assert "$scheme" not in config


def test_a_template_without_an_upstream_is_refused(tmp_path):
    with pytest.raises(ValueError, match="upstream"):
        drills.nginx_config(
            "server { listen 443 ssl; }",
            listen=1,
            upstreams=[2],
            static_root=tmp_path,
            media_root=tmp_path,
            workdir=tmp_path,
        )


def test_requests_are_counted_by_status_inside_the_window_only():
    requests = [
        Request(1.0, "answer save", "200", 0.1),
        Request(2.0, "answer save", "500", 0.1),
        Request(2.5, "question page", "302", 0.1),
        Request(3.0, "answer save", "503", 0.1),
        Request(3.5, "answer save", "error", 0.1),
        Request(3.6, "answer save", "offline", 0.0),
        Request(3.7, "start", "403", 0.1),
        Request(9.0, "answer save", "500", 0.1),
    ]
    window = drills.by_status(requests, 2.0, 5.0)
    assert window["total"] == 6
    assert (window["ok"], window["4xx"], window["5xx"], window["500"]) == (1, 1, 2, 1)
    assert (window["errors"], window["offline"]) == (1, 1)
    assert window["by_code"] == {"302": 1, "403": 1, "500": 1, "503": 1, "error": 1, "offline": 1}
    assert drills.by_status(requests)["500"] == 2


def test_saves_per_second_counts_only_acknowledged_saves():
    requests = [Request(t, "answer save", "200", 0.1) for t in (10.0, 10.5, 11.0, 11.5)]
    requests += [Request(10.2, "answer save", "503", 0.1), Request(10.3, "question page", "200", 0.1)]
    assert drills.saves_per_second(requests, 10.0, 12.0) == 2.0
    assert drills.saves_per_second(requests, 12.0, 12.0) == 0.0


def test_the_longest_wait_counts_a_wait_never_acknowledged_until_the_end_and_skips_refusals():
    waits = [
        Wait("answer save", start=10.0, end=13.0, tries=3),
        Wait("question page", start=11.0, end=0.0, tries=5),  # still waiting when the run ended
        Wait("start", start=10.0, end=50.0, refused=True),  # a 4xx: the member stopped, not a wait
        Wait("submit", start=1.0, end=2.0),  # before the window
    ]
    worst = drills.longest_wait(waits, 10.0, 20.0, now=30.0)
    assert worst == {"seconds": 19.0, "kind": "question page", "tries": 5, "unfinished": 1}
    assert drills.longest_wait([], 0.0, 1.0, now=2.0)["seconds"] == 0.0


def ledger_with(*saves: tuple[int, int, list[int], bool], at: float = 0.0) -> DrillLedger:
    ledger = DrillLedger()
    for attempt, question, choices, acknowledged in saves:
        ledger.sent(attempt, question, choices)
        if acknowledged:
            ledger.acknowledged(attempt, question, choices)
            ledger.acknowledged_at[(attempt, question)] = at
    return ledger


def test_the_database_check_passes_when_every_acknowledged_answer_is_stored_once_with_its_last_choice():
    ledger = ledger_with((1, 10, [5], True), (1, 10, [6], True), (1, 11, [7, 8], True))
    ledger.submit_acknowledged(1)
    problems, text = drills.check_answers(ledger, [(1, 10, [6]), (1, 11, [8, 7])], finished={1})
    assert problems == []
    assert "3 acknowledged answer saves on 2 (attempt, question) pairs" in text
    assert "1 acknowledged submits, 1 stored" in text


def test_a_later_choice_sent_but_not_acknowledged_may_be_the_one_stored():
    # The member tapped [6] (acknowledged), then [7]; the answer to [7] never came back.
    ledger = ledger_with((1, 10, [6], True), (1, 10, [7], False))
    assert drills.check_answers(ledger, [(1, 10, [7])], finished=set())[0] == []


@pytest.mark.parametrize(
    ("rows", "finished", "expected"),
    [
        ([], {1}, "attempt 1 question 10: 0 rows, expected 1"),
        ([(1, 10, [6]), (1, 10, [6])], {1}, "attempt 1 question 10: 2 rows, expected 1"),
        ([(1, 10, [5])], {1}, "attempt 1 question 10: [5] stored, [6] acknowledged last"),
        ([(1, 10, [6]), (1, 12, [1])], {1}, "attempt 1 question 12: stored but never sent"),
        ([(1, 10, [6])], set(), "attempt 1: submit acknowledged, not stored"),
    ],
)
def test_the_database_check_names_every_lost_doubled_or_stray_answer(rows, finished, expected):
    ledger = ledger_with((1, 10, [5], True), (1, 10, [6], True))
    ledger.submit_acknowledged(1)
    problems, text = drills.check_answers(ledger, rows, finished)
    assert [p for _, p in problems] == [expected]
    assert "1 PROBLEMS" in text and expected in text


def test_the_report_puts_each_problem_and_each_500_in_its_drill_and_judges_the_goals():
    drill_list = [
        Drill("redis", start=100.0, repaired=110.0, end=115.0),
        Drill("postgres", start=140.0, repaired=143.0, end=148.0),
    ]
    tally = drills.Tally()
    # Quiet before redis: 20 saves in 20 s; during redis (15 s): 6 saves, so under half the rate.
    tally.requests += [Request(80.0 + t, "answer save", "200", 0.05) for t in range(20)]
    tally.requests += [Request(100.0 + 2.5 * t, "answer save", "200", 0.05) for t in range(6)]
    tally.requests += [Request(105.0, "answer save", "500", 0.05)]
    tally.requests += [Request(141.0, "answer save", "503", 0.05)]
    tally.waits += [Wait("answer save", start=104.0, end=111.0, tries=4)]
    problems = [(112.0, "attempt 1 question 10: 0 rows, expected 1"), (60.0, "attempt 2: submit acknowledged")]
    summary = drills.summarise(tally, drill_list, problems, quiet=20.0, run_start=70.0, now=200.0)
    redis, postgres = summary["drills"]
    assert redis["requests"]["500"] == 1 and redis["problems"] == ["attempt 1 question 10: 0 rows, expected 1"]
    assert (redis["saves_per_s_before"], redis["saves_per_s_during"]) == (1.0, 0.4)
    assert redis["goals"] == {"no_lost_or_doubled": False, "no_http_500": False, "saves_at_half_rate": False}
    assert redis["longest_wait"]["seconds"] == 7.0
    assert postgres["goals"] == {"no_lost_or_doubled": True, "no_http_500": True}
    assert postgres["requests"]["by_code"] == {"503": 1}
    assert summary["total"]["problems_outside_drills"] == ["attempt 2: submit acknowledged"]


def test_the_markdown_tables_show_before_and_after_side_by_side():
    def report(code: str) -> dict:
        tally = drills.Tally()
        tally.requests.append(Request(101.0, "answer save", code, 0.1))
        summary = drills.summarise(tally, [Drill("redis", 100.0, 110.0, 115.0)], [], quiet=20, run_start=0, now=120)
        return {"weekly": summary}

    text = drills.markdown(report("200"), report("500"))
    assert "#### redis" in text and "| | before | after |" in text
    assert "| HTTP 500 | 1 | 0 |" in text
    assert "| database check | 0 lost or doubled | 0 lost or doubled |" in text


# --- The live round -------------------------------------------------------------------


def test_a_state_after_reconnecting_covers_the_questions_it_shows_as_revealed_or_past():
    def state(status: str, index: int, count: int = 5, **more) -> dict:
        return {"round": {"status": status, "question_index": index, "question_count": count}, **more}

    assert live_drills.caught_up_by_state(state("lobby", -1)) == set()
    assert live_drills.caught_up_by_state(state("question", 2)) == {0, 1}
    assert live_drills.caught_up_by_state(state("reveal", 2)) == {0, 1, 2}
    assert live_drills.caught_up_by_state(state("leaderboard", 0)) == {0}
    assert live_drills.caught_up_by_state(state("paused", 1, reveal={"question_id": 9})) == {0, 1}
    assert live_drills.caught_up_by_state(state("finished", 4)) == {0, 1, 2, 3, 4}


def live_player(number: int, *, sent=(), acked=(), by_state=(), reveals=(), caught_up=()) -> LivePlayer:
    player = LivePlayer(number, user_id=100 + number, session="s")
    player.sent = dict.fromkeys(sent, 10.0)
    player.acknowledged = {qid: ("ack", 11.0) for qid in acked} | {qid: ("state", 14.0) for qid in by_state}
    player.reveals, player.caught_up = set(reveals), dict.fromkeys(caught_up, 20.0)
    return player


def test_the_live_report_counts_lost_doubled_and_unheard_answers_and_missing_reveals_per_drill():
    questions = [501, 502, 503]
    players = [
        live_player(0, sent=[501, 502], acked=[501, 502], reveals=[0, 1, 2]),
        live_player(1, sent=[501, 502], acked=[501], by_state=[502], reveals=[0, 2], caught_up=[0, 1]),
        live_player(2, sent=[501, 502], acked=[501], reveals=[0, 2]),  # 502 never acknowledged, no reveal
    ]
    rows = [(100, 501), (100, 502), (101, 501), (102, 501), (102, 501), (102, 502)]  # 101's 502 lost
    summary = live_drills.live_summary(players, {"redis": 1}, {"redis": (0.0, 100.0)}, questions, rows, now=40.0)
    (redis,) = summary["drills"]
    assert (redis["answers_sent"], redis["acknowledged"], redis["acknowledged_by_state"]) == (3, 2, 1)
    assert redis["never_acknowledged"] == 1 and redis["longest_wait_s"] == 30.0
    assert (redis["reveal"], redis["caught_up_by_state"], redis["neither"]) == (1, 1, 1)
    assert (redis["lost"], redis["doubled"], redis["stored_unheard"]) == (1, 0, 1)
    assert redis["goals"] == {"no_lost_or_doubled": False, "everyone_reveal_or_state": False}
    assert summary["total"]["doubled"] == 1  # 102's answer to 501, in a quiet question
    assert summary["check"]["held"] is False
    assert "1 lost, 1 doubled, 1 stored without an acknowledgement" in summary["check"]["text"]
    table = live_drills.live_markdown(summary, "after")
    assert "| redis (question 2) | 3 → 2 (1) | 1 | 30.0 s | 1 / 1 / 1 | 1 / 0 / 1 | 0 | 0 |" in table


def test_a_state_that_comes_only_after_the_question_after_next_opened_is_not_catching_up():
    players = [live_player(0, caught_up=[0])]  # the state came at 20.0
    late = live_drills.live_summary(players, {"redis": 0}, {}, [501, 502, 503], [], now=40.0, opened={2: 15.0})
    in_time = live_drills.live_summary(players, {"redis": 0}, {}, [501, 502, 503], [], now=40.0, opened={2: 25.0})
    assert (late["drills"][0]["caught_up_by_state"], late["drills"][0]["neither"]) == (0, 1)
    assert (in_time["drills"][0]["caught_up_by_state"], in_time["drills"][0]["neither"]) == (1, 0)


# --- The reconnect storm ------------------------------------------------------------------


def stormed(number: int, *, acked_at=None, drops=(), states=(), resend="", sent=True) -> LivePlayer:
    player = LivePlayer(number, user_id=100 + number, session="s")
    if sent:
        player.sent = {502: 9.0}
    if acked_at is not None:
        player.acknowledged = {502: ("ack", acked_at)}
    player.drops, player.states_at, player.resend = list(drops), list(states), resend
    player.reveals = {1}
    return player


def test_the_storm_report_times_each_dropped_phone_from_the_kill_to_its_next_state():
    players = [
        stormed(0, acked_at=9.5, states=[1.0]),  # on the surviving process: never dropped
        stormed(1, acked_at=9.8, drops=[10.1], states=[1.0, 12.0], resend="already_answered"),
        stormed(2, acked_at=14.0, drops=[10.1], states=[1.0, 13.5]),  # answered after it was back
        stormed(3, drops=[10.2, 16.0], states=[1.0, 40.5]),  # back only after 30.5 s
        stormed(4, drops=[10.2], states=[1.0]),  # never back
    ]
    rows = [(100, 502), (101, 502), (102, 502)]
    summary = live_drills.storm_summary(
        players, kill_at=10.0, storm_index=1, question_ids=[501, 502, 503], rows=rows, now=60.0, goal_s=20
    )
    storm = summary["storm"]
    assert (storm["dropped"], storm["back"], storm["never_back"]) == (4, 3, 1)
    assert (storm["back_p50_s"], storm["back_max_s"], storm["back_within_goal"]) == (3.5, 30.5, 2)
    assert (storm["acknowledged_before_kill"], storm["kept_before_kill"], storm["lost_before_kill"]) == (2, 2, 0)
    assert (storm["resent"], storm["resend_refused_already_answered"], storm["resend_accepted"]) == (1, 1, 0)
    assert storm["goals"] == {
        "every_phone_back_within_goal": False,
        "answers_before_kill_kept": True,
        "no_lost_or_doubled": True,
        "re_answers_refused": True,
    }
    assert summary["check"]["held"] is False
    assert "4 phones dropped by the kill, 3 back" in summary["check"]["text"]
    assert summary["drills"][0]["drill"] == "reconnect-storm" and summary["drills"][0]["question_index"] == 1


def test_an_answer_acknowledged_before_the_kill_and_gone_or_accepted_twice_fails_the_storm():
    players = [
        stormed(0, acked_at=9.0, drops=[10.1], states=[11.0], resend="accepted"),
        stormed(1, acked_at=9.0, drops=[10.1], states=[11.5], resend="sent"),  # its second send had no ack
    ]
    rows = [(100, 502), (100, 502)]  # 101's answer is gone, 100's is stored twice
    summary = live_drills.storm_summary(
        players, kill_at=10.0, storm_index=1, question_ids=[501, 502, 503], rows=rows, now=30.0
    )
    storm = summary["storm"]
    assert (storm["kept_before_kill"], storm["lost_before_kill"]) == (0, 2)
    assert (storm["resend_accepted"], storm["resend_unanswered"]) == (1, 1)
    assert storm["goals"] == {
        "every_phone_back_within_goal": True,
        "answers_before_kill_kept": False,
        "no_lost_or_doubled": False,
        "re_answers_refused": False,
    }
    assert (summary["total"]["lost"], summary["total"]["doubled"]) == (1, 1)
    summary.update(
        joined=2,
        clients={"processes": 1, "cpu_s": 1.0, "late_p95_ms": 2.0, "late_max_ms": 9.0, "storm_late_p95_ms": 3.0},
    )
    table = live_drills.storm_markdown(summary, "2,000 phones")
    assert "| back with a `state`: p50 / p95 / max | 1.5 / 1.5 / 1.5 s |" in table
    assert "| answers acknowledged before the kill, kept | 0 of 2 |" in table
    assert "| sent again after the reconnect: refused `already_answered` / accepted | 0 / 1 (of 2) |" in table


def test_nginx_gets_two_connections_per_phone_for_a_storm(tmp_path):
    config = drills.nginx_config(
        (ROOT / "deploy" / "nginx.conf").read_text(),
        listen=9380,
        upstreams=[9381, 9382],
        static_root=tmp_path,
        media_root=tmp_path,
        workdir=tmp_path,
        worker_connections=10512,
    )
    assert "worker_connections 10512;" in config


def test_the_upstream_servers_keep_the_production_file_s_parameters(tmp_path):
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    template = template.replace("server 127.0.0.1:8001;", "server 127.0.0.1:8001 max_fails=0;")
    config = drills.nginx_config(
        template, listen=9380, upstreams=[9381, 9382], static_root=tmp_path, media_root=tmp_path, workdir=tmp_path
    )
    assert "server 127.0.0.1:9381 max_fails=0;" in config and "server 127.0.0.1:9382 max_fails=0;" in config
    assert "127.0.0.1:8001" not in config and "127.0.0.1:8004" not in config
