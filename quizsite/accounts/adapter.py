"""allauth customisation, all in one adapter: Vietnamese phone numbers, sign-in limits per account, mail."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from allauth.account.utils import filter_users_by_email
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User
from .phone import normalize_phone

log = logging.getLogger(__name__)


class VietnamesePhoneField(PhoneField):
    """Takes 0912 345 678, +84 912 345 678 or 84912345678; cleans to +84912345678."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("validators", [])
        kwargs.setdefault("label", _("Số điện thoại"))
        kwargs.setdefault("help_text", _("Ví dụ: 0912 345 678"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"placeholder": "0912 345 678", "inputmode": "tel"})

    def clean(self, value):
        value = super(PhoneField, self).clean(value)
        if not value:
            return value
        phone = normalize_phone(value)
        if phone is None:
            raise ValidationError(
                _("Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678."),
                code="invalid_phone",
            )
        return phone


def account_for(credentials: dict[str, Any]) -> User | None:
    """The account a sign-in names by phone or e-mail, if there is one."""
    if phone := normalize_phone(credentials.get("phone") or ""):
        return User.objects.filter(phone=phone).first()
    if email := credentials.get("email"):
        users = filter_users_by_email(email)
        return users[0] if len(users) == 1 else None
    return None


def failed_sign_in_key(credentials: dict[str, Any]) -> str:
    """What failed sign-ins count against: the account, however it was named.

    allauth keys them on the e-mail or username only; a phone sign-in has
    neither, so every phone user shared one counter and five typos anywhere
    locked out every phone user. The account's id ties its phone and its
    e-mail together; an identifier that names nobody counts on its own.
    """
    if user := account_for(credentials):
        return f"user:{user.pk}"
    if phone := normalize_phone(credentials.get("phone") or ""):
        return f"phone:{phone}"
    login = credentials.get("email") or credentials.get("phone") or credentials.get("username") or ""
    return f"login:{login.strip().lower()}"


def clear_failed_sign_ins(user: User) -> None:
    """Forget an account's failed sign-ins (the per-account part only), after an officer reset its password."""
    key = failed_sign_in_key({"phone": user.phone or "", "email": user.email or ""})
    for rate in ratelimit.get_rates(app="allauth.account", action="login_failed"):
        if rate.per == "key":
            cache_key = ratelimit.get_cache_key(None, app="allauth.account", action="login_failed", rate=rate, key=key)
            cache.delete(cache_key)


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs):
        return VietnamesePhoneField(**kwargs)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone) or phone
        if user.pk:
            user.save(update_fields=["phone"])

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        # Numbers are not verified by SMS (no gateway); an officer confirms
        # members in person, so we report them as verified to allauth.
        return (user.phone, True) if user.phone else None

    def set_phone_verified(self, user: User, phone: str) -> None:
        return None

    def get_user_by_phone(self, phone: str) -> User | None:
        normalized = normalize_phone(phone)
        if not normalized:
            return None
        return User.objects.filter(phone=normalized).first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        # ACCOUNT_PHONE_VERIFICATION_ENABLED is off; if it is turned on before
        # an SMS gateway exists, the code goes to the log rather than nowhere.
        log.warning("SMS to %s: verification code %s (no SMS gateway configured)", phone, code)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        if not account_settings.PHONE_VERIFICATION_ENABLED:
            # With nothing to verify, this stage only turned away accounts
            # without a phone (the admin, signing in by e-mail) and sent them
            # back to the sign-in page without a word.
            stages.remove("allauth.account.stages.PhoneVerificationStage")
        return stages

    # --- Sign-in limits ------------------------------------------------------
    # allauth's own hook for the key of its "login_failed" limit (it also
    # clears that key after a password reset by e-mail).
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return failed_sign_in_key(credentials)

    # --- Passwords given by an officer ---------------------------------------
    def set_password(self, user: User, password: str) -> None:
        # The person chose this one (change or reset): the officer's temporary one is gone.
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        if not user.must_change_password:
            return response
        messages.warning(
            request,
            gettext("Bạn đang dùng mật khẩu tạm do cán bộ cấp. Hãy đặt mật khẩu mới của riêng bạn."),
        )
        return redirect_to_login(
            response.get("Location") or reverse("home"), login_url=reverse("account_change_password")
        )

    # --- Mail ------------------------------------------------------------------
    def send_mail(self, template_prefix: str, email: str, context_: dict) -> None:
        """Send, or say plainly that the mail could not go: never an HTTP 500 for a mail server.

        The mail is rendered in the language active for the request that asked
        for it (templates/account/email/, English through the catalogue): the
        member's own phone, Vietnamese unless they chose English. Accounts
        store no language of their own. The sender is DEFAULT_FROM_EMAIL
        (allauth's get_from_email).
        """
        try:
            super().send_mail(template_prefix, email, context_)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send %s to %s", template_prefix, email)
            request = context.request
            messages.error(
                request,
                gettext(
                    "Không gửi được e-mail lúc này. Hãy thử lại sau, hoặc nhờ cán bộ tổ chức "
                    "của xã, phường đặt lại mật khẩu cho bạn."
                ),
            )
            if template_prefix.startswith("account/email/password_reset"):
                # "We sent you a link" would be untrue: back to the form, which changed nothing.
                raise ImmediateHttpResponse(redirect(request.get_full_path())) from None
