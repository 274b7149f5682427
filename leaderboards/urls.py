"""The leaderboards' pages: standings tables, award lists, monthly reports."""

from django.urls import include, path  # noqa: F401

app_name = "leaderboards"

urlpatterns: list = [
    path("standings/", include("leaderboards.tables.urls")),
]
