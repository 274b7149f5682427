"""Link-preview images (Open Graph's og:image): a 1200×630 PNG drawn by Pillow from a few lines of text.

Zalo and Facebook show the image of a shared link as a card. Everything
on it is text: a round's or a team's name as its organiser typed it,
wrapped and shrunk to fit, cut with "…" when even the smallest size runs
out of lines. Characters the font has no glyph for (emoji, symbols) are
left out rather than drawn as empty boxes. The font is DejaVu Sans,
committed in quizsite/fonts/ (licence beside it), which covers Vietnamese.

``CardText.key`` names the image's content: the cache and the ETag use it,
so an image is drawn once per content, and a changed name draws a new one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Change it when the drawing changes: every image then gets a new key (and is drawn again).
DESIGN = "1"

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

# The site's colours (static/css/site.css).
BRAND = (11, 92, 173)
BRAND_DARK = (8, 74, 140)
FG = (27, 31, 36)
MUTED = (91, 100, 112)
BG = (246, 247, 249)
WHITE = (255, 255, 255)

MARGIN = 64
# More than any line can hold at the smallest size: what a user typed is cut here before it is measured.
MAX_INPUT = 240
ELLIPSIS = "…"


@dataclass(frozen=True)
class CardText:
    """What one card says. ``kicker`` is the small line on top (a competition, "Lời mời vào tổ"),
    ``title`` the large one (a round's or a team's name), ``lines`` the smaller ones under it, ``score``
    a result's band ("9/10 điểm · Tuần 48"), ``footer`` the site's name at the bottom."""

    title: str
    kicker: str = ""
    lines: tuple[str, ...] = ()
    score: str = ""
    footer: str = ""

    def key(self) -> str:
        """A name for this content and this drawing: the same text always gives the same key."""
        data = json.dumps([DESIGN, asdict(self)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:24]


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    """The code points the font has a glyph for (its cmap table)."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def drawable(text: str, path: Path = REGULAR) -> str:
    """``text`` as the font can draw it: composed (NFC: "Đức" typed as e + combining marks becomes the
    font's precomposed letters), white space made plain, characters without a glyph left out."""
    text = unicodedata.normalize("NFC", text[: MAX_INPUT * 2])
    covered = _cmap(path)
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif ord(char) in covered and unicodedata.category(char)[0] != "C":
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_INPUT]


def _break_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than the line (a name typed without spaces) split where it runs out."""
    parts, part = [], ""
    for char in word:
        if part and font.getlength(part + char) > width:
            parts.append(part)
            part = char
        else:
            part += char
    return [*parts, part] if part else parts


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _break_word(word, font, width) if font.getlength(word) > width else [word]
        lines.extend(pieces[:-1])
        line = pieces[-1] if pieces else ""
    if line:
        lines.append(line)
    return lines


def _cut(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``line`` ending in "…" within ``width``."""
    while line and font.getlength(line + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit(text: str, *, path: Path, sizes: tuple[int, ...], width: int, max_lines: int):
    """The largest of ``sizes`` at which ``text`` wraps into ``max_lines``; at the smallest, the lines cut."""
    for size in sizes:
        font = _font(path, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(lines[max_lines - 1], font, width)]
    return font, lines


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, *, y: int, fill, spacing: float = 1.2) -> int:
    step = round(font.size * spacing)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=fill)
        y += step
    return y


def draw(text: CardText) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    # The top band: the site's colour, the kicker in white.
    pen.rectangle((0, 0, WIDTH, 120), fill=BRAND)
    kicker_font, kicker = fit(drawable(text.kicker, BOLD), path=BOLD, sizes=(40, 34, 30), width=inner, max_lines=1)
    if kicker and kicker[0]:
        pen.text((MARGIN, 60), kicker[0], font=kicker_font, fill=WHITE, anchor="lm")
    y = 160
    title_font, title = fit(
        drawable(text.title, BOLD), path=BOLD, sizes=(72, 64, 56, 48, 42), width=inner, max_lines=2 if text.score else 3
    )
    y = _draw_lines(pen, title, title_font, y=y, fill=FG, spacing=1.18)
    y += 12
    for line in text.lines[:3]:
        font, wrapped = fit(drawable(line), path=REGULAR, sizes=(36, 32, 28), width=inner, max_lines=1)
        y = _draw_lines(pen, wrapped, font, y=y, fill=MUTED)
    if text.score:
        font, score = fit(drawable(text.score, BOLD), path=BOLD, sizes=(64, 56, 48, 40), width=inner - 48, max_lines=1)
        top = max(y + 16, HEIGHT - 96 - 112)
        pen.rounded_rectangle((MARGIN - 8, top, WIDTH - MARGIN + 8, top + 112), radius=16, fill=BRAND_DARK)
        pen.text((MARGIN + 24, top + 56), score[0], font=font, fill=WHITE, anchor="lm")
    # The bottom rule and the site's name.
    pen.rectangle((0, HEIGHT - 64, WIDTH, HEIGHT), fill=WHITE)
    pen.rectangle((0, HEIGHT - 66, WIDTH, HEIGHT - 64), fill=(217, 221, 227))
    footer_font, footer = fit(drawable(text.footer), path=REGULAR, sizes=(28, 24), width=inner, max_lines=1)
    if footer and footer[0]:
        pen.text((MARGIN, HEIGHT - 32), footer[0], font=footer_font, fill=BRAND, anchor="lm")
    return image


def png(text: CardText) -> bytes:
    """The card as PNG bytes; flat colours, so a palette of 64 keeps it small (tens of KB)."""
    buffer = io.BytesIO()
    draw(text).quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
