"""Questions a round may draw, and the draw of one attempt by the round's blueprint.

Where questions come from: approved questions owned by the competition
unit's subtree **or by its ancestors**. A commune's weekly quiz can then use
the province Sở's bank plus its own local questions, while one commune's
questions never leak into a neighbouring commune's round.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from questionbank.models import Question, Topic

from .models import BlueprintItem, Round


@dataclass(frozen=True)
class DrawnQuestion:
    question: Question
    # Choice keys (never primary keys) in the order this person sees them.
    choice_order: list[int]


class Shortfall(NamedTuple):
    """A blueprint item the bank cannot fill, for the organiser's warning."""

    item: BlueprintItem
    available: int
    needed: int


def _topic_and_descendants(topic: Topic) -> list[int]:
    ids, frontier = [topic.pk], [topic.pk]
    while frontier:
        frontier = list(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def question_pool(round: Round) -> QuerySet[Question]:
    """Approved questions a round may draw: the latest approved version of each family."""
    unit = round.stage.competition.unit
    owners = Q(unit__path__startswith=unit.path) | Q(unit__in=list(unit.ancestors()))
    newer_approved = Question.objects.approved().filter(family=OuterRef("family"), version__gt=OuterRef("version"))
    return Question.objects.approved().filter(owners).filter(~Exists(newer_approved))


def _item_pool(pool: QuerySet[Question], item: BlueprintItem) -> QuerySet[Question]:
    qs = pool.filter(topic_id__in=_topic_and_descendants(item.topic))
    if item.difficulty is not None:
        qs = qs.filter(difficulty=item.difficulty)
    return qs


def blueprint_shortfall(round: Round) -> list[Shortfall]:
    """The blueprint items the bank cannot fill, with how many it has and needs."""
    pool = question_pool(round)
    short = []
    for item in round.blueprint.select_related("topic"):
        available = _item_pool(pool, item).count()
        if available < item.count:
            short.append(Shortfall(item, available, item.count))
    return short


def draw_questions(*, round: Round, rng: random.Random) -> list[DrawnQuestion]:
    """Questions for one attempt: per blueprint item, shuffled, choices shuffled.

    An item the bank cannot fill gives what it has (the organiser was warned
    by blueprint_shortfall); a question never appears twice.
    """
    pool = question_pool(round)
    chosen: list[Question] = []
    taken: set[int] = set()
    for item in round.blueprint.select_related("topic").order_by("pk"):
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
        order = list(choice_keys[question.pk])
        rng.shuffle(order)
        drawn.append(DrawnQuestion(question=question, choice_order=order))
    return drawn
