"""allauth customisation, all in one adapter: Vietnamese phone numbers."""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from django.core.exceptions import ValidationError
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
