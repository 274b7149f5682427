"""Published award lists are frozen in the database, not only in code (issue 8).

Triggers, per database vendor:

- ``leaderboards_awardrow``: no INSERT, UPDATE or DELETE of a row whose list
  is published or replaced;
- ``leaderboards_awardlist``: no DELETE of a published or replaced list; an
  UPDATE of one may only move its status from published to replaced and set
  ``replaced_by_id`` once, every other column stays as it was;
- ``leaderboards_awardaudit``: no UPDATE or DELETE, ever.

PostgreSQL raises SQLSTATE 23000 (integrity_constraint_violation) and SQLite
RAISE(ABORT), so Django raises IntegrityError on both. TRUNCATE is left alone
(the platform never truncates; the test runner's flush does).

On SQLite a later migration that makes Django rebuild one of these tables
(most AlterField/RemoveField) drops its triggers: such a migration must run
``create_triggers`` again. tests/leaderboards/test_awards_freeze.py checks
they exist, and that every column of a list is named in SQLITE_LIST_COLUMNS.
"""

from django.db import migrations

FROZEN = "('published', 'replaced')"

# Every column of leaderboards_awardlist except status and replaced_by_id.
SQLITE_LIST_COLUMNS = (
    "id", "competition_id", "body_id", "title", "period_kind", "period_slug", "period_label", "ranked",
    "unit_kind", "tiers", "scope_id", "youth_union_only", "exclude_officers", "one_prize_per_team",
    "skip_earlier_winners", "version", "replaces_id", "correction_reason", "public_token", "created_by_id",
    "created_at", "sent_for_review_by_id", "published_by_id", "published_at", "source", "content_hash",
)

POSTGRESQL_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION leaderboards_award_row_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
            SELECT 1 FROM leaderboards_awardlist WHERE id = OLD.award_list_id AND status IN {FROZEN}
        ) THEN
            RAISE EXCEPTION 'award list % is published: its rows cannot change', OLD.award_list_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
            SELECT 1 FROM leaderboards_awardlist WHERE id = NEW.award_list_id AND status IN {FROZEN}
        ) THEN
            RAISE EXCEPTION 'award list % is published: no rows can be added', NEW.award_list_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$
    """,
    """
    CREATE TRIGGER leaderboards_award_row_frozen
        BEFORE INSERT OR UPDATE OR DELETE ON leaderboards_awardrow
        FOR EACH ROW EXECUTE FUNCTION leaderboards_award_row_frozen()
    """,
    f"""
    CREATE OR REPLACE FUNCTION leaderboards_award_list_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status NOT IN {FROZEN} THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'award list % is published: it cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (to_jsonb(NEW) - 'status' - 'replaced_by_id') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'replaced_by_id')
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'replaced'))
           OR (OLD.replaced_by_id IS NOT NULL AND NEW.replaced_by_id IS DISTINCT FROM OLD.replaced_by_id) THEN
            RAISE EXCEPTION 'award list % is published: it cannot change', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$
    """,
    """
    CREATE TRIGGER leaderboards_award_list_frozen
        BEFORE UPDATE OR DELETE ON leaderboards_awardlist
        FOR EACH ROW EXECUTE FUNCTION leaderboards_award_list_frozen()
    """,
    """
    CREATE OR REPLACE FUNCTION leaderboards_award_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the award audit trail is append-only' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER leaderboards_award_audit_append_only
        BEFORE UPDATE OR DELETE ON leaderboards_awardaudit
        FOR EACH ROW EXECUTE FUNCTION leaderboards_award_audit_append_only()
    """,
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS leaderboards_award_row_frozen ON leaderboards_awardrow",
    "DROP TRIGGER IF EXISTS leaderboards_award_list_frozen ON leaderboards_awardlist",
    "DROP TRIGGER IF EXISTS leaderboards_award_audit_append_only ON leaderboards_awardaudit",
    "DROP FUNCTION IF EXISTS leaderboards_award_row_frozen()",
    "DROP FUNCTION IF EXISTS leaderboards_award_list_frozen()",
    "DROP FUNCTION IF EXISTS leaderboards_award_audit_append_only()",
]

_LIST_OF = "(SELECT status FROM leaderboards_awardlist WHERE id = {side}.award_list_id)"
_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in SQLITE_LIST_COLUMNS)

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER leaderboards_award_row_no_insert BEFORE INSERT ON leaderboards_awardrow
    WHEN {_LIST_OF.format(side="NEW")} IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'award list is published: no rows can be added'); END
    """,
    f"""
    CREATE TRIGGER leaderboards_award_row_no_update BEFORE UPDATE ON leaderboards_awardrow
    WHEN {_LIST_OF.format(side="OLD")} IN {FROZEN} OR {_LIST_OF.format(side="NEW")} IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'award list is published: its rows cannot change'); END
    """,
    f"""
    CREATE TRIGGER leaderboards_award_row_no_delete BEFORE DELETE ON leaderboards_awardrow
    WHEN {_LIST_OF.format(side="OLD")} IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'award list is published: its rows cannot change'); END
    """,
    f"""
    CREATE TRIGGER leaderboards_award_list_no_update BEFORE UPDATE ON leaderboards_awardlist
    WHEN OLD.status IN {FROZEN} AND (
        {_CHANGED}
        OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'replaced'))
        OR (OLD.replaced_by_id IS NOT NULL AND NEW.replaced_by_id IS NOT OLD.replaced_by_id)
    )
    BEGIN SELECT RAISE(ABORT, 'award list is published: it cannot change'); END
    """,
    f"""
    CREATE TRIGGER leaderboards_award_list_no_delete BEFORE DELETE ON leaderboards_awardlist
    WHEN OLD.status IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, 'award list is published: it cannot be deleted'); END
    """,
    """
    CREATE TRIGGER leaderboards_award_audit_no_update BEFORE UPDATE ON leaderboards_awardaudit
    BEGIN SELECT RAISE(ABORT, 'the award audit trail is append-only'); END
    """,
    """
    CREATE TRIGGER leaderboards_award_audit_no_delete BEFORE DELETE ON leaderboards_awardaudit
    BEGIN SELECT RAISE(ABORT, 'the award audit trail is append-only'); END
    """,
]

SQLITE_TRIGGERS = [
    "leaderboards_award_row_no_insert",
    "leaderboards_award_row_no_update",
    "leaderboards_award_row_no_delete",
    "leaderboards_award_list_no_update",
    "leaderboards_award_list_no_delete",
    "leaderboards_award_audit_no_update",
    "leaderboards_award_audit_no_delete",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

STATEMENTS = {
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
}


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql, params=None)  # no parameters: the % of RAISE stays as written


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"award lists are frozen by triggers written for {sorted(STATEMENTS)}, not {vendor}")
    _run(schema_editor, STATEMENTS[vendor][0])


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor in STATEMENTS:
        _run(schema_editor, STATEMENTS[vendor][1])


class Migration(migrations.Migration):
    dependencies = [("leaderboards", "0001_award_lists")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
