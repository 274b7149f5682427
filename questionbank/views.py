from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def question_list(request):
    raise Http404  # replaced by the authoring pages


@login_required
def review_queue(request):
    raise Http404  # replaced by the authoring pages
