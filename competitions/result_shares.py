"""A member's result, shared on purpose: a public link (``/results/<token>/``) the member makes from their result page.

Nothing of a result is public until its member shares it. The link shows
the round, the score and the team with its unit; a name only when the
member ticks it, and then only the name they typed (their given name or a
nickname, never the full name by default). Withdrawing deletes the share:
the link and its image are a 404 from then on, and sharing again makes a
new link.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Attempt

SHOWN_NAME_MAX = 30


def new_share_token() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 random bits: not a guess


class ResultShare(models.Model):
    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="share")
    token = models.CharField(max_length=32, unique=True, default=new_share_token, editable=False)
    # Blank: no name on the page or the image (the default).
    shown_name = models.CharField(_("tên hiện khi chia sẻ"), max_length=SHOWN_NAME_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả được chia sẻ")
        verbose_name_plural = _("kết quả được chia sẻ")

    def __str__(self) -> str:
        return self.token


def given_name(full_name: str) -> str:
    """The name a Vietnamese person is called by: the last word of the full name ("Nguyễn Văn Đức" → "Đức")."""
    words = full_name.split()
    return words[-1] if words else ""


def share_result(*, attempt: Attempt, user, shown_name: str = "") -> ResultShare:
    """Share a finished attempt of ``user`` (or change what its share shows); the link stays the same."""
    if attempt.user_id != user.pk:
        raise ValidationError(gettext("Bạn chỉ chia sẻ được kết quả của chính mình."))
    if not attempt.is_finished:
        raise ValidationError(gettext("Hãy nộp bài trước khi chia sẻ kết quả."))
    shown_name = " ".join(shown_name.split())
    if len(shown_name) > SHOWN_NAME_MAX:
        raise ValidationError(gettext("Tên hiện khi chia sẻ dài tối đa %(n)s ký tự.") % {"n": SHOWN_NAME_MAX})
    share, created = ResultShare.objects.get_or_create(attempt=attempt, defaults={"shown_name": shown_name})
    if not created and share.shown_name != shown_name:
        share.shown_name = shown_name
        share.save(update_fields=["shown_name"])
    return share


def withdraw_share(*, attempt: Attempt, user) -> bool:
    """Stop sharing: the link and its image are gone. True when there was a share."""
    deleted, _rows = ResultShare.objects.filter(attempt=attempt, attempt__user=user).delete()
    return deleted > 0
