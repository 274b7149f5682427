"""Standings pages, under /standings/ (names in the "leaderboards" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="standings"),
    path("competitions/", views.competitions, name="standings_competitions"),
    path("<int:pk>/", views.officer, name="standings_officer"),
    path("<int:pk>/people.xlsx", views.people_excel, name="standings_people_excel"),
    path("<int:pk>/teams.xlsx", views.teams_excel, name="standings_teams_excel"),
    path("<int:pk>/units.xlsx", views.units_excel, name="standings_units_excel"),
]
