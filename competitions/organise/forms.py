"""Forms of the organiser pages. They shape input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.models import (
    DEFAULT_PREDICTION_PROMPT,
    REMIND_AT_HELP,
    REVIEW_NOTE_MAX,
    Competition,
    Round,
    Stage,
)
from questionbank.forms import TopicField
from questionbank.models import Question, Topic
from questionbank.selectors import TopicTree
from quizsite.accounts.fields import UnitChoiceField, UnitsChoiceField

from . import jury
from .selectors import eligible_unit_choices
from .services import BlueprintRow, RoundData

# The blueprint shows this many rows; blank rows are ignored.
BLUEPRINT_ROWS = 8
# datetime-local sends "2026-11-23T07:00"; shown and read in Asia/Ho_Chi_Minh.
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class CompetitionForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=200)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units, competition: Competition | None = None, **kwargs):
        if competition is not None:
            kwargs.setdefault(
                "initial",
                {"title": competition.title, "description": competition.description, "unit": competition.unit_id},
            )
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Đơn vị tổ chức"),
            queryset=units,
            help_text=_("Các tổ thuộc đơn vị này (và cấp dưới) được dự thi; câu hỏi lấy từ ngân hàng của đơn vị."),
            error_messages={"invalid_choice": _("Đơn vị không nằm trong phạm vi của bạn.")},
        )


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giai đoạn"), choices=Stage.Kind.choices, initial=Stage.Kind.WEEKLY)
    title = forms.CharField(label=_("Tên giai đoạn"), max_length=200)
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, stage: Stage | None = None, **kwargs):
        if stage is not None:
            kwargs.setdefault(
                "initial",
                {"kind": stage.kind, "title": stage.title, "starts_on": stage.starts_on, "ends_on": stage.ends_on},
            )
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget.format = "%Y-%m-%d"


def _local_datetime(label, *, required: bool = True, help_text=None) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=help_text or _("Giờ Việt Nam (GMT+7)."),
    )


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Tên vòng thi"), max_length=200)
    opens_at = _local_datetime(_("Mở lúc"))
    closes_at = _local_datetime(_("Đóng lúc"))
    remind_at = _local_datetime(_("Nhắc người chưa thi lúc"), required=False, help_text=REMIND_AT_HELP)
    time_limit_minutes = forms.IntegerField(
        label=_("Thời gian làm bài (phút)"), min_value=1, max_value=24 * 60, initial=10
    )
    attempts_allowed = forms.IntegerField(
        label=_("Số lượt mỗi người được làm"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("Nếu cho làm nhiều lượt, lượt có kết quả tốt nhất được tính."),
    )
    entry = forms.ChoiceField(
        label=_("Ai được thi"), choices=Round.Entry.choices, initial=Round.Entry.TEAM_MEMBERS, widget=forms.RadioSelect
    )
    prediction_enabled = forms.BooleanField(label=_("Có câu hỏi dự đoán (phân định khi bằng điểm)"), required=False)
    prediction_prompt = forms.CharField(
        label=_("Câu hỏi dự đoán"), max_length=300, required=False, initial=DEFAULT_PREDICTION_PROMPT
    )
    answers_shown = forms.ChoiceField(
        label=_("Khi nào công bố đáp án"),
        choices=Round.AnswersShown.choices,
        initial=Round.AnswersShown.AFTER_CLOSE,
        widget=forms.RadioSelect,
        help_text=_(
            "“Ngay sau khi nộp bài”: câu nào một vòng thi khác đang mở hoặc sắp mở còn có thể ra "
            "thì đáp án được giữ lại đến khi vòng đó đóng."
        ),
    )
    unseen_only = forms.BooleanField(
        label=_("Chỉ rút câu hỏi chưa từng công bố đáp án"),
        required=False,
        help_text=_(
            "Bỏ qua những câu đã hiện đáp án ở một vòng thi trước (khi vòng đóng hoặc sau khi nộp bài). "
            "Số câu còn lại cho mỗi dòng của cấu trúc đề hiện ở trang vòng thi."
        ),
    )

    def __init__(self, *args, competition: Competition, round: Round | None = None, offer_reopen: bool = False, **kw):
        if round is not None:
            kw.setdefault(
                "initial",
                {
                    "title": round.title,
                    "opens_at": round.opens_at,
                    "closes_at": round.closes_at,
                    "remind_at": round.remind_at,
                    "time_limit_minutes": -(-round.time_limit_seconds // 60),
                    "attempts_allowed": round.attempts_allowed,
                    "entry": round.entry,
                    "eligible_units": [u.pk for u in round.eligible_units.all()],
                    "prediction_enabled": round.prediction_enabled,
                    "prediction_prompt": round.prediction_prompt,
                    "answers_shown": round.answers_shown,
                    "unseen_only": round.unseen_only,
                },
            )
        super().__init__(*args, **kw)
        if round is not None:
            self.fields["closes_at"].help_text = _(
                "Giờ Việt Nam (GMT+7). Dời giờ đóng sớm hơn: các lượt đang làm dở phải nộp trước giờ đóng mới "
                "(thời gian còn lại của họ bị rút ngắn). Dời muộn hơn: các lượt đã bắt đầu vẫn giữ hạn nộp cũ. "
                "Khi đã có lượt thi, không dời giờ đóng về quá khứ được."
            )
        self.fields["eligible_units"] = UnitsChoiceField(
            label=_("Đơn vị được thi"),
            queryset=eligible_unit_choices(competition),
            base_depth=competition.unit.depth,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Để trống: mọi tổ thuộc %(unit)s. Chọn một đơn vị là gồm cả các đơn vị cấp dưới của nó.")
            % {"unit": competition.unit.name},
            error_messages={"invalid_choice": _("Đơn vị không thuộc phạm vi cuộc thi.")},
        )
        if offer_reopen:
            self.fields["reopen"] = forms.BooleanField(
                label=_("Mở lại vòng thi đã đóng"),
                required=False,
                help_text=_("Chỉ đánh dấu khi bạn thật sự muốn cho thi tiếp sau khi vòng đã đóng."),
            )
        self.order_fields(
            [
                "title",
                "opens_at",
                "closes_at",
                "reopen",
                "remind_at",
                "time_limit_minutes",
                "attempts_allowed",
                "entry",
                "eligible_units",
                "prediction_enabled",
                "prediction_prompt",
                "answers_shown",
                "unseen_only",
            ]
        )

    def to_data(self, blueprint: list[BlueprintRow]) -> RoundData:
        return RoundData.from_form(self.cleaned_data, blueprint=blueprint)


class FlagReviewForm(forms.Form):
    """“Đã xem / hợp lệ” on one flag; the dashboard writes the input by hand, one per flag."""

    note = forms.CharField(label=_("Ghi chú (không bắt buộc)"), max_length=REVIEW_NOTE_MAX, required=False)


DIFFICULTY_CHOICES = [("", _("Mọi độ khó")), *Question.Difficulty.choices]


class BankTopicField(TopicField):
    """The topics of the round's bank (organise.services.blueprint_topic_ids).

    Any other value, a forged id or a topic only another commune's questions
    use, is a form error, never a lookup that fails.
    """

    default_error_messages = {"invalid_choice": _("Chủ đề này không có trong ngân hàng câu hỏi của vòng thi.")}

    def __init__(self, *, tree: TopicTree, allowed: set[int], blank_label, **kwargs):
        self.allowed = allowed
        super().__init__(tree=tree, blank_label=blank_label, **kwargs)
        groups = [
            (label, [(pk, text) for pk, text in options if pk in allowed]) for label, options in tree.grouped_choices()
        ]
        self.choices = [("", blank_label), *((label, options) for label, options in groups if options)]

    def _topic(self, value) -> Topic:
        pk = int(value)  # ValueError: the field's invalid_choice
        if pk not in self.allowed or pk not in self.tree.by_id:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.tree.by_id[pk]


class BlueprintRowForm(forms.Form):
    """One row: “count questions of topic (with its sub-topics) at difficulty”. A row without a topic is blank."""

    count = forms.IntegerField(label=_("Số câu"), min_value=1, max_value=100, required=False)
    difficulty = forms.TypedChoiceField(
        label=_("Độ khó"), choices=DIFFICULTY_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, tree: TopicTree, allowed: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"] = BankTopicField(
            tree=tree, allowed=allowed, blank_label=_("— không dùng —"), label=_("Chủ đề"), required=False
        )
        self.order_fields(["topic", "difficulty", "count"])

    def clean(self):
        data = super().clean()
        if data.get("topic") and not data.get("count"):
            self.add_error("count", _("Nhập số câu cho chủ đề này."))
        if data.get("count") and not data.get("topic"):
            self.add_error("topic", _("Chọn chủ đề cho dòng này."))
        return data

    def row(self) -> BlueprintRow | None:
        data = self.cleaned_data
        if not data.get("topic"):
            return None
        return BlueprintRow(topic=data["topic"], difficulty=data.get("difficulty"), count=data["count"])


class BaseBlueprintFormSet(forms.BaseFormSet):
    def rows(self) -> list[BlueprintRow]:
        return [row for form in self.forms if (row := form.row()) is not None]


def blueprint_formset(data=None, *, tree: TopicTree, allowed: set[int], rows: list[BlueprintRow] | None = None):
    rows = rows or []
    formset_class = forms.formset_factory(
        BlueprintRowForm,
        formset=BaseBlueprintFormSet,
        extra=max(2, BLUEPRINT_ROWS - len(rows)),
        max_num=50,
        validate_max=True,
        # Django builds (and shows) up to max_num + 1000 forms for a larger TOTAL_FORMS before it
        # says "at most 50": half a minute of one process for a tampered number.
        absolute_max=50,
    )
    initial = [{"topic": r.topic.pk, "difficulty": r.difficulty or "", "count": r.count} for r in rows]
    # Every row is validated, changed or not: a row equal to its initial value is still part of the blueprint.
    return formset_class(
        data, prefix="bp", initial=initial, form_kwargs={"tree": tree, "allowed": allowed, "empty_permitted": False}
    )


class JuryForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại thành viên ban giám khảo"),
        max_length=32,
        help_text=_("Người có tên trong một tổ hoặc là cán bộ của đơn vị bạn tổ chức."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class JuryListForm(forms.Form):
    phones = forms.CharField(
        label=_("Hoặc thêm nhiều người: mỗi dòng một số điện thoại"),
        # A bound on what a request may send; the service counts the lines (jury.MAX_LINES) and names wrong ones.
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "inputmode": "tel", "autocomplete": "off"}),
        error_messages={
            "required": _("Hãy dán danh sách số điện thoại, mỗi dòng một số."),
            "max_length": _("Danh sách quá dài: hãy chia thành nhiều lần."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phones"].help_text = gettext(
            "Dán cột số điện thoại từ Excel, tối đa %(max)d số. Chỉ thêm khi mọi dòng đều đúng."
        ) % {"max": jury.MAX_LINES}
