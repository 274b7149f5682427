from __future__ import annotations

from django.urls import path

from . import live_views, views

app_name = "organise"

urlpatterns = [
    path("", views.competition_list, name="competitions"),
    path("competitions/new/", views.competition_create, name="competition_create"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition"),
    path("competitions/<int:pk>/edit/", views.competition_edit, name="competition_edit"),
    path("competitions/<int:pk>/jury/add/", views.jury_add, name="jury_add"),
    path("competitions/<int:pk>/jury/add-list/", views.jury_add_list, name="jury_add_list"),
    path("competitions/<int:pk>/jury/<int:person_pk>/remove/", views.jury_remove, name="jury_remove"),
    path("competitions/<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
    path("stages/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_dashboard, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/counts/", views.round_counts, name="round_counts"),
    path("rounds/<int:pk>/preview/", views.round_preview, name="round_preview"),
    path("flags/<int:pk>/review/", views.flag_review, name="flag_review"),
    path("stages/<int:pk>/live/new/", live_views.live_create, name="live_create"),
    path("live/<int:pk>/", live_views.live_round_detail, name="live_round"),
    path("live/<int:pk>/edit/", live_views.live_edit, name="live_edit"),
]
