"""Item statistics: the numbers (checked against a hand calculation), the flags and the pages.

Attempts are made through competitions.attempts with the clock passed in, in
a round that opened three hours ago; the round is then closed by moving its
``closes_at`` into the past, as the clock would.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from competitions import attempts, item_statistics
from competitions.models import Attempt, BlueprintItem, Competition, Round, Stage
from questionbank import services as qb
from questionbank import stats
from questionbank.models import Question, QuestionStatistics

LIST_URL = reverse("questionbank:list")


# --- Fixtures: a bank of three questions and a way to play it ---------------------


@pytest.fixture
def make_approved(make_question, author_a, reviewer_a, commune_a):
    def make(**kwargs) -> Question:
        question = make_question(author=author_a, unit=commune_a, **kwargs)
        qb.submit_for_review(question=question, actor=author_a)
        return qb.approve(question=question, reviewer=reviewer_a)

    return make


@pytest.fixture
def bank(make_approved) -> dict[str, Question]:
    """Q1 and Q2 single choice (A right), Q3 multiple choice (A and B right, C wrong)."""
    three = [qb.ChoiceData("Đúng", True), qb.ChoiceData("Sai một", False), qb.ChoiceData("Sai hai", False)]
    return {
        "Q1": make_approved(text="Câu một: không chia sẻ OTP", choices=three),
        "Q2": make_approved(text="Câu hai: đáp án có thể sai", choices=three),
        "Q3": make_approved(
            text="Câu ba: chọn các cách an toàn",
            kind=Question.Kind.MULTIPLE,
            choices=[qb.ChoiceData("Mật khẩu mạnh", True), qb.ChoiceData("Xác thực 2 lớp", True)]
            + [qb.ChoiceData("Dùng chung mật khẩu", False)],
        ),
    }


@pytest.fixture
def make_round(commune_a, organiser_a, topic):
    competition = Competition.objects.create(title="Thi tuần xã An Bình", unit=commune_a, created_by=organiser_a)
    stage = Stage.objects.create(competition=competition, kind=Stage.Kind.WEEKLY, title="Tuần 1")

    def make(title: str = "Tuần 1") -> Round:
        now = timezone.now()
        round = Round.objects.create(
            stage=stage,
            title=title,
            opens_at=now - timedelta(hours=3),
            closes_at=now + timedelta(days=2),
            published_at=now - timedelta(hours=3),
            entry=Round.Entry.ANYONE_SIGNED_IN,
        )
        # The bank has exactly three questions, so every attempt sees all of them.
        BlueprintItem.objects.create(round=round, topic=topic, count=3)
        return round

    return make


def close(round: Round) -> None:
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(hours=1))


def choice_ids(question: Question, letters: str) -> list[int]:
    return [c.key for c in question.choices.all() if c.letter in letters]


def play_attempt(round: Round, user, answers: dict[Question, str], *, minute: int, submit: bool = True) -> Attempt:
    """One attempt two hours ago; ``answers`` maps questions to the letters chosen (absent: unanswered)."""
    at = timezone.now() - timedelta(hours=2) + timedelta(minutes=minute)
    attempt = attempts.start_attempt(round=round, user=user, now=at, rng=random.Random(minute))
    for question, letters in answers.items():
        attempts.record_answer(
            attempt=attempt, question_id=question.pk, choice_ids=choice_ids(question, letters), now=at
        )
    if submit:
        attempt = attempts.submit_attempt(attempt=attempt, now=at + timedelta(seconds=30))
    return attempt


# The hand-computed example: ten people, in this order (so attempt ids ascend P1..P10).
# Letters chosen per question; None = left unanswered. Q1/Q2: "A" is right. Q3: exactly "AB" is right.
#
#        Q1    Q2    Q3     score
#  P1    A     B     AB     2
#  P2    A     B     AB     2
#  P3    A     C     AB     2
#  P4    A     A     A      2   (Q3 "A" alone is wrong: all or nothing)
#  P5    A     B     A      1
#  P6    B     A     ABC    1   (Q3 with the wrong C as well is wrong)
#  P7    A     B     B      1
#  P8    -     A     -      1
#  P9    C     B     AB     1
#  P10   B     A     A      1
#
# Ranking by score, then attempt id: P1 P2 P3 P4 | P5 P6 P7 P8 P9 P10. k = ⌈0.27 × 10⌉ = 3.
# Upper = P1, P2, P3 (P4 also scored 2 but has the higher id). Lower = P8, P9, P10 (the last three).
# Q1: right P1 P2 P3 P4 P5 P7 = 6/10 → p = 0.60; upper 3/3, lower 0/3 (P8 -, P9 C, P10 B) → D = 1.00
# Q2: right P4 P6 P8 P10 = 4/10 → p = 0.40; upper 0/3, lower 2/3 (P8 A, P10 A) → D = −0.67: wrong key?
# Q3: right P1 P2 P3 P9 = 4/10 → p = 0.40; upper 3/3, lower 1/3 (P9) → D = 0.67
# Q3 choices: A chosen 8 times (all but P7, P8), B 6 (P1 P2 P3 P6 P7 P9), C once (P6); P8 left it.
EXAMPLE = [
    ("A", "B", "AB"),
    ("A", "B", "AB"),
    ("A", "C", "AB"),
    ("A", "A", "A"),
    ("A", "B", "A"),
    ("B", "A", "ABC"),
    ("A", "B", "B"),
    (None, "A", None),
    ("C", "B", "AB"),
    ("B", "A", "A"),
]


@pytest.fixture
def example(bank, make_round, make_user) -> Round:
    round = make_round()
    for i, letters in enumerate(EXAMPLE, start=1):
        answers = {bank[q]: chosen for q, chosen in zip(("Q1", "Q2", "Q3"), letters, strict=True) if chosen}
        play_attempt(round, make_user(name=f"Người thi P{i}"), answers, minute=i)
    close(round)
    return round


def stat(question: Question) -> QuestionStatistics:
    return QuestionStatistics.objects.get(question=question)


# --- The numbers ----------------------------------------------------------------------


def test_the_scores_of_the_example_are_the_ones_in_the_table(example):
    scores = list(Attempt.objects.filter(round=example).order_by("pk").values_list("score", flat=True))
    assert scores == [2, 2, 2, 2, 1, 1, 1, 1, 1, 1]


def test_facility_and_discrimination_match_the_hand_calculation(example, bank):
    item_statistics.compute_question_statistics()

    q1, q2, q3 = stat(bank["Q1"]), stat(bank["Q2"]), stat(bank["Q3"])
    assert (q1.seen, q1.correct, q1.facility, q1.discrimination) == (10, 6, 0.6, 1.0)
    assert (q2.seen, q2.correct, q2.facility) == (10, 4, 0.4)
    assert q2.discrimination == pytest.approx(-2 / 3)
    assert (q3.seen, q3.correct, q3.facility) == (10, 4, 0.4)
    assert q3.discrimination == pytest.approx(2 / 3)


def test_multiple_choice_is_right_only_with_exactly_the_right_set(example, bank):
    item_statistics.compute_question_statistics()

    # P4, P5, P10 chose only A, P7 only B, P6 added the wrong C: none of them counts.
    assert stat(bank["Q3"]).correct == 4


def test_it_counts_how_many_chose_each_choice_and_who_left_it(example, bank):
    item_statistics.compute_question_statistics()

    q3 = stat(bank["Q3"])
    by_letter = {c.letter: q3.choice_counts.get(str(c.key), 0) for c in bank["Q3"].choices.all()}
    assert by_letter == {"A": 8, "B": 6, "C": 1}
    assert q3.unanswered == 1
    assert q3.rounds_counted == 1


def test_the_upper_and_lower_groups_are_27_percent_rounded_up_and_at_least_one():
    assert [stats.group_size(n) for n in (1, 2, 3, 4, 10, 100, 101)] == [1, 1, 1, 2, 3, 27, 28]


def test_a_question_seen_once_has_no_discrimination_to_speak_of():
    assert stats.discrimination([True]) == 0
    assert stats.discrimination([]) is None


def test_nothing_is_counted_while_the_round_is_open(bank, make_round, make_user):
    round = make_round()
    play_attempt(round, make_user(), {bank["Q1"]: "A"}, minute=1)

    item_statistics.compute_question_statistics()

    assert not QuestionStatistics.objects.exists()


def test_an_open_round_does_not_add_to_a_closed_rounds_numbers(example, bank, make_round, make_user):
    still_open = make_round(title="Tuần 2")
    for minute in range(20, 25):
        play_attempt(still_open, make_user(), {bank["Q1"]: "B"}, minute=minute)

    item_statistics.compute_question_statistics()

    assert (stat(bank["Q1"]).seen, stat(bank["Q1"]).correct) == (10, 6)


def test_unfinished_attempts_are_not_counted(bank, make_round, make_user):
    round = make_round()
    play_attempt(round, make_user(), {bank["Q1"]: "A"}, minute=1)
    play_attempt(round, make_user(), {bank["Q1"]: "A"}, minute=2, submit=False)
    close(round)

    item_statistics.compute_question_statistics()

    assert stat(bank["Q1"]).seen == 1


def test_a_second_run_updates_the_rows_in_place(example, bank, make_round, make_user):
    item_statistics.compute_question_statistics()
    week2 = make_round(title="Tuần 2")
    play_attempt(week2, make_user(), {bank["Q1"]: "A"}, minute=30)
    close(week2)

    item_statistics.compute_question_statistics()

    assert QuestionStatistics.objects.filter(question=bank["Q1"]).count() == 1
    assert (stat(bank["Q1"]).seen, stat(bank["Q1"]).correct, stat(bank["Q1"]).rounds_counted) == (11, 7, 2)


def test_a_round_reopened_by_its_organiser_no_longer_counts(example, bank):
    item_statistics.compute_question_statistics()
    Round.objects.filter(pk=example.pk).update(closes_at=timezone.now() + timedelta(days=1))

    item_statistics.compute_question_statistics()

    q1 = stat(bank["Q1"])
    assert (q1.seen, q1.correct, q1.facility, q1.discrimination) == (0, 0, None, None)


def test_the_computation_takes_a_few_queries_whatever_the_number_of_attempts(example, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert item_statistics.compute_question_statistics() == 3


def test_the_item_stats_command_computes_the_rows(example, bank):
    out = io.StringIO()
    call_command("item_stats", stdout=out)

    assert "3 question statistics written" in out.getvalue()
    assert stat(bank["Q2"]).seen == 10


# --- Flags ------------------------------------------------------------------------------


def test_a_question_with_negative_discrimination_is_flagged_as_a_possible_wrong_key(example, bank):
    item_statistics.compute_question_statistics()

    assert stats.flags(stat(bank["Q2"])) == [stats.Flag.NEGATIVE]
    assert stats.flags(stat(bank["Q1"])) == []
    assert stats.flags(stat(bank["Q3"])) == []


def test_flags_wait_for_enough_data(example, bank, settings):
    settings.QUESTION_STATS_MIN_SEEN = 11
    item_statistics.compute_question_statistics()

    assert stats.flags(stat(bank["Q2"])) == []
    assert stats.report(stat(bank["Q2"])).enough_data is False


@pytest.fixture
def easy_and_hard(bank, make_round, make_user, settings) -> None:
    """Three people: all get Q1 right, nobody gets Q2 right; three is enough here."""
    settings.QUESTION_STATS_MIN_SEEN = 3
    round = make_round()
    for minute in (1, 2, 3):
        play_attempt(round, make_user(), {bank["Q1"]: "A", bank["Q2"]: "B", bank["Q3"]: "AB"}, minute=minute)
    close(round)
    item_statistics.compute_question_statistics()


def test_a_question_everyone_gets_right_is_too_easy_and_one_nobody_gets_is_too_hard(easy_and_hard, bank):
    assert stats.flags(stat(bank["Q1"])) == [stats.Flag.TOO_EASY]
    assert stats.flags(stat(bank["Q2"])) == [stats.Flag.TOO_HARD]


def test_the_same_questions_are_not_flagged_with_the_default_minimum(easy_and_hard, bank, settings):
    del settings.QUESTION_STATS_MIN_SEEN

    assert stats.flags(stat(bank["Q1"])) == []
    assert stats.flags(stat(bank["Q2"])) == []


# --- The pages --------------------------------------------------------------------------


def test_the_list_shows_the_wrong_key_badge(client, author_a, example, bank):
    item_statistics.compute_question_statistics()
    client.force_login(author_a)

    html = client.get(LIST_URL).content.decode()

    assert html.count("Có thể sai đáp án") == 1
    assert "10 lượt · đúng 40%" in html


def test_the_needs_review_filter_lists_only_flagged_questions(client, author_a, example, bank, make_question):
    make_question(author=author_a, unit=bank["Q1"].unit, text="Câu chưa dùng bao giờ")
    item_statistics.compute_question_statistics()
    client.force_login(author_a)

    html = client.get(LIST_URL, {"review": "1"}).content.decode()

    assert bank["Q2"].text in html
    assert bank["Q1"].text not in html
    assert "Câu chưa dùng bao giờ" not in html


def test_the_needs_review_filter_keeps_to_the_officers_scope(client, author_b, example):
    item_statistics.compute_question_statistics()
    client.force_login(author_b)

    assert "Câu hai" not in client.get(LIST_URL, {"review": "1"}).content.decode()


def test_the_list_says_when_there_is_not_enough_data(client, author_a, example, settings):
    settings.QUESTION_STATS_MIN_SEEN = 50
    item_statistics.compute_question_statistics()
    client.force_login(author_a)

    html = client.get(LIST_URL).content.decode()

    assert html.count("chưa đủ dữ liệu") == 3
    assert "Có thể sai đáp án" not in html


def test_the_list_with_statistics_keeps_a_bounded_number_of_queries(
    client, author_a, example, django_assert_max_num_queries
):
    item_statistics.compute_question_statistics()
    client.force_login(author_a)

    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL, {"review": "1"})

    assert len(response.context["rows"]) == 1


def test_the_question_page_shows_the_numbers_and_the_choice_counts(client, author_a, example, bank):
    item_statistics.compute_question_statistics()
    client.force_login(author_a)

    response = client.get(reverse("questionbank:detail", args=[bank["Q3"].pk]))

    item = response.context["item"]
    assert [(row.choice.letter, row.count) for row in item.choice_counts] == [("A", 8), ("B", 6), ("C", 1)]
    html = response.content.decode()
    assert "Số lượt gặp" in html
    assert "40,0%" in html  # p of Q3
    assert "0,67" in html  # D of Q3
    assert "Cách tính" in html


def test_the_question_page_flags_a_possible_wrong_key(client, reviewer_a, example, bank):
    item_statistics.compute_question_statistics()
    client.force_login(reviewer_a)

    html = client.get(reverse("questionbank:detail", args=[bank["Q2"].pk])).content.decode()

    assert "Có thể sai đáp án" in html
    assert "-0,67" in html


def test_the_question_page_says_when_there_are_no_numbers_yet(client, author_a, approved_question):
    client.force_login(author_a)

    html = client.get(reverse("questionbank:detail", args=[approved_question.pk])).content.decode()

    assert "Chưa có số liệu" in html


def test_an_outsider_still_gets_404_on_the_question_page(client, author_b, example, bank):
    item_statistics.compute_question_statistics()
    client.force_login(author_b)

    assert client.get(reverse("questionbank:detail", args=[bank["Q2"].pk])).status_code == 404
