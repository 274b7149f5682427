from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Cuộc thi")

    def ready(self) -> None:
        # competitions.live never imports the rest of competitions (pyproject.toml): what a live round does
        # that matters here (answers shown, results stored) reaches it through live.notices.
        from . import answers_shown, results_changed
        from .live import notices

        notices.on_answers_shown(answers_shown.record)
        notices.on_results_stored(results_changed.round_results_changed)
