"""The reminder card's two writes (static/js/reminders.js): keep this browser's subscription, forget it.

JSON in, JSON out: a subscription only exists where JavaScript made it. A
refusal is a 400 with the reason in the member's language, and changes nothing.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizsite import limits

from . import push_subscriptions
from .devices import device_id, remember_device

# A browser's subscription is about 400 bytes of JSON; anything much larger is not one.
BODY_MAX = 4096
# Turning reminders on and off is a tap now and then; a script doing it in a loop is stopped here.
CHANGES_PER_MEMBER = limits.Limit("push-subscription", count=30, seconds=3600)


def _refusal(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _body(request: HttpRequest) -> dict:
    if not push_subscriptions.enabled():
        raise Http404
    if len(request.body) > BODY_MAX:
        raise ValidationError(_("Đăng ký nhắc nhở quá dài."))
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ValidationError(_("Trình duyệt gửi đăng ký nhắc nhở không đúng dạng."))
    return data


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    try:
        data = _body(request)
        keys = data.get("keys")
        keys = keys if isinstance(keys, dict) else {}
        cleaned = push_subscriptions.clean_keys(
            endpoint=data.get("endpoint"), p256dh=keys.get("p256dh"), auth=keys.get("auth")
        )
    except ValidationError as error:
        return _refusal(" ".join(error.messages))
    if not limits.hit(CHANGES_PER_MEMBER, str(request.user.pk)):
        return _refusal(_("Bạn đã bật, tắt nhắc nhở nhiều lần quá. Mời bạn thử lại sau một giờ."), status=429)
    subscription = push_subscriptions.subscribe(
        user=request.user, keys=cleaned, language=request.LANGUAGE_CODE, device=device_id(request)
    )
    answer = JsonResponse({"on": True, "mark": push_subscriptions.endpoint_mark(subscription.endpoint)})
    # The device id the row was kept with must be this browser's cookie, or signing out here would miss it.
    return remember_device(request, answer)


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    try:
        endpoint = _body(request).get("endpoint")
    except ValidationError as error:
        return _refusal(" ".join(error.messages))
    if not isinstance(endpoint, str) or len(endpoint) > push_subscriptions.ENDPOINT_MAX:
        return _refusal(_("Trình duyệt gửi đăng ký nhắc nhở không đúng dạng."))
    if not limits.hit(CHANGES_PER_MEMBER, str(request.user.pk)):
        return _refusal(_("Bạn đã bật, tắt nhắc nhở nhiều lần quá. Mời bạn thử lại sau một giờ."), status=429)
    push_subscriptions.unsubscribe(user=request.user, endpoint=endpoint)
    return JsonResponse({"on": False})
