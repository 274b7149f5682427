"""Writes to the question bank: authoring, versions, review workflow."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizsite.accounts.models import Unit, User

from . import workflow
from .models import Choice, Question, QuestionEvent, Topic, new_choice_keys

Status = Question.Status
Action = QuestionEvent.Action

MAX_CHOICES = 7
# Rows per INSERT in the bulk paths: well under every database's limit on parameters.
BULK_BATCH = 500
TRUE_FALSE_TEXTS = ("Đúng", "Sai")
LETTERS = "ABCDEFG"
# An ``order`` question has 3 to 7 steps; a ``hotspot`` question 2 to 7 areas, each at least this
# fraction of its image wide and high (about a finger's width on a phone's picture).
MIN_STEPS = 3
MIN_AREAS = 2
MIN_AREA_SIDE = 0.04
# What an author may write, whatever the way in (the form, an Excel file, a
# bulk create): question_problems() is the one place these are checked.
MAX_TEXT_CHARS = 2000
MAX_EXPLANATION_CHARS = 2000
MAX_CHOICE_CHARS = Choice._meta.get_field("text").max_length
MAX_SOURCE_CHARS = Question._meta.get_field("source").max_length
MAX_TOPIC_CHARS = Topic._meta.get_field("name").max_length


@dataclass(frozen=True)
class Area:
    """A hotspot question's area: fractions (0–1) of its image's width and height."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Area) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class ChoiceData:
    """A choice as written: for ``order`` a step (written in the right order), for ``hotspot`` an area's name
    and its ``area``."""

    text: str
    is_correct: bool
    area: Area | None = None


@dataclass(frozen=True)
class QuestionData:
    """What an author writes; the same shape from a form or an Excel row.

    ``topic``, ``kind`` and ``difficulty`` are as written (no topic, an
    unknown kind or level): question_problems() says what is wrong with them.
    """

    topic: Topic | None
    kind: str
    text: str
    choices: Sequence[ChoiceData]
    explanation: str = ""
    source: str = ""
    difficulty: int | str = Question.Difficulty.MEDIUM
    # Whether the question has (or is given) an image: a hotspot question is tapped on one.
    has_image: bool = False


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question, and where: a QuestionData field name,
    ``choice_<i>`` (the choice at position i as written), ``answer`` (which
    choices are right) or ``choices`` (the choices as a whole)."""

    field: str
    message: str


def fill_true_false(kind: str, texts: Sequence[str]) -> list[str]:
    """The choice texts as saved: a true/false question left blank gets "Đúng" and "Sai" (no typing needed)."""
    texts = list(texts)
    if kind == Question.Kind.TRUE_FALSE and not any(text.strip() for text in texts):
        texts[:2] = TRUE_FALSE_TEXTS
    return texts


def question_problems(data: QuestionData) -> list[Problem]:
    """Everything wrong with ``data``, in the author's words (empty if it may be saved).

    The one validation of a question: the form, the Excel import and the
    bulk create all show these, so a question refused one way is refused
    every way, with the same message.
    """
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, message))

    if data.topic is None:
        problem("topic", _("Chưa chọn chủ đề."))
    kind = data.kind
    if not kind:
        problem("kind", _("Chưa chọn loại câu hỏi."))
    elif kind not in Question.Kind.values:
        problem(
            "kind",
            _(
                "“%(value)s” không phải loại câu hỏi (Một đáp án, Nhiều đáp án, Đúng/Sai, Sắp xếp thứ tự, "
                "Chạm vào hình)."
            )
            % {"value": kind},
        )
    text = data.text.strip()
    if not text:
        problem("text", _("Chưa có nội dung câu hỏi."))
    elif len(text) > MAX_TEXT_CHARS:
        problem("text", _too_long(_("Nội dung câu hỏi"), len(text), MAX_TEXT_CHARS))

    if len(data.choices) > MAX_CHOICES:
        problem("choices", _("Tối đa %(n)d phương án.") % {"n": MAX_CHOICES})
    seen: dict[str, int] = {}
    filled = correct = 0
    ticked_empty = False
    for position, choice in enumerate(data.choices[:MAX_CHOICES]):
        choice_text = choice.text.strip()
        letter = LETTERS[position]
        if not choice_text:
            if choice.is_correct:
                message = _("Phương án %(letter)s được chọn là đáp án đúng nhưng chưa có nội dung.")
                problem("answer", message % {"letter": letter})
                ticked_empty = True
            continue
        filled += 1
        correct += choice.is_correct
        if len(choice_text) > MAX_CHOICE_CHARS:
            label = _("Phương án %(letter)s") % {"letter": letter}
            problem(f"choice_{position}", _too_long(label, len(choice_text), MAX_CHOICE_CHARS))
        key = " ".join(unicodedata.normalize("NFC", choice_text).split()).casefold()
        if key in seen:
            message = _("Phương án %(letter)s trùng với phương án %(other)s.")
            problem(f"choice_{position}", message % {"letter": letter, "other": LETTERS[seen[key]]})
        seen.setdefault(key, position)

    # A right answer on an empty choice is already said: counting the right ones would only repeat it.
    counted = not ticked_empty
    if kind == Question.Kind.TRUE_FALSE:
        if filled != 2:
            problem("choices", _("Câu Đúng/Sai cần đúng 2 phương án (đang có %(n)d).") % {"n": filled})
        if counted and correct != 1:
            problem("answer", _("Câu Đúng/Sai cần đúng 1 phương án đúng (đang có %(n)d).") % {"n": correct})
    elif kind in Question.Kind.values:
        if filled < 2 and kind not in (Question.Kind.ORDER, Question.Kind.HOTSPOT):
            problem("choices", _("Cần ít nhất 2 phương án."))
        if counted and kind == Question.Kind.SINGLE and correct != 1:
            problem("answer", _("Câu một đáp án cần đúng 1 phương án đúng (đang có %(n)d).") % {"n": correct})
        if counted and kind == Question.Kind.MULTIPLE and correct < 1:
            problem("answer", _("Câu nhiều đáp án cần ít nhất 1 phương án đúng."))
    if kind == Question.Kind.ORDER:
        problems[:] = [p for p in problems if p.field != "answer"]  # the steps' order is the answer
        _order_problems(data, filled, problem)
    elif kind == Question.Kind.HOTSPOT:
        _hotspot_problems(data, filled, correct, counted, problem)

    explanation = data.explanation.strip()
    if len(explanation) > MAX_EXPLANATION_CHARS:
        problem("explanation", _too_long(_("Giải thích"), len(explanation), MAX_EXPLANATION_CHARS))
    source = data.source.strip()
    if len(source) > MAX_SOURCE_CHARS:
        problem("source", _too_long(_("Nguồn"), len(source), MAX_SOURCE_CHARS))
    if data.difficulty not in Question.Difficulty.values:
        problem(
            "difficulty",
            _("“%(value)s” không phải độ khó (Dễ, Trung bình, Khó hoặc 1, 2, 3).") % {"value": data.difficulty},
        )
    return problems


def _order_problems(data: QuestionData, filled: int, problem) -> None:
    """An ``order`` question: 3 to 7 steps, written in their right order, with no gap between them."""
    if filled < MIN_STEPS:
        message = _("Câu sắp xếp thứ tự cần từ %(min)d đến %(max)d bước (đang có %(n)d).")
        problem("choices", message % {"min": MIN_STEPS, "max": MAX_CHOICES, "n": filled})
    texts = [c.text.strip() for c in data.choices[:MAX_CHOICES]]
    last = max((i for i, text in enumerate(texts) if text), default=-1)
    if "" in texts[: last + 1]:
        problem(
            "choices",
            _("Các bước phải viết liền nhau, không bỏ trống ở giữa (bước trống: %(letter)s).")
            % {"letter": LETTERS[texts.index("")]},
        )


def _hotspot_problems(data: QuestionData, filled: int, correct: int, counted: bool, problem) -> None:
    """A ``hotspot`` question: an image, 2 to 7 named areas on it that do not overlap, exactly one of them right."""
    if not data.has_image:
        problem("image", _("Câu chạm vào hình cần một hình ảnh để người thi chạm vào."))
    if filled < MIN_AREAS:
        message = _("Câu chạm vào hình cần từ %(min)d đến %(max)d vùng, mỗi vùng có tên (đang có %(n)d).")
        problem("choices", message % {"min": MIN_AREAS, "max": MAX_CHOICES, "n": filled})
    if counted and correct != 1:
        problem("answer", _("Câu chạm vào hình cần đúng 1 vùng đúng (đang có %(n)d).") % {"n": correct})
    drawn: list[tuple[int, Area]] = []
    for position, choice in enumerate(data.choices[:MAX_CHOICES]):
        if not choice.text.strip():
            continue
        letter = LETTERS[position]
        area = choice.area
        if area is None:
            problem(f"choice_{position}", _("Vùng %(letter)s chưa được vẽ trên hình.") % {"letter": letter})
            continue
        values = (area.x, area.y, area.w, area.h)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values) or not (
            0 <= area.x and 0 <= area.y and area.x + area.w <= 1 + AREA_SLACK and area.y + area.h <= 1 + AREA_SLACK
        ):
            problem(f"choice_{position}", _("Vùng %(letter)s nằm ngoài hình.") % {"letter": letter})
            continue
        if area.w < MIN_AREA_SIDE or area.h < MIN_AREA_SIDE:
            message = _("Vùng %(letter)s quá nhỏ để chạm trên điện thoại (mỗi cạnh ít nhất %(min)d%% hình).")
            problem(f"choice_{position}", message % {"letter": letter, "min": round(MIN_AREA_SIDE * 100)})
            continue
        for other_position, other in drawn:
            if area.overlaps(other):
                message = _("Vùng %(letter)s chồng lên vùng %(other)s: một lần chạm phải chỉ thuộc một vùng.")
                problem(f"choice_{position}", message % {"letter": letter, "other": LETTERS[other_position]})
                break
        drawn.append((position, area))


# How far past the image's edge an area may reach and still count as on it: a float's rounding, no more.
AREA_SLACK = 0.0001


def _too_long(what: str, length: int, limit: int) -> str:
    return _("%(what)s dài %(length)d ký tự, quá giới hạn %(limit)d ký tự.") % {
        "what": what,
        "length": length,
        "limit": limit,
    }


def validate_question_data(data: QuestionData) -> list[str]:
    """Every problem with ``data``, as messages for the author (empty if fine)."""
    return [problem.message for problem in question_problems(data)]


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
    made = []
    for i, (c, key) in enumerate(zip(written, new_choice_keys(len(written)), strict=True)):
        choice = Choice(question=question, position=i, key=key, text=c.text.strip(), is_correct=c.is_correct)
        if question.kind == Question.Kind.ORDER:
            choice.is_correct = False  # the right order is the steps' positions
        if question.kind == Question.Kind.HOTSPOT and c.area is not None:
            # Rounded to a ten-thousandth of the image and pulled back onto it: nothing a float adds says more.
            x, y = round(c.area.x, 4), round(c.area.y, 4)
            choice.area_x, choice.area_y = x, y
            choice.area_w, choice.area_h = min(round(c.area.w, 4), 1 - x), min(round(c.area.h, 4), 1 - y)
        made.append(choice)
    return made


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


def clean_subtopic_name(name: str) -> str:
    """The name a new sub-topic is saved under (spacing tidied), or a ValidationError saying why not."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ValidationError(_("Tên chủ đề không được để trống."))
    if len(name) > MAX_TOPIC_CHARS:
        raise ValidationError(_too_long(_("Tên chủ đề con"), len(name), MAX_TOPIC_CHARS))
    return name


def create_subtopic(*, parent: Topic, name: str) -> Topic:
    """A new sub-topic under ``parent``; a ValidationError if it already has one of that name.

    Two authors (or one double tap) creating the same name at once: the
    database's unique constraint lets one in and the other gets the same
    message as if it came second.
    """
    name = clean_subtopic_name(name)
    exists = ValidationError(_("Đã có chủ đề “%(name)s”.") % {"name": name})
    if Topic.objects.filter(parent=parent, name=name).exists():
        raise exists
    try:
        with transaction.atomic():
            return Topic.objects.create(parent=parent, name=name)
    except IntegrityError:
        raise exists from None


def subtopic_for_import(*, parent: Topic, name: str) -> Topic:
    """The sub-topic of ``parent`` called ``name``, created if missing (an import names it in many rows).

    get_or_create takes the row another import inserted between its look-up
    and its own insert (the unique constraint on parent and name decides).
    """
    return Topic.objects.get_or_create(parent=parent, name=clean_subtopic_name(name))[0]
