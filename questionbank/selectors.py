"""Reads shared by the question-bank pages: scoped lookups, filters, topic trees."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404

from quizsite.accounts.models import RoleAssignment, Unit
from quizsite.accounts.permissions import require_role, scope_q

from . import stats
from .models import Question, QuestionEvent, QuestionStatistics, Topic

Role = RoleAssignment.Role
OFFICER_ROLES = (Role.AUTHOR, Role.REVIEWER)


def get_question_for_officer(user, pk: int, *roles: str) -> Question:
    """The question ``pk`` if it lies in ``user``'s subtree for one of ``roles``.

    403 for a person with none of the roles, 404 outside their subtrees.
    """
    units = require_role(user, *roles)
    try:
        return (
            Question.objects.select_related("topic__parent", "unit", "author", "reviewer")
            .filter(scope_q(units))
            .get(pk=pk)
        )
    except Question.DoesNotExist:
        raise Http404 from None


def in_scope(unit: Unit, units: Iterable[Unit]) -> bool:
    return any(unit.is_within(root) for root in units)


def questions_for_officer(user) -> tuple[list[Unit], object]:
    units = require_role(user, *OFFICER_ROLES)
    return units, Question.objects.filter(scope_q(units))


def question_list(
    queryset, *, topic_ids=None, status="", kind="", difficulty=None, unit=None, search="", needs_review=False
):
    """The list page's rows: newest version of each family (with its statistics), filtered."""
    queryset = queryset.latest_versions().select_related("topic__parent", "unit", "author", "statistics")
    if needs_review:
        queryset = queryset.filter(stats.needs_review_q())
    if topic_ids is not None:
        queryset = queryset.filter(topic_id__in=topic_ids)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if difficulty:
        queryset = queryset.filter(difficulty=difficulty)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if search:
        queryset = queryset.filter(
            Q(text__icontains=search) | Q(explanation__icontains=search) | Q(source__icontains=search)
        )
    return queryset.order_by("-updated_at", "-pk")


# What the list page shows of each row. Loading only these keeps the long
# texts (explanation, source), the authors' password hashes and the choice
# counts out of every page.
LIST_PAGE_FIELDS = (
    "version",
    "text",
    "image",
    "kind",
    "difficulty",
    "status",
    "topic__name",
    "topic__root_key",
    "topic__parent__name",
    "topic__parent__root_key",
    "unit__name",
    "author__full_name",
    "author__email",
    "author__phone",
    "author__username",
    "statistics__seen",
    "statistics__facility",
    "statistics__discrimination",
)


def list_filters(params, *, scoped, tree: TopicTree):
    """The list page's filter form and the ``question_list`` keywords it yields.

    The list page and the Excel export read the same query string through
    this, so an export carries exactly the filters the author was looking at.
    Invalid values are shown on the form with their error and ignored.
    """
    from .forms import QuestionFilterForm

    owners = list(Unit.objects.filter(pk__in=scoped.values("unit_id")).order_by("path"))
    form = QuestionFilterForm(params or None, tree=tree, units=owners)
    filters: dict = {"needs_review": params.get("review") == "1"}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
        topic = cleaned.get("topic")
        filters |= {
            "topic_ids": tree.descendant_ids(topic) if topic else None,
            "status": cleaned.get("status", ""),
            "kind": cleaned.get("kind", ""),
            "difficulty": cleaned.get("difficulty"),
            "unit": cleaned.get("unit"),
            "search": cleaned.get("q", "").strip(),
        }
    return form, filters


def review_queue(user):
    units = require_role(user, Role.REVIEWER)
    return (
        Question.objects.filter(scope_q(units), status=Question.Status.IN_REVIEW)
        .select_related("topic__parent", "unit", "author")
        .order_by("submitted_at", "pk")
    )


def family_versions(question: Question) -> list[Question]:
    return list(Question.objects.filter(family=question.family).only("pk", "version", "status").order_by("version"))


def statistics(question: Question) -> QuestionStatistics | None:
    return QuestionStatistics.objects.filter(question=question).first()


def latest_version(question: Question) -> Question:
    return Question.objects.filter(family=question.family).order_by("-version").first()


def events(question: Question) -> list[QuestionEvent]:
    """The trail of the whole family, so a new version shows where it came from."""
    return list(
        QuestionEvent.objects.filter(question__family=question.family)
        .select_related("actor", "question")
        .order_by("at", "pk")
    )


class TopicTree:
    """All topics from one query, with the grouped choices and subtree lookups the pages need."""

    def __init__(self) -> None:
        self.topics = list(Topic.objects.order_by("position", "name"))
        self.by_id = {t.pk: t for t in self.topics}
        self.children: dict[int | None, list[Topic]] = {}
        for t in self.topics:
            self.children.setdefault(t.parent_id, []).append(t)

    def roots(self) -> list[Topic]:
        return self.children.get(None, [])

    def descendant_ids(self, topic: Topic) -> list[int]:
        ids, stack = [], [topic]
        while stack:
            node = stack.pop()
            ids.append(node.pk)
            stack.extend(self.children.get(node.pk, []))
        return ids

    def grouped_choices(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """For a <select> with one <optgroup> per root topic."""
        groups = []
        for root in self.roots():
            options = [(root.pk, root.label)]
            stack = [(child, 1) for child in reversed(self.children.get(root.pk, []))]
            while stack:
                node, depth = stack.pop()
                options.append((node.pk, "— " * depth + node.name))
                stack.extend((child, depth + 1) for child in reversed(self.children.get(node.pk, [])))
            groups.append((root.label, options))
        return groups
