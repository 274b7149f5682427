"""Choice.key: a random nine-digit identity for each choice (see the model).

Existing choices get distinct random keys per question, and the choice counts
of the item statistics, kept by choice id until now, are re-keyed. The
competitions app converts what attempts stored in its own migration.
"""

import secrets

from django.db import migrations, models

KEY_MIN, KEY_MAX = 100_000_000, 999_999_999
BATCH = 1000


def _keys(count):
    keys = set()
    while len(keys) < count:
        keys.add(KEY_MIN + secrets.randbelow(KEY_MAX - KEY_MIN + 1))
    # A set's order follows the values: shuffle so that the order of positions says nothing.
    keys = list(keys)
    secrets.SystemRandom().shuffle(keys)
    return keys


def assign_keys(apps, schema_editor):
    Choice = apps.get_model("questionbank", "Choice")
    QuestionStatistics = apps.get_model("questionbank", "QuestionStatistics")
    by_question = {}
    for pk, question_id in Choice.objects.order_by("question_id", "position").values_list("pk", "question_id"):
        by_question.setdefault(question_id, []).append(pk)
    key_of = {}
    for pks in by_question.values():
        key_of.update(zip(pks, _keys(len(pks))))
    changed = [Choice(pk=pk, key=key) for pk, key in key_of.items()]
    Choice.objects.bulk_update(changed, ["key"], batch_size=BATCH)
    _rekey_counts(QuestionStatistics, {str(pk): str(key) for pk, key in key_of.items()})


def forget_keys(apps, schema_editor):
    Choice = apps.get_model("questionbank", "Choice")
    QuestionStatistics = apps.get_model("questionbank", "QuestionStatistics")
    pk_of = {str(key): str(pk) for pk, key in Choice.objects.values_list("pk", "key")}
    _rekey_counts(QuestionStatistics, pk_of)


def _rekey_counts(QuestionStatistics, new_name):
    rows = []
    for stat in QuestionStatistics.objects.exclude(choice_counts={}).only("pk", "choice_counts"):
        stat.choice_counts = {new_name[c]: n for c, n in stat.choice_counts.items() if c in new_name}
        rows.append(stat)
    QuestionStatistics.objects.bulk_update(rows, ["choice_counts"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('questionbank', '0003_question_statistics'),
    ]

    operations = [
        migrations.AddField(
            model_name='choice',
            name='key',
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(assign_keys, forget_keys),
        migrations.AlterField(
            model_name='choice',
            name='key',
            field=models.PositiveIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name='choice',
            constraint=models.UniqueConstraint(fields=('question', 'key'), name='choice_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='choice',
            constraint=models.CheckConstraint(condition=models.Q(('key__gte', 100000000), ('key__lte', 999999999)), name='choice_key_nine_digits'),
        ),
    ]
