from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Membership, RoleAssignment, Unit, User
from .phone import normalize_phone


class LoginForm(AllauthLoginForm):
    """A phone number or an e-mail address, and a plain word when it is neither."""

    def clean_login(self) -> str:
        login = super().clean_login()
        if "@" in login:
            try:
                validate_email(login)
            except forms.ValidationError:
                raise forms.ValidationError(_("Địa chỉ e-mail không hợp lệ."), code="invalid_email") from None
            return login
        if phone := normalize_phone(login):
            return phone
        account = User.objects.filter(username__iexact=login).first()
        if account is not None:
            # An account made with a user name (manage.py createsuperuser): say how it signs in here.
            if account.phone or account.email:
                raise forms.ValidationError(
                    _("Ở đây không đăng nhập bằng tên đăng nhập. Hãy nhập số điện thoại hoặc e-mail của tài khoản."),
                    code="username_login",
                )
            raise forms.ValidationError(
                _("Tài khoản này chưa có số điện thoại hay e-mail để đăng nhập. Hãy nhờ quản trị viên thêm vào."),
                code="username_login",
            )
        if any(ch.isdigit() for ch in login):
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678."),
                code="invalid_phone",
            )
        raise forms.ValidationError(
            _("Hãy nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ e-mail."), code="invalid_login"
        )


class ResetPasswordForm(AllauthResetPasswordForm):
    """The same answer whether or not an account has this e-mail.

    ACCOUNT_PREVENT_ENUMERATION stays off for sign-up (settings.py), where
    "already registered" must be said; allauth's reset form reads the same
    setting and said "not assigned to any user account". Here nothing is gained
    by telling: the mail itself reaches the owner of a known address, and a
    stranger learns nothing. An unknown address gets no mail at all
    (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS).
    """

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if error.code != "unknown_email":
                raise
            # self.users is empty: save() sends nothing, and the view answers as for a known address.
            return self.cleaned_data["email"]


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)

    field_order = ["full_name", "phone", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        return user


class ChildUnitForm(forms.Form):
    """Organisers add what vietnam-provinces does not know: hamlets, enterprises."""

    KINDS = [
        (Unit.Kind.HAMLET, Unit.Kind.HAMLET.label),
        (Unit.Kind.ENTERPRISE, Unit.Kind.ENTERPRISE.label),
        (Unit.Kind.DISTRICT, Unit.Kind.DISTRICT.label),
        (Unit.Kind.OTHER, Unit.Kind.OTHER.label),
    ]

    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=KINDS, initial=Unit.Kind.HAMLET)


class RenameUnitForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=200)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)


class SizeLimitForm(forms.Form):
    size_limit = forms.IntegerField(
        label=_("Số thành viên tối đa"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Để trống để dùng giới hạn chung."),
    )


class GrantRoleForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại của người được phân quyền"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0912 345 678"}),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=RoleAssignment.Role.choices)

    def clean_phone(self) -> User:
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(_("Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số."))
        user = User.objects.filter(phone=phone).first()
        if user is None:
            raise forms.ValidationError(_("Chưa có ai đăng ký với số điện thoại này. Người đó cần đăng ký trước."))
        return user


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò trong tổ"), choices=Membership.Role.choices)


class AffiliationForm(forms.Form):
    affiliation = forms.ChoiceField(label=_("Thuộc tổ chức"), choices=Affiliation.choices, initial=Affiliation.OTHER)


class SignInLinksForm(forms.Form):
    """Which members get a first sign-in link, and for how many days it works."""

    days = forms.IntegerField(label=_("Số ngày hiệu lực"), min_value=1, max_value=30, initial=7)
    members = forms.TypedMultipleChoiceField(
        label=_("Thành viên"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members: list[Membership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.pk, m.user.display_name) for m in members]

    def clean_members(self) -> list[int]:
        if not self.cleaned_data["members"]:
            raise forms.ValidationError(_("Hãy chọn ít nhất một thành viên."))
        return self.cleaned_data["members"]
