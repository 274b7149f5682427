"""The roster import: all or nothing, in one transaction, one province at a time.

The plan is made again inside the transaction, after the province's row
and the subtree's teams are locked: two officers importing at once (or a
leader adding someone while a file is imported) wait for each other, and
the second import is checked against what the first one wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quizsite.accounts.models import Membership, Team, Unit, User, new_username, path_ids
from quizsite.accounts.permissions import is_organiser_of
from quizsite.accounts.services import new_invite_token

from .planning import Plan, make_plan
from .reading import Row, parse_row, read_workbook

MEMBERSHIP_FIELDS = ["team", "role", "affiliation", "is_officer", "is_youth_union"]


class RosterRefused(Exception):
    """The file has problems: nothing was written. ``plan.problems`` says which cells."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


@dataclass(frozen=True)
class Imported:
    plan: Plan
    created_members: int
    moved: int
    removed: int


def read_roster(upload) -> list[Row]:
    """The file's rows, each checked for what it alone can say (ValidationError when the file is unusable)."""
    return [parse_row(values) for values in read_workbook(upload)]


def check_scope(*, actor: User | None, scope: Unit) -> None:
    """An officer imports only into a subtree where they organise; the command line (actor None) anywhere."""
    if actor is not None and not is_organiser_of(actor, scope):
        raise PermissionDenied


def preview_roster(*, actor: User | None, scope: Unit, rows: list[Row], remove_missing: bool = False) -> Plan:
    check_scope(actor=actor, scope=scope)
    return make_plan(scope=scope, rows=rows, remove_missing=remove_missing)


def import_roster(*, actor: User | None, scope: Unit, rows: list[Row], remove_missing: bool = False) -> Imported:
    """Write the file's teams and members, or raise RosterRefused and write nothing.

    Members the file leaves out of the teams it names are removed only when
    ``remove_missing`` says the officer confirmed it; otherwise they stay.
    """
    check_scope(actor=actor, scope=scope)
    try:
        with transaction.atomic():
            # One province's imports one after another: its root row is the lock.
            Unit.objects.select_for_update().filter(pk=path_ids(scope.path)[0]).first()
            list(Team.objects.select_for_update().filter(unit__path__startswith=scope.path).values_list("pk"))
            plan = make_plan(scope=scope, rows=rows, remove_missing=remove_missing)
            if plan.problems:
                raise RosterRefused(plan)
            return _write(plan)
    except IntegrityError:
        # Someone signed up with one of the file's phones, or made one of its teams, in the meantime.
        raise ValidationError(_("Danh sách vừa thay đổi trong lúc nhập. Hãy nhập lại tệp.")) from None


def _write(plan: Plan) -> Imported:
    _create_hamlets(plan)
    _create_teams(plan)
    users = _create_users(plan)
    removed = 0
    if plan.remove_missing and plan.missing:
        Membership.objects.filter(pk__in=[m.pk for m in plan.missing]).delete()
        removed = len(plan.missing)
    changing, created = [], []
    for destination in plan.destinations.values():
        for row in destination.rows:
            user = users[row.phone]
            values = {
                "team": destination.team,
                "role": row.role,
                "affiliation": row.affiliation,
                "is_officer": row.is_officer,
                "is_youth_union": row.is_youth_union,
            }
            membership = plan.memberships.get(user.pk)
            if membership is None:
                created.append(Membership(user=user, **values))
            elif any(getattr(membership, name) != value for name, value in values.items()):
                changing.append((membership, values))
    # A post changes hands in two steps: the unique leader and deputy indexes are checked row by row.
    step_down = [m.pk for m, values in changing if m.role != Membership.Role.MEMBER]
    step_down += [m.pk for m in plan.demoted]
    if step_down:
        Membership.objects.filter(pk__in=step_down).update(role=Membership.Role.MEMBER)
    for membership, values in changing:
        for name, value in values.items():
            setattr(membership, name, value)
    Membership.objects.bulk_update([m for m, _values in changing], MEMBERSHIP_FIELDS, batch_size=500)
    Membership.objects.bulk_create(created, batch_size=1000)
    return Imported(plan=plan, created_members=len(created), moved=len(plan.moves), removed=removed)


def _create_hamlets(plan: Plan) -> None:
    wanted: dict[tuple[int, str], Unit] = {}
    for destination in plan.destinations.values():
        if destination.hamlet is None and destination.hamlet_name:
            where = (destination.commune.pk, destination.hamlet_name.casefold())
            if where not in wanted:
                wanted[where] = Unit(
                    name=destination.hamlet_name, kind=Unit.Kind.HAMLET, parent=destination.commune, path=""
                )
            destination.hamlet = wanted[where]
    if not wanted:
        return
    hamlets = Unit.objects.bulk_create(wanted.values())
    for hamlet in hamlets:
        hamlet.path = f"{hamlet.parent.path}{hamlet.pk}/"
        hamlet.depth = hamlet.parent.depth + 1
    Unit.objects.bulk_update(hamlets, ["path", "depth"])


def _create_teams(plan: Plan) -> None:
    new = []
    for destination in plan.destinations.values():
        if destination.team is None:
            unit = destination.hamlet or destination.commune
            destination.team = Team(unit=unit, name=destination.team_name, invite_token=new_invite_token())
            new.append(destination.team)
    Team.objects.bulk_create(new, batch_size=1000)


def _create_users(plan: Plan) -> dict[str, User]:
    """The file's people by phone: new ones get no password (they sign in first by a link from their leader).

    Names are corrected for those who never signed in; someone who has keeps the name they gave.
    """
    users = dict(plan.users)
    renamed = []
    new = []
    for row in plan.rows:
        user = users.get(row.phone)
        if user is None:
            user = users[row.phone] = User(
                username=new_username(), phone=row.phone, full_name=row.full_name, password=make_password(None)
            )
            new.append(user)
        elif user.last_login is None and user.full_name != row.full_name:
            user.full_name = row.full_name
            renamed.append(user)
    User.objects.bulk_create(new, batch_size=1000)
    User.objects.bulk_update(renamed, ["full_name"], batch_size=1000)
    return users
