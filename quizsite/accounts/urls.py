from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
]
