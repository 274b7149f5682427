from __future__ import annotations

from django.urls import path

from . import views

app_name = "questionbank"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("review/", views.review_queue, name="review_queue"),
]
