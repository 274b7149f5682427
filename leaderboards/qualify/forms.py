"""The qualification pages' forms. They shape input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import Stage
from quizsite.accounts.models import Unit

MAX_TOP_K = 1000
REASON_MAX = 500


class StageField(forms.ModelChoiceField):
    def label_from_instance(self, stage: Stage) -> str:
        return f"{stage.title} ({stage.get_kind_display()})"


class QualificationForm(forms.Form):
    from_stage = StageField(
        label=_("Lấy tổ từ giai đoạn"),
        queryset=Stage.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Giai đoạn lấy tổ phải thuộc cùng cuộc thi với giai đoạn này."),
            "required": _("Hãy chọn giai đoạn lấy tổ."),
        },
    )
    top_k = forms.IntegerField(
        label=_("Số tổ được chọn (K)"),
        min_value=1,
        max_value=MAX_TOP_K,
        initial=3,
        error_messages={
            "min_value": _("Số tổ được chọn phải từ 1 trở lên."),
            "max_value": _("Số tổ được chọn tối đa là %(limit_value)s."),
            "invalid": _("Số tổ được chọn phải là một số nguyên."),
            "required": _("Hãy nhập số tổ được chọn."),
        },
    )
    per_unit_kind = forms.ChoiceField(
        label=_("Chọn theo"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Loại đơn vị không hợp lệ.")},
        help_text=_(
            "Theo từng đơn vị: K tổ đứng đầu của mỗi đơn vị cấp đó (một tổ tính cho đơn vị cấp đó chứa nó). "
            "Xã, phường và đặc khu tính chung là một cấp."
        ),
    )

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        competition = stage.competition
        # Every other stage of the competition: a later one is refused with its own message by the service.
        self.fields["from_stage"].queryset = competition.stages.exclude(pk=stage.pk).order_by("position", "pk")
        below = (
            Unit.objects.subtree(competition.unit)
            .exclude(pk=competition.unit_id)
            .values_list("kind", flat=True)
            .distinct()
        )
        present = set(below)
        self.fields["per_unit_kind"].choices = [("", _("Toàn cuộc thi"))] + [
            (value, _("Mỗi đơn vị cấp: %(kind)s") % {"kind": label})
            for value, label in Unit.Kind.choices
            if value in present
        ]


class CorrectionForm(QualificationForm):
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu lý do đính chính.")},
    )
