"""bench/fixture.py --live-round: a live round any load client can play, made in seconds.

The fixture is a tool for other clients (bench/live_round.py, a test, a
third-party load script), so what it promises in its --help is checked here:
the last line is the round's JSON; the players are entered in teams of up to
ten; the host may host; the sessions sign their users in.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bench import fixture
from competitions.live.access import can_host, entered_team_of, live_round_by_code
from competitions.models import Round
from questionbank import marking
from questionbank.models import Question
from quizsite.accounts.models import User


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--without-attempts", stdout=StringIO())


def run_fixture(capsys, *args: str) -> dict:
    fixture.main(["--live-round", *args])
    lines = capsys.readouterr().out.strip().splitlines()
    return json.loads(lines[-1])


def test_help_documents_the_live_round_and_its_json(capsys):
    with pytest.raises(SystemExit):
        fixture.main(["--help"])
    text = capsys.readouterr().out
    for word in ("--live-round", "--players", "--sessions", "player_user_ids", "host_user_id", "LAST line"):
        assert word in text


def test_live_round_enters_the_players_in_teams_of_ten_with_a_host_who_may_host(demo, capsys):
    out = run_fixture(capsys, "--players", "25", "--seed", "3")

    live = live_round_by_code(out["code"])
    assert live is not None and live.round.mode == Round.Mode.LIVE
    assert len(out["code"]) == 6 and out["code"].isdigit()
    players = list(User.objects.filter(pk__in=out["player_user_ids"]))
    assert len(players) == 25
    teams = {}
    for user in players:
        team = entered_team_of(user, live)
        assert team is not None, user
        teams.setdefault(team.pk, []).append(user.pk)
    assert sorted(len(members) for members in teams.values()) == [5, 10, 10]
    assert sorted(teams) == sorted(out["team_ids"])
    for entry in live.entries.all():
        assert entry.captain_id in teams[entry.team_id]
    assert can_host(User.objects.get(pk=out["host_user_id"]), live)
    assert not can_host(players[0], live)


def test_live_round_has_approved_questions_with_every_choice_key_shuffled_once(demo, capsys):
    out = run_fixture(capsys, "--players", "3", "--live-questions", "6", "--seed", "5")

    live = live_round_by_code(out["code"])
    questions = list(live.questions.select_related("question").order_by("position"))
    assert [q.position for q in questions] == list(range(6))
    assert sorted(q.pk for q in questions) == sorted(out["question_ids"])
    orders = []
    for live_question in questions:
        assert live_question.question.status == Question.Status.APPROVED
        keys = list(live_question.question.choices.values_list("key", flat=True))
        assert sorted(live_question.choice_order) == sorted(keys)
        orders.append(live_question.choice_order == keys)
    assert not all(orders)  # shuffled, not the author's order


def test_sessions_sign_in_their_player_and_the_host(demo, capsys):
    out = run_fixture(capsys, "--players", "12", "--sessions")

    assert len(out["player_sessions"]) == len(out["player_user_ids"]) == 12
    for key, user_id in [
        (out["host_session"], out["host_user_id"]),
        *zip(out["player_sessions"], out["player_user_ids"], strict=True),
    ][:4]:
        client = Client()
        client.cookies[out["session_cookie"]] = key
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 200
        assert response.wsgi_request.user.pk == user_id
    assert out["session_cookie"] == settings.SESSION_COOKIE_NAME


def test_two_rounds_in_one_database_have_their_own_code_and_players(demo, capsys):
    first = run_fixture(capsys, "--players", "11")
    second = run_fixture(capsys, "--players", "11")

    assert first["code"] != second["code"]
    assert not set(first["player_user_ids"]) & set(second["player_user_ids"])
    assert first["host_user_id"] != second["host_user_id"]


def test_kinds_make_a_round_of_those_kinds_in_that_order_with_steps_never_in_their_right_order(demo, capsys):
    out = run_fixture(capsys, "--players", "4", "--kinds", "single,order,hotspot,order", "--seed", "7")

    live = live_round_by_code(out["code"])
    questions = list(live.questions.select_related("question").order_by("position"))
    assert [q.question.kind for q in questions] == ["single", "order", "hotspot", "order"]
    assert [q.pk for q in questions] == out["question_ids"]
    assert questions[1].question_id != questions[3].question_id
    for live_question in questions:
        question = live_question.question
        assert question.status == Question.Status.APPROVED
        right = marking.right_answer(question.kind, question.choices.all())
        assert sorted(live_question.choice_order) == sorted(question.choices.values_list("key", flat=True))
        if question.kind == "order":
            assert live_question.choice_order != right
    hotspot = questions[2].question
    assert hotspot.image and hotspot.image_small
    assert all(choice.area for choice in hotspot.choices.all())
    assert set(out) == {
        "code",
        "round_id",
        "host_user_id",
        "player_user_ids",
        "team_ids",
        "question_ids",
        "session_cookie",
    }


def test_without_kinds_the_round_has_only_the_kinds_a_version_1_client_plays(demo, capsys):
    out = run_fixture(capsys, "--players", "2", "--live-questions", "8")

    kinds = set(live_round_by_code(out["code"]).questions.values_list("question__kind", flat=True))
    assert kinds <= {"single", "multiple", "true_false"}


def test_an_unknown_kind_is_refused_with_the_kinds_there_are(capsys):
    with pytest.raises(SystemExit):
        fixture.main(["--live-round", "--players", "2", "--kinds", "single,drag"])
    assert "hotspot" in capsys.readouterr().err
