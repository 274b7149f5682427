"""A round is a draft until its organiser publishes it, and it is published only when the bank can fill it."""

from __future__ import annotations

import threading
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from competitions import attempts, drawing
from competitions.models import BlueprintItem, Round
from competitions.organise import services
from questionbank import services as qb
from tests.competitions.organise_helpers import round_post, url
from tests.components import postgres_url

pytestmark = pytest.mark.django_db

HARD = 3


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


@pytest.fixture
def subtopic(topic):
    return qb.create_subtopic(parent=topic, name="Lừa đảo qua điện thoại")


@pytest.fixture
def one_hard_question(make_approved, subtopic):
    return make_approved(topic=subtopic, difficulty=HARD, text="Cuộc gọi tự xưng công an đòi chuyển tiền là gì?")


@pytest.fixture
def draft(make_round, bank):
    """A draft the bank can fill: 3 of the 4 safety questions."""
    return make_round(published_at=None)


# --- A new round is a draft ---------------------------------------------------


def test_the_round_saved_from_the_form_is_a_draft_that_members_do_not_see(
    as_organiser, client, stage, topic, subtopic, one_hard_question, member_a
):
    # The round of the report: 50 hard questions from a sub-topic that has one, opening at once.
    as_organiser.post(url("round_create", stage.pk), round_post(topic=topic, rows=[(subtopic.pk, HARD, 50)]))

    round = Round.objects.get()
    assert round.published_at is None
    assert round.status == Round.Status.DRAFT
    client.force_login(member_a)
    assert client.get(reverse("competitions:round_detail", args=[round.pk])).status_code == 404
    assert round.title not in client.get(reverse("home")).content.decode()
    response = client.post(reverse("competitions:round_start", args=[round.pk]))
    assert response.status_code == 404
    assert not round.attempts.exists()


def test_a_draft_cannot_be_started_even_through_the_service(draft, member_a):
    with pytest.raises(Exception, match="Vòng thi chưa được công bố."):
        attempts.start_attempt(round=draft, user=member_a)
    assert not draft.attempts.exists()


def test_the_dashboard_and_the_form_show_the_draft_and_the_publish_button(as_organiser, draft):
    dashboard = as_organiser.get(url("round", draft.pk)).content.decode()
    form = as_organiser.get(url("round_edit", draft.pk)).content.decode()

    for page in (dashboard, form):
        assert "Bản nháp: người thi chưa thấy vòng thi này." in page
        assert f'action="{url("round_publish", draft.pk)}"' in page
        assert ">Công bố</button>" in page
        assert 'class="badge status-draft"' in page


def test_a_viewer_sees_the_draft_without_a_publish_button(client, viewer_a, draft):
    client.force_login(viewer_a)

    page = client.get(url("round", draft.pk)).content.decode()

    assert "Bản nháp: người thi chưa thấy vòng thi này." in page
    assert url("round_publish", draft.pk) not in page
    assert client.post(url("round_publish", draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_competition_page_lists_the_draft_as_such(as_organiser, draft):
    page = as_organiser.get(url("competition", draft.stage.competition_id)).content.decode()

    assert '<span class="badge status-draft" data-status>Bản nháp</span>' in page


# --- Publishing ---------------------------------------------------------------


def test_publishing_a_round_the_bank_can_fill_lets_members_play(as_organiser, client, draft, member_a):
    response = as_organiser.post(url("round_publish", draft.pk), follow=True)

    draft.refresh_from_db()
    assert draft.published_at is not None
    assert "Đã công bố vòng thi." in response.content.decode()
    assert url("round_publish", draft.pk) not in response.content.decode()
    client.force_login(member_a)
    assert draft.title in client.get(reverse("home")).content.decode()
    assert attempts.start_attempt(round=draft, user=member_a).questions.count() == 3


def test_publishing_is_refused_while_a_row_cannot_be_filled_and_each_such_row_is_named(
    as_organiser, draft, topic, subtopic, one_hard_question
):
    BlueprintItem.objects.create(round=draft, topic=subtopic, difficulty=HARD, count=50)
    BlueprintItem.objects.create(round=draft, topic=topic, difficulty=2, count=2)

    page = as_organiser.post(url("round_publish", draft.pk), follow=True).content.decode()

    draft.refresh_from_db()
    assert draft.published_at is None
    assert "Ngân hàng câu hỏi chưa đủ cho cấu trúc đề:" in page
    assert "“Bảo vệ bản thân trên môi trường số › Lừa đảo qua điện thoại”, khó: cần 50 câu, ngân hàng chỉ có 1" in page
    assert "“Bảo vệ bản thân trên môi trường số”, trung bình: cần 2 câu, ngân hàng chỉ có 0 câu" in page
    # The row the bank can fill is not named.
    assert "cần 3 câu" not in page


def test_publishing_a_round_without_any_blueprint_row_is_refused(as_organiser, draft):
    draft.blueprint.all().delete()

    page = as_organiser.post(url("round_publish", draft.pk), follow=True).content.decode()

    assert "Chưa công bố được: cấu trúc đề chưa có dòng nào." in page
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_a_round_whose_closing_time_has_passed_is_refused(organiser_a, draft):
    Round.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(Exception, match="đã qua: hãy dời giờ đóng rồi công bố"):
        services.publish_round(actor=organiser_a, round=draft)


def test_publishing_twice_keeps_the_first_time(organiser_a, draft):
    first = services.publish_round(actor=organiser_a, round=draft).published_at

    again = services.publish_round(actor=organiser_a, round=draft, now=timezone.now() + timedelta(hours=1))

    assert again.published_at == first


def test_publishing_is_a_post_by_an_organiser_of_the_round(client, organiser_b, draft, member_a):
    client.force_login(organiser_b)
    assert client.post(url("round_publish", draft.pk)).status_code == 404
    client.force_login(member_a)
    assert client.post(url("round_publish", draft.pk)).status_code == 403
    client.logout()
    assert client.post(url("round_publish", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_refuses_get(as_organiser, draft):
    assert as_organiser.get(url("round_publish", draft.pk)).status_code == 405


# --- Once published -----------------------------------------------------------


def test_a_published_round_cannot_take_a_blueprint_the_bank_cannot_fill(
    as_organiser, open_round, topic, subtopic, one_hard_question
):
    data = round_post(topic=topic, rows=[(subtopic.pk, HARD, 50)])

    page = as_organiser.post(url("round_edit", open_round.pk), data).content.decode()

    assert "cần 50 câu, ngân hàng chỉ có 1 câu đã duyệt." in page
    assert list(open_round.blueprint.values_list("topic_id", "count")) == [(topic.pk, 3)]


def test_a_published_round_still_takes_other_changes_while_the_bank_has_shrunk(as_organiser, open_round, topic, bank):
    bank[0].status = "retired"
    bank[0].save(update_fields=["status"])
    bank[1].status = "retired"
    bank[1].save(update_fields=["status"])

    as_organiser.post(url("round_edit", open_round.pk), round_post(topic=topic, title="Tuần 1 (đổi tên)"))

    open_round.refresh_from_db()
    assert open_round.title == "Tuần 1 (đổi tên)"
    assert drawing.blueprint_shortfall(open_round)  # the dashboard keeps warning about it


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_postgres
def test_publish_and_a_blueprint_change_at_once_never_publish_an_unfillable_round(
    organiser_a, draft, topic, subtopic, one_hard_question
):
    """Two organisers: one presses “Công bố”, the other saves 50 hard questions. Whoever goes first, a
    published round has a blueprint the bank can fill."""
    postgres_url()
    data = services.RoundData(
        title=draft.title,
        opens_at=draft.opens_at,
        closes_at=draft.closes_at,
        time_limit_minutes=10,
        blueprint=[services.BlueprintRow(topic=subtopic, difficulty=HARD, count=50)],
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(write) -> None:
        try:
            barrier.wait()
            write()
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - the test reads what each one got
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(lambda: services.publish_round(actor=organiser_a, round=draft),)),
        threading.Thread(target=run, args=(lambda: services.update_round(actor=organiser_a, round=draft, data=data),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    draft.refresh_from_db()
    assert sorted(outcomes) == ["ValidationError", "ok"]
    if draft.published_at is not None:
        assert not drawing.blueprint_shortfall(draft)
        assert list(draft.blueprint.values_list("count", flat=True)) == [3]
    else:
        assert list(draft.blueprint.values_list("count", flat=True)) == [50]


# --- Existing rounds ------------------------------------------------------------


def test_rounds_saved_before_drafts_existed_stay_published(make_round, bank):
    old = make_round(published_at=None)
    migration = import_module("competitions.migrations.0006_round_draft_and_unseen_only")

    migration.publish_existing_rounds(apps, None)

    old.refresh_from_db()
    assert old.published_at == old.created_at
