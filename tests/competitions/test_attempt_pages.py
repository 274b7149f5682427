"""The member pages of an attempt: one question per page, autosave, resume, submit."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.models import Answer, Attempt
from tests.competitions.helpers import right_ids, slots, time_passes, wrong_id


def _url(name: str, pk: int) -> str:
    return reverse(f"competitions:{name}", kwargs={"pk": pk})


# --- Round page and start ---------------------------------------------------


def test_the_round_page_shows_the_rules_and_a_start_button(player, open_round):
    page = player.get(_url("round_detail", open_round.pk)).content.decode()

    assert "Tuần 1: An toàn trên mạng" in page
    assert "10 phút" in page
    assert "Vào thi" in page


def test_starting_from_the_round_page_opens_the_first_question(player, open_round, member_a):
    response = player.post(_url("round_start", open_round.pk))

    attempt = Attempt.objects.get(user=member_a)
    assert response["Location"] == _url("attempt", attempt.pk)
    assert attempt.device_id == player.cookies["device_id"].value


def test_starting_a_closed_round_says_why(player, open_round):
    open_round.opens_at = timezone.now() - timedelta(days=3)
    open_round.closes_at = timezone.now() - timedelta(days=1)
    open_round.save()

    response = player.post(_url("round_start", open_round.pk), follow=True)

    assert "Vòng thi đã đóng." in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_round_page_is_a_404_for_a_member_of_another_commune(client, open_round, make_user, team_b):
    from quizsite.accounts import services as accounts

    outsider = make_user()
    accounts.add_member(team=team_b, user=outsider)
    client.force_login(outsider)

    assert client.get(_url("round_detail", open_round.pk)).status_code == 404
    assert client.post(_url("round_start", open_round.pk)).status_code == 404


def test_start_refuses_get(player, open_round):
    assert player.get(_url("round_start", open_round.pk)).status_code == 405


# --- One question per page, without JavaScript ------------------------------


def test_the_attempt_page_shows_one_question_with_its_choices_in_the_drawn_order(player, attempt):
    first = slots(attempt)[0]

    page = player.get(_url("attempt", attempt.pk)).content.decode()

    assert first.question.text in page
    positions = [page.index(f'name="choice" value="{cid}"') for cid in first.choice_order]
    assert positions == sorted(positions)
    # The other questions ride along only in the JSON that attempt.js draws them from (test_attempt_steps.py).
    markup = re.sub(r'<script id="attempt-steps".*?</script>', "", page, flags=re.S)
    assert slots(attempt)[1].question.text not in markup
    assert "Câu 1/3" in page


def test_a_plain_form_post_saves_the_answer_and_goes_to_the_next_question(player, attempt):
    first = slots(attempt)[0]

    response = player.post(
        _url("attempt", attempt.pk), {"question": first.question_id, "choice": right_ids(first), "go": 2}
    )

    assert response["Location"] == _url("attempt", attempt.pk) + "?q=2"
    assert Answer.objects.get(attempt=attempt).choices == right_ids(first)


def test_navigating_without_choosing_saves_nothing(player, attempt):
    first = slots(attempt)[0]

    player.post(_url("attempt", attempt.pk), {"question": first.question_id, "go": 3})

    assert not Answer.objects.exists()


def test_the_last_page_asks_for_the_prediction_and_the_submit(player, attempt):
    page = player.get(_url("attempt", attempt.pk) + "?q=4").content.decode()

    assert "Có bao nhiêu người trả lời đúng tất cả các câu hỏi?" in page
    assert _url("attempt_submit", attempt.pk) in page


def test_someone_else_s_attempt_is_a_404(client, attempt, leader_a):
    client.force_login(leader_a)

    assert client.get(_url("attempt", attempt.pk)).status_code == 404
    assert client.post(_url("attempt_save", attempt.pk), {"question": 1, "choice": 1}).status_code == 404
    assert client.post(_url("attempt_submit", attempt.pk)).status_code == 404
    assert client.get(_url("attempt_result", attempt.pk)).status_code == 404


def test_the_attempt_page_refuses_put(player, attempt):
    assert player.put(_url("attempt", attempt.pk)).status_code == 405


# --- Autosave (what attempt.js calls) ---------------------------------------


def test_autosave_answers_in_json_and_saves_one_row_per_question(player, attempt):
    first = slots(attempt)[0]

    for choice in ([wrong_id(first)], right_ids(first)):
        response = player.post(_url("attempt_save", attempt.pk), {"question": first.question_id, "choice": choice})
        assert response.status_code == 200
        body = response.json()
        assert body["saved"] is True
        assert set(body) == {"saved", "answered_at"}

    assert [a.choices for a in Answer.objects.filter(attempt=attempt)] == [right_ids(first)]


def test_autosave_rejects_a_bad_choice_with_a_message_and_saves_nothing(player, attempt):
    first, second = slots(attempt)[:2]

    response = player.post(
        _url("attempt_save", attempt.pk), {"question": first.question_id, "choice": second.choice_order[0]}
    )

    assert response.status_code == 400
    assert response.json() == {"saved": False, "error": "Phương án không thuộc câu hỏi này.", "finished": False}
    assert not Answer.objects.exists()


def test_autosave_after_the_deadline_is_refused_and_ends_the_attempt(player, attempt):
    time_passes(attempt, timedelta(minutes=11))
    first = slots(attempt)[0]

    response = player.post(
        _url("attempt_save", attempt.pk), {"question": first.question_id, "choice": right_ids(first)}
    )

    assert response.status_code == 409
    assert response.json()["result_url"] == _url("attempt_result", attempt.pk)
    assert not Answer.objects.exists()


def test_autosave_refuses_get(player, attempt):
    assert player.get(_url("attempt_save", attempt.pk)).status_code == 405


def test_autosave_keeps_the_prediction(player, attempt):
    player.post(_url("attempt_save", attempt.pk), {"prediction": "15"})

    attempt.refresh_from_db()
    assert attempt.prediction == 15


# --- Resume -----------------------------------------------------------------


def test_a_second_phone_resumes_at_the_first_unanswered_question_with_saved_choices(player, attempt, member_a):
    first = slots(attempt)[0]
    player.post(_url("attempt_save", attempt.pk), {"question": first.question_id, "choice": right_ids(first)})
    other_phone = Client()
    other_phone.force_login(member_a)

    resumed = other_phone.get(_url("attempt", attempt.pk)).content.decode()
    back = other_phone.get(_url("attempt", attempt.pk) + "?q=1").content.decode()

    assert slots(attempt)[1].question.text in resumed
    assert f'value="{right_ids(first)[0]}" checked' in back


def test_starting_again_on_another_phone_returns_the_same_attempt(player, attempt, open_round, member_a):
    other_phone = Client()
    other_phone.force_login(member_a)

    response = other_phone.post(_url("round_start", open_round.pk))

    assert response["Location"] == _url("attempt", attempt.pk)
    assert Attempt.objects.count() == 1


# --- Submit, deadline, result -----------------------------------------------


def test_submitting_twice_from_two_tabs_counts_once(player, attempt):
    for slot in slots(attempt):
        player.post(_url("attempt_save", attempt.pk), {"question": slot.question_id, "choice": right_ids(slot)})

    first = player.post(_url("attempt_submit", attempt.pk), {"prediction": "3"})
    second = player.post(_url("attempt_submit", attempt.pk), {"prediction": "8"})

    attempt.refresh_from_db()
    assert first["Location"] == second["Location"] == _url("attempt_result", attempt.pk)
    assert (attempt.score, attempt.prediction) == (3, 3)


def test_a_prediction_that_is_not_a_number_is_refused_and_the_attempt_stays_open(player, attempt):
    response = player.post(_url("attempt_submit", attempt.pk), {"prediction": "nhiều"}, follow=True)

    page = response.content.decode()
    assert "Số dự đoán phải là một số nguyên." in page
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_submit_refuses_get(player, attempt):
    assert player.get(_url("attempt_submit", attempt.pk)).status_code == 405


def test_opening_an_attempt_past_its_deadline_finishes_it_and_shows_the_result(player, attempt):
    first = slots(attempt)[0]
    attempts.record_answer(attempt=attempt, question_id=first.question_id, choice_ids=right_ids(first))
    time_passes(attempt, timedelta(minutes=11))

    response = player.get(_url("attempt", attempt.pk), follow=True)

    attempt.refresh_from_db()
    assert attempt.finished_reason == Attempt.FinishedReason.DEADLINE
    assert attempt.score == 1
    assert "1/3 câu đúng" in response.content.decode()


def test_the_result_page_shows_the_score_and_time_but_waits_for_the_close_to_show_answers(player, attempt):
    attempts.submit_attempt(attempt=attempt, now=attempt.started_at + timedelta(seconds=65))

    page = player.get(_url("attempt_result", attempt.pk)).content.decode()

    assert "0/3 câu đúng" in page
    assert "1 phút 05 giây" in page
    assert "Đáp án và giải thích sẽ có ở đây khi vòng thi đóng" in page


def test_the_result_page_of_an_unfinished_attempt_goes_back_to_the_questions(player, attempt):
    assert player.get(_url("attempt_result", attempt.pk))["Location"] == _url("attempt", attempt.pk)


def test_the_result_page_refuses_post(player, attempt):
    assert player.post(_url("attempt_result", attempt.pk)).status_code == 405
