"""The review workflow and versioning, through the services."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from questionbank import services
from questionbank.models import Question, QuestionEvent, Topic
from tests.components import postgres_url
from tests.questionbank.test_images import image_upload

Status = Question.Status


def edited_data(question: Question, text: str = "Mã OTP được phép đưa cho ai?") -> services.QuestionData:
    return services.QuestionData(
        topic=question.topic,
        kind=question.kind,
        text=text,
        choices=[services.ChoiceData(c.text, c.is_correct) for c in question.choices.all()],
        explanation=question.explanation,
        source=question.source,
        difficulty=question.difficulty,
    )


def actions(question: Question) -> list[str]:
    return list(question.events.values_list("action", flat=True))


def test_a_new_question_is_a_draft_with_a_created_event(make_question, author_a, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    assert question.status == Status.DRAFT
    assert question.choices.count() == 3
    assert actions(question) == [QuestionEvent.Action.CREATED]


def test_submitting_puts_a_draft_in_review(make_question, author_a, commune_a):
    question = services.submit_for_review(question=make_question(author=author_a, unit=commune_a), actor=author_a)
    assert question.status == Status.IN_REVIEW
    assert question.submitted_at is not None


def test_only_a_draft_can_be_submitted(approved_question, author_a):
    with pytest.raises(ValidationError, match="nháp"):
        services.submit_for_review(question=approved_question, actor=author_a)


def test_the_author_cannot_approve_their_own_question(make_question, author_a, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    services.submit_for_review(question=question, actor=author_a)
    with pytest.raises(ValidationError, match="khác người soạn"):
        services.approve(question=question, reviewer=author_a)
    question.refresh_from_db()
    assert question.status == Status.IN_REVIEW


def test_a_reviewer_approves_and_is_recorded(approved_question, reviewer_a):
    assert approved_question.status == Status.APPROVED
    assert approved_question.reviewer == reviewer_a
    assert QuestionEvent.Action.APPROVED in actions(approved_question)


def test_rejecting_needs_a_note(make_question, author_a, reviewer_a, commune_a):
    question = services.submit_for_review(question=make_question(author=author_a, unit=commune_a), actor=author_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.reject(question=question, reviewer=reviewer_a, note="  ")
    question.refresh_from_db()
    assert question.status == Status.IN_REVIEW


def test_rejecting_with_a_note_sends_it_back_to_draft(make_question, author_a, reviewer_a, commune_a):
    question = services.submit_for_review(question=make_question(author=author_a, unit=commune_a), actor=author_a)
    services.reject(question=question, reviewer=reviewer_a, note="Phương án B chưa rõ")
    question.refresh_from_db()
    assert question.status == Status.DRAFT
    assert question.events.get(action=QuestionEvent.Action.REJECTED).note == "Phương án B chưa rõ"


def test_editing_an_unused_draft_edits_it_in_place(make_question, author_a, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    saved = services.edit_question(question=question, editor=author_a, data=edited_data(question))
    assert saved.pk == question.pk
    assert saved.version == 1
    assert Question.objects.get(pk=question.pk).text == "Mã OTP được phép đưa cho ai?"
    assert Question.objects.filter(family=question.family).count() == 1


def test_editing_a_used_question_leaves_it_unchanged_and_makes_version_2(approved_question, author_a):
    services.mark_used(questions=[approved_question])
    before = Question.objects.get(pk=approved_question.pk)
    new = services.edit_question(question=before, editor=author_a, data=edited_data(before))
    after = Question.objects.get(pk=approved_question.pk)
    assert (after.text, after.status, after.version) == (before.text, Status.APPROVED, 1)
    assert new.pk != before.pk
    assert (new.family, new.version, new.status) == (before.family, 2, Status.DRAFT)
    assert new.text == "Mã OTP được phép đưa cho ai?"
    assert [c.text for c in new.choices.all()] == [c.text for c in after.choices.all()]


def test_editing_an_approved_question_twice_is_refused_while_the_new_version_is_open(approved_question, author_a):
    services.edit_question(question=approved_question, editor=author_a, data=edited_data(approved_question))
    with pytest.raises(ValidationError, match="phiên bản mới"):
        services.edit_question(question=approved_question, editor=author_a, data=edited_data(approved_question))


def test_a_question_in_review_cannot_be_edited(make_question, author_a, commune_a):
    question = services.submit_for_review(question=make_question(author=author_a, unit=commune_a), actor=author_a)
    with pytest.raises(ValidationError, match="chờ duyệt"):
        services.edit_question(question=question, editor=author_a, data=edited_data(question))


def test_approving_a_new_version_retires_the_older_one(approved_question, author_a, reviewer_a):
    new = services.edit_question(question=approved_question, editor=author_a, data=edited_data(approved_question))
    services.submit_for_review(question=new, actor=author_a)
    services.approve(question=new, reviewer=reviewer_a)
    approved_question.refresh_from_db()
    assert approved_question.status == Status.RETIRED
    assert list(Question.objects.filter(family=new.family).approved()) == [Question.objects.get(pk=new.pk)]
    assert list(Question.objects.filter(family=new.family).latest_versions()) == [Question.objects.get(pk=new.pk)]


def test_a_new_version_keeps_the_image_unless_told_to_drop_it(approved_question, author_a, reviewer_a):
    services.set_image(question=approved_question, upload=image_upload())
    new = services.edit_question(question=approved_question, editor=author_a, data=edited_data(approved_question))
    assert new.image_small.name == Question.objects.get(pk=approved_question.pk).image_small.name
    services.submit_for_review(question=new, actor=author_a)
    services.approve(question=new, reviewer=reviewer_a)
    newest = services.edit_question(question=new, editor=author_a, data=edited_data(new), remove_image=True)
    assert not newest.image and not newest.image_small
    assert Question.objects.get(pk=new.pk).image_small


def test_a_retired_question_cannot_be_edited(approved_question, author_a):
    services.retire(question=approved_question, actor=author_a, note="Văn bản đã hết hiệu lực")
    with pytest.raises(ValidationError, match="ngừng dùng"):
        services.edit_question(question=approved_question, editor=author_a, data=edited_data(approved_question))


def test_an_invalid_edit_changes_nothing(make_question, author_a, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    data = edited_data(question)
    data = services.QuestionData(
        topic=data.topic,
        kind=Question.Kind.SINGLE,
        text="Sửa sai",
        choices=[services.ChoiceData("A", True), services.ChoiceData("B", True)],
    )
    with pytest.raises(ValidationError, match="đúng 1 phương án đúng"):
        services.edit_question(question=question, editor=author_a, data=data)
    assert Question.objects.get(pk=question.pk).text == question.text


def test_a_subtopic_name_must_be_new_under_its_parent(topic):
    services.create_subtopic(parent=topic, name="Lừa đảo qua mạng")
    with pytest.raises(ValidationError, match="Đã có chủ đề"):
        services.create_subtopic(parent=topic, name="Lừa đảo qua mạng")


# --- Sub-topics -------------------------------------------------------------------


def at_once(action: Callable[[], object], times: int = 10) -> list[object]:
    """``action`` from ``times`` threads released together, each on its own database connection."""
    start = threading.Barrier(times)
    outcomes: list[object] = []

    def run() -> None:
        try:
            start.wait()
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread got
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_subtopic_name_is_tidied_and_checked_by_the_service(topic):
    assert services.create_subtopic(parent=topic, name="  Mã   OTP ").name == "Mã OTP"
    with pytest.raises(ValidationError) as duplicate:
        services.create_subtopic(parent=topic, name="Mã OTP")
    with pytest.raises(ValidationError) as too_long:
        services.create_subtopic(parent=topic, name="x" * 201)
    assert duplicate.value.messages == ["Đã có chủ đề “Mã OTP”."]
    assert too_long.value.messages == ["Tên chủ đề con dài 201 ký tự, quá giới hạn 200 ký tự."]
    assert Topic.objects.filter(parent=topic).count() == 1


def test_a_too_long_subtopic_name_on_the_list_page_gets_the_service_s_message(client, author_a, topic):
    client.force_login(author_a)
    response = client.post(
        reverse("questionbank:subtopic_create"), {"parent": topic.pk, "name": "x" * 201}, follow=True
    )
    assert "Tên chủ đề con dài 201 ký tự, quá giới hạn 200 ký tự." in response.content.decode()
    assert not Topic.objects.filter(parent=topic).exists()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_creates_of_a_subtopic_make_one_and_tell_the_others_it_exists(topic):
    postgres_url()

    outcomes = at_once(lambda: services.create_subtopic(parent=topic, name="Lừa đảo qua mạng xã hội"))

    created = [outcome for outcome in outcomes if isinstance(outcome, Topic)]
    refused = [outcome.messages for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(created) == 1
    assert refused == [["Đã có chủ đề “Lừa đảo qua mạng xã hội”."]] * 9
    assert list(Topic.objects.filter(parent=topic).values_list("pk", flat=True)) == [created[0].pk]


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_taps_on_add_subtopic_at_once_answer_every_tap_and_save_one_row(author_a, topic, settings):
    postgres_url()
    # Sessions in the database, not the process-wide Redis pool, which later tests expect unused.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    added, exists = f"Đã thêm chủ đề “{topic.label} › Mã OTP”.", "Đã có chủ đề “Mã OTP”."

    clients = []
    for _tab in range(10):
        clients.append(Client())
        clients[-1].force_login(author_a)
    tabs = iter(clients)

    def tap() -> tuple[int, str]:
        response = next(tabs).post(
            reverse("questionbank:subtopic_create"), {"parent": topic.pk, "name": "Mã OTP"}, follow=True
        )
        # The page, not response.context: the test client's context capture is shared between threads.
        page = response.content.decode()
        return response.status_code, "added" if added in page else "exists" if exists in page else page

    outcomes = at_once(tap)

    assert sorted(outcomes) == [(200, "added")] + [(200, "exists")] * 9
    assert Topic.objects.filter(parent=topic, name="Mã OTP").count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_imports_naming_the_same_new_subtopic_at_once_share_one_row(topic):
    postgres_url()

    outcomes = at_once(lambda: services.subtopic_for_import(parent=topic, name="Ví điện tử").pk)

    assert len(set(outcomes)) == 1 and all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert Topic.objects.filter(parent=topic, name="Ví điện tử").count() == 1
