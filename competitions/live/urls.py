from __future__ import annotations

from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.play_page, name="play"),
    path("<str:code>/host/", views.host_page, name="host"),
    path("<str:code>/screen/", views.screen_page, name="screen"),
    path("<str:code>/qr.png", views.qr_png, name="qr_png"),
]
