"""Forms of the authoring pages. The rules themselves live in services.py."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Unit

from . import areas, images, services
from .models import Question, Topic
from .selectors import TopicTree

ANY = [("", _("Tất cả"))]


class TopicField(forms.TypedChoiceField):
    """A topic <select> grouped by root topic, cleaned to a Topic."""

    def __init__(self, *, tree: TopicTree, blank_label=None, **kwargs):
        self.tree = tree
        choices = tree.grouped_choices()
        if blank_label is not None:
            choices = [("", blank_label), *choices]
        super().__init__(choices=choices, coerce=self._topic, empty_value=None, **kwargs)

    def _topic(self, value) -> Topic:
        return self.tree.by_id[int(value)]

    def prepare_value(self, value):
        return value.pk if isinstance(value, Topic) else value


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong nội dung, giải thích, nguồn"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ANY + Question.Status.choices, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=ANY + Question.Kind.choices, required=False)
    difficulty = forms.TypedChoiceField(
        label=_("Độ khó"), choices=ANY + Question.Difficulty.choices, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, tree: TopicTree, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"] = TopicField(tree=tree, blank_label=_("Tất cả chủ đề"), label=_("Chủ đề"), required=False)
        self.fields["unit"] = forms.TypedChoiceField(
            label=_("Đơn vị"),
            choices=[("", _("Tất cả đơn vị")), *((u.pk, u.name) for u in units)],
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": _("Đơn vị không nằm trong phạm vi của bạn.")},
        )
        self._units = {u.pk: u for u in units}
        self.order_fields(["q", "topic", "status", "kind", "difficulty", "unit"])

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        return self._units[pk] if pk is not None else None


@dataclass(frozen=True)
class ChoiceRow:
    """One row of the form: a choice, a step (``order``) or an area (``hotspot``)."""

    letter: str
    number: int
    text: forms.BoundField
    correct: forms.BoundField
    area: forms.BoundField


class QuestionForm(forms.Form):
    """One question with up to seven choice rows (fixed fields, no formset JS needed).

    For ``order`` the rows are the steps in their right order (the ticks are
    ignored); for ``hotspot`` each row is an area: its name, its tick, and
    ``choice_<i>_area`` = "x; y; w; h" in percent of the image, drawn in the
    browser or typed.

    The fields only read what was typed; what a question may be (lengths,
    kinds, right answers, levels) is checked by services.question_problems,
    as for an Excel import, and its messages are put on the fields here.
    The ``maxlength`` attributes only spare the author a round trip.
    """

    MIN_STEPS = services.MIN_STEPS
    MAX_CHOICES = services.MAX_CHOICES

    # Left out, it is the author's first scope unit.
    unit = forms.TypedChoiceField(label=_("Đơn vị sở hữu"), coerce=int, empty_value=None, required=False)
    kind = forms.CharField(
        label=_("Loại câu hỏi"),
        widget=forms.Select(choices=Question.Kind.choices),
        initial=Question.Kind.SINGLE,
        required=False,
    )
    text = forms.CharField(
        label=_("Nội dung câu hỏi"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.MAX_TEXT_CHARS}),
        required=False,
    )
    explanation = forms.CharField(
        label=_("Giải thích (hiện cho người thi sau khi vòng thi đóng)"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.MAX_EXPLANATION_CHARS}),
        required=False,
    )
    source = forms.CharField(
        label=_("Nguồn (văn bản)"),
        widget=forms.TextInput(attrs={"maxlength": services.MAX_SOURCE_CHARS}),
        required=False,
    )
    difficulty = forms.CharField(
        label=_("Độ khó"),
        widget=forms.Select(choices=Question.Difficulty.choices),
        initial=Question.Difficulty.MEDIUM,
        required=False,
    )
    image = forms.FileField(
        label=_("Hình ảnh (bắt buộc với câu chạm vào hình)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_image = forms.BooleanField(label=_("Bỏ hình ảnh hiện có"), required=False)

    def __init__(self, *args, tree: TopicTree, units: list[Unit] | None = None, question: Question | None = None, **kw):
        if question is not None and "initial" not in kw:
            kw["initial"] = initial_from(question)
        super().__init__(*args, **kw)
        self.question = question
        self.fields["topic"] = TopicField(tree=tree, label=_("Chủ đề"), required=False)
        for i in range(services.MAX_CHOICES):
            self.fields[f"choice_{i}_text"] = forms.CharField(
                label=_("Phương án %(letter)s") % {"letter": services.LETTERS[i]},
                widget=forms.TextInput(attrs={"maxlength": services.MAX_CHOICE_CHARS}),
                required=False,
            )
            self.fields[f"choice_{i}_correct"] = forms.BooleanField(label=_("đúng"), required=False)
            self.fields[f"choice_{i}_area"] = forms.CharField(
                label=_("Vùng %(letter)s trên hình (x; y; rộng; cao, theo %% của hình)")
                % {"letter": services.LETTERS[i]},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 60}),
                required=False,
            )
        if question is None:
            units = units or []
            self.fields["unit"].choices = [(u.pk, u.name) for u in units]
            if units:
                self.fields["unit"].initial = units[0].pk
            self._units = {u.pk: u for u in units}
            del self.fields["remove_image"]
        else:
            del self.fields["unit"]
            if not question.image:
                del self.fields["remove_image"]
        self.order_fields(["unit", "topic", "kind", "text"])

    def choice_rows(self) -> list[ChoiceRow]:
        return [
            ChoiceRow(
                letter=services.LETTERS[i],
                number=i + 1,
                text=self[f"choice_{i}_text"],
                correct=self[f"choice_{i}_correct"],
                area=self[f"choice_{i}_area"],
            )
            for i in range(services.MAX_CHOICES)
        ]

    def image_fields(self):
        """The image comes before the rows: a hotspot question's areas are drawn on it."""
        return [self[name] for name in ("image", "remove_image") if name in self.fields]

    def other_fields(self):
        names = ("explanation", "source", "difficulty")
        return [self[name] for name in names if name in self.fields]

    def has_image(self) -> bool:
        """Whether the question will have an image once saved: a new upload, or the one it has, not removed."""
        if self.cleaned_data.get("image"):
            return True
        kept = self.question is not None and bool(self.question.image)
        return kept and not self.cleaned_data.get("remove_image", False)

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is None:
            return next(iter(self._units.values()))
        return self._units[pk]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            images.check_upload(upload)
        return upload or None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kind = cleaned["kind"]
        texts = services.fill_true_false(kind, [cleaned[f"choice_{i}_text"] for i in range(services.MAX_CHOICES)])
        choices = [self._choice(kind, i, text) for i, text in enumerate(texts)]
        if self.errors:  # an area that is no four numbers: said on its row, nothing more to check
            return cleaned
        difficulty = cleaned["difficulty"] or Question.Difficulty.MEDIUM
        self.question_data = services.QuestionData(
            topic=cleaned["topic"],
            kind=kind,
            text=cleaned["text"],
            choices=choices,
            explanation=cleaned.get("explanation", ""),
            source=cleaned.get("source", ""),
            difficulty=int(difficulty) if str(difficulty).isascii() and str(difficulty).isdigit() else difficulty,
            has_image=self.has_image(),
        )
        for problem in services.question_problems(self.question_data):
            self.add_error(FIELD_OF.get(problem.field, problem.field), problem.message)
        return cleaned

    def _choice(self, kind: str, i: int, text: str) -> services.ChoiceData:
        """Row ``i`` as the service reads it: a step's tick means nothing, an area is read from its cell."""
        if kind == Question.Kind.ORDER:
            return services.ChoiceData(text, False)
        correct = self.cleaned_data[f"choice_{i}_correct"]
        if kind != Question.Kind.HOTSPOT:
            return services.ChoiceData(text, correct)
        cell = self.cleaned_data[f"choice_{i}_area"]
        try:
            area = parse_area(cell, letter=services.LETTERS[i])
        except forms.ValidationError as exc:
            self.add_error(f"choice_{i}_area", exc)
            area = None
        return services.ChoiceData(text, correct, area)


def parse_area(cell: str, *, letter: str) -> services.Area | None:
    """An area cell (areas.read: "x; y; w; h" in percent of the image) as fractions; None when blank.

    Only the form of the cell is checked here (four numbers, none negative
    or past 100); whether the area lies on the image, is large enough or
    overlaps another is for services.question_problems.
    """
    cell = cell.strip()
    if not cell:
        return None
    area = areas.read(cell)
    if area is None:
        message = _(
            "Vùng %(letter)s: cần 4 số “x; y; rộng; cao” theo phần trăm của hình, "
            "ví dụ “10; 20; 35,5; 12” (đang có “%(cell)s”)."
        )
        raise forms.ValidationError(message % {"letter": letter, "cell": cell[:60]})
    if any(not 0 <= n <= 1 for n in (area.x, area.y, area.w, area.h)):
        raise forms.ValidationError(
            _("Vùng %(letter)s: mỗi số phải từ 0 đến 100 (phần trăm của hình).") % {"letter": letter}
        )
    return area


# Where each of the service's problems is shown on the form (None: above it).
FIELD_OF = {
    **{f"choice_{i}": f"choice_{i}_text" for i in range(services.MAX_CHOICES)},
    "answer": None,
    "choices": None,
}


def initial_from(question: Question) -> dict:
    initial = {
        "topic": question.topic_id,
        "kind": question.kind,
        "text": question.text,
        "explanation": question.explanation,
        "source": question.source,
        "difficulty": question.difficulty,
    }
    for choice in question.choices.all():
        if choice.position < services.MAX_CHOICES:
            initial[f"choice_{choice.position}_text"] = choice.text
            initial[f"choice_{choice.position}_correct"] = choice.is_correct
            initial[f"choice_{choice.position}_area"] = areas.written(choice.area)
    return initial


class SubtopicForm(forms.Form):
    # The service checks the name (services.clean_subtopic_name), as for an Excel import.
    name = forms.CharField(
        label=_("Tên chủ đề con"), widget=forms.TextInput(attrs={"maxlength": services.MAX_TOPIC_CHARS})
    )

    def __init__(self, *args, tree: TopicTree, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = TopicField(tree=tree, label=_("Thuộc chủ đề"))
        self.order_fields(["parent", "name"])


class NoteForm(forms.Form):
    """The optional note of an approval or a retirement, checked like any text (a NUL is refused, not stored)."""

    note = forms.CharField(required=False)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")},
    )
