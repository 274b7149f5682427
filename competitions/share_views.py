"""“Chia sẻ kết quả”: the member makes, changes or withdraws the public link of a result; the link's page.

The page is public (no sign-in): it is what a Zalo group opens. It shows
what competitions/result_shares.py says may be shown, and nothing else.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from quizsite.flash import flash_errors

from . import cards
from .models import Attempt, Round
from .permissions import get_attempt_for_player
from .result_shares import SHOWN_NAME_MAX, ResultShare, given_name, share_result, withdraw_share

TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")


class ShareForm(forms.Form):
    show_name = forms.BooleanField(required=False, label=gettext_lazy("Hiện tên của tôi"))
    name = forms.CharField(
        required=False,
        max_length=SHOWN_NAME_MAX,
        label=gettext_lazy("Tên hiện (tên gọi hoặc biệt danh)"),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("show_name") and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy nhập tên muốn hiện, hoặc bỏ chọn “Hiện tên của tôi”."))
        return data

    def shown_name(self) -> str:
        return self.cleaned_data["name"] if self.cleaned_data["show_name"] else ""


def share_context(request: HttpRequest, attempt: Attempt) -> dict:
    """The result page's “Chia sẻ kết quả” part: the share if there is one, else the form to make it."""
    share = ResultShare.objects.filter(attempt=attempt).first()
    initial = {"show_name": bool(share and share.shown_name)}
    initial["name"] = share.shown_name if share and share.shown_name else given_name(request.user.full_name)
    context = {"share": share, "share_form": ShareForm(initial=initial)}
    if share is not None:
        context["share_url"] = request.build_absolute_uri(reverse("competitions:result_share", args=[share.token]))
        context["share_title"] = cards.headline(share, cards.question_count(share))
    return context


def _back(attempt: Attempt) -> HttpResponse:
    return redirect(reverse("competitions:attempt_result", args=[attempt.pk]) + "#share-result")


@login_required
@require_POST
def attempt_share(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_attempt_for_player(request.user, pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return _back(attempt)
    had_share = ResultShare.objects.filter(attempt=attempt).exists()
    try:
        share_result(attempt=attempt, user=request.user, shown_name=form.shown_name())
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Đã lưu cách chia sẻ.") if had_share else _("Đã tạo liên kết chia sẻ. Bấm “Chia sẻ lên Zalo” để gửi."),
        )
    return _back(attempt)


@login_required
@require_POST
def attempt_share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_attempt_for_player(request.user, pk)
    if withdraw_share(attempt=attempt, user=request.user):
        messages.success(request, _("Đã thu hồi liên kết: người mở liên kết cũ sẽ không xem được kết quả nữa."))
    return _back(attempt)


@require_GET
def result_share(request: HttpRequest, token: str) -> HttpResponse:
    share = cards.shares().filter(token=token).first() if TOKEN.fullmatch(token) else None
    if share is None:
        raise Http404
    total = cards.question_count(share)
    round = share.attempt.round
    text = cards.result_text(share, total)
    context = {
        "share": share,
        "round": round,
        "text": text,
        "headline": cards.headline(share, total),
        "round_open": round.status_at(timezone.now()) == Round.Status.OPEN,
        "og": cards.result_card(request, share, total),
    }
    return render(request, "competitions/result_share.html", context)
