"""Organiser pages for live rounds: create, edit while in the lobby, the round's page with its code,
QR code and projector link, the home page, the demo data."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.demo import LIVE_TITLE, RECALL_KINDS
from competitions.live.models import LiveEntry, LivePlayer, LiveQuestion, LiveRound
from competitions.models import Round
from competitions.organise import live_services as live
from competitions.organise.services import BlueprintRow
from questionbank import services as qb
from questionbank.models import Question
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Team, Unit
from tests.competitions.organise_helpers import form_fields, local, url

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\d{6}$")


# --- Fixtures and helpers ----------------------------------------------------


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


# A third hamlet of commune A, with a name a search can tell apart (test_organise_live_teams.py uses these too).
@pytest.fixture
def hamlet_c(commune_a) -> Unit:
    return accounts.create_unit(name="Ấp Bình Hòa", kind=Unit.Kind.HAMLET, parent=commune_a)


@pytest.fixture
def team_c(hamlet_c) -> Team:
    return accounts.create_team(unit=hamlet_c, name="Tổ CNS Bình Hòa")


def data(**overrides) -> live.LiveRoundData:
    fields = {"title": "Giao lưu trực tiếp các tổ", "opens_at": timezone.now() + timedelta(hours=2)}
    fields.update(overrides)
    return live.LiveRoundData(**fields)


def picked(questions, **kwargs) -> list[live.QuestionSlot]:
    return [live.QuestionSlot(q, **kwargs) for q in questions]


@pytest.fixture
def make_live(stage, organiser_a, bank, team_a):
    def make(**overrides) -> LiveRound:
        overrides.setdefault("questions", picked(bank[:2]))
        overrides.setdefault("teams", [team_a])
        return live.create_live_round(actor=organiser_a, stage=stage, data=data(**overrides))

    return make


def post_data(*, questions=(), teams=(), units=(), source="pick", rows=(), **overrides) -> dict:
    """The create form as a browser posts it (test_the_create_form_posts_what_the_page_renders keeps it so)."""
    fields = {
        "title": "Giao lưu trực tiếp các tổ",
        "opens_at": local(timezone.now() + timedelta(hours=2)),
        "team_mode": "sum",
        "guest_limit": "300",
        "source": source,
        "duration_seconds": "20",
        "points": "1000",
        "questions": [str(q.pk) for q in questions],
        "chosen": "",
        "teams": [str(t.pk) for t in teams],
        "team_units": [str(u.pk) for u in units],
        "team_q": "",
        "q-TOTAL_FORMS": "0",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "100",
        "bp-TOTAL_FORMS": "8",
        "bp-INITIAL_FORMS": "0",
        "bp-MIN_NUM_FORMS": "0",
        "bp-MAX_NUM_FORMS": "50",
    }
    rows = list(rows)
    for i in range(8):
        topic_pk, difficulty, count = rows[i] if i < len(rows) else ("", "", "")
        fields[f"bp-{i}-topic"] = str(topic_pk)
        fields[f"bp-{i}-difficulty"] = str(difficulty)
        fields[f"bp-{i}-count"] = str(count)
    fields.update(overrides)
    return fields


def choice_keys(question: Question) -> list[int]:
    return sorted(question.choices.values_list("key", flat=True))


def new_version(question: Question, *, author, reviewer) -> Question:
    """An author edits an approved question (a new version) and a reviewer approves it."""
    edited = qb.QuestionData(
        topic=question.topic,
        kind=question.kind,
        text=question.text + " (sửa)",
        choices=[qb.ChoiceData(c.text, c.is_correct) for c in question.choices.all()],
        explanation=question.explanation,
    )
    version = qb.edit_question(question=question, editor=author, data=edited)
    qb.submit_for_review(question=version, actor=author)
    return qb.approve(question=version, reviewer=reviewer)


def snapshot() -> dict:
    return {
        "rounds": sorted(Round.objects.values_list("pk", "title", "opens_at", "closes_at")),
        "live": sorted(LiveRound.objects.values_list("pk", "code", "team_mode", "guests_allowed")),
        "questions": sorted(LiveQuestion.objects.values_list("pk", "question_id", "position", "duration_seconds")),
        "entries": sorted(LiveEntry.objects.values_list("pk", "team_id", "captain_id")),
    }


# --- Create with picked questions ---------------------------------------------


def test_an_organiser_creates_a_live_round_with_questions_picked_one_by_one(
    as_organiser, stage, bank, team_a, leader_a
):
    response = as_organiser.post(
        url("live_create", stage.pk), post_data(questions=[bank[2], bank[0]], teams=[team_a], guests_allowed="on")
    )

    live_round = LiveRound.objects.select_related("round").get()
    assert response["Location"] == url("live_round", live_round.pk)
    round = live_round.round
    assert round.mode == Round.Mode.LIVE
    assert round.stage == stage
    assert round.published_at is not None
    assert round.closes_at - round.opens_at == timedelta(days=1)
    assert live_round.status == LiveRound.Status.LOBBY
    assert live_round.guests_allowed
    assert CODE.match(live_round.code)
    rows = list(live_round.questions.order_by("position"))
    # In the order of the bank's list (topic, difficulty, then as written).
    assert [q.question for q in rows] == [bank[0], bank[2]]
    assert [(q.position, q.duration_seconds, q.points) for q in rows] == [(0, 20, 1000), (1, 20, 1000)]
    for row in rows:
        assert sorted(row.choice_order) == choice_keys(row.question)
    entry = live_round.entries.get()
    assert (entry.team, entry.captain) == (team_a, leader_a)


def test_each_question_has_its_own_time_and_points(stage, organiser_a, bank, team_a):
    live_round = live.create_live_round(
        actor=organiser_a,
        stage=stage,
        data=data(questions=[live.QuestionSlot(bank[0], 5, 0), live.QuestionSlot(bank[1], 300, 2000)], teams=[team_a]),
    )

    assert list(live_round.questions.values_list("duration_seconds", "points")) == [(5, 0), (300, 2000)]
    assert live_round.round.time_limit_seconds == 305


def test_a_blank_title_is_refused(stage, organiser_a, bank, team_a):
    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a, stage=stage, data=data(title=" ", questions=picked(bank[:1]), teams=[team_a])
        )

    assert error.value.message_dict["title"] == ["Hãy nhập tên vòng thi."]
    assert not Round.objects.exists()


@pytest.mark.parametrize("seconds", [4, 301])
def test_a_time_outside_5_to_300_seconds_is_refused_and_nothing_is_saved(stage, organiser_a, bank, team_a, seconds):
    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a,
            stage=stage,
            data=data(questions=picked(bank[:1], duration_seconds=seconds), teams=[team_a]),
        )

    assert "Thời gian mỗi câu từ 5 đến 300 giây." in error.value.messages
    assert not Round.objects.exists()


def test_a_question_that_is_not_approved_or_of_another_bank_is_refused(
    stage, organiser_a, bank, team_a, make_question, author_a, author_b, commune_b
):
    draft = make_question(author=author_a, unit=stage.competition.unit, text="Câu nháp chưa duyệt")
    neighbour = make_question(author=author_b, unit=commune_b, text="Câu của xã bên")

    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a, stage=stage, data=data(questions=picked([bank[0], draft, neighbour]), teams=[team_a])
        )

    message = " ".join(error.value.messages)
    assert "Câu nháp chưa duyệt" in message and "Câu của xã bên" in message
    assert not Round.objects.exists()


def test_a_picked_question_keeps_its_version_when_the_bank_edits_it(make_live, bank, author_a, reviewer_a):
    live_round = make_live(questions=picked(bank[:2]))

    newer = new_version(bank[0], author=author_a, reviewer=reviewer_a)

    assert newer.family == bank[0].family and newer.version == 2
    assert list(live_round.questions.order_by("position").values_list("question_id", flat=True)) == [
        bank[0].pk,
        bank[1].pk,
    ]
    bank[0].refresh_from_db()
    assert bank[0].status == Question.Status.RETIRED


# --- Create by a blueprint --------------------------------------------------


def test_a_blueprint_is_drawn_once_and_the_draw_keeps_its_versions(
    stage, organiser_a, bank, topic, team_a, author_a, reviewer_a
):
    live_round = live.create_live_round(
        actor=organiser_a,
        stage=stage,
        data=data(
            blueprint=[BlueprintRow(topic=topic, difficulty=None, count=3)],
            duration_seconds=15,
            points=500,
            teams=[team_a],
        ),
    )
    drawn = list(live_round.questions.select_related("question").order_by("position"))
    assert len(drawn) == 3
    assert {q.question_id for q in drawn} <= {q.pk for q in bank}
    assert {(q.duration_seconds, q.points) for q in drawn} == {(15, 500)}
    for row in drawn:
        assert sorted(row.choice_order) == choice_keys(row.question)
    # Nothing is left to draw again: the round has no blueprint of its own.
    assert not live_round.round.blueprint.exists()

    newer = new_version(drawn[0].question, author=author_a, reviewer=reviewer_a)

    drawn[0].refresh_from_db()
    assert drawn[0].question_id != newer.pk
    assert drawn[0].question.version == 1


def test_a_blueprint_the_bank_cannot_fill_is_refused_and_nothing_is_saved(as_organiser, stage, bank, topic, team_a):
    response = as_organiser.post(
        url("live_create", stage.pk), post_data(source="draw", rows=[(topic.pk, "", 9)], teams=[team_a])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "cần 9 câu, ngân hàng chỉ có 4 câu đã duyệt" in page
    assert not Round.objects.exists()


def test_the_create_page_draws_by_a_blueprint(as_organiser, stage, bank, topic, team_a):
    response = as_organiser.post(
        url("live_create", stage.pk),
        post_data(source="draw", rows=[(topic.pk, "", 2)], teams=[team_a], duration_seconds="30", points="800"),
    )

    live_round = LiveRound.objects.get()
    assert response["Location"] == url("live_round", live_round.pk)
    assert list(live_round.questions.values_list("duration_seconds", "points")) == [(30, 800), (30, 800)]


# --- Join codes -------------------------------------------------------------


def test_join_codes_are_six_digits_and_unique_among_unfinished_rounds(make_live):
    codes = [make_live(title=f"Vòng {n}").code for n in range(40)]

    assert all(CODE.match(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_a_code_an_unfinished_round_holds_is_drawn_again(make_live, monkeypatch):
    first = make_live()
    drawn = iter([first.code, first.code, "123456"])
    monkeypatch.setattr(live, "random_code", lambda: next(drawn))

    second = make_live(title="Vòng hai")

    assert second.code == "123456"
    assert Round.objects.count() == 2


def test_a_finished_rounds_code_may_come_back(make_live, monkeypatch):
    first = make_live()
    LiveRound.objects.filter(pk=first.pk).update(status=LiveRound.Status.FINISHED, finished_at=timezone.now())
    monkeypatch.setattr(live, "random_code", lambda: first.code)

    second = make_live(title="Vòng hai")

    assert second.code == first.code


# --- Entered teams and captains ---------------------------------------------------


def test_every_team_of_the_units_chosen_is_entered(stage, organiser_a, bank, commune_a, team_a, team_b, team_c):
    live_round = live.create_live_round(
        actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), team_units=[commune_a])
    )

    assert set(live_round.entries.values_list("team_id", flat=True)) == {team_a.pk, team_c.pk}
    assert list(live_round.round.eligible_units.all()) == [commune_a]


def test_teams_picked_and_teams_of_units_add_up(stage, organiser_a, bank, hamlet_c, team_a, team_c):
    live_round = live.create_live_round(
        actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a], team_units=[hamlet_c])
    )

    assert set(live_round.entries.values_list("team_id", flat=True)) == {team_a.pk, team_c.pk}


def test_a_team_or_unit_outside_the_competition_is_refused(stage, organiser_a, bank, team_a, team_b, commune_b):
    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a,
            stage=stage,
            data=data(questions=picked(bank[:1]), teams=[team_a, team_b], team_units=[commune_b]),
        )

    assert error.value.message_dict["teams"] == ["Tổ không thuộc phạm vi cuộc thi: Tổ CNS Ấp 2."]
    assert error.value.message_dict["team_units"] == ["Đơn vị không thuộc phạm vi cuộc thi: Xã Tân Phú."]
    assert not Round.objects.exists()


def test_units_without_any_team_are_refused(stage, organiser_a, bank, hamlet_c):
    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), team_units=[hamlet_c])
        )

    assert "Chưa có tổ dự thi" in error.value.message_dict["teams"][0]


def test_a_captain_defaults_to_the_leader_and_may_be_another_member(
    stage, organiser_a, bank, team_a, leader_a, member_a
):
    default = live.create_live_round(
        actor=organiser_a, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a])
    )
    chosen = live.create_live_round(
        actor=organiser_a,
        stage=stage,
        data=data(questions=picked(bank[:1]), teams=[team_a], team_mode="captain", captains={team_a.pk: member_a}),
    )

    assert default.entries.get().captain == leader_a
    assert chosen.entries.get().captain == member_a
    assert chosen.team_mode == LiveRound.TeamMode.CAPTAIN


def test_a_captain_who_is_not_a_member_of_the_team_is_refused(
    stage, organiser_a, bank, team_a, leader_a, make_user, team_b
):
    stranger = make_user(name="Trương Người Ngoài")
    accounts.add_member(team=team_b, user=stranger)

    with pytest.raises(ValidationError) as error:
        live.create_live_round(
            actor=organiser_a,
            stage=stage,
            data=data(questions=picked(bank[:1]), teams=[team_a], team_mode="captain", captains={team_a.pk: stranger}),
        )

    assert error.value.message_dict["captains"] == [
        "Đội trưởng phải là thành viên của tổ: Trương Người Ngoài (Tổ CNS Ấp 1)."
    ]
    assert not Round.objects.exists()


def test_the_edit_page_sets_a_captain_among_the_teams_members(as_organiser, make_live, team_a, member_a, leader_a):
    live_round = make_live()
    page = as_organiser.get(url("live_edit", live_round.pk)).content.decode()
    fields = form_fields(page)
    fields["team_mode"] = ["captain"]
    fields[f"captain_{team_a.pk}"] = [str(member_a.pk)]

    response = as_organiser.post(url("live_edit", live_round.pk), fields)

    assert response.status_code == 302
    live_round.refresh_from_db()
    assert live_round.team_mode == "captain"
    assert live_round.entries.get().captain == member_a


def test_the_edit_page_refuses_a_captain_from_another_team(
    as_organiser, make_live, team_a, leader_a, team_b, make_user
):
    live_round = make_live()
    stranger = make_user(name="Trương Người Ngoài")
    accounts.add_member(team=team_b, user=stranger)
    fields = form_fields(as_organiser.get(url("live_edit", live_round.pk)).content.decode())
    fields[f"captain_{team_a.pk}"] = [str(stranger.pk)]
    before = snapshot()

    response = as_organiser.post(url("live_edit", live_round.pk), fields)

    assert response.status_code == 200
    assert "Đội trưởng phải là thành viên của tổ." in response.content.decode()
    assert snapshot() == before


# --- Edit while in the lobby ------------------------------------------------------


def test_saving_the_edit_page_unchanged_changes_nothing(as_organiser, make_live, bank, commune_a):
    live_round = make_live(questions=picked(bank[:3]), team_units=[commune_a], teams=[])
    before = snapshot()
    orders = list(live_round.questions.order_by("position").values_list("choice_order", flat=True))

    response = as_organiser.post(
        url("live_edit", live_round.pk), form_fields(as_organiser.get(url("live_edit", live_round.pk)).content.decode())
    )

    assert response.status_code == 302
    assert snapshot()["live"] == before["live"]
    assert snapshot()["entries"] == before["entries"]
    assert [(q, p, d) for _pk, q, p, d in snapshot()["questions"]] == [
        (q, p, d) for _pk, q, p, d in before["questions"]
    ]
    assert list(live_round.questions.order_by("position").values_list("choice_order", flat=True)) == orders


def test_the_edit_page_reorders_retimes_removes_and_adds_questions(as_organiser, make_live, bank):
    live_round = make_live(questions=picked(bank[:3]))
    fields = form_fields(as_organiser.get(url("live_edit", live_round.pk)).content.decode())
    fields["q-0-position"] = ["3"]  # the first goes last
    fields["q-1-duration_seconds"] = ["45"]
    fields["q-2-remove"] = ["on"]
    fields["questions"] = [str(bank[3].pk)]

    response = as_organiser.post(url("live_edit", live_round.pk), fields)

    assert response.status_code == 302
    rows = list(live_round.questions.order_by("position").values_list("question_id", "duration_seconds"))
    assert rows == [(bank[1].pk, 45), (bank[0].pk, 20), (bank[3].pk, 20)]


def test_a_question_version_the_round_has_stays_allowed_after_the_bank_edits_it(
    make_live, organiser_a, bank, author_a, reviewer_a
):
    live_round = make_live(questions=picked(bank[:2]))
    new_version(bank[0], author=author_a, reviewer=reviewer_a)

    changed = replace(live.live_round_data(live_round), title="Đổi tên")
    live.update_live_round(actor=organiser_a, live_round=live_round, data=changed)

    assert live_round.questions.order_by("position").first().question_id == bank[0].pk
    assert Round.objects.get().title == "Đổi tên"


def test_a_started_round_cannot_be_changed(client, make_live, organiser_a):
    live_round = make_live()
    LiveRound.objects.filter(pk=live_round.pk).update(
        status=LiveRound.Status.QUESTION, question_index=0, started_at=timezone.now()
    )
    live_round.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        live.update_live_round(
            actor=organiser_a, live_round=live_round, data=replace(live.live_round_data(live_round), title="Đổi")
        )
    assert error.value.messages == ["Vòng thi trực tiếp đã bắt đầu nên không sửa được nữa."]

    client.force_login(organiser_a)
    response = client.get(url("live_edit", live_round.pk), follow=True)
    assert "Vòng thi trực tiếp đã bắt đầu nên không sửa được nữa." in response.content.decode()
    assert Round.objects.get().title == "Giao lưu trực tiếp các tổ"


def test_a_finished_round_cannot_be_changed(make_live, organiser_a):
    live_round = make_live()
    LiveRound.objects.filter(pk=live_round.pk).update(status=LiveRound.Status.FINISHED, finished_at=timezone.now())
    live_round.refresh_from_db()

    with pytest.raises(ValidationError, match="đã kết thúc"):
        live.update_live_round(actor=organiser_a, live_round=live_round, data=live.live_round_data(live_round))


def test_a_team_with_players_in_the_lobby_is_not_taken_out(make_live, organiser_a, team_a, team_c, member_a):
    live_round = make_live(teams=[team_a, team_c])
    LivePlayer.objects.create(live_round=live_round, team=team_a, user=member_a, display_name="Thành Viên")

    with pytest.raises(ValidationError) as error:
        live.update_live_round(
            actor=organiser_a,
            live_round=live_round,
            data=replace(live.live_round_data(live_round), teams=[team_c], team_units=[]),
        )

    assert error.value.message_dict["teams"] == ["Tổ đã có người vào phòng chờ nên không bỏ ra được: Tổ CNS Ấp 1."]
    assert live_round.entries.count() == 2


# --- Bad input, outsiders, viewers --------------------------------------------------


def test_bad_input_gets_clear_messages_and_changes_nothing(as_organiser, stage, bank):
    response = as_organiser.post(
        url("live_create", stage.pk),
        post_data(questions=[], opens_at=local(timezone.now() - timedelta(days=2))),
    )

    page = response.content.decode()
    assert response.status_code == 200
    for message in [
        "Giờ bắt đầu đã qua hơn một ngày",
        "Vòng thi chưa có câu hỏi",
        "Chưa có tổ dự thi",
    ]:
        assert message in page, message
    assert not Round.objects.exists()


def test_a_forged_question_or_team_id_is_a_form_error(as_organiser, stage, bank, team_a, team_b):
    response = as_organiser.post(
        url("live_create", stage.pk), post_data(questions=[bank[0]], teams=[team_a, team_b]) | {"questions": ["999999"]}
    )

    page = response.content.decode()
    assert "Câu hỏi này không có trong ngân hàng của vòng thi." in page
    assert "Tổ không thuộc phạm vi cuộc thi." in page
    assert not Round.objects.exists()


def test_an_organiser_of_another_commune_gets_404(client, organiser_b, make_live, stage):
    live_round = make_live()
    client.force_login(organiser_b)
    before = snapshot()

    assert client.get(url("live_round", live_round.pk)).status_code == 404
    assert client.get(url("live_edit", live_round.pk)).status_code == 404
    assert client.post(url("live_edit", live_round.pk), {"title": "x"}).status_code == 404
    assert client.post(url("live_create", stage.pk), {"title": "x"}).status_code == 404
    assert snapshot() == before


def test_the_service_refuses_an_organiser_of_another_commune(organiser_b, stage, bank, team_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        live.create_live_round(actor=organiser_b, stage=stage, data=data(questions=picked(bank[:1]), teams=[team_a]))


def test_a_viewer_reads_the_page_without_the_projector_token_and_gets_403_on_changes(
    client, viewer_a, make_live, stage
):
    live_round = make_live()
    client.force_login(viewer_a)
    before = snapshot()

    page = client.get(url("live_round", live_round.pk)).content.decode()
    assert live_round.code in page
    assert live_round.screen_token not in page
    assert client.get(url("live_edit", live_round.pk)).status_code == 403
    assert client.post(url("live_edit", live_round.pk), {"title": "x"}).status_code == 403
    assert client.get(url("live_create", stage.pk)).status_code == 403
    assert snapshot() == before


def test_a_member_gets_403(client, member_a, make_live):
    live_round = make_live()
    client.force_login(member_a)

    assert client.get(url("live_round", live_round.pk)).status_code == 403


# --- The round's page and the stage page --------------------------------------------


def test_the_round_page_shows_the_code_the_qr_code_and_the_projector_link(
    as_organiser, make_live, bank, team_a, leader_a
):
    live_round = make_live(team_mode="captain")

    response = as_organiser.get(url("live_round", live_round.pk))

    page = response.content.decode()
    assert f'<p class="join-code" data-code>{live_round.code}</p>' in page
    qr = page.split("data-qr>", 1)[1]
    assert qr.startswith('<svg role="img"') and "<path" in qr.split("</svg>", 1)[0]
    assert f"http://testserver/live/{live_round.code}/" in page
    assert f"http://testserver/live/{live_round.code}/screen/?token={live_round.screen_token}" in page
    assert f'href="/live/{live_round.code}/host/"' in page
    assert bank[0].text in page and "20 giây" in page and "1000 điểm" in page
    assert team_a.name in page and leader_a.display_name in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_qr_code_encodes_the_players_page():
    from competitions.live.qr import qr_svg

    one, other = qr_svg("https://thi.example.vn/live/123456/"), qr_svg("https://thi.example.vn/live/654321/")

    assert one.startswith("<svg") and one.endswith("</svg>")
    assert one != other
    assert "example" not in one  # the URL is only in the shape of the path


def test_the_stage_page_lists_live_rounds_and_offers_to_create_one(as_organiser, make_live, competition, stage):
    live_round = make_live()

    page = as_organiser.get(url("competition", competition.pk)).content.decode()

    assert url("live_round", live_round.pk) in page
    assert live_round.code in page
    assert "Phòng chờ" in page
    assert url("live_create", stage.pk) in page and "Tạo vòng thi trực tiếp" in page


def test_the_create_form_posts_what_the_page_renders(as_organiser, stage, bank, team_a):
    rendered = form_fields(as_organiser.get(url("live_create", stage.pk)).content.decode())
    posted = post_data(questions=[bank[0]], teams=[team_a])

    assert set(rendered) | {"questions", "teams", "team_units"} == set(posted)
    assert rendered["opens_at"][0] > local(timezone.now())
    rendered.update(questions=[str(bank[0].pk)], teams=[str(team_a.pk)], title=["Giao lưu"])
    assert as_organiser.post(url("live_create", stage.pk), rendered).status_code == 302


def test_the_create_page_offers_the_banks_questions_and_the_teams(as_organiser, stage, bank, team_a, team_b):
    page = as_organiser.get(url("live_create", stage.pk)).content.decode()

    assert all(q.text in page for q in bank)
    assert team_a.name in page and team_b.name not in page


# --- The home page ------------------------------------------------------------


def test_home_shows_the_organiser_their_live_round_with_its_code_and_the_host_console(as_organiser, make_live):
    live_round = make_live()

    page = as_organiser.get(reverse("home")).content.decode()

    assert f'data-live-round="{live_round.code}"' in page
    assert f'href="/live/{live_round.code}/host/"' in page


def test_home_shows_a_member_of_an_entered_team_the_round_to_join(client, make_live, member_a):
    live_round = make_live()
    client.force_login(member_a)

    page = client.get(reverse("home")).content.decode()

    assert f'data-live-round="{live_round.code}"' in page
    assert f'href="/live/{live_round.code}/"' in page
    assert "/host/" not in page


def test_home_does_not_show_a_live_round_to_a_team_not_entered_or_a_finished_one(
    client, make_live, make_user, team_b, member_a
):
    outsider = make_user(name="Ngoài Cuộc")
    accounts.add_member(team=team_b, user=outsider)
    live_round = make_live()
    client.force_login(outsider)
    assert live_round.code not in client.get(reverse("home")).content.decode()

    LiveRound.objects.filter(pk=live_round.pk).update(status=LiveRound.Status.FINISHED, finished_at=timezone.now())
    client.force_login(member_a)
    assert live_round.code not in client.get(reverse("home")).content.decode()


def test_home_leaves_out_a_round_still_waiting_after_its_day(client, make_live, member_a):
    live_round = make_live()
    Round.objects.filter(pk=live_round.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(member_a)

    assert live_round.code not in client.get(reverse("home")).content.decode()


def test_the_home_page_query_count_does_not_grow_with_live_rounds(client, make_live, member_a, organiser_a):
    make_live()
    for person in (member_a, organiser_a):
        client.force_login(person)
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("home"))
        for n in range(3):
            make_live(title=f"Vòng {person.pk}-{n}")
        with CaptureQueriesContext(connection) as more:
            page = client.get(reverse("home")).content.decode()

        assert page.count("data-live-round=") == LiveRound.objects.count()
        assert len(more) == len(one)


# --- The demo -----------------------------------------------------------------


def test_seed_demo_makes_a_live_round_ready_for_the_demo_organiser(client):
    call_command("seed_demo", "--without-attempts", stdout=StringIO())
    live_round = LiveRound.objects.select_related("round__stage__competition__unit").get()
    province = live_round.round.stage.competition.unit

    assert live_round.round.title == LIVE_TITLE
    assert live_round.status == LiveRound.Status.LOBBY and live_round.guests_allowed
    # Three questions to recall a fact, then one of each kind that practises a skill, with more time.
    questions = live_round.questions.order_by("position").select_related("question__topic__parent")
    assert [(q.question.kind in RECALL_KINDS, q.duration_seconds) for q in questions] == [(True, 20)] * 3 + [
        (False, 40)
    ] * 2
    assert [q.question.kind for q in questions][3:] == ["order", "hotspot"]
    assert len({q.question.topic.root.pk for q in questions}) == 5
    assert set(live_round.entries.values_list("team_id", flat=True)) == set(
        Team.objects.filter(unit__path__startswith=province.path).values_list("pk", flat=True)
    )
    organiser = RoleAssignment.objects.get(unit=province, role=RoleAssignment.Role.ORGANISER).user
    client.force_login(organiser)
    page = client.get(reverse("home")).content.decode()
    assert f'data-live-round="{live_round.code}"' in page

    call_command("seed_demo", "--without-attempts", stdout=StringIO())
    assert LiveRound.objects.get().code == live_round.code
    assert LiveQuestion.objects.count() == 5


def test_seed_demo_moves_a_demo_round_left_waiting_past_its_day_to_today(db):
    call_command("seed_demo", "--without-attempts", stdout=StringIO())
    Round.objects.filter(mode=Round.Mode.LIVE).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(days=4)
    )

    call_command("seed_demo", "--without-attempts", stdout=StringIO())

    round = Round.objects.get(mode=Round.Mode.LIVE)
    assert round.opens_at <= timezone.now() < round.closes_at
    assert Membership.objects.exists()


# --- The admin ----------------------------------------------------------------


def test_the_admin_shows_a_live_round_read_only(admin_client, make_live, bank):
    live_round = make_live()
    before = snapshot()

    page = admin_client.get(reverse("admin:competitions_liveround_change", args=[live_round.pk])).content.decode()
    admin_client.post(reverse("admin:competitions_liveround_change", args=[live_round.pk]), {"code": "000000"})
    round_page = admin_client.get(reverse("admin:competitions_round_change", args=[live_round.pk])).content.decode()
    admin_client.post(reverse("admin:competitions_round_change", args=[live_round.pk]), {"title": "Đổi"})

    assert live_round.code in page and bank[0].text[:30] in page
    assert live_round.screen_token not in page
    assert 'name="code"' not in page and 'name="title"' not in round_page
    assert admin_client.get(reverse("admin:competitions_liveround_add")).status_code == 403
    assert snapshot() == before
