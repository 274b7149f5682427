"""Who may see which qualification list, and the lists of a stage.

The organiser pages' own rule (competitions.organise.selectors): organisers
and viewers of the subtree holding the competition's unit read; organisers
change (viewers asking to get a 403); a list outside their subtrees is a
404; a person with neither role a 403.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from competitions.models import Qualification, Stage
from competitions.organise.selectors import READERS, get_stage_for_officer
from quizsite.accounts.permissions import require_role


def get_qualification_for_officer(user, pk: int, *, write: bool = False) -> Qualification:
    require_role(user, *READERS)
    qualification = (
        Qualification.objects.select_related("from_stage", "replaces", "published_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if qualification is None:
        raise Http404
    # The list belongs to the stage it fills: that stage's access decides.
    qualification.into_stage = get_stage_for_officer(user, qualification.into_stage_id, write=write)
    return qualification


def stage_lists(stage: Stage) -> QuerySet[Qualification]:
    """The lists into ``stage``, newest first, with their team counts."""
    return (
        Qualification.objects.filter(into_stage=stage)
        .select_related("from_stage", "published_by")
        .annotate(team_count=Count("teams"))
        .order_by("-created_at", "-pk")
    )
