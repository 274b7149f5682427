"""Who may play a self-paced round: the eligible teams and the reason someone may not start."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quizsite.accounts.models import Membership, Team, Unit, User
from quizsite.accounts.permissions import scope_q

from .models import Round


def eligible_unit_roots(round: Round) -> list[Unit]:
    """The units whose subtrees' teams may play (empty list: the competition unit)."""
    units = list(round.eligible_units.all())
    return units or [round.stage.competition.unit]


def eligible_teams(round: Round) -> QuerySet[Team]:
    return Team.objects.filter(scope_q(eligible_unit_roots(round)))


def team_for_round(*, round: Round, user: User, membership: Membership | None = ...) -> Team | None:
    """The user's team if it may play this round (any team for anyone_signed_in).

    Pass ``membership`` when it is already known (the home page asks for many rounds).
    """
    if membership is ...:
        membership = Membership.objects.filter(user=user).select_related("team__unit").first()
    if membership is None:
        return None
    if round.entry == Round.Entry.ANYONE_SIGNED_IN:
        return membership.team
    roots = eligible_unit_roots(round)
    return membership.team if any(membership.team.unit.is_within(unit) for unit in roots) else None


def entry_problem(
    *, round: Round, user: User, now: datetime | None = None, membership: Membership | None = ...
) -> str | None:
    """Why ``user`` may not start an attempt now, or None if they may."""
    now = now or timezone.now()
    if round.mode != Round.Mode.SELF_PACED:
        return _("Vòng thi này diễn ra trực tiếp, không tự làm bài được.")
    status = round.status_at(now)
    if status == Round.Status.DRAFT:
        return _("Vòng thi chưa được công bố.")
    if status == Round.Status.SCHEDULED:
        return _("Vòng thi chưa mở. Mời bạn quay lại lúc %(at)s.") % {
            "at": timezone.localtime(round.opens_at).strftime("%H:%M %d/%m/%Y")
        }
    if status == Round.Status.CLOSED:
        return _("Vòng thi đã đóng.")
    if (
        round.entry == Round.Entry.TEAM_MEMBERS
        and team_for_round(round=round, user=user, membership=membership) is None
    ):
        return _("Vòng thi này dành cho thành viên các tổ chuyển đổi số cộng đồng thuộc đơn vị tổ chức.")
    return None
