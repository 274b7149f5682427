"""Flag review on the round dashboard: an organiser marks a flagged attempt “Đã xem / hợp lệ”."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from competitions import attempts
from competitions.models import AttemptFlag
from competitions.organise import selectors as org
from tests.competitions.organise_helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser_a):
    client.force_login(organiser_a)
    return client


@pytest.fixture
def flag(open_round, member_a) -> AttemptFlag:
    """A too-fast attempt: submitted the moment it started."""
    attempts.submit_attempt(attempt=attempts.start_attempt(round=open_round, user=member_a))
    return AttemptFlag.objects.get(attempt__user=member_a)


def _page(client, round) -> str:
    return " ".join(client.get(url("round", round.pk)).content.decode().split())


def _assert_unreviewed(flag: AttemptFlag) -> None:
    flag.refresh_from_db()
    assert flag.reviewed_at is None
    assert flag.reviewed_by is None
    assert flag.review_note == ""


# --- The normal path ----------------------------------------------------------


def test_an_organiser_marks_a_flag_reviewed_with_a_note(as_organiser, flag, organiser_a, open_round):
    response = as_organiser.post(url("flag_review", flag.pk), {"note": "Đã gọi điện: tự làm, đọc nhanh"})

    assert response.status_code == 302
    assert response["Location"] == url("round", open_round.pk) + "#flags"
    flag.refresh_from_db()
    assert flag.reviewed_by == organiser_a
    assert flag.reviewed_at is not None
    assert flag.review_note == "Đã gọi điện: tự làm, đọc nhanh"


def test_the_dashboard_shows_who_reviewed_a_flag_and_when(as_organiser, flag, open_round):
    as_organiser.post(url("flag_review", flag.pk), {"note": "Hợp lệ"})
    flag.refresh_from_db()
    at = timezone.localtime(flag.reviewed_at).strftime("%H:%M %d/%m/%Y")

    page = _page(as_organiser, open_round)

    assert f"bởi Phạm Tổ Chức lúc {at}: “Hợp lệ”" in page
    assert url("flag_review", flag.pk) not in page


def test_a_note_is_optional(as_organiser, flag):
    as_organiser.post(url("flag_review", flag.pk), {})

    flag.refresh_from_db()
    assert flag.reviewed_at is not None
    assert flag.review_note == ""


def test_a_reviewed_attempt_still_counts(as_organiser, flag):
    score = flag.attempt.score

    as_organiser.post(url("flag_review", flag.pk), {"note": "Hợp lệ"})

    flag.attempt.refresh_from_db()
    assert flag.attempt.score == score
    assert flag.attempt.is_finished


def test_the_header_counts_unreviewed_flags_and_lists_them_first(as_organiser, open_round, member_a, leader_a):
    start = timezone.now()
    for user, minutes in ((leader_a, 0), (member_a, 1)):
        attempt = attempts.start_attempt(round=open_round, user=user, now=start + timedelta(minutes=minutes))
        attempts.submit_attempt(attempt=attempt, now=start + timedelta(minutes=minutes))
    older = AttemptFlag.objects.get(attempt__user=leader_a)
    newer = AttemptFlag.objects.get(attempt__user=member_a)
    AttemptFlag.objects.filter(pk=older.pk).update(created_at=start - timedelta(hours=1))
    assert "2 cảnh báo chưa xem" in _page(as_organiser, open_round)

    as_organiser.post(url("flag_review", newer.pk), {"note": "Hợp lệ"})
    page = _page(as_organiser, open_round)

    assert "1 cảnh báo chưa xem" in page
    # The reviewed (newer) flag now comes after the unreviewed (older) one.
    flags = page.index('id="flags"')
    assert page.index("Đỗ Tổ Trưởng", flags) < page.index("Hoàng Thành Viên", flags)


def test_the_header_says_when_every_flag_has_been_reviewed(as_organiser, flag, open_round):
    as_organiser.post(url("flag_review", flag.pk))

    page = _page(as_organiser, open_round)

    assert "cảnh báo chưa xem" not in page
    assert "Mọi cảnh báo đã được xem." in page


def test_a_second_review_keeps_the_first(client, as_organiser, flag, make_officer, commune_a, organiser_a):
    as_organiser.post(url("flag_review", flag.pk), {"note": "Lần đầu"})
    other = make_officer(org.Role.ORGANISER, commune_a, "Bùi Tổ Chức Hai")
    client.force_login(other)

    response = client.post(url("flag_review", flag.pk), {"note": "Lần hai"}, follow=True)

    assert "Cảnh báo này đã được Phạm Tổ Chức xem lúc" in response.content.decode()
    flag.refresh_from_db()
    assert flag.reviewed_by == organiser_a
    assert flag.review_note == "Lần đầu"


def test_a_note_too_long_is_refused_and_nothing_changes(as_organiser, flag):
    response = as_organiser.post(url("flag_review", flag.pk), {"note": "x" * 301}, follow=True)

    assert "300" in response.content.decode()
    _assert_unreviewed(flag)


# --- Who may -----------------------------------------------------------------


def test_reviewing_is_403_to_a_member(client, flag, leader_a):
    client.force_login(leader_a)

    assert client.post(url("flag_review", flag.pk), {"note": "x"}).status_code == 403
    _assert_unreviewed(flag)


def test_reviewing_is_404_to_the_organiser_of_another_commune(client, flag, organiser_b):
    client.force_login(organiser_b)

    assert client.post(url("flag_review", flag.pk), {"note": "x"}).status_code == 404
    _assert_unreviewed(flag)


def test_reviewing_is_403_to_a_viewer(client, flag, viewer_a):
    client.force_login(viewer_a)

    assert client.post(url("flag_review", flag.pk), {"note": "x"}).status_code == 403
    _assert_unreviewed(flag)


def test_a_viewer_sees_flags_and_reviews_without_the_button(client, as_organiser, flag, viewer_a, open_round):
    page = _page(as_organiser, open_round)
    assert url("flag_review", flag.pk) in page
    assert "Đã xem / hợp lệ" in page
    client.force_login(viewer_a)

    page = _page(client, open_round)

    assert "Làm bài quá nhanh" in page
    assert "1 cảnh báo chưa xem" in page
    assert url("flag_review", flag.pk) not in page
    assert "Chưa được ban tổ chức xem." in page


def test_a_flag_reads_in_the_language_of_whoever_looks_at_it():
    from django.utils import translation

    from competitions.models import AttemptFlag

    flag = AttemptFlag(kind=AttemptFlag.Kind.TOO_FAST, details={"questions": 10, "seconds": 12})

    assert flag.description == "10 câu trong 12 giây."
    with translation.override("en"):
        assert "10" in flag.description and "12" in flag.description
        assert "câu" not in flag.description
