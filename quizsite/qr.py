"""QR codes drawn as inline SVG (no image request, no cache): the live round's join code, first sign-in links."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg

# The library writes a size in millimetres; the page's CSS sets the width instead (the viewBox keeps the shape).
_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def qr_svg(url: str) -> str:
    """An ``<svg>`` element that encodes ``url``. Safe to mark_safe: the URL is in the shape of its path only."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return _SIZE.sub('<svg role="img"', image.to_string(encoding="unicode"), count=1)
