"""QR codes: inline SVG (no image request, no cache) for the live round's join code and first sign-in links;
a PNG of the join code to download."""

from __future__ import annotations

import io
import re

import qrcode
import qrcode.image.svg

# The library writes a size in millimetres; the page's CSS sets the width instead (the viewBox keeps the shape).
_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def qr_svg(url: str) -> str:
    """An ``<svg>`` element that encodes ``url``. Safe to mark_safe: the URL is in the shape of its path only."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return _SIZE.sub('<svg role="img"', image.to_string(encoding="unicode"), count=1)


def qr_png(url: str) -> bytes:
    """A PNG of the QR code of ``url``: 10 px a module, black on white, the quiet zone of 4 the standard asks."""
    image = qrcode.make(url, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
