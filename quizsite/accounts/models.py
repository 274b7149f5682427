"""People, the unit tree, teams and officer roles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class AccountUserManager(UserManager):
    """Users sign in by phone or e-mail; the username is internal only."""

    def _create_user(self, username, email, password, **extra_fields):
        username = username or new_username()
        return super()._create_user(username, email, password, **extra_fields)

    def create_user(self, username=None, email=None, password=None, **extra_fields):
        return super().create_user(username, email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        return super().create_superuser(username, email, password, **extra_fields)


def new_username() -> str:
    """A username nobody types: people sign in by phone or e-mail."""
    return "u" + secrets.token_hex(8)


class User(AbstractUser):
    # Django's username stays (the admin and createsuperuser use it) but is
    # internal. allauth, told there is no username field, leaves it as the
    # model gives it: a fresh random one for every new person, never "" (which
    # made every sign-up after the first fail on the unique index).
    username = models.CharField(
        _("tên đăng nhập nội bộ"),
        max_length=150,
        unique=True,
        default=new_username,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("Đã có người dùng với tên đăng nhập này.")},
    )
    # Stored normalised as +84xxxxxxxxx (see phone.normalize_phone).
    phone = models.CharField(_("số điện thoại"), max_length=16, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    # Set when an officer gives the person a temporary password; cleared when
    # they choose their own (adapter.set_password).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    objects = AccountUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(fields=["phone"], name="user_phone_unique"),
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
            ),
            models.CheckConstraint(condition=~Q(username=""), name="user_username_not_empty"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email or self.phone or self.username


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def within_any(self, units) -> UnitQuerySet:
        q = Q()
        for unit in units:
            q |= Q(path__startswith=unit.path)
        return self.filter(q) if q else self.none()


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialised path, root first: "/1/7/42/" → [1, 7, 42] (the unit and its ancestors)."""
    return [int(part) for part in path.strip("/").split("/") if part]


def outermost(units: Iterable[Unit]) -> list[Unit]:
    """The units not inside another of ``units`` (nor repeated), highest first, then in tree order.

    An officer may hold roles on nested units (a commune and one of its
    hamlets): the commune's subtree already holds the hamlet's, so only the
    commune is a root of what they see. Highest first because the standings
    open on the first root.
    """
    kept: list[Unit] = []
    for unit in sorted(units, key=lambda u: (u.depth, u.path)):
        if not any(unit.is_within(other) for other in kept):
            kept.append(unit)
    return kept


class Unit(models.Model):
    """A node of the administrative tree, or an enterprise.

    Depth varies (two-tier provinces since 2025, older ones with districts),
    so the tree is an adjacency list plus a materialised ``path`` of ids
    ("/12/345/") that makes "everything under this unit" one indexed
    prefix query.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh / thành phố")
        DISTRICT = "district", _("Huyện / quận / thị xã")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        HAMLET = "hamlet", _("Ấp / thôn / khu phố / tổ dân phố")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # Administrative code from vietnam-provinces; empty for hamlets and enterprises.
    code = models.CharField(_("mã hành chính"), max_length=20, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True)  # subtree()
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="unit_code_unique"),
            # "Ấp 1" and "ấp 1" under one commune are the same hamlet. Roots
            # (parent NULL) need their own index: NULLs never clash in a unique one.
            models.UniqueConstraint(Lower("name"), F("parent"), name="unit_name_unique_in_parent_ci"),
            models.UniqueConstraint(Lower("name"), condition=Q(parent__isnull=True), name="unit_root_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)

    def ancestors(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(pk__in=path_ids(self.path)).order_by("depth")


class Affiliation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    FARMERS_UNION = "farmers_union", _("Hội Nông dân")
    TRADE_UNION = "trade_union", _("Công đoàn")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    POST_TELECOM = "post_telecom", _("Bưu điện / viễn thông")
    BANK = "bank", _("Ngân hàng")
    LOCAL_GOVERNMENT = "local_government", _("Trưởng ấp / khu phố")
    OTHER = "other", _("Khác")


def makes_youth_union_member(affiliation: str) -> bool:
    """Whether coming from this organisation makes a person a Youth Union member (đoàn viên)."""
    return affiliation == Affiliation.YOUTH_UNION


def is_youth_union_member(*, affiliation: str, is_youth_union: bool) -> bool:
    """Whether a member counts as a Youth Union member (đoàn viên): the one rule every writer keeps.

    ``Membership.is_youth_union`` (the roster's “Đoàn viên” column) is the
    truth, whatever organisation the person comes from (a post office clerk
    may be a member); coming from the Youth Union implies it.
    """
    return is_youth_union or makes_youth_union_member(affiliation)


class Category(models.TextChoices):
    """A person's category for prize quotas (DESIGN §4): the first that applies, in this order."""

    OFFICER = "officer", _("Cán bộ, công chức")
    YOUTH = "youth", _("Đoàn viên")
    OTHER = "other", _("Đối tượng khác")


class Team(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("tên tổ"), max_length=200)
    size_limit = models.PositiveSmallIntegerField(
        _("số thành viên tối đa"),
        default=None,
        null=True,
        blank=True,
        help_text=_("Để trống để dùng giới hạn chung."),
    )
    # Secret in the invite link and QR code; rotating it voids old links.
    invite_token = models.CharField(max_length=32, unique=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chuyển đổi số")
        verbose_name_plural = _("tổ chuyển đổi số")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), F("unit"), name="team_name_unique_in_unit_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_members(self) -> int:
        return self.size_limit or settings.TEAM_SIZE_LIMIT


class MembershipQuerySet(models.QuerySet):
    def leading(self) -> MembershipQuerySet:
        """Those who lead their team: ``Membership.leads`` as a filter."""
        return self.filter(role__in=Membership.LEADING_ROLES)


class Membership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY = "deputy", _("Tổ phó")
        MEMBER = "member", _("Thành viên")

    # Who leads a team: its leader and its deputy. They keep its roster, follow
    # who has played a round, and the home page gives them the way there.
    LEADING_ROLES = (Role.LEADER, Role.DEPUTY)

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    affiliation = models.CharField(_("thuộc"), max_length=20, choices=Affiliation.choices, default=Affiliation.OTHER)
    # From the roster (the officers' lists): what a prize table's quotas per category read (Category), and
    # is_youth_union what the "youth union only" prize rule reads. Coming from the Youth Union implies
    # is_youth_union (is_youth_union_member): save() keeps it, the roster import too (it writes in bulk).
    # db_default too: programs that write memberships with SQL of their own (bench/standings.py) need not
    # know them (but such a program must set is_youth_union itself for its Youth Union members).
    is_officer = models.BooleanField(_("cán bộ, công chức"), default=False, db_default=False)
    is_youth_union = models.BooleanField(_("đoàn viên"), default=False, db_default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên tổ")
        verbose_name_plural = _("thành viên tổ")
        constraints = [
            # A person plays for one team at a time: standings count them once.
            models.UniqueConstraint(fields=["user"], name="membership_one_team_per_user"),
            models.UniqueConstraint(fields=["team"], condition=Q(role="leader"), name="membership_one_leader_per_team"),
            models.UniqueConstraint(fields=["team"], condition=Q(role="deputy"), name="membership_one_deputy_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team}"

    def save(self, *args, **kwargs) -> None:
        """Saved through a service, the admin or a program: whoever comes from the Youth Union is a member of it."""
        youth = is_youth_union_member(affiliation=self.affiliation, is_youth_union=self.is_youth_union)
        if youth != self.is_youth_union:
            self.is_youth_union = youth
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_youth_union"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The admin's form: a box unticked against the affiliation is a contradiction to say, not to undo.
        if makes_youth_union_member(self.affiliation) and not self.is_youth_union:
            raise ValidationError({"is_youth_union": _("Người thuộc Đoàn Thanh niên là đoàn viên.")})

    @property
    def youth_union_besides(self) -> bool:
        """A Youth Union member whose affiliation names another organisation: a roster says both."""
        return self.is_youth_union and not makes_youth_union_member(self.affiliation)

    @property
    def leads(self) -> bool:
        """Whether this person leads their team (leader or deputy)."""
        return self.role in self.LEADING_ROLES


class RoleAssignment(models.Model):
    """An officer role over a unit subtree."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Soạn câu hỏi")
        REVIEWER = "reviewer", _("Duyệt câu hỏi")
        ORGANISER = "organiser", _("Tổ chức cuộc thi")
        VIEWER = "viewer", _("Theo dõi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_assignments")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền cán bộ")
        verbose_name_plural = _("phân quyền cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class SignInLink(models.Model):
    """A personal first sign-in link a team leader hands out (printed, or pasted into the team's Zalo group).

    Only the token's SHA-256 is stored: the link itself is shown once, on the
    leader's sheet, and never appears in logs or on another member's page. It
    works once and until ``expires_at``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết đăng nhập lần đầu")
        verbose_name_plural = _("liên kết đăng nhập lần đầu")
        indexes = [
            # The leader's sheet: a member's links still waiting.
            models.Index(fields=["user", "used_at"], name="sign_in_link_user_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="sign_in_link_expires_after"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.expires_at:%Y-%m-%d}"


# A member's Web Push subscriptions (quizsite.accounts.push_subscriptions), registered with the app's models.
from quizsite.accounts.push_subscriptions import PushSubscription  # noqa: E402, F401
