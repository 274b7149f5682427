"""Every workbook the platform hands out keeps what people typed as text, never as a formula.

A member may call themselves ``=HYPERLINK("http://…","Bấm vào")``; a team, a
unit, an award tier or a question may start with "+", "-", "@", a tab or a
carriage return. Officers open these files in Excel: each such text must be
a text cell that reads back unchanged.

Which exports there are is not trusted to memory: every URL whose name or
route says "excel" or "xlsx" must be listed in EXPORTS below (so a new export
fails here until it is added, and then has its cells checked), and no module
but quizsite/workbooks.py may build a workbook, send a file as an attachment,
or write a CSV.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from leaderboards.awards.models import AwardingBody
from questionbank import services as qb
from questionbank.models import Question, Topic
from quizsite import workbooks
from quizsite.accounts.models import Team, Unit, User
from tests.leaderboards import awards_fixtures
from tests.leaderboards.awards_fixtures import last_week, publish

# The award-list fixtures (commune A's competition, last week's round and its six players), for this module.
body = awards_fixtures.body
closed_round = awards_fixtures.closed_round
contest = awards_fixtures.contest
make_list = awards_fixtures.make_list
make_week_round = awards_fixtures.make_week_round
organiser_a2 = awards_fixtures.organiser_a2
players = awards_fixtures.players
teams = awards_fixtures.teams
weekly = awards_fixtures.weekly

FORMULA = '=HYPERLINK("http://lua-dao.example/","Bấm vào")'
# The six players of awards_fixtures, renamed: An, Bình, Cường, Dũng, Em, Giang.
NAMES = {
    "An": FORMULA,
    "Bình": "+84 Bình",
    "Cường": "-Cường-",
    "Dũng": "@Dũng",
    "Em": "\tEm",
    "Giang": "\rGiang",
}
TEAMS = {"Tổ Một": "=1+1 Tổ Một", "Tổ Hai": "@Tổ Hai\r\n"}
HAMLET = "-Ấp 1 _x0041_"  # also a literal of Excel's own escape syntax
TIERS = [
    {"name": '=HYPERLINK("http://x.example/","Giải Nhất")', "count": 1},
    {"name": "+Giải Nhì", "count": 1},
    {"name": "-Giải Ba", "count": 2},  # the list's service trims spaces and tabs off a tier's name
]
BODY = "=UBND xã An Bình"
QUESTION = {
    "subtopic": "@Chủ đề con",
    "text": '=HYPERLINK("http://lua-dao.example/","Mã OTP là gì?")',
    "choices": ["=1+1", "+84 gọi lại", "-Không", "\tMột mã"],
    "explanation": "\rVì mã chỉ dành cho chính chủ.",
    "source": "@Cẩm nang",
}

# Every export, by URL name: who downloads it, its query, and which hostile texts it must carry.
# "draft" and "published" are the award list's two states; both go through award_list_excel.
PEOPLE_TEXTS = [*NAMES.values(), *TEAMS.values(), HAMLET]
WINNER_TEXTS = [NAMES[n] for n in ("An", "Bình", "Cường", "Dũng")] + [TEAMS["Tổ Một"], HAMLET]
WINNER_TEXTS += [tier["name"] for tier in TIERS]
EXPORTS = {
    "questionbank:excel_template": [("template", [])],
    "questionbank:excel_export": [("questions", [QUESTION["subtopic"], QUESTION["text"], *QUESTION["choices"]])],
    "leaderboards:standings_people_excel": [("people", PEOPLE_TEXTS)],
    "leaderboards:standings_teams_excel": [("teams", [*TEAMS.values(), HAMLET])],
    "leaderboards:standings_units_excel": [("units", [HAMLET])],
    "leaderboards:award_list_excel": [("draft", WINNER_TEXTS), ("published", WINNER_TEXTS)],
    "leaderboards:monthly_xlsx": [("monthly", [HAMLET])],
    "accounts:roster_template": [("roster template", [])],
    "accounts:roster_export": [("roster", PEOPLE_TEXTS)],
}
# The import page is an upload form, not an export.
NOT_EXPORTS = {"questionbank:excel_import"}


def _url_names(resolver: URLResolver, namespace: str = "") -> dict[str, str]:
    """Every named URL as {"namespace:name": route}."""
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update({name: str(pattern.pattern) + route for name, route in _url_names(pattern, inner).items()})
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[namespace + pattern.name] = str(pattern.pattern)
    return found


def test_every_url_that_looks_like_a_workbook_is_walked_by_the_export_test():
    looks_like_a_workbook = {
        name
        for name, route in _url_names(get_resolver()).items()
        if re.search(r"excel|xlsx|xls|csv|export", f"{name} {route}", re.IGNORECASE)
    }
    assert looks_like_a_workbook - NOT_EXPORTS == set(EXPORTS)


def test_no_module_but_the_workbook_helper_builds_a_workbook_or_writes_a_csv():
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for package in ("quizsite", "questionbank", "competitions", "leaderboards")
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    # An attachment that is an image (a join link's QR code) is no workbook.
    builders = re.compile(r"Workbook\(\)|import csv|csv\.writer|text/csv|Content-Disposition(?![^\n]*\.png)")
    offenders = [
        str(path.relative_to(root))
        for path in sources
        if path != root / "quizsite" / "workbooks.py" and builders.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture
def hostile(players, teams, hamlet_a, body, author_a, commune_a, topic):
    """The award fixtures' people, teams and hamlet under hostile names, and a hostile question."""
    for plain, name in NAMES.items():
        User.objects.filter(pk=players[plain].pk).update(full_name=name)
    for plain, name in TEAMS.items():
        Team.objects.filter(name=plain).update(name=name)
    Unit.objects.filter(pk=hamlet_a.pk).update(name=HAMLET)
    AwardingBody.objects.filter(pk=body.pk).update(name=BODY)
    subtopic = Topic.objects.create(parent=topic, name=QUESTION["subtopic"])
    question = qb.create_question(
        author=author_a,
        unit=commune_a,
        data=qb.QuestionData(
            topic=subtopic,
            kind=Question.Kind.SINGLE,
            text="Câu tạm",
            choices=[qb.ChoiceData(text, i == 0) for i, text in enumerate(QUESTION["choices"])],
            explanation="",
            source="",
            difficulty=1,
        ),
    )
    # Written directly: whatever the form lets through today, the export must not trust it.
    Question.objects.filter(pk=question.pk).update(
        text=QUESTION["text"], explanation=QUESTION["explanation"], source=QUESTION["source"]
    )
    for i, choice in enumerate(question.choices.order_by("position")):
        type(choice).objects.filter(pk=choice.pk).update(text=QUESTION["choices"][i])


def _download(client, who: User, url: str) -> bytes:
    client.force_login(who)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == workbooks.CONTENT_TYPE
    return response.content


def _texts_and_formulas(content: bytes) -> tuple[set[str], list[str]]:
    """Every text of every sheet (decoded as Excel reads it), and every cell that is a formula or
    would turn into one when an officer edits it."""
    texts, wrong = set(), []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    wrong.append(f"{where} is a formula: {cell.value!r}")
                if not isinstance(cell.value, str):
                    continue
                if cell.data_type != "s":
                    wrong.append(f"{where} holds text as {cell.data_type!r}")
                text = workbooks.read_text(cell.value)
                if text.startswith(workbooks.FORMULA_STARTS) and not cell.quotePrefix:
                    wrong.append(f"{where} would become a formula when edited: {text!r}")
                texts.add(text)
    return texts, wrong


def test_every_export_writes_what_people_typed_as_text_that_reads_back_unchanged(
    client, hostile, make_list, contest, organiser_a, organiser_a2, author_a, commune_a
):
    draft = make_list(tiers=TIERS)
    published = publish(make_list(tiers=TIERS), organiser_a, organiser_a2)
    week = f"?period={last_week().slug}"
    month = f"?month={last_week().start:%Y-%m}"
    urls = {
        "template": (author_a, reverse("questionbank:excel_template")),
        "questions": (author_a, reverse("questionbank:excel_export")),
        "people": (organiser_a, reverse("leaderboards:standings_people_excel", args=[contest.pk]) + week),
        "teams": (organiser_a, reverse("leaderboards:standings_teams_excel", args=[contest.pk]) + week),
        "units": (organiser_a, reverse("leaderboards:standings_units_excel", args=[contest.pk]) + week),
        "draft": (organiser_a, reverse("leaderboards:award_list_excel", args=[draft.pk])),
        "published": (organiser_a, reverse("leaderboards:award_list_excel", args=[published.pk])),
        "monthly": (organiser_a, reverse("leaderboards:monthly_xlsx", args=[commune_a.pk]) + month),
        "roster template": (author_a, reverse("accounts:roster_template")),
        "roster": (organiser_a, reverse("accounts:roster_export", args=[commune_a.pk])),
    }
    assert set(urls) == {key for cases in EXPORTS.values() for key, _texts in cases}

    problems = {}
    for cases in EXPORTS.values():
        for key, expected in cases:
            texts, wrong = _texts_and_formulas(_download(client, *urls[key]))
            missing = [text for text in expected if text not in texts]
            if wrong or missing:
                problems[key] = {"wrong": wrong, "missing": missing}
    assert problems == {}


def test_numbers_stay_numbers_dates_stay_dates_and_a_hostile_caption_stays_text(
    client, hostile, make_list, contest, organiser_a, players
):
    content = _download(client, organiser_a, reverse("leaderboards:award_list_excel", args=[make_list().pk]))
    rows = [list(line) for line in load_workbook(io.BytesIO(content)).active.iter_rows()]
    assert BODY in rows[0][0].value and rows[0][0].data_type == "s"
    assert [(cell.value, cell.data_type) for cell in rows[2][:2]] == [(1, "n"), (FORMULA, "s")]

    url = reverse("leaderboards:standings_people_excel", args=[contest.pk]) + f"?period={last_week().slug}"
    first = list(load_workbook(io.BytesIO(_download(client, organiser_a, url))).active.iter_rows(min_row=3))[0]
    submitted = players["An"].attempts.get().submitted_at
    assert first[-1].is_date and first[-1].value == timezone.make_naive(submitted)  # local time, as the page shows
    assert first[-1].number_format == "hh:mm:ss dd/mm/yyyy"


def test_an_exported_question_that_starts_with_a_formula_character_imports_back_as_the_same_text(
    client, hostile, author_a, commune_a, hamlet_a
):
    exported = _download(client, author_a, reverse("questionbank:excel_export"))
    client.force_login(author_a)
    page = client.post(
        reverse("questionbank:excel_import"),
        {"unit": hamlet_a.pk, "file": _upload(exported)},
        follow=True,
    ).content.decode()
    assert "Đã nhập 1 câu hỏi" in page
    copy = Question.objects.get(unit=hamlet_a)
    assert copy.text == QUESTION["text"]
    # The import trims spaces and tabs around a cell, as the question form does.
    assert [c.text for c in copy.choices.order_by("position")] == [text.strip() for text in QUESTION["choices"]]
    assert copy.explanation == QUESTION["explanation"].strip() and copy.source == QUESTION["source"]


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cau-hoi.xlsx", content, content_type=workbooks.CONTENT_TYPE)
