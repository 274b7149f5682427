"""First sign-in without a password: personal links a team leader hands out, each working once and until it expires.

The token travels in the link's fragment (``/link/#<token>``): a browser
never sends a fragment to the server, so the token reaches neither nginx's
access log nor a link previewer (Zalo fetches the page it is pasted in).
The page reads it and posts it; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Membership, SignInLink, Team, User
from .permissions import team_rights
from .selectors import roster

# A week covers printing the sheet, handing it out at the hamlet's meeting and
# a member trying at home; a link is a key to an account lying in a Zalo
# group's history, so it never lives longer than a month.
DEFAULT_DAYS = 7
MIN_DAYS = 1
MAX_DAYS = 30

# What secrets.token_urlsafe(32) makes; anything else is no link of ours and
# never reaches the database.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class IssuedLink:
    """A member's link, shown once on the leader's sheet: nothing can show it again."""

    membership: Membership
    url: str
    expires_at: datetime


class LinkRefused(Exception):
    """A link that signs nobody in: ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str, link: SignInLink | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(base_url: str, token: str) -> str:
    """The link as printed: the page's address with the token as its fragment."""
    return f"{base_url}#{token}"


def eligible_members(*, team: Team, actor: User) -> list[Membership]:
    """The team's members ``actor`` may hand a link to, in roster order."""
    rights = team_rights(actor, team)
    return [m for m in roster(team) if rights.can_issue_sign_in_link(m)]


def issue_links(
    *,
    team: Team,
    actor: User,
    days: int,
    base_url: str,
    member_ids: Iterable[int] | None = None,
) -> list[IssuedLink]:
    """One fresh link per member without a password yet (or per member chosen), replacing their unused ones.

    ``base_url`` is the absolute address of the sign-in link page. Returns the
    links to show once; the database keeps only their hashes.
    """
    if not team_rights(actor, team).manage:
        raise PermissionDenied
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError(_("Số ngày hiệu lực phải từ %(min)d đến %(max)d.") % {"min": MIN_DAYS, "max": MAX_DAYS})
    allowed = eligible_members(team=team, actor=actor)
    if member_ids is None:
        chosen = [m for m in allowed if not m.user.has_usable_password()]
    else:
        wanted = set(member_ids)
        chosen = [m for m in allowed if m.pk in wanted]
        if len(chosen) != len(wanted):
            raise ValidationError(_("Bạn không thể tạo liên kết đăng nhập cho người đã chọn."))
    if not chosen:
        raise ValidationError(_("Không có thành viên nào cần liên kết đăng nhập."))
    now = timezone.now()
    expires_at = now + timedelta(days=days)
    issued, rows = [], []
    for membership in chosen:
        token = secrets.token_urlsafe(32)
        rows.append(
            SignInLink(
                user=membership.user,
                token_hash=hash_token(token),
                created_by=actor,
                created_at=now,
                expires_at=expires_at,
            )
        )
        issued.append(IssuedLink(membership=membership, url=link_url(base_url, token), expires_at=expires_at))
    with transaction.atomic():
        # A new sheet replaces the old one: its unused links stop working.
        SignInLink.objects.filter(user__in=[m.user for m in chosen], used_at__isnull=True).delete()
        SignInLink.objects.bulk_create(rows)
    return issued


def check_link(token: str) -> SignInLink:
    """The link ``token`` names, if it still signs someone in; never uses it up (the page asks first)."""
    link = None
    if TOKEN.fullmatch(token or ""):
        link = SignInLink.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if link is None or not link.user.is_active:
        raise LinkRefused("unknown")
    if link.used_at is not None:
        raise LinkRefused("used", link)
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired", link)
    return link


def use_link(token: str) -> User:
    """Use ``token`` up and return whom it signs in; a link is used once, even by two taps at the same moment."""
    link = check_link(token)
    now = timezone.now()
    taken = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if not taken:
        link.refresh_from_db()
        raise LinkRefused("used" if link.used_at else "expired", link)
    return link.user


def whom_to_ask(link: SignInLink | None) -> User | None:
    """Who gives the member a new link: their team's leader (or deputy), else whoever made this one."""
    if link is None:
        return None
    membership = Membership.objects.filter(user_id=link.user_id).first()
    if membership is not None:
        leaders = Membership.objects.leading().filter(team_id=membership.team_id).exclude(user_id=link.user_id)
        leader = min(leaders.select_related("user"), key=lambda m: m.role != Membership.Role.LEADER, default=None)
        if leader is not None:
            return leader.user
    return link.created_by


def waiting_links(users: Iterable[User]) -> dict[int, datetime]:
    """When each member's unused link expires, for those who have one still working."""
    rows = SignInLink.objects.filter(user__in=list(users), used_at__isnull=True, expires_at__gt=timezone.now())
    return dict(rows.values_list("user_id", "expires_at"))


def expiry_text(expires_at: datetime) -> str:
    """When a link stops working, as the sheet and the Zalo text both say it."""
    return date_format(timezone.localtime(expires_at), "H:i d/m/Y")


def sheet_place(team: Team) -> str:
    """Where the team is, as the sheet heads it: a hamlet with its commune ("Ấp 3, Xã An Bình"), else the unit."""
    unit = team.unit
    if unit.parent_id is not None and unit.parent.parent_id is not None:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


def zalo_text(*, team: Team, issued: list[IssuedLink]) -> str:
    """The message to paste into the team's Zalo group: one line per member with their own link."""
    head = _(
        "%(team)s: liên kết đăng nhập lần đầu của từng người. Mỗi người bấm vào liên kết có tên mình "
        "(chỉ dùng được một lần, hết hạn lúc %(expiry)s), rồi đặt mật khẩu."
    ) % {"team": team.name, "expiry": expiry_text(issued[0].expires_at)}
    lines = [f"{link.membership.user.display_name}: {link.url}" for link in issued]
    return "\n".join([head, *lines])
