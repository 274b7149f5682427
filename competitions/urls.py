from __future__ import annotations

from django.urls import path

from . import share_views, views

app_name = "competitions"

urlpatterns = [
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/start/", views.round_start, name="round_start"),
    path("rounds/<int:pk>/team/", views.round_team, name="round_team"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", views.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt_result"),
    path("attempts/<int:pk>/share/", share_views.attempt_share, name="attempt_share"),
    path("attempts/<int:pk>/share/withdraw/", share_views.attempt_share_withdraw, name="attempt_share_withdraw"),
    path("results/<str:token>/", share_views.result_share, name="result_share"),
]
