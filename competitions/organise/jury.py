"""A competition's jury (ban giám khảo): named by its organisers, by phone; never awarded in its lists.

An organiser of the competition's unit names people found inside the units
they organise (a team member there, or an officer of a unit there); a phone
outside them gets the same answer as a phone nobody has, so the form does not
tell who exists elsewhere. The award lists read ``Competition.jury``
(leaderboards.awards.drafting).

Several at once: a list of phones, one a line, as officers paste a column
from Excel. All of them are added or none: a line that is not a phone,
names nobody in the organiser's units, or repeats an earlier line is
reported by its number, and nothing changes until every line is right.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from competitions.models import Competition
from quizsite.accounts.models import Membership, RoleAssignment
from quizsite.accounts.permissions import is_organiser_of, officer_units, scope_q
from quizsite.accounts.phone import display_phone, normalize_phone

User = get_user_model()

# Phones in one list: a jury is a handful of people, and the page must say what is wrong with each line.
MAX_LINES = 50


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


@dataclass(frozen=True)
class JuryAdded:
    added: list  # the people the list named who were not on the jury yet
    already: int  # lines naming someone already on it


@transaction.atomic
def add_jury_members(*, actor, competition: Competition, text: str) -> JuryAdded:
    """Everyone the list names, one phone a line; or a ValidationError on ``phones`` naming each wrong line."""
    if not is_organiser_of(actor, competition.unit):
        raise PermissionDenied
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise ValidationError({"phones": _("Hãy dán danh sách số điện thoại, mỗi dòng một số.")})
    if len(lines) > MAX_LINES:
        raise ValidationError(
            {
                "phones": _("Mỗi lần thêm được tối đa %(max)d số; danh sách có %(n)d số. Hãy chia thành nhiều lần.")
                % {"max": MAX_LINES, "n": len(lines)}
            }
        )
    phones = {number: normalize_phone(line) for number, line in lines}
    found = {person.phone: person for person in _in_scope(actor).filter(phone__in=set(phones.values()) - {None})}
    errors, first, people = [], {}, []
    for number, line in lines:
        phone = phones[number]
        if phone is None:
            errors.append(
                _("Dòng %(line)d: “%(text)s” không phải số di động Việt Nam (ví dụ đúng: 0912 345 678).")
                % {"line": number, "text": line[:40]}
            )
        elif phone in first:
            errors.append(
                _("Dòng %(line)d: số %(phone)s trùng với dòng %(first)d.")
                % {"line": number, "phone": display_phone(phone), "first": first[phone]}
            )
        elif phone not in found:
            first[phone] = number
            errors.append(
                _("Dòng %(line)d: không tìm thấy ai có số %(phone)s trong các đơn vị bạn tổ chức cuộc thi.")
                % {"line": number, "phone": display_phone(phone)}
            )
        else:
            first[phone] = number
            people.append(found[phone])
    if errors:
        raise ValidationError({"phones": errors})
    on_jury = set(competition.jury.filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    added = [person for person in people if person.pk not in on_jury]
    competition.jury.add(*added)
    return JuryAdded(added=added, already=len(people) - len(added))


@transaction.atomic
def remove_jury_member(*, actor, competition: Competition, person_pk: int) -> None:
    if not is_organiser_of(actor, competition.unit):
        raise PermissionDenied
    competition.jury.remove(person_pk)
