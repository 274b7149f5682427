"""A competition's jury (ban giám khảo): named by its organisers, by phone; never awarded in its lists.

An organiser of the competition's unit names people found inside the units
they organise (a team member there, or an officer of a unit there); a phone
outside them gets the same answer as a phone nobody has, so the form does not
tell who exists elsewhere. The award lists read ``Competition.jury``
(leaderboards.awards.drafting).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from competitions.models import Competition
from quizsite.accounts.models import Membership, RoleAssignment
from quizsite.accounts.permissions import is_organiser_of, officer_units, scope_q
from quizsite.accounts.phone import normalize_phone

User = get_user_model()


def jury_of(competition: Competition) -> QuerySet:
    return competition.jury.order_by("full_name", "pk")


def _in_scope(actor) -> QuerySet:
    """People whose team, or whose officer role, lies in a unit ``actor`` organises."""
    units = officer_units(actor, [RoleAssignment.Role.ORGANISER])
    member = Membership.objects.filter(scope_q(units, "team__unit"), user=OuterRef("pk"))
    officer = RoleAssignment.objects.filter(scope_q(units), user=OuterRef("pk"))
    return User.objects.filter(Exists(member) | Exists(officer))


@transaction.atomic
def add_jury_member(*, actor, competition: Competition, phone: str):
    if not is_organiser_of(actor, competition.unit):
        raise PermissionDenied
    number = normalize_phone(phone)
    if number is None:
        raise ValidationError(
            {"phone": _("Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678.")}
        )
    person = _in_scope(actor).filter(phone=number).first()
    if person is None:
        raise ValidationError(
            {"phone": _("Không tìm thấy ai có số điện thoại này trong các đơn vị bạn tổ chức cuộc thi.")}
        )
    competition.jury.add(person)
    return person


@transaction.atomic
def remove_jury_member(*, actor, competition: Competition, person_pk: int) -> None:
    if not is_organiser_of(actor, competition.unit):
        raise PermissionDenied
    competition.jury.remove(person_pk)
