"""The card a shared link shows in Zalo or Facebook: a page's Open Graph tags and its image's address.

A page with a card of its own puts ``og`` (an ``OpenGraph``) in its context;
templates/_og.html writes the tags, and base.html writes the site's card
where a page has none.

An image's address names what it draws (a kind and an id) with a signature
(``ref``): an id the site never handed out is refused before the database
is asked (quizsite/card_views.py). ``?v=`` changes with the image's text,
so a card whose name changed is fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .cards import HEIGHT, WIDTH, CardText

SALT = "quizsite.og.card"


@dataclass(frozen=True)
class OpenGraph:
    title: str
    description: str
    url: str  # absolute
    image: str  # absolute
    type: str = "website"
    image_width: int = WIDTH
    image_height: int = HEIGHT


def _signature(kind: str, pk: int) -> str:
    return salted_hmac(SALT, f"{kind}:{pk}", algorithm="sha256").hexdigest()[:16]


def ref(kind: str, pk: int) -> str:
    return f"{pk}-{_signature(kind, pk)}"


def checked_pk(kind: str, ref: str) -> int | None:
    """The id a ``ref`` names, if the site signed it; None otherwise (no database read)."""
    pk, _dash, signature = ref.partition("-")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 12:
        return None
    return int(pk) if constant_time_compare(signature, _signature(kind, int(pk))) else None


def footer() -> str:
    return _("Thi kỹ năng số · Tổ chuyển đổi số cộng đồng")


def site_text() -> CardText:
    return CardText(
        kicker=_("Thi kỹ năng số"),
        title=_("Cuộc thi tìm hiểu chuyển đổi số cho các Tổ chuyển đổi số cộng đồng"),
        lines=(_("Thi trắc nghiệm hằng tuần, vòng thi trực tiếp, bảng xếp hạng"),),
        footer=footer(),
    )


def image_path(kind: str, pk: int, text: CardText) -> str:
    return reverse("cards:image", args=[kind, ref(kind, pk)]) + f"?v={text.key()[:12]}"


def card(
    request: HttpRequest,
    *,
    kind: str,
    pk: int,
    text: CardText,
    title: str,
    description: str,
    url: str | None = None,
    type: str = "website",
) -> OpenGraph:
    """The tags of a page whose image is the ``kind`` card of ``pk``; ``url`` (a path) defaults to the page's."""
    return OpenGraph(
        title=title,
        description=description,
        url=request.build_absolute_uri(url) if url else request.build_absolute_uri(request.path),
        image=request.build_absolute_uri(image_path(kind, pk, text)),
        type=type,
    )


def place(unit) -> str:
    """A unit with the one above it ("Ấp 1, Xã Thạnh Đức"): the name alone repeats across communes."""
    if unit is None:
        return ""
    parent = unit.parent
    return f"{unit.name}, {parent.name}" if parent is not None else unit.name
