from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from competitions import selectors as quiz
from competitions.live import links
from leaderboards.tables import selectors as tables
from quizsite.accounts.devices import remember_device
from quizsite.accounts.models import Membership
from quizsite.accounts.push_subscriptions import reminder_card


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The member's phone home page: rounds open now, live rounds to host or join, my results, my standings."""
    context = {}
    if request.user.is_authenticated:
        now = timezone.now()
        membership = Membership.objects.filter(user=request.user).select_related("team__unit").first()
        context["membership"] = membership
        context["open_rounds"] = [
            {"entry": entry, "seconds_to_close": int((entry.round.closes_at - now).total_seconds())}
            for entry in quiz.open_rounds_for(request.user, now)
        ]
        context["live_rounds"] = [
            {
                "item": item,
                "player_path": links.player_path(item.live_round.code),
                "host_path": links.host_path(item.live_round.code) if item.hosting else "",
            }
            for item in quiz.live_rounds_for(request.user, now)
        ]
        context["results"] = quiz.my_results(request.user)
        # My rank and my team's this week and this month (cached boards; see leaderboards.tables.selectors).
        context["glances"] = tables.home_glances(request.user, membership, now)
        if membership:
            context["is_leader"] = membership.leads
            # Reminders go to members of teams (competitions/reminders.py): only they are offered them.
            context["reminders"] = reminder_card(request.user)
    return remember_device(request, render(request, "home.html", context))


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
