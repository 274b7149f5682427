"""The guest's join form: a nickname and one of the teams entered in the round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Team

from . import names
from .models import LiveRound


class GuestForm(forms.Form):
    nickname = forms.CharField(
        label=_("Tên hiển thị của bạn"),
        max_length=names.NICKNAME_MAX,
        strip=True,
        error_messages={
            "required": _("Hãy nhập tên hiển thị (1 đến 40 ký tự)."),
            "max_length": _("Tên hiển thị dài tối đa 40 ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": 40}),
    )
    team = forms.ModelChoiceField(
        label=_("Bạn chơi cho đội nào?"),
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một đội đang dự thi."),
            "invalid_choice": _("Đội này không dự thi vòng này. Hãy chọn một đội trong danh sách."),
        },
    )

    def __init__(self, *args, live_round: LiveRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(live_entries__live_round=live_round).order_by("name")

    def clean_nickname(self) -> str:
        """Cleaned as the round will show it (names.py); a name with nothing visible is refused here."""
        return names.nickname(self.cleaned_data["nickname"])
