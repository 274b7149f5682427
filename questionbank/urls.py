from __future__ import annotations

from django.urls import path

from . import excel_views, views

app_name = "questionbank"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("review/", views.review_queue, name="review_queue"),
    # Excel template, import and export (excel_views.py).
    path("excel/template.xlsx", excel_views.download_template, name="excel_template"),
    path("excel/import/", excel_views.import_questions, name="excel_import"),
    path("excel/export.xlsx", excel_views.export_questions, name="excel_export"),
]
