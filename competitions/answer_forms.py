"""A practice question's answer as a page without JavaScript posts it: numbers beside steps, a tap on the image.

The page shows an order question's steps each with a number box (1…n) and
a hotspot question's image as an ``<input type="image" name="tap">`` drawn
at a width fixed here, so that the tap the browser sends (``tap.x``,
``tap.y``, in CSS pixels of the drawn image) maps back to a fraction of the
image and to an area (marking.area_at). These functions turn the post into
choice keys for attempts.record_answer, or say in the member's language why
they cannot.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from questionbank import marking
from questionbank.models import Question

from .models import AttemptQuestion

# The hotspot image's width on the page, in CSS pixels, whatever the screen: fits a 360 px phone's column
# (328 px inside the page's padding), and a tap's pixels divided by it are a fraction of the image.
TAP_WIDTH = 320


def area_style(area: dict[str, float] | None) -> str:
    """An area as the inline style of a mark drawn over the image (percentages of its box); "" for none."""
    if not area:
        return ""
    return "left:{:.2f}%;top:{:.2f}%;width:{:.2f}%;height:{:.2f}%".format(
        *(area[side] * 100 for side in ("x", "y", "w", "h"))
    )


def place_field(key: int) -> str:
    return f"place-{key}"


def tap_height(question: Question) -> int:
    """The drawn image's height at TAP_WIDTH (its width and height attributes keep the aspect ratio)."""
    try:
        width, height = question.image_small.width, question.image_small.height
    except (OSError, ValueError):  # no file: the page still shows a box to tap
        return TAP_WIDTH
    return max(1, round(TAP_WIDTH * height / width)) if width else TAP_WIDTH


def posted_choices(slot: AttemptQuestion, post: QueryDict, *, saved: list[int] | None) -> list[str | int]:
    """The page's answer as choice keys: the ticked boxes, the numbers beside the steps, or the tap on the image.

    Numbers left as shown are no answer: the member has moved nothing, so has
    not answered yet (unless they had, and put the steps back as shown).
    """
    kind = slot.question.kind
    if kind == Question.Kind.ORDER:
        if place_field(slot.choice_order[0]) not in post:
            return []
        order = order_from_places(slot, post)
        return order if saved or order != slot.choice_order else []
    if kind == Question.Kind.HOTSPOT and "tap.x" in post:
        return [area_from_tap(slot, post)]
    return post.getlist("choice")


def order_from_places(slot: AttemptQuestion, post: QueryDict) -> list[int]:
    """The steps' keys ordered by the numbers the member typed beside them; ValidationError if they are not 1…n."""
    count = len(slot.choice_order)
    places = {}
    for key in slot.choice_order:
        try:
            places[key] = int(post.get(place_field(key), ""))
        except ValueError:
            places[key] = 0
    if sorted(places.values()) != list(range(1, count + 1)):
        raise ValidationError(
            _("Hãy đánh số các bước từ 1 đến %(n)d, mỗi số dùng đúng một lần. Thứ tự chưa được lưu.") % {"n": count}
        )
    return sorted(slot.choice_order, key=places.__getitem__)


def area_from_tap(slot: AttemptQuestion, post: QueryDict) -> int:
    """The key of the area under the tap of the image input; ValidationError outside every area."""
    try:
        x, y = float(post.get("tap.x", "")), float(post.get("tap.y", ""))
    except ValueError:
        x = y = -1.0
    areas = {c.key: c.area for c in slot.question.choices.all()}
    key = marking.area_at(
        [(key, areas.get(key)) for key in slot.choice_order], x / TAP_WIDTH, y / tap_height(slot.question)
    )
    if key is None:
        raise ValidationError(
            _("Bạn chưa chạm vào vùng nào trên hình. Hãy chạm đúng vào chỗ bạn chọn, hoặc chọn trong danh sách vùng.")
        )
    return key
