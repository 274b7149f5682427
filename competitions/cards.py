"""The cards of a self-paced round's link and of a shared result (quizsite/og.py, quizsite/cards.py).

A round's card says what a leader's "Chia sẻ" sends: the competition, the
round and until when it is open. A result's card says what its member
chose to share (competitions/result_shares.py): the team and unit, the
score and the round, a name only if they typed one.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quizsite import og
from quizsite.cards import CardText

from . import round_links
from .models import Round
from .result_shares import ResultShare

ROUND = "round"
RESULT = "result"


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "H:i d/m/Y")


def round_text(round: Round) -> CardText:
    competition = round.stage.competition
    return CardText(
        kicker=competition.title,
        title=round.title,
        lines=(og.place(competition.unit), _("Mở đến %(when)s") % {"when": _when(round.closes_at)}),
        footer=og.footer(),
    )


def read_round(pk: int) -> CardText | None:
    """A published self-paced round (a draft is a 404, as on its page)."""
    found = (
        Round.objects.published()
        .select_related("stage__competition__unit__parent")
        .filter(pk=pk, mode=Round.Mode.SELF_PACED)
        .first()
    )
    return round_text(found) if found is not None else None


def round_card(request: HttpRequest, round: Round) -> og.OpenGraph:
    competition = round.stage.competition
    return og.card(
        request,
        kind=ROUND,
        pk=round.pk,
        text=round_text(round),
        title=f"{round.title} · {competition.title}",
        description=_("Vòng thi mở đến %(when)s. Vào thi cùng tổ của bạn: khoảng 10 phút trên điện thoại.")
        % {"when": _when(round.closes_at)},
        url=round_links.path(round.pk),  # a fetcher that reads the page at og:url gets the card again
    )


def shares() -> QuerySet[ResultShare]:
    """Shared results with what their page and card show, read in one query."""
    return ResultShare.objects.select_related(
        "attempt__round__stage__competition", "attempt__team__unit__parent"
    ).filter(attempt__submitted_at__isnull=False)


def score_line(share: ResultShare, total: int) -> str:
    return _("%(score)s/%(total)s điểm · %(round)s") % {
        "score": share.attempt.score or 0,
        "total": total,
        "round": share.attempt.round.title,
    }


def headline(share: ResultShare, total: int) -> str:
    """What the member says, on the page and as the link's title."""
    return _("Tôi được %(score)s/%(total)s điểm %(round)s — cùng thi với tổ mình nhé") % {
        "score": share.attempt.score or 0,
        "total": total,
        "round": share.attempt.round.title,
    }


def result_text(share: ResultShare, total: int) -> CardText:
    attempt = share.attempt
    team = attempt.team
    team_name = team.name if team is not None else ""
    where = og.place(team.unit) if team is not None else og.place(attempt.round.stage.competition.unit)
    if share.shown_name:
        title, lines = share.shown_name, tuple(line for line in (team_name, where) if line)
    else:
        title, lines = team_name or where, (where,) if team_name else ()
    return CardText(
        kicker=attempt.round.stage.competition.title,
        title=title,
        lines=lines,
        score=score_line(share, total),
        footer=og.footer(),
    )


def question_count(share: ResultShare) -> int:
    return share.attempt.questions.count()


def read_result(pk: int) -> CardText | None:
    share = shares().filter(pk=pk).first()
    return result_text(share, question_count(share)) if share is not None else None


def result_card(request: HttpRequest, share: ResultShare, total: int) -> og.OpenGraph:
    where = result_text(share, total)
    return og.card(
        request,
        kind=RESULT,
        pk=share.pk,
        text=where,
        title=headline(share, total),
        description=" · ".join(part for part in (where.title, *where.lines, where.kicker) if part),
        url=reverse("competitions:result_share", args=[share.token]),
        type="article",
    )
