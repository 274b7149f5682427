"""The join code's QR code, drawn on the organiser's page as inline SVG (the project's one QR drawing)."""

from __future__ import annotations

from quizsite.qr import qr_svg

__all__ = ["qr_svg"]
