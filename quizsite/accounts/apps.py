from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "quizsite.accounts"
    label = "accounts"
    verbose_name = _("Người dùng, đơn vị và tổ")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .push_subscriptions import signed_in, signed_out

        # A shared phone: its reminders follow whoever is signed in on it, whichever way they came or went.
        user_logged_in.connect(signed_in, dispatch_uid="push-subscriptions-signed-in")
        user_logged_out.connect(signed_out, dispatch_uid="push-subscriptions-signed-out")
