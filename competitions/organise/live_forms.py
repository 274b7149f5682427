"""Forms of the live round pages. They shape input; the rules live in live_services.py."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.live.models import DEFAULT_GUEST_LIMIT, MAX_GUEST_LIMIT, LiveQuestion, LiveRound
from competitions.models import Stage
from questionbank.models import Question

from . import live_services as live
from .forms import _local_datetime
from .team_picker import TeamChoice

PICK, DRAW = "pick", "draw"
QUESTION_LABEL_CHARS = 140


def question_label(question: Question) -> str:
    text = question.text if len(question.text) <= QUESTION_LABEL_CHARS else question.text[:QUESTION_LABEL_CHARS] + "…"
    return f"[{question.get_difficulty_display()}] {text}"


class BankQuestionsField(forms.MultipleChoiceField):
    """Approved questions of the round's bank, one box each, grouped by root topic; the values are their ids."""

    def __init__(self, *, questions: list[Question], **kwargs):
        self.by_id = {q.pk: q for q in questions}
        groups: dict[str, list[tuple[int, str]]] = {}
        for q in questions:
            groups.setdefault(str(q.topic.root.label), []).append((q.pk, question_label(q)))
        super().__init__(choices=list(groups.items()), widget=forms.CheckboxSelectMultiple, **kwargs)
        self.error_messages["invalid_choice"] = _("Câu hỏi này không có trong ngân hàng của vòng thi.")

    def clean(self, value) -> list[Question]:
        """The questions ticked, in the order of the list (a browser sends them so; a script may not)."""
        ticked = {int(pk) for pk in super().clean(value)}
        return [q for pk, q in self.by_id.items() if pk in ticked]


class LiveRoundForm(forms.Form):
    """The round's own fields and its questions; the teams are the picker's (team_picker.py)."""

    title = forms.CharField(label=_("Tên vòng thi"), max_length=200)
    opens_at = _local_datetime(_("Bắt đầu lúc"))
    team_mode = forms.ChoiceField(
        label=_("Cách tính điểm đội"),
        choices=LiveRound.TeamMode.choices,
        initial=LiveRound.TeamMode.SUM,
        widget=forms.RadioSelect,
    )
    guests_allowed = forms.BooleanField(
        label=_("Cho phép khách tham gia"),
        required=False,
        help_text=_("Khách không cần tài khoản: họ nhập tên, chọn tổ ở trang tham gia rồi chơi cho tổ đó."),
    )
    guest_limit = forms.IntegerField(
        label=_("Số khách tối đa"),
        min_value=1,
        max_value=MAX_GUEST_LIMIT,
        initial=DEFAULT_GUEST_LIMIT,
        # Left empty (or sent by a client that does not know the field): the default, as a new round has.
        required=False,
        help_text=_("Khi cho phép khách: vòng thi nhận nhiều nhất chừng này khách; người sau được báo đã đủ."),
    )
    source = forms.ChoiceField(
        label=_("Lấy câu hỏi"),
        choices=[
            (PICK, _("Chọn từng câu trong ngân hàng")),
            (DRAW, _("Rút ngẫu nhiên theo cấu trúc đề (rút một lần khi lưu, thay cho các câu hiện có)")),
        ],
        initial=PICK,
        widget=forms.RadioSelect,
    )
    duration_seconds = forms.IntegerField(
        label=_("Thời gian mỗi câu (giây)"),
        min_value=live.MIN_DURATION,
        max_value=live.MAX_DURATION,
        initial=live.DEFAULT_DURATION,
        help_text=_("Cho câu mới chọn và câu rút theo cấu trúc đề; từng câu đã có chỉnh riêng ở bảng câu hỏi."),
    )
    points = forms.IntegerField(
        label=_("Điểm mỗi câu"), min_value=0, max_value=live.MAX_POINTS, initial=live.DEFAULT_POINTS
    )
    unseen_only = forms.BooleanField(
        label=_("Chỉ rút câu hỏi chưa từng công bố đáp án"),
        required=False,
        help_text=_("Chỉ dùng khi rút theo cấu trúc đề."),
    )

    def __init__(
        self,
        *args,
        stage: Stage,
        saved: live.LiveRoundData | None = None,
        current: list[LiveQuestion] | None = None,
        **kwargs,
    ):
        if saved is not None:
            data = saved
            initial = {
                "title": data.title,
                "opens_at": data.opens_at,
                "team_mode": data.team_mode,
                "guests_allowed": data.guests_allowed,
                "guest_limit": data.guest_limit,
            }
            kwargs.setdefault("initial", initial)
        else:
            # The next full hour: a time to change, not a blank the organiser must work out.
            soon = timezone.localtime() + timedelta(hours=1)
            kwargs.setdefault("initial", {"opens_at": soon.replace(minute=0, second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        current = current or []
        taken = {q.question_id for q in current}
        bank = [
            q
            for q in live.drawing.question_pool(live._pool_round(stage, False), unseen_only=False)
            .select_related("topic__parent__parent")
            .order_by("topic__position", "topic_id", "difficulty", "pk")
            if q.pk not in taken
        ]
        self.fields["questions"] = BankQuestionsField(
            questions=bank,
            label=_("Câu hỏi mới chọn") if current else _("Câu hỏi"),
            required=False,
            help_text=_("Câu hỏi đã duyệt của ngân hàng mà cuộc thi được dùng; ra theo thứ tự trong danh sách.")
            if not current
            else _("Các câu đánh dấu được thêm vào cuối vòng thi."),
        )

    def to_data(self, *, slots: list[live.QuestionSlot], blueprint, teams: TeamChoice) -> live.LiveRoundData:
        data = self.cleaned_data
        picking = data["source"] == PICK
        questions = []
        if picking:
            new = [live.QuestionSlot(q, data["duration_seconds"], data["points"]) for q in data["questions"]]
            questions = [*slots, *new]
        return live.LiveRoundData(
            title=data["title"],
            opens_at=data["opens_at"],
            team_mode=data["team_mode"],
            guests_allowed=data["guests_allowed"],
            guest_limit=data["guest_limit"],
            questions=questions,
            blueprint=[] if picking else blueprint,
            unseen_only=data["unseen_only"],
            duration_seconds=data["duration_seconds"],
            points=data["points"],
            teams=teams.teams,
            team_units=teams.team_units,
            qualifications=teams.qualifications,
            captains=teams.captains,
        )


class SlotForm(forms.Form):
    """One question the round already has: its place, time and points, or “bỏ”."""

    question = forms.IntegerField(widget=forms.HiddenInput)
    position = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=live.MAX_QUESTIONS * 2)
    duration_seconds = forms.IntegerField(label=_("Giây"), min_value=live.MIN_DURATION, max_value=live.MAX_DURATION)
    points = forms.IntegerField(label=_("Điểm"), min_value=0, max_value=live.MAX_POINTS)
    remove = forms.BooleanField(label=_("Bỏ"), required=False)


class BaseSlotFormSet(forms.BaseFormSet):
    def __init__(self, *args, current: list[LiveQuestion], **kwargs):
        self.current = {q.question_id: q for q in current}
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            if form.cleaned_data.get("question") not in self.current:
                raise forms.ValidationError(_("Câu hỏi không thuộc vòng thi này."))

    def slots(self) -> list[live.QuestionSlot]:
        """The questions kept, by the order asked (ties: as they were)."""
        rows = [
            (form.cleaned_data["position"], index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if not form.cleaned_data.get("remove")
        ]
        return [
            live.QuestionSlot(self.current[row["question"]].question, row["duration_seconds"], row["points"])
            for _position, _index, row in sorted(rows, key=lambda r: (r[0], r[1]))
        ]


def slot_formset(data=None, *, current: list[LiveQuestion]):
    # absolute_max: a tampered TOTAL_FORMS is refused, not built into a thousand forms (see blueprint_formset).
    formset_class = forms.formset_factory(
        SlotForm, formset=BaseSlotFormSet, extra=0, max_num=live.MAX_QUESTIONS, absolute_max=live.MAX_QUESTIONS
    )
    initial = [
        {
            "question": q.question_id,
            "position": q.position + 1,
            "duration_seconds": q.duration_seconds,
            "points": q.points,
        }
        for q in current
    ]
    # Every row is validated: a row sent blank is an error, not a question dropped without a word.
    formset = formset_class(data, prefix="q", initial=initial, current=current, form_kwargs={"empty_permitted": False})
    for form, live_question in zip(formset.forms, current, strict=False):
        form.live_question = live_question  # the text shown beside the row
    return formset


def quiet(*items: forms.Form | forms.BaseFormSet) -> None:
    """Bound forms shown with what was typed but without refusals: a picker's button saves nothing, so the
    page it brings back must not tell the organiser off for a title not typed yet."""
    for item in items:
        if isinstance(item, forms.BaseFormSet):
            item._errors = []
            item._non_form_errors = item.error_class(error_class="nonform", renderer=item.renderer)
            quiet(*item.forms)
        else:
            item._errors = ErrorDict(renderer=item.renderer)
