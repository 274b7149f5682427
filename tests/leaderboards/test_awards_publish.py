"""Review, publish and correct: who may, what the audit trail keeps, what a correction leaves behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leaderboards.awards import drafting, services
from leaderboards.awards.models import AwardAudit, AwardList
from tests.leaderboards.awards_fixtures import play, publish

Action = AwardAudit.Action


def test_publishing_freezes_the_rows_the_publisher_saw(published, organiser_a, organiser_a2):
    assert published.status == AwardList.Status.PUBLISHED
    assert [(r.position, r.tier, r.name) for r in published.rows.all()] == [
        (1, "Giải Nhất", "An"),
        (2, "Giải Nhì", "Bình"),
        (3, "Giải Ba", "Cường"),
        (4, "Giải Ba", "Dũng"),
    ]
    assert published.published_by == organiser_a2 and published.published_at is not None
    assert list(published.audit.values_list("action", "actor")) == [
        (Action.CREATED, organiser_a.pk),
        (Action.SENT_FOR_REVIEW, organiser_a.pk),
        (Action.PUBLISHED, organiser_a2.pk),
    ]
    assert published.audit.last().details["hash"] == published.content_hash


def test_the_one_who_sent_it_for_review_cannot_publish_it(players, make_list, organiser_a):
    award_list = make_list()
    services.send_for_review(actor=organiser_a, award_list=award_list)

    with pytest.raises(ValidationError, match="Người gửi duyệt không tự công bố"):
        services.publish(actor=organiser_a, award_list=award_list, seen_hash=drafting.draft(award_list).content_hash)
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.REVIEW and not award_list.rows.exists()


def test_a_list_that_changed_since_it_was_seen_is_not_published(
    players, make_list, organiser_a, organiser_a2, closed_round, make_user, teams
):
    award_list = make_list()
    services.send_for_review(actor=organiser_a, award_list=award_list)
    seen = drafting.draft(award_list).content_hash
    late = make_user(name="Người Đến Muộn")
    play(closed_round, late, teams["two"], score=10, seconds=50)

    with pytest.raises(ValidationError, match="đã thay đổi"):
        services.publish(actor=organiser_a2, award_list=award_list, seen_hash=seen)
    assert not award_list.rows.exists()


def test_a_viewer_and_an_organiser_of_another_commune_cannot_publish(
    players, make_list, organiser_a, viewer_a, organiser_b
):
    award_list = make_list()
    services.send_for_review(actor=organiser_a, award_list=award_list)
    seen = drafting.draft(award_list).content_hash

    for person in (viewer_a, organiser_b):
        with pytest.raises(PermissionDenied):
            services.publish(actor=person, award_list=award_list, seen_hash=seen)
    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.REVIEW


def test_returning_to_draft_is_audited_with_the_reason(players, make_list, organiser_a, organiser_a2):
    award_list = make_list()
    services.send_for_review(actor=organiser_a, award_list=award_list)

    services.return_to_draft(actor=organiser_a2, award_list=award_list, reason="Thiếu giải khuyến khích")

    award_list.refresh_from_db()
    assert award_list.status == AwardList.Status.DRAFT
    entry = award_list.audit.last()
    assert (entry.action, entry.actor, entry.reason) == (Action.RETURNED, organiser_a2, "Thiếu giải khuyến khích")


def test_a_correction_replaces_the_old_list_which_stays_visible(published, organiser_a, organiser_a2):
    correction = services.start_correction(
        actor=organiser_a, award_list=published, reason="Bổ sung điều kiện chỉ xét đoàn viên"
    )
    services.update_list(
        actor=organiser_a,
        award_list=correction,
        data=services.ListData(
            body=correction.body,
            period=drafting.period_of(correction),
            period_label=correction.period_label,
            ranked=correction.ranked,
            tiers=correction.tiers,
            youth_union_only=True,
        ),
    )
    published.refresh_from_db()
    assert published.status == AwardList.Status.PUBLISHED  # in force until the correction is out

    publish(correction, organiser_a, organiser_a2)

    published.refresh_from_db()
    correction.refresh_from_db()
    assert published.status == AwardList.Status.REPLACED and published.replaced_by == correction
    assert correction.version == 2 and correction.replaces == published
    assert [r.name for r in published.rows.all()] == ["An", "Bình", "Cường", "Dũng"]  # the old rows stay
    assert [r.name for r in correction.rows.all()] == ["Bình", "Cường", "Dũng", "Giang"]
    corrected = published.audit.get(action=Action.CORRECTED)
    assert (corrected.actor, corrected.reason) == (organiser_a2, "Bổ sung điều kiện chỉ xét đoàn viên")
    assert corrected.details["replaced_by"] == correction.pk and corrected.at is not None
    assert correction.audit.first().reason == "Bổ sung điều kiện chỉ xét đoàn viên"


def test_a_correction_needs_a_reason_and_a_list_in_force(published, organiser_a):
    with pytest.raises(ValidationError):
        services.start_correction(actor=organiser_a, award_list=published, reason="  ")
    services.start_correction(actor=organiser_a, award_list=published, reason="Sai tên")
    with pytest.raises(ValidationError, match="đã có một bản đính chính"):
        services.start_correction(actor=organiser_a, award_list=published, reason="Lần nữa")
    assert AwardList.objects.count() == 2


def test_the_earlier_list_a_correction_replaces_does_not_skip_its_own_winners(published, organiser_a):
    AwardList.objects.filter(pk=published.pk)  # published, in force
    correction = services.start_correction(actor=organiser_a, award_list=published, reason="Sai tên")
    AwardList.objects.filter(pk=correction.pk).update(skip_earlier_winners=True)
    correction.refresh_from_db()

    assert [row["name"] for row in drafting.draft(correction).rows] == ["An", "Bình", "Cường", "Dũng"]
