from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaderboardsConfig(AppConfig):
    name = "leaderboards"
    verbose_name = _("Bảng xếp hạng")

    def ready(self) -> None:
        # competitions may not import the leaderboards: it tells us through this one listener that a
        # round's results changed, after the commit, so the members' cached boards drop at once.
        from competitions.results_changed import listen

        from .tables import versions

        listen(versions.round_changed)
