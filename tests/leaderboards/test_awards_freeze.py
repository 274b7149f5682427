"""A published list is frozen by the database itself: these tests try to change it, every way they can.

Each attempt runs in its own savepoint, must raise, and must leave the row as it was.
"""

from __future__ import annotations

import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from leaderboards.awards import services
from leaderboards.awards.models import AwardAudit, AwardList, AwardRow

freeze = importlib.import_module("leaderboards.migrations.0002_award_freeze")


def _refused(change) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        change()


def _row_state(row: AwardRow) -> tuple:
    return tuple(AwardRow.objects.filter(pk=row.pk).values_list("tier", "name", "position", "masked_phone").get())


def _list_state(award_list: AwardList) -> tuple:
    return tuple(
        AwardList.objects.filter(pk=award_list.pk).values_list("title", "status", "tiers", "content_hash").get()
    )


def test_a_published_row_cannot_be_updated_by_save_update_bulk_update_or_raw_sql(published):
    row = published.rows.get(position=1)
    before = _row_state(row)

    def save():
        row.tier = "Giải Đặc biệt"
        row.save()

    def bulk():
        rows = list(published.rows.all())
        for r in rows:
            r.name = "Người khác"
        AwardRow.objects.bulk_update(rows, ["name"])

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {AwardRow._meta.db_table} SET name = %s WHERE id = %s", ["Người khác", row.pk])

    for change in (save, lambda: published.rows.update(tier="Giải Nhất"), bulk, raw):
        _refused(change)
    assert _row_state(row) == before


def test_a_published_row_cannot_be_deleted_nor_a_row_added(published):
    row = published.rows.get(position=1)

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AwardRow._meta.db_table} WHERE id = %s", [row.pk])

    _refused(row.delete)
    _refused(published.rows.all().delete)
    _refused(raw_delete)
    _refused(
        lambda: AwardRow.objects.create(
            award_list=published, position=99, tier="Giải thêm", rank=9, total=1, name="Người chen vào"
        )
    )
    assert published.rows.count() == 4


def test_a_row_cannot_be_moved_into_a_published_list(published, make_list, organiser_a):
    other = make_list()
    # A draft's rows are not frozen, but none may be moved into a published list.
    stray = AwardRow.objects.create(award_list=other, position=1, tier="X", rank=1, total=1, name="Lạ")

    _refused(lambda: AwardRow.objects.filter(pk=stray.pk).update(award_list=published))
    assert published.rows.count() == 4


def test_a_published_list_cannot_be_changed_or_deleted(published):
    before = _list_state(published)

    def save():
        published.title = "Danh sách khác"
        published.save()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {AwardList._meta.db_table} SET tiers = %s WHERE id = %s", ["[]", published.pk])

    for change in (
        save,
        lambda: AwardList.objects.filter(pk=published.pk).update(content_hash="0" * 64),
        lambda: AwardList.objects.filter(pk=published.pk).update(status=AwardList.Status.DRAFT),
        raw,
        lambda: AwardList.objects.filter(pk=published.pk).delete(),
    ):
        _refused(change)
    assert _list_state(published) == before


def test_a_replaced_list_cannot_come_back_nor_change_its_successor(published, make_list, organiser_a, organiser_a2):
    from tests.leaderboards.awards_fixtures import publish

    correction = services.start_correction(actor=organiser_a, award_list=published, reason="Sai cơ cấu giải")
    publish(correction, organiser_a, organiser_a2)
    spare = make_list()

    _refused(lambda: AwardList.objects.filter(pk=published.pk).update(status=AwardList.Status.PUBLISHED))
    _refused(lambda: AwardList.objects.filter(pk=published.pk).update(replaced_by=spare))
    published.refresh_from_db()
    assert published.status == AwardList.Status.REPLACED and published.replaced_by == correction


def test_the_audit_trail_cannot_be_changed_or_deleted(published):
    entry = AwardAudit.objects.filter(award_list=published).first()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {AwardAudit._meta.db_table} SET reason = %s WHERE id = %s", ["x", entry.pk])

    _refused(lambda: AwardAudit.objects.filter(pk=entry.pk).update(reason="đã sửa"))
    _refused(entry.delete)
    _refused(raw)
    entry.refresh_from_db()
    assert entry.reason == ""


def test_a_draft_stays_editable(make_list, organiser_a):
    draft = make_list()

    AwardList.objects.filter(pk=draft.pk).update(title="Tên mới")

    draft.refresh_from_db()
    assert draft.title == "Tên mới"


def test_the_stored_hash_matches_the_stored_rows_and_source(published):
    assert services.verify(published)
    assert len(published.content_hash) == 64


def test_every_column_of_a_list_is_guarded_on_sqlite():
    columns = {f.column for f in AwardList._meta.concrete_fields}

    assert columns - {"status", "replaced_by_id"} == set(freeze.SQLITE_LIST_COLUMNS)


def test_the_triggers_are_in_the_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'leaderboards_award%'")
            assert {name for (name,) in cursor.fetchall()} == set(freeze.SQLITE_TRIGGERS)
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'leaderboards_award%'")
            assert len(cursor.fetchall()) == 3
