"""Authoring and review pages of the question bank.

Authors and reviewers see the questions whose unit lies in their subtrees
(404 outside, 403 for a person with neither role). Every write is a form POST
to a service, then a redirect.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizsite.accounts.models import RoleAssignment
from quizsite.accounts.permissions import officer_units, require_role

from . import cues, marking, selectors, services, stats, workflow
from .forms import NoteForm, QuestionForm, RejectForm, SubtopicForm, parse_area
from .models import Question
from .selectors import TopicTree, get_question_for_officer

Role = RoleAssignment.Role
Status = Question.Status
PAGE_SIZE = 50


@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    units, scoped = selectors.questions_for_officer(request.user)
    tree = TopicTree()
    form, filters = selectors.list_filters(request.GET, scoped=scoped, tree=tree)
    needs_review = filters["needs_review"]
    rows = selectors.question_list(scoped, **filters).only(*selectors.LIST_PAGE_FIELDS)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    is_author = bool(officer_units(request.user, [Role.AUTHOR]))
    return render(
        request,
        "questionbank/question_list.html",
        {
            "form": form,
            "page": page,
            "rows": _list_rows(page.object_list),
            "needs_review": needs_review,
            "query": query.urlencode(),
            "is_author": is_author,
            "is_reviewer": bool(officer_units(request.user, [Role.REVIEWER])),
            "subtopic_form": SubtopicForm(tree=tree) if is_author else None,
        },
    )


@dataclass(frozen=True)
class ListRow:
    """One row of the list page, its labels already translated."""

    q: Question
    kind: str
    difficulty: str
    status: str
    # "12 lượt · đúng 80%"; empty when no finished attempt has shown the question.
    numbers: str
    flags: list[tuple[str, str]]
    enough_data: bool


def _list_rows(questions: Iterable[Question]) -> list[ListRow]:
    """The rows of one page, with every label translated once per page rather than once per row.

    A translated label costs a catalog look-up each time it is rendered, and
    a page of 50 rows used to make about a thousand of them.
    """
    kinds = {value: str(label) for value, label in Question.Kind.choices}
    levels = {value: str(label) for value, label in Question.Difficulty.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    flag_labels = {code: str(label) for code, label in stats.Flag.LABELS.items()}
    numbers = _("%(n)s lượt · đúng %(p)s%%")
    rows = []
    for q in questions:
        item = stats.report(getattr(q, "statistics", None))
        seen = item.stat.seen if item.stat is not None else 0
        rows.append(
            ListRow(
                q=q,
                kind=kinds.get(q.kind, q.kind),
                difficulty=levels.get(q.difficulty, q.difficulty),
                status=statuses.get(q.status, q.status),
                numbers=numbers % {"n": localize(seen), "p": floatformat(item.facility_percent, 0)} if seen else "",
                flags=[(code, flag_labels[code]) for code, _label in item.flags],
                enough_data=item.enough_data,
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest) -> HttpResponse:
    units = require_role(request.user, Role.AUTHOR)
    form = QuestionForm(request.POST or None, request.FILES or None, tree=TopicTree(), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.create_question(
                author=request.user,
                unit=form.cleaned_data["unit"],
                data=form.question_data,
                image=form.cleaned_data["image"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu câu hỏi (bản nháp). Khi xong, hãy gửi duyệt."))
            return redirect("questionbank:detail", pk=question.pk)
    context = {"form": form, "preview": _form_preview(form), "choose_image_again": _upload_lost(request, form)}
    return render(request, "questionbank/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.AUTHOR)
    latest = selectors.latest_version(question)
    if latest.pk != question.pk:
        messages.info(
            request, _("Đã có phiên bản mới hơn (v%(v)d); bạn đang sửa phiên bản đó.") % {"v": latest.version}
        )
        return redirect("questionbank:edit", pk=latest.pk)
    if question.status in (Status.IN_REVIEW, Status.RETIRED):
        messages.error(request, _("Không sửa được câu hỏi %(status)s.") % {"status": question.get_status_display()})
        return redirect("questionbank:detail", pk=question.pk)
    form = QuestionForm(request.POST or None, request.FILES or None, tree=TopicTree(), question=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.edit_question(
                question=question,
                editor=request.user,
                data=form.question_data,
                image=form.cleaned_data["image"],
                remove_image=form.cleaned_data.get("remove_image", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved.pk != question.pk:
                messages.success(
                    request,
                    _(
                        "Đã tạo phiên bản mới v%(new)d (bản nháp). "
                        "Phiên bản v%(old)d giữ nguyên cho đến khi bản mới được duyệt."
                    )
                    % {"new": saved.version, "old": question.version},
                )
            else:
                messages.success(request, _("Đã lưu thay đổi."))
            return redirect("questionbank:detail", pk=saved.pk)
    context = {
        "form": form,
        "question": question,
        "makes_new_version": services.makes_new_version(question),
        "new_version_notice": _new_version_notice(question),
        "next_version": question.version + 1,
        "preview": _form_preview(form, question),
        "choose_image_again": _upload_lost(request, form),
        "image_url": question.image_small.url if question.image_small else "",
    }
    return render(request, "questionbank/question_form.html", context)


@login_required
@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.AUTHOR, Role.REVIEWER)
    versions = selectors.family_versions(question)
    actions = workflow.actions_for(actor=request.user, question=question, is_latest=versions[-1].pk == question.pk)
    choices = list(question.choices.all())
    context = {
        "question": question,
        "choices": choices,
        "areas": [(choice, _area_style(choice.area)) for choice in choices if choice.area],
        "item": stats.report(selectors.statistics(question), choices),
        "count_label": stats.count_label(question.kind),
        "longest_is_right": cues.right_answer_stands_out_by_length(question, choices),
        "biggest_area_is_right": cues.right_area_stands_out_by_size(question, choices),
        "steps_say_their_place": cues.steps_say_their_place(question, choices),
        "item_help": stats.help_text(),
        "versions": versions,
        "events": selectors.events(question),
        "actions": actions,
        "makes_new_version": services.makes_new_version(question),
        "reject_form": RejectForm(),
    }
    return render(request, "questionbank/question_detail.html", context)


@login_required
@require_GET
def question_preview(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.AUTHOR, Role.REVIEWER)
    return render(
        request,
        "questionbank/question_preview.html",
        {"question": question, "preview": _question_preview(question)},
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue(request.user)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "questionbank/review_queue.html", {"page": page})


@login_required
@require_POST
def question_submit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.AUTHOR)
    return _act(
        request,
        question,
        lambda: services.submit_for_review(question=question, actor=request.user),
        _("Đã gửi câu hỏi đi duyệt."),
    )


@login_required
@require_POST
def question_approve(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.REVIEWER)
    return _act(
        request,
        question,
        lambda: services.approve(question=question, reviewer=request.user, note=_note(request)),
        _("Đã duyệt câu hỏi."),
        success_url=reverse("questionbank:review_queue"),
    )


@login_required
@require_POST
def question_reject(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.REVIEWER)
    form = RejectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        question,
        lambda: services.reject(question=question, reviewer=request.user, note=note),
        _("Đã trả lại câu hỏi cho người soạn."),
        success_url=reverse("questionbank:review_queue"),
    )


@login_required
@require_POST
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_officer(request.user, pk, Role.AUTHOR, Role.REVIEWER)
    return _act(
        request,
        question,
        lambda: services.retire(question=question, actor=request.user, note=_note(request)),
        _("Đã ngừng dùng câu hỏi."),
    )


@login_required
@require_POST
def subtopic_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.AUTHOR)
    form = SubtopicForm(request.POST, tree=TopicTree())
    if form.is_valid():
        try:
            topic = services.create_subtopic(parent=form.cleaned_data["parent"], name=form.cleaned_data["name"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm chủ đề “%(name)s”.") % {"name": topic})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("questionbank:list")


def _note(request: HttpRequest) -> str:
    """The note sent with an approval or a retirement; refused (as _act shows it) rather than stored when bad."""
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form.cleaned_data["note"]


def _act(
    request: HttpRequest,
    question: Question,
    action: Callable[[], Question],
    success: str,
    success_url: str | None = None,
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("questionbank:detail", pk=question.pk)
    messages.success(request, success)
    return redirect(success_url or reverse("questionbank:detail", kwargs={"pk": question.pk}))


def _new_version_notice(question: Question) -> str:
    reason = _("đã dùng trong vòng thi") if question.is_frozen else _("đã được duyệt")
    return _(
        "Câu hỏi này %(reason)s nên không sửa trực tiếp. Khi lưu sẽ tạo phiên bản mới v%(new)d "
        "(bản nháp, cần duyệt lại); phiên bản v%(old)d giữ nguyên để kết quả cũ vẫn đúng."
    ) % {"reason": reason, "new": question.version + 1, "old": question.version}


def _upload_lost(request: HttpRequest, form: QuestionForm) -> bool:
    """Whether the form comes back with errors after an image was chosen: a browser never refills a file input."""
    return request.method == "POST" and bool(request.FILES.get("image")) and bool(form.errors)


def _area_style(area: dict | None) -> str:
    """An area's place over its image as CSS percentages (dots, whatever the language's decimal mark)."""
    if not area:
        return ""
    return "left:{:.2f}%;top:{:.2f}%;width:{:.2f}%;height:{:.2f}%".format(
        *(100 * area[side] for side in ("x", "y", "w", "h"))
    )


def _question_preview(question: Question) -> dict:
    """What a member sees: text, small image, choices; never which one is right.

    The choices are shuffled as every attempt shuffles them (marking.shuffled):
    the author's order often puts the right answer first, and an order
    question's steps are written in their right order.
    """
    image_url = question.image_small.url if question.image_small else ""
    return _preview(question.kind, question.text, image_url, [(c.text, c.area) for c in question.choices.all()])


def _form_preview(form: QuestionForm, question: Question | None = None) -> dict:
    """The preview of what is in the form now (typed values, or the saved ones)."""
    kind = form["kind"].value()
    texts = [(form[f"choice_{i}_text"].value() or "").strip() for i in range(services.MAX_CHOICES)]
    if kind == Question.Kind.TRUE_FALSE and not any(texts):
        texts = [str(label) for label in services.TRUE_FALSE_TEXTS]
    removing = "remove_image" in form.fields and form["remove_image"].value()
    keep_image = question is not None and question.image_small and not removing
    rows = [(text, _typed_area(form, i) if kind == Question.Kind.HOTSPOT else None) for i, text in enumerate(texts)]
    return _preview(kind, form["text"].value() or "", question.image_small.url if keep_image else "", rows)


def _typed_area(form: QuestionForm, i: int) -> dict | None:
    try:
        area = parse_area(form[f"choice_{i}_area"].value() or "", letter=services.LETTERS[i])
    except ValidationError:
        return None
    return {"x": area.x, "y": area.y, "w": area.w, "h": area.h} if area else None


def _preview(kind: str, text: str, image_url: str, rows: list[tuple[str, dict | None]]) -> dict:
    """The member's view of a question from its rows (text, area), in an order drawn for this page."""
    rows = [(name, area) for name, area in rows if name.strip()]
    order = marking.shuffled(kind, list(range(len(rows))), random.Random())
    shown = [rows[i] for i in order]
    return {
        "text": text,
        "image_url": image_url,
        "kind": kind,
        "multiple": kind == Question.Kind.MULTIPLE,
        "choices": [name for name, _area in shown],
        "areas": [(name, _area_style(area)) for name, area in shown if area],
    }
