"""Hostile input on every form shows no English: Django's and allauth's messages are Vietnamese too.

Every page of the URL table (tests/test_access.py) and allauth's own pages
are opened by the people who may use them; every form they offer is sent
with a NUL character in each text field, text far too long, a word for a
number, a choice that is not offered, a file that is not one, and, for
formsets, too many forms, none, or no management form. The answer (after
its redirect) must show none of the libraries' English messages
(tests/english_text.py). With English chosen, the same messages are English.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests import test_access
from tests.english_text import Form, english_on, post_forms
from tests.test_access import PAGES, url_of

world = test_access.world  # the pages' objects, and the fixture that makes them

TEXT = {"text", "email", "tel", "search", "password", "url", "textarea"}
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
BLIND = {
    "name": "Tên\x00",
    "title": "Tên\x00",
    "text": "\x00",
    "note": "\x00",
    "reason": "\x00",
    "count": "mười",
    "form-TOTAL_FORMS": "5000",
}
SIGNED_OUT_PAGES = ["account_login", "account_signup", "account_reset_password"]
ACCOUNT_PAGES = ["account_change_password", "account_email", "account_change_phone", "account_reauthenticate"]
MEMBER_PAGES = ["home", "accounts:profile", "competitions:attempt", "live:play"]


def view_name(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return None


def base_data(form: Form) -> dict[str, object]:
    data: dict[str, object] = {}
    button_taken = False
    for f in form.fields:
        if f.kind in ("checkbox", "radio") and not f.checked:
            continue
        if f.kind in ("button", "submit"):
            if button_taken:
                continue
            button_taken = True
        if f.kind == "file":
            continue
        data.setdefault(f.name, f.value)
    return data


def variants(form: Form) -> Iterator[tuple[str, dict[str, object]]]:
    """What a careless or hostile browser could send to this form."""
    base = base_data(form)
    kinds = {f.name: f.kind for f in form.fields}
    text = [name for name, kind in kinds.items() if kind in TEXT]
    if text:
        yield "a NUL character", {**base, **{name: f"{base.get(name) or 'Tên'}\x00" for name in text}}
        yield "text far too long", {**base, **{name: "x" * 5000 for name in text}}
    wrong = {
        name: {"number": "mười", "select": "khong-co", "date": "mai", "datetime-local": "mai", "time": "trưa"}[kind]
        for name, kind in kinds.items()
        if kind in ("number", "select", "date", "datetime-local", "time")
    }
    if wrong:
        yield "a word for a number, a choice not offered", {**base, **wrong}
    numbers = [name for name, kind in kinds.items() if kind == "number"]
    if numbers:
        yield "a number far too big", {**base, **{name: "99999999999" for name in numbers}}
    files = [name for name, kind in kinds.items() if kind == "file"]
    if files:
        yield (
            "a file that is not one",
            {**base, **{name: SimpleUploadedFile("anh.png", b"khong phai") for name in files}},
        )
    totals = [name for name in base if name.endswith("-TOTAL_FORMS")]
    if totals:
        yield "too many forms", {**base, **dict.fromkeys(totals, "5000")}
        yield "no forms", {**base, **dict.fromkeys(totals, "0")}
        yield "no management form", {k: v for k, v in base.items() if not k.endswith(MANAGEMENT)}


def forms_for(client: Client, urls: list[str]) -> list[Form]:
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            found += post_forms(response.content.decode(), url)
    return found


def answer(client: Client, user, url: str, data: dict[str, object]) -> list[str]:
    """The English on the page a POST leads to; then the database is as before."""
    with transaction.atomic():  # each variant from the same start
        if user is not None:
            client.force_login(user)  # a password change or a sign-out undone for the next
        try:
            response = client.post(url, data, follow=True)
            english = english_on(response.content.decode()) if "html" in response["Content-Type"] else []
        except Exception as error:  # a 500 is as bad as English, and names the form
            english = [f"{type(error).__name__}: {error}"]
        transaction.set_rollback(True)
    return english


def walk(people: list[tuple[object, list[str]]], *, language: str = "vi") -> tuple[dict, set[str]]:
    """Send every variant of every form these people find on these pages: {(page, action, variant): English}."""
    shown, reached = {}, set()
    for user, urls in people:
        client = Client()
        client.cookies["django_language"] = language
        if user is not None:
            client.force_login(user)
        seen = set()
        for form in forms_for(client, urls):
            key = (view_name(form.action), tuple(sorted(f.name for f in form.fields)))
            if key in seen or key[0] in (None, "set_language", "account_logout"):
                continue
            seen.add(key)
            reached.add(key[0])
            for variant, data in variants(form):
                if english := answer(client, user, form.action, data):
                    shown[(form.page, form.action, variant)] = english
    return shown, reached


def pages_of(world, names) -> list[str]:
    return [url_of(name, world) if name in PAGES else reverse(name) for name in names]


@pytest.fixture
def people(world, make_user, member_a):
    superuser = make_user(name="Quản Trị", email="qt@example.vn", is_superuser=True, is_staff=True)
    officer_pages = pages_of(world, [name for name, page in PAGES.items() if "GET" in page.methods])
    return [
        (None, pages_of(world, SIGNED_OUT_PAGES)),
        (superuser, officer_pages + pages_of(world, ACCOUNT_PAGES)),
        (member_a, pages_of(world, MEMBER_PAGES)),
    ]


def test_hostile_input_on_any_form_shows_no_english(people, world):
    shown, reached = walk(people)
    # The URLs that take a POST but showed no form in this world (a button that appears in another
    # state of the round, the list, the attempt): sent a guess of hostile fields instead.
    for name in sorted({name for name, page in PAGES.items() if "POST" in page.methods} - reached):
        for user, _pages in people[1:]:
            if english := answer(Client(), user, url_of(name, world), BLIND):
                shown[(name, url_of(name, world), "blind")] = english

    assert len(reached) > 40  # the walk found the forms
    assert not shown, "\n".join(
        f"{page} → {action} ({variant}): {english}" for (page, action, variant), english in shown.items()
    )


def test_with_english_chosen_the_same_messages_are_english(client, world, organiser_a):
    client.cookies["django_language"] = "en"
    page = client.post(reverse("account_reset_password"), {"email": "lan\x00@example.vn"}).content.decode()
    assert "Null characters are not allowed." in english_on(page)

    client.force_login(organiser_a)
    stage = world["stage"]
    page = client.post(reverse("organise:round_create", args=[stage.pk]), {"title": "Tuần 2"}).content.decode()
    assert any(message.startswith("ManagementForm data is missing") for message in english_on(page))


def test_the_check_finds_the_english_it_is_meant_to():
    assert english_on("<li>Ensure this value is less than or equal to 100.</li>") == [
        "Ensure this value is less than or equal to %(limit_value)s."
    ]
    assert english_on("<p>Giá trị này phải nhỏ hơn hoặc bằng 100.</p><script>'Enter a whole number.'</script>") == []


def test_a_tampered_form_count_is_refused_in_vietnamese_without_building_a_thousand_forms(client, world, organiser_a):
    client.force_login(organiser_a)
    url = reverse("organise:round_create", args=[world["stage"].pk])
    data = {"title": "Tuần 2", "bp-TOTAL_FORMS": "5000", "bp-INITIAL_FORMS": "0"}

    response = client.post(url, data)

    assert "Chỉ được gửi tối đa 50 mục." in response.content.decode()
    assert len(response.context["formset"].forms) <= 50  # Django's default built 1,050 (about 15 s)


def test_a_note_with_a_nul_character_is_refused_in_vietnamese_and_changes_nothing(client, world, reviewer_a):
    # PostgreSQL cannot store a NUL: the note was stored as sent, and the retirement ended in a 500.
    question = world["question"]
    client.force_login(reviewer_a)

    response = client.post(reverse("questionbank:retire", args=[question.pk]), {"note": "cũ\x00"}, follow=True)

    assert "Nội dung có ký tự không hợp lệ (ký tự rỗng)." in response.content.decode()
    question.refresh_from_db()
    assert question.status == "approved"
