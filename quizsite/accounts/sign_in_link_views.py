"""First sign-in links: the leader's sheet and Zalo text, the member's confirm page, their first password.

The pages that carry a token or a link send ``Cache-Control: no-store``:
on a shared phone the back button after signing out must not bring them back.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import SetPasswordForm
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quizsite.pwa.sign_out import CLEAR_SITE_DATA
from quizsite.qr import qr_svg

from .forms import SignInLinksForm
from .permissions import get_team_for_manager
from .sign_in_links import (
    DEFAULT_DAYS,
    LinkRefused,
    check_link,
    eligible_members,
    expiry_text,
    issue_links,
    sheet_place,
    use_link,
    waiting_links,
    whom_to_ask,
    zalo_text,
)

# Set in the session a link signed in: that session may choose a password without giving the old one.
LINK_SESSION_KEY = "signed_in_by_link"


def _private(response: HttpResponse) -> HttpResponse:
    # No Referrer-Policy of our own: a fragment never goes in a Referer, and
    # "no-referrer" makes the browser post "Origin: null", which CSRF refuses.
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def team_sign_in_links(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader chooses members and days; the answer is the sheet to print and the Zalo text, shown once."""
    team = get_team_for_manager(request.user, pk)
    members = eligible_members(team=team, actor=request.user)
    initial = {"days": DEFAULT_DAYS, "members": [m.pk for m in members if not m.user.has_usable_password()]}
    form = SignInLinksForm(request.POST if request.method == "POST" else None, members=members, initial=initial)
    waiting = waiting_links(m.user for m in members)
    checked = {str(value) for value in form["members"].value() or []}
    rows = [(m, str(m.pk) in checked, waiting.get(m.user_id)) for m in members]
    context = {"team": team, "form": form, "rows": rows}
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_links(
                team=team,
                actor=request.user,
                days=form.cleaned_data["days"],
                member_ids=form.cleaned_data["members"],
                base_url=request.build_absolute_uri(reverse("accounts:sign_in_link")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sheet = [(link, mark_safe(qr_svg(link.url))) for link in issued]  # noqa: S308 (a URL we made)
            context |= {
                "sheet": sheet,
                "expiry": expiry_text(issued[0].expires_at),
                "place": sheet_place(team),
                "zalo": zalo_text(team=team, issued=issued),
            }
    return _private(render(request, "accounts/sign_in_links.html", context))


def _refused(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    context = {"reason": refusal.reason, "ask": whom_to_ask(refusal.link)}
    return _private(render(request, "accounts/sign_in_link_refused.html", context, status=410))


@require_http_methods(["GET", "POST"])
@never_cache
def sign_in_link(request: HttpRequest) -> HttpResponse:
    """GET: a page that reads the token from the fragment and posts it; nothing is used up.

    POST without ``confirm``: whose link it is, and a button (a previewer that
    follows links never presses it). POST with ``confirm``: the link is used,
    whoever was signed in on this phone is signed out (their reminders made here
    deleted, as at any sign-out), its member is signed in.
    """
    if request.method == "GET":
        return _private(render(request, "accounts/sign_in_link.html"))
    token = request.POST.get("token", "").strip()
    try:
        if "confirm" not in request.POST:
            link = check_link(token)
            return _private(render(request, "accounts/sign_in_link.html", {"link": link, "token": token}))
        user = use_link(token)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    someone_else = request.user.is_authenticated and request.user.pk != user.pk
    if someone_else:  # signed out here, as by the menu's button (their reminders stop coming to this phone)
        get_adapter(request).logout(request)
    response = perform_login(request, user, redirect_url=reverse("accounts:link_password"))
    if someone_else:  # as at any sign-out, nothing of the last person stays in this browser
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session[LINK_SESSION_KEY] = user.pk
    return _private(response)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def link_password(request: HttpRequest) -> HttpResponse:
    """After a link: choose a password, or skip and keep signing in by a new link from the leader."""
    if request.session.get(LINK_SESSION_KEY) != request.user.pk:
        return redirect("account_change_password")
    form = SetPasswordForm(user=request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new password ends the other sessions, not this one.
        update_session_auth_hash(request, request.user)
        del request.session[LINK_SESSION_KEY]
        messages.success(request, _("Đã lưu mật khẩu. Lần sau hãy đăng nhập bằng số điện thoại và mật khẩu này."))
        return redirect("home")
    return _private(render(request, "accounts/link_password.html", {"form": form}))
