from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def download_template(request):
    raise Http404  # replaced by the Excel pages


@login_required
def import_questions(request):
    raise Http404  # replaced by the Excel pages


@login_required
def export_questions(request):
    raise Http404  # replaced by the Excel pages
