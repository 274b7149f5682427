"""Demo award lists for `seed_demo`: the Sở's prizes for last week's round, drafted, reviewed and published.

The province organiser drafts the list and sends it for review; the system
administrator, a second person as the four-eyes rule wants, publishes it. The
Provincial Youth Union is there as a second awarding body with no list yet,
for a newcomer to draft one (Youth Union members only) themselves.
Idempotent: a body or a list that exists is left as it is.
"""

from __future__ import annotations

from django.utils import timezone

from competitions.models import Competition, Round
from quizsite.accounts.models import RoleAssignment, Unit, User

from .awards import drafting, services
from .awards.models import AwardingBody, AwardList
from .periods import Period

DEPARTMENT = "Sở Khoa học và Công nghệ"
YOUTH_UNION = "Tỉnh đoàn"
TIERS = [
    {"name": "Giải Nhất", "count": 1},
    {"name": "Giải Nhì", "count": 2},
    {"name": "Giải Ba", "count": 3},
    {"name": "Giải Khuyến khích", "count": 5},
]


def build_demo_awards(*, province: Unit, competition: Competition, last_week: Round) -> AwardList | None:
    """Last week's published list of the Sở, or None when nobody played it (``--without-attempts``)
    or there is nobody to draft or publish it."""
    organiser = (
        RoleAssignment.objects.filter(unit=province, role=RoleAssignment.Role.ORGANISER).select_related("user").first()
    )
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    played = last_week.attempts.filter(submitted_at__isnull=False).exists()
    if organiser is None or admin is None or not last_week.is_closed or not played:
        return None
    department, _created = AwardingBody.objects.get_or_create(
        unit=province, name=DEPARTMENT, defaults={"kind": AwardingBody.Kind.DEPARTMENT}
    )
    AwardingBody.objects.get_or_create(
        unit=province, name=YOUTH_UNION, defaults={"kind": AwardingBody.Kind.YOUTH_UNION}
    )
    period = Period.week_of(timezone.localdate(last_week.opens_at))
    existing = AwardList.objects.filter(competition=competition, body=department, period_slug=period.slug).first()
    if existing is not None:
        return existing
    award_list = services.create_list(
        actor=organiser.user,
        competition=competition,
        data=services.ListData(
            body=department,
            period=period,
            period_label=period.label,
            ranked=AwardList.Ranked.PEOPLE,
            tiers=TIERS,
            exclude_officers=True,
            one_prize_per_team=True,
        ),
    )
    services.send_for_review(actor=organiser.user, award_list=award_list)
    seen = drafting.draft(award_list).content_hash
    return services.publish(actor=admin, award_list=award_list, seen_hash=seen)
