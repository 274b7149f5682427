"""Choosing a unit and a month, and reading a month from a URL, with messages an officer can act on."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leaderboards.periods import MONTH, Period
from quizsite.accounts.models import Unit

from .monthly import natural_key

# Officers report the previous month until the 20th; from then on the page opens on the month under way.
REPORT_DEADLINE_DAY = 20


def default_month(today: date) -> Period:
    """The month an officer most likely wants: last month until the 20th (its report is due), then this one."""
    this_month = Period.month_of(today)
    return this_month.previous() if today.day < REPORT_DEADLINE_DAY else this_month


def parse_month(value: str, today: date) -> Period:
    """``2026-11`` → that month; anything else, or a month not begun yet, is a ValidationError in words."""
    try:
        period = Period.from_slug(value)
    except ValueError:
        period = None
    if period is None or period.kind != MONTH:
        raise ValidationError(
            _("“%(value)s” không phải là một tháng. Hãy ghi tháng theo dạng năm-tháng, ví dụ %(example)s."),
            params={"value": value[:20], "example": Period.month_of(today).slug},
            code="bad_month",
        )
    if period.first > today:
        raise ValidationError(
            _("Tháng %(month)s chưa bắt đầu, chưa có số liệu."), params={"month": period.slug}, code="future"
        )
    return period


def unit_choices(roots: list[Unit]) -> list[tuple[int, str]]:
    """The officer's subtrees and the units right under them (deeper ones open from a report's rows)."""
    q = Q()
    for root in roots:
        q |= Q(pk=root.pk) | Q(parent_id=root.pk)
    units = list(Unit.objects.filter(q)) if roots else []
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    choices = []
    for root in sorted(roots, key=lambda u: natural_key(u.name)):
        choices.append((root.pk, root.name))
        children = sorted(by_parent.get(root.pk, []), key=lambda u: natural_key(u.name))
        choices += [(child.pk, f"— {child.name}") for child in children]
    return choices


class MonthlyReportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    month = forms.CharField(
        label=_("Tháng"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("Dạng năm-tháng, ví dụ 2026-11."),
    )

    def __init__(self, *args, roots: list[Unit], today: date, also: Unit | None = None, **kwargs) -> None:
        """``also``: a deeper unit the officer has opened, offered too when the chooser comes back with an error."""
        super().__init__(*args, **kwargs)
        self.today = today
        choices = unit_choices(roots)
        if also is not None and all(pk != also.pk for pk, _label in choices):
            choices.insert(0, (also.pk, also.name))
        self.fields["unit"].choices = choices
        self.fields["unit"].error_messages["invalid_choice"] = _("Đơn vị này không thuộc phạm vi bạn được xem.")
        self.fields["month"].initial = default_month(today).slug

    def clean_month(self) -> Period:
        return parse_month(self.cleaned_data["month"], self.today)
