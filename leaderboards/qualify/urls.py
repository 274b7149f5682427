from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("stages/<int:pk>/", views.stage_qualifications, name="qualify_stage"),
    path("<int:pk>/", views.qualification_detail, name="qualify_detail"),
    path("<int:pk>/publish/", views.qualification_publish, name="qualify_publish"),
    path("<int:pk>/correct/", views.qualification_correct, name="qualify_correct"),
    path("<int:pk>/discard/", views.qualification_discard, name="qualify_discard"),
]
