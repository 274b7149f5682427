from __future__ import annotations

from django.urls import path

from . import views
from .profile_views import profile
from .push_views import push_subscribe, push_unsubscribe
from .roster import views as roster
from .sign_in_link_views import link_password, sign_in_link, team_sign_in_links

app_name = "accounts"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_add_child, name="unit_add_child"),
    path("units/<int:pk>/rename/", views.unit_rename, name="unit_rename"),
    path("units/<int:pk>/teams/", views.team_create, name="team_create"),
    path("units/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("units/<int:pk>/roster.xlsx", roster.roster_export, name="roster_export"),
    path("units/<int:pk>/roster/", roster.roster_import, name="roster_import"),
    path("units/<int:pk>/roster/confirm/", roster.roster_import_confirm, name="roster_import_confirm"),
    path("roster/template.xlsx", roster.roster_template, name="roster_template"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/qr.svg", views.team_qr, name="team_qr"),
    path("teams/<int:pk>/invite/", views.team_rotate_invite, name="team_rotate_invite"),
    path("teams/<int:pk>/size-limit/", views.team_size_limit, name="team_size_limit"),
    path("teams/<int:team_pk>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("teams/<int:team_pk>/members/<int:pk>/affiliation/", views.member_affiliation, name="member_affiliation"),
    path("teams/<int:team_pk>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("teams/<int:team_pk>/members/<int:pk>/password/", views.member_password, name="member_password"),
    path("teams/<int:pk>/sign-in-links/", team_sign_in_links, name="team_sign_in_links"),
    path("join/<str:token>/", views.join, name="join"),
    # The token comes after "#" (never sent to the server); see sign_in_links.py.
    path("link/", sign_in_link, name="sign_in_link"),
    path("link/password/", link_password, name="link_password"),
    path("profile/", profile, name="profile"),
    path("reminders/subscribe/", push_subscribe, name="push_subscribe"),
    path("reminders/unsubscribe/", push_unsubscribe, name="push_unsubscribe"),
]
