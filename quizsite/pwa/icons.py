"""Draws the app's icons once, with Pillow; the PNGs are committed under static/pwa/.

    .venv/bin/python -m quizsite.pwa.icons

A question card on the site's blue (--brand in static/css/site.css): three
answers, the middle one ticked. Drawn four times larger, then scaled down,
for smooth edges. The maskable icon keeps the card inside the middle 80 %
circle that Android's masks never cut (https://w3c.github.io/manifest/#icon-masks).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (11, 92, 173, 255)  # --brand
OK = (30, 123, 52, 255)  # --ok
LINE = (217, 221, 227, 255)  # --line
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
OUT = Path(__file__).resolve().parent.parent.parent / "static" / "pwa"
SCALE = 4


def draw(size: int, *, card: float, rounded: bool) -> Image.Image:
    """The icon at ``size`` px; ``card``: the card's share of its width; ``rounded`` corners, else full bleed."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), CLEAR if rounded else BRAND)
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BRAND)
    width = big * card
    height = width * 1.1
    left, top = (big - width) / 2, (big - height) / 2
    pen.rounded_rectangle((left, top, left + width, top + height), radius=width * 0.1, fill=WHITE)
    row = height / 3
    for i in range(3):
        middle = top + row * (i + 0.5)
        radius = row * 0.2
        cx = left + width * 0.2
        ticked = i == 1
        pen.ellipse(
            (cx - radius, middle - radius, cx + radius, middle + radius),
            fill=OK if ticked else WHITE,
            outline=OK if ticked else BRAND,
            width=max(1, round(radius * 0.28)),
        )
        if ticked:
            tick = [
                (cx - radius * 0.5, middle + radius * 0.02),
                (cx - radius * 0.12, middle + radius * 0.4),
                (cx + radius * 0.55, middle - radius * 0.38),
            ]
            pen.line(tick, fill=WHITE, width=max(1, round(radius * 0.28)), joint="curve")
        bar = row * 0.14
        pen.rounded_rectangle(
            (cx + radius * 1.8, middle - bar, left + width * 0.85, middle + bar),
            radius=bar,
            fill=BRAND if ticked else LINE,
        )
    return image.resize((size, size), Image.LANCZOS)


ICONS = {
    "icon-192.png": dict(size=192, card=0.62, rounded=True),
    "icon-512.png": dict(size=512, card=0.62, rounded=True),
    "icon-maskable-512.png": dict(size=512, card=0.5, rounded=False),
    # iOS rounds the corners itself and shows transparency as black: full bleed.
    "apple-touch-icon.png": dict(size=180, card=0.6, rounded=False),
    "icon-32.png": dict(size=32, card=0.7, rounded=True),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, options in ICONS.items():
        # A flat drawing needs few colours: a palette of 64 makes the files a third to a fifth of their RGBA size
        # (the 32-px one is loaded with every page, on 2G too).
        draw(**options).quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
