"""Attempts name choices by their key (questionbank.Choice.key), never by their primary key.

What attempts stored so far (the order each person saw, the chosen choices)
held choice ids; they are converted to keys, and back when migrating back.
"""

from django.db import migrations

BATCH = 1000


def _convert(apps, old_to_new):
    """Rewrite choice_order and Answer.choices with ``old_to_new[(question_id, value)]``."""
    for model, field in (("AttemptQuestion", "choice_order"), ("Answer", "choices")):
        Model = apps.get_model("competitions", model)
        last = 0
        # Page by primary key rather than stream: the table is written while it is read.
        while rows := list(Model.objects.filter(pk__gt=last).order_by("pk").only("pk", "question_id", field)[:BATCH]):
            for row in rows:
                values = getattr(row, field)
                setattr(row, field, [old_to_new[(row.question_id, v)] for v in values if (row.question_id, v) in old_to_new])
            Model.objects.bulk_update(rows, [field])
            last = rows[-1].pk


def ids_to_keys(apps, schema_editor):
    Choice = apps.get_model("questionbank", "Choice")
    _convert(apps, {(q, pk): key for pk, q, key in Choice.objects.values_list("pk", "question_id", "key")})


def keys_to_ids(apps, schema_editor):
    Choice = apps.get_model("questionbank", "Choice")
    _convert(apps, {(q, key): pk for pk, q, key in Choice.objects.values_list("pk", "question_id", "key")})


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0003_attemptflag_details'),
        ('questionbank', '0004_choice_key'),
    ]

    operations = [
        migrations.RunPython(ids_to_keys, keys_to_ids),
    ]
