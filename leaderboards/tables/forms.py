"""The officer's standings query string: period, unit, level of the unit table, a person to find.

Every value comes from a URL someone may have typed or edited, so each bad
one is a clear message on the page (400), never a 500: an impossible week
("2026-W99"), a stage of another competition, a unit that does not exist or
lies outside the officer's subtree (one message for both: we do not confirm
that a unit outside exists).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import Stage
from leaderboards.periods import STAGE, WEEK, Period
from quizsite.accounts.models import Unit

from .selectors import OfficerScope, unit_in_scope

BAD_UNIT = _("Đơn vị không hợp lệ.")
BAD_PERIOD = _(
    "Kỳ xếp hạng “%(slug)s” không hợp lệ. Ví dụ: 2026-W48 (tuần), 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm)."
)


class StandingsForm(forms.Form):
    period = forms.CharField(required=False, max_length=20)
    unit = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": BAD_UNIT, "min_value": BAD_UNIT})
    level = forms.ChoiceField(required=False, choices=[("", "")] + Unit.Kind.choices)
    find = forms.CharField(required=False, max_length=100, strip=True)

    def __init__(self, data, *, scope: OfficerScope, stages: list[Stage]) -> None:
        super().__init__(data)
        self.scope = scope
        self.stages = {stage.pk: stage for stage in stages}

    def clean_period(self) -> Period:
        slug = self.cleaned_data["period"]
        if not slug:
            return Period.current(WEEK)
        try:
            period = Period.from_slug(slug)
        except ValueError:
            raise forms.ValidationError(BAD_PERIOD, params={"slug": slug}) from None
        if period.kind == STAGE and period.stage_id not in self.stages:
            raise forms.ValidationError(_("Giai đoạn này không thuộc cuộc thi."))
        return period

    def clean_unit(self) -> Unit:
        pk = self.cleaned_data["unit"]
        if pk is None:
            return self.scope.default_unit
        unit = unit_in_scope(self.scope, pk)
        if unit is None:
            raise forms.ValidationError(_("Đơn vị này không có trong phạm vi bạn được xem."))
        return unit

    def clean_level(self) -> str | None:
        return self.cleaned_data["level"] or None
