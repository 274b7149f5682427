"""The join code's QR code: inline SVG on the organiser's page, a PNG to download (both quizsite/qr.py)."""

from __future__ import annotations

from quizsite.qr import qr_png, qr_svg

__all__ = ["qr_png", "qr_svg"]
