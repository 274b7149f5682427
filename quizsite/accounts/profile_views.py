"""The person's own profile page: who they are here, and their name and e-mail to correct."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .profile import FULL_NAME_MAX, profile_of, update_profile


class ProfileForm(forms.Form):
    # The service checks the name (one rule, one message); the browser asks for it too.
    full_name = forms.CharField(
        label=gettext_lazy("Họ và tên"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True, "maxlength": FULL_NAME_MAX}),
    )
    email = forms.CharField(
        label=gettext_lazy("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu hiện tại"),
        required=False,
        strip=False,
        help_text=gettext_lazy("Chỉ cần khi đổi e-mail."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            # A refused change must not show as if it were saved.
            user.refresh_from_db(fields=["full_name", "email"])
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"profile": profile_of(user), "form": form})
