from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("competitions/<int:pk>/", views.award_lists, name="award_lists"),
    path("competitions/<int:pk>/new/", views.award_list_create, name="award_list_create"),
    path("competitions/<int:pk>/bodies/new/", views.body_create, name="award_body_create"),
    path("<int:pk>/", views.award_list_detail, name="award_list"),
    path("<int:pk>/edit/", views.award_list_edit, name="award_list_edit"),
    path("<int:pk>/review/", views.award_list_review, name="award_list_review"),
    path("<int:pk>/return/", views.award_list_return, name="award_list_return"),
    path("<int:pk>/publish/", views.award_list_publish, name="award_list_publish"),
    path("<int:pk>/correct/", views.award_list_correct, name="award_list_correct"),
    path("<int:pk>/excel/", views.award_list_excel, name="award_list_excel"),
    path("p/<str:token>/", views.public_list, name="award_public"),
    path("p/<str:token>/annex/", views.public_annex, name="award_annex"),
]
