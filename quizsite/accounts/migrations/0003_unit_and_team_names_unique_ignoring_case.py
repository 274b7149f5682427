"""Unit and team names are unique among their siblings whatever the case.

"Ấp 1" and "ấp 1" under one commune are the same hamlet, and two identical
creates at the same moment (a double tap) must leave one row. A name already
stored twice in different cases is kept, the later one renamed "ấp 1 (2)".
Root units (no parent) get an index of their own: NULLs never clash in one.
"""

from collections import defaultdict

import django.db.models.functions.text
from django.db import migrations, models


def _rename_case_duplicates(model, parent_field: str) -> None:
    groups = defaultdict(list)
    for row in model.objects.order_by("pk").only("pk", "name", parent_field):
        groups[(getattr(row, f"{parent_field}_id"), row.name.casefold())].append(row)
    taken = set(groups)
    for (parent, _folded), rows in groups.items():
        for row in rows[1:]:
            n = 2
            while (parent, f"{row.name} ({n})".casefold()) in taken:
                n += 1
            row.name = f"{row.name} ({n})"
            taken.add((parent, row.name.casefold()))
            row.save(update_fields=["name"])


def rename_duplicates(apps, schema_editor):
    _rename_case_duplicates(apps.get_model("accounts", "Unit"), "parent")
    _rename_case_duplicates(apps.get_model("accounts", "Team"), "unit")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_username_never_empty"),
    ]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="team",
            name="team_name_unique_in_unit",
        ),
        migrations.RemoveConstraint(
            model_name="unit",
            name="unit_name_unique_in_parent",
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), models.F("unit"), name="team_name_unique_in_unit_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), models.F("parent"), name="unit_name_unique_in_parent_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(("parent__isnull", True)),
                name="unit_root_name_unique_ci",
            ),
        ),
    ]
