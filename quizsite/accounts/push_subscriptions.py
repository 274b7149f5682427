"""A member's Web Push subscriptions: one per browser that said yes to reminders.

A browser's subscription is its push service's endpoint (an https address
that only that browser's service answers for) and the keys that encrypt a
message for it. The member turns reminders on and off from the home page
(templates/home.html, static/js/reminders.js); what is sent, and when, is the
rounds' business (competitions/reminders.py), how it is sent web_push.py's.

Decisions:
- The endpoint is unique: a browser has one subscription for the site, so
  on a phone two members share, it belongs to whoever turned reminders on
  last there.
- The browser's device id (devices.py, a cookie that outlives sign-outs) is
  kept with it: signing out (or a sign-in link that replaces someone on the
  phone) deletes the member's subscriptions made from this browser, so the
  next person holding a shared phone is not told that they have not played.
- At most ``MAX_DEVICES`` per member: a new phone past that replaces the one
  the member has not been reached on for the longest time (a lost or
  replaced phone cannot be turned off from anywhere else).
- An endpoint must be an https address of a known push service
  (``settings.PUSH_SERVICE_HOSTS``): the job posts to it, so it must never
  point into the site's own network.
- The language the member reads the site in when they subscribe is kept
  with it (the project stores no language per person): their reminders
  come in it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .devices import DEVICE_COOKIE

MAX_DEVICES = 5
# Failures in a row after which a subscription is given up (a changed key pair, a service that refuses it).
MAX_FAILURES = 5
ENDPOINT_MAX = 500
# A P-256 public key, uncompressed (65 bytes), and a 16-byte secret: RFC 8291, base64url without padding.
P256DH_BYTES, AUTH_BYTES = 65, 16
KEY_MAX = 100


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions", verbose_name=_("người")
    )
    endpoint = models.CharField(_("địa chỉ nhận"), max_length=ENDPOINT_MAX, unique=True)
    p256dh = models.CharField(max_length=KEY_MAX)
    auth = models.CharField(max_length=KEY_MAX)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    # The browser's device id when it subscribed (devices.DEVICE_COOKIE): what a sign-out there deletes by.
    device = models.CharField(_("thiết bị"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("bật lúc"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("gửi được lần cuối"), null=True, blank=True)
    # Failures in a row (a 404 or 410 deletes the subscription at once; anything else counts here).
    failures = models.PositiveSmallIntegerField(_("số lần gửi lỗi liên tiếp"), default=0)

    class Meta:
        verbose_name = _("đăng ký nhắc nhở")
        verbose_name_plural = _("đăng ký nhắc nhở")
        ordering = ["user", "pk"]

    def __str__(self) -> str:
        return f"{self.user} – {urlsplit(self.endpoint).hostname}"

    @property
    def info(self) -> dict:
        """What pywebpush calls the subscription info: the browser's PushSubscription.toJSON()."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


def enabled() -> bool:
    """Whether the site has a VAPID key pair: without one nothing offers or sends reminders."""
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def reminder_card(user) -> dict | None:
    """What the home page's reminder card needs (the site's public key, the marks of the member's browsers)."""
    if not enabled():
        return None
    endpoints = PushSubscription.objects.filter(user=user).values_list("endpoint", flat=True)
    return {"public_key": settings.VAPID_PUBLIC_KEY, "marks": " ".join(endpoint_mark(e) for e in endpoints)}


def endpoint_mark(endpoint: str) -> str:
    """A short mark of an endpoint: the home page lists the member's, so a browser knows if the site has its own."""
    return hashlib.sha256(endpoint.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Keys:
    endpoint: str
    p256dh: str
    auth: str


def _b64url_bytes(value: str) -> int:
    """How many bytes a base64url text decodes to; -1 when it is not base64url."""
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        return -1


def _known_push_service(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in settings.PUSH_SERVICE_HOSTS)


def clean_keys(*, endpoint: object, p256dh: object, auth: object) -> Keys:
    """The browser's subscription, checked; ValidationError says what is wrong, in the member's language."""
    if not all(isinstance(v, str) for v in (endpoint, p256dh, auth)):
        raise ValidationError(gettext("Trình duyệt gửi đăng ký nhắc nhở không đúng dạng."))
    if len(endpoint) > ENDPOINT_MAX:
        raise ValidationError(gettext("Địa chỉ nhận nhắc nhở dài quá %(max)d ký tự.") % {"max": ENDPOINT_MAX})
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname or not _known_push_service(parts.hostname):
        raise ValidationError(gettext("Trình duyệt này dùng một dịch vụ nhắc nhở mà trang chưa hỗ trợ."))
    if len(p256dh) > KEY_MAX or _b64url_bytes(p256dh) != P256DH_BYTES or len(auth) > KEY_MAX:
        raise ValidationError(gettext("Khóa mã hóa của trình duyệt không đúng dạng."))
    if _b64url_bytes(auth) != AUTH_BYTES:
        raise ValidationError(gettext("Khóa mã hóa của trình duyệt không đúng dạng."))
    return Keys(endpoint=endpoint, p256dh=p256dh, auth=auth)


@transaction.atomic
def subscribe(*, user, keys: Keys, language: str, device: str) -> PushSubscription:
    """Keep this browser's subscription for ``user`` (again: the same row, its keys renewed).

    Someone else's row for the same endpoint (a shared phone) goes: one browser, one holder.
    Past MAX_DEVICES, the member's subscription reached least recently goes.
    """
    PushSubscription.objects.filter(endpoint=keys.endpoint).exclude(user=user).delete()
    subscription, _created = PushSubscription.objects.select_for_update().update_or_create(
        endpoint=keys.endpoint,
        defaults={
            "user": user,
            "p256dh": keys.p256dh,
            "auth": keys.auth,
            "language": language,
            "device": device[:64],
            "failures": 0,
        },
    )
    others = PushSubscription.objects.filter(user=user).exclude(pk=subscription.pk)
    surplus = others.count() - (MAX_DEVICES - 1)
    if surplus > 0:
        oldest = others.order_by(F("last_success_at").asc(nulls_first=True), "created_at", "pk")[:surplus]
        PushSubscription.objects.filter(pk__in=list(oldest.values_list("pk", flat=True))).delete()
    return subscription


def unsubscribe(*, user, endpoint: str) -> bool:
    """Forget this browser's subscription; only its owner's. False when there was none."""
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0


def forget_browser(*, user, device: str) -> int:
    """The member signs out of this browser: their subscriptions made from it go (how many did)."""
    if not device:
        return 0
    deleted, _rows = PushSubscription.objects.filter(user=user, device=device[:64]).delete()
    return deleted


def forget_others_on_browser(*, user, device: str) -> int:
    """Someone signs in on this browser: what others turned on here goes, even if they never signed out (their
    session ran out), so a shared phone never shows the last member's reminder to the next one."""
    if not device:
        return 0
    deleted, _rows = PushSubscription.objects.filter(device=device[:64]).exclude(user=user).delete()
    return deleted


def signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``, however one signs in (the form, a sign-in link, the admin): this browser's reminders
    are the new person's only."""
    if request is not None:
        forget_others_on_browser(user=user, device=request.COOKIES.get(DEVICE_COOKIE, ""))


def signed_out(sender, request, user, **kwargs) -> None:
    """``user_logged_out`` (the menu's button, a sign-in link that replaces someone): nothing of theirs comes to
    this browser any more."""
    if request is not None and user is not None:
        forget_browser(user=user, device=request.COOKIES.get(DEVICE_COOKIE, ""))


def record_deliveries(*, reached: list[int], gone: list[int], failed: list[int]) -> None:
    """What the push services answered, by subscription id: reached, gone (404/410: deleted), failed."""
    if reached:
        PushSubscription.objects.filter(pk__in=reached).update(last_success_at=timezone.now(), failures=0)
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()
    if failed:
        PushSubscription.objects.filter(pk__in=failed).update(failures=F("failures") + 1)
        PushSubscription.objects.filter(pk__in=failed, failures__gte=MAX_FAILURES).delete()
