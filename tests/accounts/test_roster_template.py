"""The roster template at a stable address, and a unit's roster exported in the same format."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from quizsite import workbooks
from quizsite.accounts.models import Membership
from quizsite.accounts.roster import columns, importing, views
from quizsite.accounts.roster.template import roster_workbook
from tests.accounts.roster_files import member, upload


def test_anyone_downloads_the_template_with_its_help_sheet(client):
    response = client.get("/roster/template.xlsx")

    assert response.status_code == 200 and response["Content-Type"] == workbooks.CONTENT_TYPE
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [columns.SHEET, columns.LISTS_SHEET, columns.HELP_SHEET]
    assert [cell.value for cell in book[columns.SHEET][1]] == list(columns.COLUMNS)
    help_texts = {cell.value for line in book[columns.HELP_SHEET].iter_rows() for cell in line if cell.value}
    assert "Hướng dẫn điền danh sách tổ chuyển đổi số cộng đồng" in help_texts


def test_the_template_is_built_once_kept_a_day_and_a_repeat_is_answered_not_modified(client, monkeypatch):
    # No database either: this test has none, and a query would fail it.
    builds = []

    def counted(*args):
        builds.append(args)
        return roster_workbook(*args)

    monkeypatch.setattr(views, "roster_workbook", counted)
    views._template.cache_clear()

    first = client.get("/roster/template.xlsx")
    again = client.get("/roster/template.xlsx")
    repeat = client.get("/roster/template.xlsx", headers={"if-none-match": first["ETag"]})

    assert len(builds) == 1
    assert first.content == again.content and first["ETag"] == again["ETag"]
    assert set(first["Cache-Control"].split(", ")) == {"public", "max-age=86400"}
    assert "Cookie" in first["Vary"]
    assert repeat.status_code == 304 and repeat.content == b""
    views._template.cache_clear()


def test_the_template_is_in_the_language_chosen(client):
    vietnamese = client.get("/roster/template.xlsx")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/roster/template.xlsx")

    assert english["ETag"] != vietnamese["ETag"]
    help_texts = {
        cell.value
        for line in load_workbook(io.BytesIO(english.content))[columns.HELP_SHEET].iter_rows()
        for cell in line
        if cell.value
    }
    assert "How to fill in the list of community digital transformation teams" in help_texts


def test_the_template_refuses_a_post(client):
    assert client.post("/roster/template.xlsx").status_code == 405


def test_an_exported_roster_imports_again_unchanged(client, commune_a, hamlet_a, organiser_a):
    rows = [
        member("An", "0912000001", role="Tổ trưởng", affiliation="Ngân hàng", officer="Có"),
        member("Bình", "0912000002", hamlet="", team="Tổ xã", youth="Có"),
    ]
    importing.import_roster(actor=None, scope=commune_a, rows=importing.read_roster(upload(rows)))
    before = set(
        Membership.objects.values_list(
            "pk", "team_id", "user_id", "role", "affiliation", "is_officer", "is_youth_union"
        )
    )
    client.force_login(organiser_a)

    content = client.get(reverse("accounts:roster_export", args=[commune_a.pk])).content
    again = importing.read_roster(upload_bytes(content))
    done = importing.import_roster(actor=None, scope=commune_a, rows=again)

    assert [
        tuple(cell.value for cell in line)
        for line in load_workbook(io.BytesIO(content))[columns.SHEET].iter_rows(min_row=2)
    ] == [
        ("Xã An Bình", None, "Tổ xã", "Bình", "0912000002", "Thành viên", "Khác", "Có", "Không"),
        ("Xã An Bình", "Ấp 1", "Tổ CNS Ấp 1", "An", "0912000001", "Tổ trưởng", "Ngân hàng", "Không", "Có"),
    ]
    assert done.plan.moves == [] and done.created_members == 0
    assert (
        set(
            Membership.objects.values_list(
                "pk", "team_id", "user_id", "role", "affiliation", "is_officer", "is_youth_union"
            )
        )
        == before
    )


def test_an_officer_of_another_unit_cannot_export_its_roster(client, commune_a, organiser_b):
    client.force_login(organiser_b)

    assert client.get(reverse("accounts:roster_export", args=[commune_a.pk])).status_code == 404


def upload_bytes(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("danh-sach.xlsx", content)
