"""Forms of the authoring pages. The rules themselves live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Unit

from . import images, services
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


class QuestionForm(forms.Form):
    """One question with up to six choice rows (fixed fields, no formset JS needed).

    The fields only read what was typed; what a question may be (lengths,
    kinds, right answers, levels) is checked by services.question_problems,
    as for an Excel import, and its messages are put on the fields here.
    The ``maxlength`` attributes only spare the author a round trip.
    """

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
        label=_("Hình ảnh (không bắt buộc)"),
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

    def choice_rows(self):
        return [(self[f"choice_{i}_text"], self[f"choice_{i}_correct"]) for i in range(services.MAX_CHOICES)]

    def other_fields(self):
        names = ("explanation", "source", "difficulty", "image", "remove_image")
        return [self[name] for name in names if name in self.fields]

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
        difficulty = cleaned["difficulty"] or Question.Difficulty.MEDIUM
        self.question_data = services.QuestionData(
            topic=cleaned["topic"],
            kind=kind,
            text=cleaned["text"],
            choices=[services.ChoiceData(text, cleaned[f"choice_{i}_correct"]) for i, text in enumerate(texts)],
            explanation=cleaned.get("explanation", ""),
            source=cleaned.get("source", ""),
            difficulty=int(difficulty) if str(difficulty).isascii() and str(difficulty).isdigit() else difficulty,
        )
        for problem in services.question_problems(self.question_data):
            self.add_error(FIELD_OF.get(problem.field, problem.field), problem.message)
        return cleaned


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
