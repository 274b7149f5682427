"""A person's own profile: what it shows, and the one change they make themselves."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Membership, RoleAssignment, Unit, User

FULL_NAME_MAX = User._meta.get_field("full_name").max_length


@dataclass(frozen=True)
class Profile:
    user: User
    membership: Membership | None
    # The team's unit and those above it, nearest first: "Ấp 1", "Xã An Bình", "Tỉnh …".
    unit_chain: list[Unit]
    roles: list[RoleAssignment]


def profile_of(user: User) -> Profile:
    membership = Membership.objects.filter(user=user).select_related("team__unit").first()
    chain = list(membership.team.unit.ancestors().order_by("-depth")) if membership else []
    roles = list(RoleAssignment.objects.filter(user=user).select_related("unit").order_by("role", "unit__path"))
    return Profile(user=user, membership=membership, unit_chain=chain, roles=roles)


def update_profile(*, user: User, full_name: str, email: str, password: str = "") -> User:
    """Change ``user``'s own full name and e-mail.

    A new e-mail needs the current password: the e-mail receives the
    password-reset link, so whoever changes it could take the account. The
    e-mail is also a way to sign in, so it stays unique, and a person with
    no phone cannot clear it. allauth's address book follows, so the old
    address no longer signs in.
    """
    full_name = " ".join(full_name.split())
    # allauth finds people by the lower-case address.
    email = email.strip().lower()
    if not full_name:
        raise ValidationError({"full_name": _("Hãy nhập họ và tên.")})
    if len(full_name) > FULL_NAME_MAX:
        raise ValidationError({"full_name": _("Họ và tên dài quá %(n)d ký tự.") % {"n": FULL_NAME_MAX}})
    email_changed = email.casefold() != user.email.casefold()
    if email_changed:
        _check_new_email(user=user, email=email, password=password)
    try:
        with transaction.atomic():
            user.full_name = full_name
            user.email = email
            user.save(update_fields=["full_name", "email"])
            if email_changed:
                _replace_email_address(user=user, email=email)
    except IntegrityError:
        # Someone took the address between the check and the save.
        raise ValidationError({"email": _("E-mail này đã được một tài khoản khác dùng.")}) from None
    return user


def _check_new_email(*, user: User, email: str, password: str) -> None:
    if not email and not user.phone:
        raise ValidationError({"email": _("Bạn đăng nhập bằng e-mail nên không thể bỏ trống e-mail.")})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("E-mail không hợp lệ, ví dụ: ten@example.com.")}) from None
        taken = (
            User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
            or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
        )
        if taken:
            raise ValidationError({"email": _("E-mail này đã được một tài khoản khác dùng.")})
    if not user.check_password(password):
        raise ValidationError({"password": _("Mật khẩu hiện tại không đúng. Cần mật khẩu để đổi e-mail.")})


def _replace_email_address(*, user: User, email: str) -> None:
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    if email:
        EmailAddress.objects.update_or_create(
            user=user, email__iexact=email, defaults={"email": email, "primary": True, "verified": False}
        )
