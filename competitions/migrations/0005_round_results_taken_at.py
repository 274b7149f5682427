from django.db import migrations, models
from django.db.models import F


def taken_where_counted(apps, schema_editor):
    # Until now a counted prediction_actual was the sign that close_rounds had taken the results.
    Round = apps.get_model("competitions", "Round")
    Round.objects.filter(prediction_actual__isnull=False).update(results_taken_at=F("closes_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0004_choice_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="results_taken_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(taken_where_counted, migrations.RunPython.noop),
    ]
