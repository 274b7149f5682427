from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_root_topics(sender, using="default", **kwargs) -> None:
    # The roots also come from migration 0002; `flush` (used between
    # transactional tests and by admins resetting a database) removes them,
    # and every page assumes they exist, so put them back after it.
    from .services import ensure_root_topics

    ensure_root_topics(using=using)


class QuestionbankConfig(AppConfig):
    name = "questionbank"
    verbose_name = _("Ngân hàng câu hỏi")

    def ready(self) -> None:
        post_migrate.connect(_ensure_root_topics, sender=self)
