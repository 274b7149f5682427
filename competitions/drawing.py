"""Questions a round may draw, and the draw of one attempt by the round's blueprint.

Where questions come from: approved questions owned by the competition
unit's subtree **or by its ancestors**. A commune's weekly quiz can then use
the province Sở's bank plus its own local questions, while one commune's
questions never leak into a neighbouring commune's round.

A round with ``unseen_only`` draws only questions whose answers no round has
shown yet (``Question.answers_shown_at`` on any version of the question; see
answers_shown.py): the bank stays open for learning, and the organiser
chooses, round by round, whether a question seen with its answer may come back.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from questionbank import marking
from questionbank.models import Question, Topic
from quizsite.accounts.models import Unit, path_ids

from .models import BlueprintItem, Round


class Row(Protocol):
    """A blueprint row, saved (BlueprintItem) or only asked for (organise.services.BlueprintRow)."""

    topic: Topic
    difficulty: int | None
    count: int


@dataclass(frozen=True)
class DrawnQuestion:
    question: Question
    # Choice keys (never primary keys) in the order this person sees them.
    choice_order: list[int]


class RowCount(NamedTuple):
    """What the bank holds for one blueprint row: every question, and those whose answers were never shown."""

    item: Row
    available: int
    unseen: int
    # The round draws only questions whose answers were never shown.
    unseen_only: bool

    @property
    def needed(self) -> int:
        return self.item.count

    @property
    def drawable(self) -> int:
        return self.unseen if self.unseen_only else self.available

    @property
    def short(self) -> bool:
        """The bank cannot fill this row: the one test behind blueprint_shortfall and the pages' warnings."""
        return self.drawable < self.needed


class Shortfall(NamedTuple):
    """A blueprint item the bank cannot fill, for the organiser's warning."""

    item: Row
    available: int
    needed: int


def bank_owners_q(unit: Unit, field: str = "unit") -> Q:
    """Questions a round of ``unit``'s competition may use: owned in its subtree or by an ancestor."""
    return Q(**{f"{field}__path__startswith": unit.path}) | Q(**{f"{field}__in": path_ids(unit.path)})


def bank_topic_ids(unit: Unit) -> set[int]:
    """Topics a blueprint of ``unit``'s competition may name: the fixed roots, and every topic
    (with its parents) that holds a question of the bank, whatever its review status.

    A sub-topic whose questions all belong to another commune is not one of them.
    """
    parents = dict(Topic.objects.values_list("pk", "parent_id"))
    ids = {pk for pk, parent in parents.items() if parent is None}
    used = Question.objects.filter(bank_owners_q(unit)).values_list("topic_id", flat=True).distinct()
    for topic_id in used:
        while topic_id is not None and topic_id not in ids:
            ids.add(topic_id)
            topic_id = parents.get(topic_id)
    return ids


def _topic_and_descendants(topic: Topic) -> list[int]:
    ids, frontier = [topic.pk], [topic.pk]
    while frontier:
        frontier = list(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def _unseen() -> Exists:
    return ~Exists(Question.objects.filter(family=OuterRef("family"), answers_shown_at__isnull=False))


def question_pool(round: Round, *, unseen_only: bool | None = None) -> QuerySet[Question]:
    """Approved questions a round may draw: the latest approved version of each family.

    ``unseen_only`` defaults to the round's own choice.
    """
    unit = round.stage.competition.unit
    newer_approved = Question.objects.approved().filter(family=OuterRef("family"), version__gt=OuterRef("version"))
    pool = Question.objects.approved().filter(bank_owners_q(unit)).filter(~Exists(newer_approved))
    if round.unseen_only if unseen_only is None else unseen_only:
        pool = pool.filter(_unseen())
    return pool


def _item_pool(pool: QuerySet[Question], item: Row) -> QuerySet[Question]:
    qs = pool.filter(topic_id__in=_topic_and_descendants(item.topic))
    if item.difficulty is not None:
        qs = qs.filter(difficulty=item.difficulty)
    return qs


def _rows(round: Round, rows: Iterable[Row] | None) -> Sequence[Row]:
    return list(round.blueprint.select_related("topic").order_by("pk")) if rows is None else list(rows)


def blueprint_counts(
    round: Round, rows: Iterable[Row] | None = None, *, unseen_only: bool | None = None
) -> list[RowCount]:
    """Per blueprint row (the saved ones unless ``rows`` is given): the questions the bank has,
    and how many of them have never had their answers shown; one query a row.

    ``unseen_only`` defaults to the round's own choice.
    """
    unseen_only = round.unseen_only if unseen_only is None else unseen_only
    pool = question_pool(round, unseen_only=False)
    counts = []
    for item in _rows(round, rows):
        found = _item_pool(pool, item).aggregate(available=Count("pk"), unseen=Count("pk", filter=_unseen()))
        counts.append(RowCount(item, found["available"], found["unseen"], unseen_only))
    return counts


def blueprint_shortfall(
    round: Round, rows: Iterable[Row] | None = None, *, unseen_only: bool | None = None
) -> list[Shortfall]:
    """The blueprint items the bank cannot fill (RowCount.short), with how many it has and needs.

    ``rows`` and ``unseen_only`` check a blueprint before it is saved (the round's own by default).
    """
    return [
        Shortfall(count.item, count.drawable, count.needed)
        for count in blueprint_counts(round, rows, unseen_only=unseen_only)
        if count.short
    ]


def _serves(owner_path: str, round_unit_path: str) -> bool:
    """bank_owners_q for one question and one round: owned in the round's subtree or by an ancestor."""
    return owner_path.startswith(round_unit_path) or round_unit_path.startswith(owner_path)


def families_drawable_by(rounds: QuerySet[Round], families: Iterable) -> set:
    """Which of these question families some of ``rounds`` could draw: question_pool and the
    blueprint rows read the other way round, for a question rather than for a round.

    A fixed number of queries however many rounds there are (every commune's
    weekly round may be open at once): the current versions of the families,
    the topic tree, and the blueprint rows of the rounds that name one of
    their topics or a parent.
    """
    families = set(families)
    if not families:
        return set()
    newer_approved = Question.objects.approved().filter(family=OuterRef("family"), version__gt=OuterRef("version"))
    current = list(
        Question.objects.approved()
        .filter(family__in=families)
        .filter(~Exists(newer_approved))
        .annotate(unseen=_unseen())
        .values("family", "topic_id", "difficulty", "unit__path", "unseen")
    )
    parents = dict(Topic.objects.values_list("pk", "parent_id"))
    lines: dict[int, set[int]] = {}
    for question in current:
        topic_id, line = question["topic_id"], set()
        while topic_id is not None:
            line.add(topic_id)
            topic_id = parents.get(topic_id)
        lines[question["topic_id"]] = line
    items = list(
        BlueprintItem.objects.filter(round__in=rounds, topic_id__in=set().union(*lines.values())).values(
            "topic_id", "difficulty", "round__unseen_only", "round__stage__competition__unit__path"
        )
    )
    drawable = set()
    for question in current:
        for item in items:
            if (
                item["topic_id"] in lines[question["topic_id"]]
                and item["difficulty"] in (None, question["difficulty"])
                and _serves(question["unit__path"], item["round__stage__competition__unit__path"])
                and (question["unseen"] or not item["round__unseen_only"])
            ):
                drawable.add(question["family"])
                break
    return drawable


def draw_questions(
    *, round: Round, rng: random.Random, rows: Iterable[Row] | None = None, unseen_only: bool | None = None
) -> list[DrawnQuestion]:
    """Questions for one attempt: per blueprint item, shuffled, choices shuffled.

    An item the bank cannot fill gives what it has (the organiser was warned
    by blueprint_shortfall); a question never appears twice. ``rows`` and
    ``unseen_only`` draw by a blueprint that is not saved (a live round draws
    its questions once, when the organiser saves it).
    """
    pool = question_pool(round, unseen_only=unseen_only)
    chosen: list[Question] = []
    taken: set[int] = set()
    for item in _rows(round, rows):
        ids = sorted(set(_item_pool(pool, item).values_list("pk", flat=True)) - taken)
        picked = rng.sample(ids, min(item.count, len(ids)))
        taken.update(picked)
        chosen += list(Question.objects.filter(pk__in=picked))
    rng.shuffle(chosen)
    choice_keys: dict[int, list[int]] = {}
    for question in Question.objects.filter(pk__in=taken).prefetch_related("choices"):
        choice_keys[question.pk] = [c.key for c in question.choices.all()]
    drawn = []
    for question in chosen:
        order = marking.shuffled(question.kind, choice_keys[question.pk], rng)
        drawn.append(DrawnQuestion(question=question, choice_order=order))
    return drawn
