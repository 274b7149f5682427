"""The monthly report's URLs, in the leaderboards namespace; the month is ``?month=2026-11``."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.monthly_index, name="monthly"),
    path("<int:unit_id>/", views.monthly_report_page, name="monthly_report"),
    path("<int:unit_id>/print/", views.monthly_print, name="monthly_print"),
    path("<int:unit_id>/xlsx", views.monthly_xlsx, name="monthly_xlsx"),
]
