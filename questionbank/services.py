"""Writes to the question bank: authoring, versions, review workflow."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizsite.accounts.models import Unit, User

from . import workflow
from .models import Choice, Question, QuestionEvent, Topic, new_choice_keys

Status = Question.Status
Action = QuestionEvent.Action

MAX_CHOICES = 6
# Rows per INSERT in the bulk paths: well under every database's limit on parameters.
BULK_BATCH = 500
TRUE_FALSE_TEXTS = ("Đúng", "Sai")


@dataclass(frozen=True)
class ChoiceData:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class QuestionData:
    """What an author writes; the same shape from a form or an Excel row."""

    topic: Topic
    kind: str
    text: str
    choices: Sequence[ChoiceData]
    explanation: str = ""
    source: str = ""
    difficulty: int = Question.Difficulty.MEDIUM


def validate_question_data(data: QuestionData) -> list[str]:
    """Every problem with ``data``, as messages for the author (empty if fine)."""
    errors: list[str] = []
    if not data.text.strip():
        errors.append(_("Chưa có nội dung câu hỏi."))
    if data.kind not in Question.Kind.values:
        errors.append(_("Loại câu hỏi không hợp lệ."))
    if data.difficulty not in Question.Difficulty.values:
        errors.append(_("Độ khó phải là 1 (dễ), 2 (trung bình) hoặc 3 (khó)."))
    choices = [c for c in data.choices if c.text.strip()]
    correct = sum(1 for c in choices if c.is_correct)
    texts = [c.text.strip().casefold() for c in choices]
    if len(set(texts)) != len(texts):
        errors.append(_("Có hai phương án trùng nhau."))
    if data.kind == Question.Kind.TRUE_FALSE:
        if len(choices) != 2 or correct != 1:
            errors.append(_("Câu Đúng/Sai cần đúng 2 phương án và 1 phương án đúng."))
    else:
        if len(choices) < 2:
            errors.append(_("Cần ít nhất 2 phương án."))
        if len(choices) > MAX_CHOICES:
            errors.append(_("Tối đa %(n)d phương án.") % {"n": MAX_CHOICES})
        if data.kind == Question.Kind.SINGLE and correct != 1:
            errors.append(_("Câu một đáp án cần đúng 1 phương án đúng (đang có %(n)d).") % {"n": correct})
        if data.kind == Question.Kind.MULTIPLE and correct < 1:
            errors.append(_("Câu nhiều đáp án cần ít nhất 1 phương án đúng."))
    return errors


def _check(data: QuestionData) -> None:
    errors = validate_question_data(data)
    if errors:
        raise ValidationError(errors)


def _choices(question: Question, choices: Iterable[ChoiceData]) -> list[Choice]:
    """The unsaved choices of ``question`` from what the author wrote, each with a fresh random key.

    The one place choices are made: by the form, the Excel import, a new
    version, the demo bank. Blank lines are dropped; positions follow the
    author's order; the keys (see Choice.key) follow nothing.
    """
    written = [c for c in choices if c.text.strip()]
    return [
        Choice(question=question, position=i, key=key, text=c.text.strip(), is_correct=c.is_correct)
        for i, (c, key) in enumerate(zip(written, new_choice_keys(len(written)), strict=True))
    ]


def _write_choices(question: Question, choices: Iterable[ChoiceData]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(_choices(question, choices))


def _log(question: Question, actor: User, action: str, note: str = "") -> None:
    QuestionEvent.objects.create(question=question, actor=actor, action=action, note=note)


def _new_question(*, author: User, unit: Unit, data: QuestionData, **fields) -> Question:
    """An unsaved question from what the author wrote (one by one or in bulk)."""
    return Question(
        unit=unit,
        author=author,
        topic=data.topic,
        kind=data.kind,
        text=data.text.strip(),
        explanation=data.explanation.strip(),
        source=data.source.strip(),
        difficulty=data.difficulty,
        **fields,
    )


@transaction.atomic
def create_question(
    *, author: User, unit: Unit, data: QuestionData, action: str = Action.CREATED, image=None
) -> Question:
    _check(data)
    question = _new_question(author=author, unit=unit, data=data)
    question.save()
    _write_choices(question, data.choices)
    if image is not None:
        set_image(question=question, upload=image)
    _log(question, author, action)
    return question


@transaction.atomic
def create_questions_bulk(
    *, author: User, unit: Unit, items: Sequence[QuestionData], submit: bool, action: str = Action.CREATED
) -> list[Question]:
    """Create many questions at once (an Excel import), as ``create_question`` would one by one.

    The same rules and the same outcome: every item is checked before
    anything is written, and one invalid item saves nothing. Each question
    gets its ``action`` event; with ``submit`` it goes to review at once, with
    its SUBMITTED event, as ``submit_for_review`` would. The questions, their
    choices and their events are written with three bulk inserts, so 2,000
    questions take a few statements instead of about 16,000.
    """
    problems = []
    for number, data in enumerate(items, start=1):
        problems += [
            _("Câu hỏi thứ %(n)d: %(message)s") % {"n": number, "message": m} for m in validate_question_data(data)
        ]
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    questions = Question.objects.bulk_create(
        [
            _new_question(
                author=author,
                unit=unit,
                data=data,
                status=Status.IN_REVIEW if submit else Status.DRAFT,
                submitted_at=now if submit else None,
            )
            for data in items
        ],
        batch_size=BULK_BATCH,
    )
    Choice.objects.bulk_create(
        [
            choice
            for question, data in zip(questions, items, strict=True)
            for choice in _choices(question, data.choices)
        ],
        batch_size=BULK_BATCH,
    )
    # All the creation events first, then the submissions: the trail of each
    # question reads in the same order as when it is written one by one.
    actions = [action, Action.SUBMITTED] if submit else [action]
    QuestionEvent.objects.bulk_create(
        [QuestionEvent(question=question, actor=author, action=act) for act in actions for question in questions],
        batch_size=BULK_BATCH,
    )
    return questions


def makes_new_version(question: Question) -> bool:
    """Whether saving an edit of ``question`` makes a new version (see edit_question)."""
    return question.is_frozen or question.status == Status.APPROVED


@transaction.atomic
def edit_question(
    *, question: Question, editor: User, data: QuestionData, image=None, remove_image: bool = False
) -> Question:
    """Save an author's edit.

    A version that a round has shown, or that is approved, is never changed
    in place: the edit becomes a new draft version in the same family, and
    the approved one keeps serving rounds until the new one is approved.
    ``image`` replaces the picture; ``remove_image`` drops it.
    """
    _check(data)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if problem := workflow.edit_problem(question):
        raise ValidationError(problem)
    if makes_new_version(question):
        new = _new_version(question=question, editor=editor, data=data, keep_image=not remove_image)
        if image is not None:
            set_image(question=new, upload=image)
        return new
    for field in ("kind", "explanation", "source", "difficulty"):
        setattr(question, field, getattr(data, field))
    question.topic = data.topic
    question.text = data.text.strip()
    if remove_image:
        question.image = question.image_small = ""
    question.save()
    _write_choices(question, data.choices)
    if image is not None:
        set_image(question=question, upload=image)
    _log(question, editor, Action.EDITED)
    return question


def _new_version(*, question: Question, editor: User, data: QuestionData, keep_image: bool = True) -> Question:
    if Question.objects.filter(family=question.family, status__in=[Status.DRAFT, Status.IN_REVIEW]).exists():
        raise ValidationError(_("Câu hỏi này đã có một phiên bản mới đang soạn hoặc chờ duyệt."))
    latest = Question.objects.filter(family=question.family).order_by("-version").first()
    new = Question.objects.create(
        family=question.family,
        version=latest.version + 1,
        unit=question.unit,
        author=editor,
        topic=data.topic,
        kind=data.kind,
        text=data.text.strip(),
        explanation=data.explanation.strip(),
        source=data.source.strip(),
        difficulty=data.difficulty,
        # Versions share the image files: a file is never rewritten, only replaced.
        image=question.image.name if keep_image and question.image else "",
        image_small=question.image_small.name if keep_image and question.image_small else "",
    )
    _write_choices(new, data.choices)
    _log(new, editor, Action.NEW_VERSION, note=_("Từ phiên bản %(v)d") % {"v": question.version})
    return new


def set_image(*, question: Question, upload) -> Question:
    from .images import make_variants  # Pillow is only loaded when an image comes in

    full, small = make_variants(upload)
    question.image.save(full.name, full, save=False)
    question.image_small.save(small.name, small, save=False)
    question.save(update_fields=["image", "image_small", "updated_at"])
    return question


@transaction.atomic
def submit_for_review(*, question: Question, actor: User) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if problem := workflow.submit_problem(question):
        raise ValidationError(problem)
    question.status = Status.IN_REVIEW
    question.submitted_at = timezone.now()
    question.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(question, actor, Action.SUBMITTED)
    return question


@transaction.atomic
def approve(*, question: Question, reviewer: User, note: str = "") -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if problem := workflow.review_problem(question, reviewer):
        raise ValidationError(problem)
    now = timezone.now()
    # The older approved version stops being drawn; results that used it keep it.
    older = Question.objects.filter(family=question.family, status=Status.APPROVED).exclude(pk=question.pk)
    for old in older:
        old.status = Status.RETIRED
        old.save(update_fields=["status", "updated_at"])
        _log(old, reviewer, Action.RETIRED, note=_("Thay bằng phiên bản %(v)d") % {"v": question.version})
    question.status = Status.APPROVED
    question.reviewer = reviewer
    question.reviewed_at = now
    question.save(update_fields=["status", "reviewer", "reviewed_at", "updated_at"])
    _log(question, reviewer, Action.APPROVED, note=note)
    return question


@transaction.atomic
def reject(*, question: Question, reviewer: User, note: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if problem := workflow.review_problem(question, reviewer):
        raise ValidationError(problem)
    if not note.strip():
        raise ValidationError(_("Hãy ghi lý do trả lại để người soạn biết cần sửa gì."))
    question.status = Status.DRAFT
    question.save(update_fields=["status", "updated_at"])
    _log(question, reviewer, Action.REJECTED, note=note.strip())
    return question


@transaction.atomic
def retire(*, question: Question, actor: User, note: str = "") -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if workflow.retire_problem(question):
        return question  # already retired: nothing to do
    question.status = Status.RETIRED
    question.save(update_fields=["status", "updated_at"])
    _log(question, actor, Action.RETIRED, note=note)
    return question


def mark_used(*, questions: Iterable[Question]) -> None:
    """Freeze these versions: called when a round first shows them."""
    Question.objects.filter(pk__in=[q.pk for q in questions], first_used_at__isnull=True).update(
        first_used_at=timezone.now()
    )


def ensure_root_topics(*, using: str = "default") -> list[Topic]:
    roots = []
    for position, (key, label) in enumerate(Topic.Root.choices):
        topic, _created = Topic.objects.using(using).get_or_create(
            root_key=key, defaults={"name": str(label), "position": position}
        )
        roots.append(topic)
    return roots


def create_subtopic(*, parent: Topic, name: str) -> Topic:
    name = name.strip()
    if not name:
        raise ValidationError(_("Tên chủ đề không được để trống."))
    if Topic.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(_("Đã có chủ đề “%(name)s”.") % {"name": name})
    return Topic.objects.create(parent=parent, name=name)
