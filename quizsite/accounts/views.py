from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def unit_list(request):
    raise Http404  # replaced by the unit pages


@login_required
def team_detail(request, pk: int):
    raise Http404  # replaced by the team pages
