from django.db import migrations
from django.utils import timezone


def mark_answers_already_shown(apps, schema_editor):
    """Questions whose answers rounds have shown so far count as shown.

    A closed round that shows answers (after close or after submit) has shown
    every question it drew; an "after submit" round still open has shown the
    questions of its finished attempts.
    """
    Round = apps.get_model("competitions", "Round")
    AttemptQuestion = apps.get_model("competitions", "AttemptQuestion")
    Question = apps.get_model("questionbank", "Question")
    now = timezone.now()
    for round in Round.objects.exclude(answers_shown="never").order_by("closes_at"):
        drawn = AttemptQuestion.objects.filter(attempt__round=round)
        if round.closes_at <= now:
            shown_at = round.closes_at
        elif round.answers_shown == "after_submit":
            drawn = drawn.filter(attempt__submitted_at__isnull=False)
            shown_at = now
        else:
            continue
        Question.objects.filter(pk__in=drawn.values("question_id"), answers_shown_at__isnull=True).update(
            answers_shown_at=shown_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0006_round_draft_and_unseen_only"),
        ("questionbank", "0005_question_answers_shown_at"),
    ]

    operations = [
        migrations.RunPython(mark_answers_already_shown, migrations.RunPython.noop),
    ]
