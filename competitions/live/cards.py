"""A live round's join link as a card: the round, when it starts, and its join code while it is to be played."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quizsite import og
from quizsite.cards import CardText

from . import links
from .models import LiveRound

KIND = "live"


def spaced(code: str) -> str:
    """ "123 456": easier to read off a phone and type on another."""
    return f"{code[:3]} {code[3:]}"


def live_text(live_round: LiveRound) -> CardText:
    round = live_round.round
    competition = round.stage.competition
    when = formats.date_format(timezone.localtime(round.opens_at), "H:i d/m/Y")
    lines = [og.place(competition.unit), _("Bắt đầu lúc %(when)s") % {"when": when}]
    if live_round.status != LiveRound.Status.FINISHED:
        lines.append(_("Mã tham gia: %(code)s") % {"code": spaced(live_round.code)})
    return CardText(
        kicker=_("Vòng thi trực tiếp · %(competition)s") % {"competition": competition.title},
        title=round.title,
        lines=tuple(lines),
        footer=og.footer(),
    )


def read(pk: int) -> CardText | None:
    live_round = (
        LiveRound.objects.select_related("round__stage__competition__unit__parent")
        .filter(pk=pk, round__published_at__isnull=False)
        .first()
    )
    return live_text(live_round) if live_round is not None else None


def join_card(request: HttpRequest, live_round: LiveRound) -> og.OpenGraph:
    return og.card(
        request,
        kind=KIND,
        pk=live_round.pk,
        text=live_text(live_round),
        title=_("Vòng thi trực tiếp: %(round)s") % {"round": live_round.round.title},
        description=_("Mã tham gia %(code)s. Mở liên kết trên điện thoại để vào chơi cùng đội của bạn.")
        % {"code": spaced(live_round.code)},
        url=links.player_path(live_round.code),
    )


def share_text(live_round: LiveRound) -> str:
    """What "Chia sẻ lên Zalo" sends with the link."""
    return _("Vào chơi vòng thi trực tiếp “%(round)s”, mã tham gia %(code)s:") % {
        "round": live_round.round.title,
        "code": spaced(live_round.code),
    }


def share_links(request: HttpRequest, live_round: LiveRound) -> dict:
    """What the "Chia sẻ lên Zalo" part of a page needs: the join link, its text, the QR code's PNG."""
    return {
        "url": request.build_absolute_uri(links.player_path(live_round.code)),
        "title": live_round.round.title,
        "text": share_text(live_round),
        "code": live_round.code,
        "qr_png": links.qr_png_path(live_round.code),
    }
