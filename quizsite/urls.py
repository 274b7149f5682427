from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from quizsite import views
from quizsite.accounts import views as account_views
from quizsite.pwa.sign_out import sign_out

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("quizsite.pwa.urls")),
    # Before allauth's: its sign-out, answered with Clear-Site-Data (quizsite/pwa/sign_out.py).
    path("accounts/logout/", sign_out, name="account_logout"),
    path("accounts/", include("allauth.urls")),
    path("", include("quizsite.accounts.urls")),
    path("questions/", include("questionbank.urls")),
    path("", include("competitions.urls")),
    path("organise/", include("competitions.organise.urls")),
    path("live/", include("competitions.live.urls")),
    path("", include("leaderboards.urls")),
    path("cards/", include("quizsite.card_views")),
    # Before admin.site.urls: the admin signs in through the site's sign-in and its limits.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
