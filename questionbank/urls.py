from __future__ import annotations

from django.urls import path

from . import excel_views, views

app_name = "questionbank"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("new/", views.question_create, name="create"),
    path("review/", views.review_queue, name="review_queue"),
    path("topics/new/", views.subtopic_create, name="subtopic_create"),
    path("<int:pk>/", views.question_detail, name="detail"),
    path("<int:pk>/edit/", views.question_edit, name="edit"),
    path("<int:pk>/preview/", views.question_preview, name="preview"),
    path("<int:pk>/submit/", views.question_submit, name="submit"),
    path("<int:pk>/approve/", views.question_approve, name="approve"),
    path("<int:pk>/reject/", views.question_reject, name="reject"),
    path("<int:pk>/retire/", views.question_retire, name="retire"),
    # Excel template, import and export (excel_views.py).
    path("excel/template.xlsx", excel_views.download_template, name="excel_template"),
    path("excel/import/", excel_views.import_questions, name="excel_import"),
    path("excel/export.xlsx", excel_views.export_questions, name="excel_export"),
]
