from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizsite.accounts.models import Membership
from quizsite.accounts.permissions import officer_units


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        context["membership"] = Membership.objects.filter(user=request.user).select_related("team__unit").first()
        context["officer_roles"] = (
            sorted({a.get_role_display() for a in request.user.roles.select_related("unit")})
            if not request.user.is_superuser
            else []
        )
        context["is_officer"] = bool(officer_units(request.user, ["author", "reviewer", "organiser", "viewer"]))
    return render(request, "home.html", context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
