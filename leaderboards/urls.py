"""The leaderboards' pages: standings tables, award lists, monthly reports."""

from django.urls import include, path

app_name = "leaderboards"

urlpatterns: list = [
    path("awards/", include("leaderboards.awards.urls")),
]
