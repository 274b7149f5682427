"""For tests that flush the database (transaction=True): lift the award freeze just long enough to empty its tables.

Django's flush on SQLite is ``DELETE FROM`` each table, which the freeze triggers
refuse for a published list; PostgreSQL's flush is a TRUNCATE, which they let
through. This drops the triggers, deletes the award rows, and makes the
triggers again, so the next test finds them in place.
"""

from __future__ import annotations

import importlib

from django.db import connection

from leaderboards.awards.models import AwardAudit, AwardingBody, AwardList, AwardRow

freeze = importlib.import_module("leaderboards.migrations.0002_award_freeze")


def empty_award_tables() -> None:
    create, drop = freeze.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        try:
            AwardRow.objects.all().delete()
            AwardAudit.objects.all().delete()
            AwardList.objects.update(replaced_by=None, replaces=None)
            AwardList.objects.all().delete()
            AwardingBody.objects.all().delete()
        finally:
            for sql in create:
                cursor.execute(sql)
