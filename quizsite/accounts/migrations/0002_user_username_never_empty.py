"""Every person gets a username of their own, and the database refuses "".

allauth (told there is no username field) stored the first self-registered
person with username "", and every later sign-up failed on the unique index.
The model now gives each new person a random one; this gives one to a row
already stored with "".
"""

import secrets

import django.contrib.auth.validators
from django.db import migrations, models

import quizsite.accounts.models


def give_usernames(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(username=""):
        username = "u" + secrets.token_hex(8)
        while User.objects.filter(username=username).exists():
            username = "u" + secrets.token_hex(8)
        user.username = username
        user.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_usernames, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                default=quizsite.accounts.models.new_username,
                error_messages={"unique": "Đã có người dùng với tên đăng nhập này."},
                max_length=150,
                unique=True,
                validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                verbose_name="tên đăng nhập nội bộ",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("username", ""), _negated=True), name="user_username_not_empty"
            ),
        ),
    ]
