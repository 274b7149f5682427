"""The leaderboards' pages: standings tables, award lists, monthly reports."""

from django.urls import include, path

app_name = "leaderboards"

urlpatterns: list = [
    path("reports/monthly/", include("leaderboards.reports.urls")),
    path("standings/", include("leaderboards.tables.urls")),
    path("qualify/", include("leaderboards.qualify.urls")),
    path("awards/", include("leaderboards.awards.urls")),
]
