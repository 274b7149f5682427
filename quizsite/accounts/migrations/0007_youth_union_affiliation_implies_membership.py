"""Whoever comes from the Youth Union is a Youth Union member: ``is_youth_union`` is what the prize rules read."""

from django.db import migrations


def youth_union_affiliation_implies_membership(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.filter(affiliation="youth_union", is_youth_union=False).update(is_youth_union=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_roster_categories_and_sign_in_links"),
    ]

    # Backwards: nothing to undo; before this, is_youth_union was only ever read by the quotas, which keep it.
    operations = [
        migrations.RunPython(youth_union_affiliation_implies_membership, migrations.RunPython.noop),
    ]
