"""The demo bank's practice questions (order and hotspot): enough of them, valid, and no key in their shape.

Read straight from the workbook's cells, as the file contract says (columns by
header name; "Vùng X" = "x; y; rộng; cao" in percent; the picture by file name
in hinh/). An attacker who never saw a question must not beat chance by a rule
on what a page may show: an area's size or place, a name's length, a step's
length or alphabetical rank.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from questionbank import cues, services
from questionbank.demo_bank import draw_images
from questionbank.demo_bank import loader as demo_loader
from questionbank.models import Choice, Question, Topic

PICTURES = demo_loader.WORKBOOK.parent / "hinh"
ORDER, HOTSPOT = "Sắp xếp thứ tự", "Chạm vào hình"
KINDS = {ORDER: Question.Kind.ORDER, HOTSPOT: Question.Kind.HOTSPOT}
LEVELS = {"Dễ": Question.Difficulty.EASY, "Trung bình": Question.Difficulty.MEDIUM, "Khó": Question.Difficulty.HARD}
SKILLS = [
    "Dịch vụ công trực tuyến",
    "Mua sắm trực tuyến",
    "Thanh toán trực tuyến",
    "Bảo vệ bản thân trên môi trường số",
    "Các nền tảng số khác của địa phương",
]
# Per skill and kind, at least; and an area at least this share of the picture each way (a finger on a cheap phone).
AT_LEAST = 3
MIN_AREA_SIDE = 0.06
MAX_PICTURE_BYTES = 60 * 1024
MAX_FOLDER_BYTES = 1536 * 1024
# Standard deviations from the expected number of lucky guesses that a rule may reach. The
# workbook is fixed, so nothing here is random: a tighter bound than the pages' test (4.5),
# which must stay quiet over many runs of random draws, still never fails by chance alone.
SIGMAS = 3


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")

    @property
    def choices(self) -> list[str]:
        return [self.get(f"Phương án {letter}") for letter in services.LETTERS if self.get(f"Phương án {letter}")]

    def area(self, letter: str) -> services.Area | None:
        cell = self.get(f"Vùng {letter}")
        if not cell:
            return None
        x, y, w, h = (float(part) / 100 for part in cell.split(";"))
        return services.Area(x, y, w, h)

    @property
    def right_letters(self) -> list[str]:
        return [part.strip() for part in self.get("Đáp án đúng").split(",")]


def _practice_rows() -> list[Row]:
    sheet = load_workbook(demo_loader.WORKBOOK, read_only=True)["Câu hỏi"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(name or "").strip() for name in next(rows)]
    out = []
    for number, values in enumerate(rows, start=2):
        cells = {name: str(value).strip() for name, value in zip(header, values, strict=False) if value is not None}
        if cells.get("Loại") in KINDS:
            out.append(Row(number, cells))
    return out


ROWS = _practice_rows()
HOTSPOTS = [row for row in ROWS if row.get("Loại") == HOTSPOT]
ORDERS = [row for row in ROWS if row.get("Loại") == ORDER]


def test_every_skill_has_at_least_three_order_and_three_hotspot_questions():
    counts = {(row.get("Chủ đề"), row.get("Loại")) for row in ROWS}
    missing = {
        (skill, kind): sum(1 for row in ROWS if (row.get("Chủ đề"), row.get("Loại")) == (skill, kind))
        for skill in SKILLS
        for kind in KINDS
    }
    assert {pair: n for pair, n in missing.items() if n < AT_LEAST} == {}
    assert {topic for topic, _kind in counts} == set(SKILLS)
    assert len(ROWS) >= 30
    assert {row.get("Độ khó") for row in ROWS} == set(LEVELS)


def test_every_practice_question_has_a_subtopic_an_explanation_and_a_source_in_vietnamese():
    for row in ROWS:
        assert row.get("Chủ đề con") and row.get("Giải thích") and row.get("Nguồn"), row.number
        written = row.get("Nội dung câu hỏi") + row.get("Giải thích")
        assert any(unicodedata.decomposition(c) for c in written if c.isalpha()), row.number  # diacritics


def _data(row: Row) -> services.QuestionData:
    kind = KINDS[row.get("Loại")]
    right = set(row.right_letters)
    choices = [
        services.ChoiceData(
            text=text,
            is_correct=kind == Question.Kind.HOTSPOT and letter in right,
            area=row.area(letter) if kind == Question.Kind.HOTSPOT else None,
        )
        for letter, text in zip(services.LETTERS, row.choices, strict=False)
    ]
    return services.QuestionData(
        topic=Topic(name=row.get("Chủ đề")),
        kind=kind,
        text=row.get("Nội dung câu hỏi"),
        choices=choices,
        explanation=row.get("Giải thích"),
        source=row.get("Nguồn"),
        difficulty=LEVELS.get(row.get("Độ khó"), row.get("Độ khó")),
        has_image=bool(row.get("Hình ảnh")) and (PICTURES / row.get("Hình ảnh")).is_file(),
    )


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"row{row.number}")
def test_every_practice_question_is_one_the_bank_accepts(row):
    assert services.question_problems(_data(row)) == []
    letters = list(services.LETTERS[: len(row.choices)])
    if row.get("Loại") == ORDER:
        assert row.right_letters == letters  # the steps are written in their right order
        assert not any(row.get(f"Vùng {letter}") for letter in services.LETTERS)
        assert not row.get("Hình ảnh")
    else:
        assert 3 <= len(row.choices) <= 5
        assert len(row.right_letters) == 1 and row.right_letters[0] in letters
        for letter in letters:
            area = row.area(letter)
            assert area.w >= MIN_AREA_SIDE and area.h >= MIN_AREA_SIDE, (row.number, letter)


def test_every_picture_is_a_small_portrait_png_the_questions_use():
    used = {row.get("Hình ảnh") for row in HOTSPOTS}
    on_disk = {path.name for path in PICTURES.glob("*")}
    assert used == on_disk  # every picture named exists, none lies unused
    for name in used:
        path = PICTURES / name
        with Image.open(path) as picture:
            assert picture.format == "PNG", name
            width, height = picture.size
        assert width >= 360 and height / width == pytest.approx(16 / 9, rel=0.02), name
        assert path.stat().st_size <= MAX_PICTURE_BYTES, name
    assert sum(path.stat().st_size for path in PICTURES.glob("*")) <= MAX_FOLDER_BYTES


def test_every_area_is_a_region_the_drawing_marks_on_its_picture():
    """The workbook's numbers come from draw_images: redrawing a screen moves the areas with it, or this fails."""
    marks = {name: set(draw_images.areas(draw()).values()) for name, draw in draw_images.SCREENS.items()}
    for row in HOTSPOTS:
        for letter in services.LETTERS[: len(row.choices)]:
            assert row.get(f"Vùng {letter}") in marks[row.get("Hình ảnh")], (row.number, letter)
        with Image.open(PICTURES / row.get("Hình ảnh")) as picture:
            assert picture.size == (draw_images.W, draw_images.H)


# --- No rule on the shape beats chance ---------------------------------------------------


def _centre_distance(area: services.Area) -> float:
    return math.hypot(area.x + area.w / 2 - 0.5, area.y + area.h / 2 - 0.5)


AREA_RULES: dict[str, Callable[[services.Area, str], float]] = {
    "largest": lambda a, name: a.w * a.h,
    "smallest": lambda a, name: -a.w * a.h,
    "widest": lambda a, name: a.w,
    "tallest": lambda a, name: a.h,
    "topmost": lambda a, name: -a.y,
    "lowest": lambda a, name: a.y + a.h,
    "leftmost": lambda a, name: -a.x,
    "rightmost": lambda a, name: a.x + a.w,
    "most central": lambda a, name: -_centre_distance(a),
    "least central": lambda a, name: _centre_distance(a),
    "longest name": lambda a, name: len(name),
    "shortest name": lambda a, name: -len(name),
}


def _hits(scores: list[float], right: int) -> float:
    """A rule's share of a hit: it picks the best score, a tie split evenly among the tied."""
    best = max(scores)
    tied = [i for i, score in enumerate(scores) if math.isclose(score, best, abs_tol=1e-9)]
    return 1 / len(tied) if right in tied else 0.0


def _assert_within_chance(chances: list[float], scores: dict[str, float]) -> None:
    """Each rule's hits stay within SIGMAS standard deviations of what chance gives (see test_no_key_leak)."""
    expected = sum(chances)
    spread = SIGMAS * math.sqrt(sum(p * (1 - p) for p in chances))
    assert {rule: hits for rule, hits in scores.items() if abs(hits - expected) > spread} == {}, (
        f"chance: {expected:.1f} ± {spread:.1f} hits, scores {scores}"
    )


def test_no_rule_on_the_areas_size_place_or_name_finds_the_right_area_more_often_than_chance():
    items = []
    for row in HOTSPOTS:
        letters = services.LETTERS[: len(row.choices)]
        items.append(([row.area(letter) for letter in letters], row.choices, letters.index(row.right_letters[0])))
    chances = [1 / len(areas) for areas, _names, _right in items]
    scores = {
        rule: sum(
            _hits([score(a, n) for a, n in zip(areas, names, strict=True)], right) for areas, names, right in items
        )
        for rule, score in AREA_RULES.items()
    }
    # Which letter holds the right area tells nothing either (the pages shuffle, the file should not teach).
    for position in range(5):
        scores[f"letter {services.LETTERS[position]}"] = sum(right == position for _areas, _names, right in items)
    scores["last letter"] = sum(right == len(areas) - 1 for areas, _names, right in items)
    _assert_within_chance(chances, scores)


def test_no_right_area_stands_out_by_size():
    for row in HOTSPOTS:
        question = Question(kind=Question.Kind.HOTSPOT)
        choices = []
        for letter in services.LETTERS[: len(row.choices)]:
            area = row.area(letter)
            choices.append(Choice(is_correct=letter in row.right_letters, area_w=area.w, area_h=area.h))
        assert not cues.right_area_stands_out_by_size(question, choices), row.number


def _plain(text: str) -> str:
    """Vietnamese as a dictionary sorts it closely enough for an attacker: accents off, đ as d, no case."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


STEP_RULES: dict[str, Callable[[str], object]] = {
    "shortest first": len,
    "longest first": lambda step: -len(step),
    "fewest words first": lambda step: len(step.split()),
    "alphabetical": _plain,
    "reverse alphabetical": lambda step: [-ord(c) for c in _plain(step)],
}


def test_no_rule_on_the_steps_length_or_spelling_puts_them_in_the_right_order_more_often_than_chance():
    """A rule that sorts the steps must not find the first step, the last step or the whole order beyond chance."""
    first, last = {}, {}
    for rule, key in STEP_RULES.items():
        first[rule] = last[rule] = 0.0
        for row in ORDERS:
            ranked = sorted(range(len(row.choices)), key=lambda i: key(row.choices[i]))  # noqa: B023
            first[rule] += ranked[0] == 0
            last[rule] += ranked[-1] == len(row.choices) - 1
            assert ranked != list(range(len(row.choices))), (rule, row.number)
    chances = [1 / len(row.choices) for row in ORDERS]
    _assert_within_chance(chances, {f"{rule}: first": hits for rule, hits in first.items()})
    _assert_within_chance(chances, {f"{rule}: last": hits for rule, hits in last.items()})


def test_no_order_questions_steps_say_their_place():
    for row in ORDERS:
        choices = [Choice(text=text) for text in row.choices]
        assert not cues.steps_say_their_place(Question(kind=Question.Kind.ORDER), choices), row.number


# --- Nothing real ------------------------------------------------------------------------

# Any web address (a scheme, www., or a name ending in a real top-level domain) or phone number
# (a Vietnamese number of 10 digits, +84, or a 1800/1900 line), with spaces or dots between digits.
ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info|io|me|app)\b", re.I)
PHONE = re.compile(r"(?<![\d])(?:\+?84|0)(?:[\s.]?\d){9}(?![\d])|(?<![\d])1[89]00(?:[\s.]?\d){4}")
# Names a member would know for real (banks, wallets, shops, networks): the pictures and the practice invent theirs.
REAL_NAMES = re.compile(
    r"vietcombank|vietinbank|agribank|bidv|techcombank|mb ?bank|sacombank|vpbank|momo|zalopay|vnpay|viettel ?money|"
    r"shopee|lazada|tiki|sendo|facebook|messenger|tiktok|google|apple",
    re.I,
)


def _strings_the_drawing_writes() -> list[str]:
    """The string literals of draw_images.py (what can end up on a picture), docstrings left out."""
    tree = ast.parse(Path(draw_images.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_practice_text_picture_name_or_drawn_text_holds_a_real_link_phone_or_brand():
    texts = [value for row in ROWS for name, value in row.cells.items() if name != "Chủ đề con"]
    texts += _strings_the_drawing_writes()
    assert [t for t in texts if ADDRESS.search(t) and not t.endswith((".png", ".ttf"))] == []
    assert [t for t in texts if PHONE.search(t)] == []
    assert [t for t in texts if REAL_NAMES.search(t)] == []


def test_the_checks_for_real_links_and_numbers_catch_them():
    for real in ["xem tại https://vi-du.vip", "www.vidu.vip", "dichvucong.gov.vn", "shop-abc.com", "nganhang.com.vn"]:
        assert ADDRESS.search(real), real
    for real in ["0912 345 678", "0912.345.678", "+84 912 345 678", "1900 1234", "0912345678"]:
        assert PHONE.search(real), real
    for invented in ["0900 000 xxx", "8888 6666 02", "sao-mai-xacthuc.vip", "H26.1206.0042"]:
        assert not ADDRESS.search(invented) and not PHONE.search(invented), invented
