"""The header menu: the places a person may open, computed once per request.

Officer pages check their roles through ``quizsite.accounts.permissions``
(``require_role``); the table below names the same roles for each page, so
the menu never offers a link that answers 403. tests/test_navigation.py
follows every offered link as each standard person: a page whose rule
changes without this table fails there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, IntegerField, Value
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from quizsite.accounts.models import Membership, RoleAssignment
from quizsite.accounts.permissions import UNIT_READERS

Role = RoleAssignment.Role

# (url name, label, roles that open it), in menu order.
OFFICER_PLACES: tuple[tuple[str, Promise, frozenset[str]], ...] = (
    ("questionbank:list", _("Ngân hàng câu hỏi"), frozenset({Role.AUTHOR, Role.REVIEWER})),
    ("questionbank:review_queue", _("Câu hỏi chờ duyệt"), frozenset({Role.REVIEWER})),
    ("organise:competitions", _("Cuộc thi và vòng thi"), frozenset(UNIT_READERS)),
    ("accounts:unit_list", _("Đơn vị và tổ"), frozenset(UNIT_READERS)),
    ("leaderboards:standings_competitions", _("Bảng xếp hạng"), frozenset(UNIT_READERS)),
    ("leaderboards:monthly", _("Báo cáo hằng tháng"), frozenset(UNIT_READERS)),
)


@dataclass(frozen=True)
class Link:
    name: str  # the URL name, e.g. "accounts:profile"
    url: str
    label: Promise | str


@dataclass(frozen=True)
class Menu:
    own: tuple[Link, ...]  # home, my team, my standings
    officer: tuple[Link, ...]  # the officer pages the roles open
    account: tuple[Link, ...]  # profile, password (sign-out is a form, not a link)
    role_labels: tuple[str, ...]  # the officer roles held, for the home page

    @property
    def links(self) -> tuple[Link, ...]:
        return (*self.own, *self.officer, *self.account)

    @property
    def groups(self) -> tuple[tuple[Link, ...], ...]:
        return tuple(group for group in (self.own, self.officer, self.account) if group)


def _link(name: str, label: Promise | str, *args) -> Link:
    return Link(name=name, url=reverse(name, args=args), label=label)


def roles_and_team(user) -> tuple[set[str], int | None]:
    """The officer roles ``user`` holds anywhere (a superuser holds them all) and their team's id.

    One query for every page that shows the menu: the roles and the
    membership come back as the rows of one UNION.
    """
    roles = RoleAssignment.objects.filter(user=user).values_list("role", Value(None, output_field=IntegerField()))
    team = Membership.objects.filter(user=user).values_list(Value("", output_field=CharField()), "team_id")
    rows = list(roles.union(team, all=True))
    held = set(Role.values) if user.is_superuser else {role for role, _team in rows if role}
    return held, next((team_id for role, team_id in rows if not role), None)


def menu_for(user, here: str = "") -> Menu:
    """``here``: the page asked for; signing in or up from the header comes back to it (an invite link)."""
    if not user.is_authenticated:
        account = (_link("account_login", _("Đăng nhập")), _link("account_signup", _("Đăng ký")))
        if here.startswith("/") and not here.startswith(("//", "/accounts/")) and here != "/":
            account = tuple(replace(link, url=f"{link.url}?{urlencode({'next': here})}") for link in account)
        return Menu(own=(_link("home", _("Trang chủ")),), officer=(), account=account, role_labels=())
    roles, team_id = roles_and_team(user)
    own = [_link("home", _("Trang chủ"))]
    if team_id is not None:
        own.append(_link("accounts:team_detail", _("Tổ của tôi"), team_id))
    own.append(_link("leaderboards:standings", _("Xếp hạng của tôi")))
    officer = [_link(name, label) for name, label, needs in OFFICER_PLACES if roles & needs]
    if user.is_staff:
        officer.append(_link("admin:index", _("Quản trị hệ thống")))
    return Menu(
        own=tuple(own),
        officer=tuple(officer),
        account=(
            _link("accounts:profile", _("Hồ sơ của tôi")),
            _link("account_change_password", _("Đổi mật khẩu")),
        ),
        role_labels=tuple(Role(role).label for role in Role.values if role in roles),
    )


def menu_for_request(request: HttpRequest) -> Menu:
    """The request's menu, computed on first use and kept for the rest of the request."""
    if not hasattr(request, "_menu"):
        request._menu = menu_for(getattr(request, "user", None) or AnonymousUser(), request.get_full_path())
    return request._menu


def menu(request: HttpRequest) -> dict:
    """Context processor: ``menu`` in every template, queried only if the page shows it."""
    return {"menu": SimpleLazyObject(lambda: menu_for_request(request))}
