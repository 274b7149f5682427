"""The interface in English: the catalog is complete and the pages use it.

The msgids are Vietnamese (the default language); English comes from
locale/en/LC_MESSAGES/django.po. A page "speaks English" when a few of its
known English texts are there and their Vietnamese originals are not.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from competitions import attempts
from competitions.organise import live_services
from tests.competitions.conftest import (  # noqa: F401 (fixtures)
    bank,
    competition,
    make_approved,
    make_round,
    open_round,
    stage,
)

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")


# --- Pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    english: tuple[str, ...]
    vietnamese: tuple[str, ...]


PAGES = {
    "home": Page(
        english=("Digital skills quiz", "Community Digital Transformation Team", "Sign in"),
        vietnamese=("Thi tìm hiểu kỹ năng số", "Tổ chuyển đổi số cộng đồng", "Đăng nhập"),
    ),
    "login": Page(
        english=("Sign in", "Forgot your password?", "Sign up with your phone number"),
        vietnamese=("Đăng nhập", "Quên mật khẩu?", "Đăng ký bằng số điện thoại"),
    ),
    "question list": Page(
        english=("Question bank", "Write a new question", "Export the filtered list", "Download template"),
        vietnamese=("Ngân hàng câu hỏi", "Soạn câu hỏi mới", "Xuất danh sách đang lọc", "Tải mẫu"),
    ),
    "unit list": Page(
        english=("Units and teams", "The units you are responsible for."),
        vietnamese=("Đơn vị và tổ", "Các đơn vị bạn phụ trách."),
    ),
    "attempt": Page(
        english=("Question 1/3", "Save and next", "Question list"),
        vietnamese=("Câu 1/3", "Lưu và tiếp", "Danh sách câu hỏi"),
    ),
    "organiser dashboard": Page(
        english=("Edit round", "Question blueprint", "attempts started", "By commune / ward"),
        vietnamese=("Sửa vòng thi", "Cấu trúc đề", "lượt đã bắt đầu", "Theo xã / phường"),
    ),
    "live join": Page(
        english=("Join a live round", "Join code (the 6 digits on the screen)"),
        vietnamese=("Vào vòng thi trực tiếp", "Mã tham gia (6 chữ số trên màn hình)", "Vào chơi"),
    ),
    "organiser live round": Page(
        english=("Join code", "Scan to join", "Open the host screen", "Projector screen link"),
        vietnamese=("Mã tham gia", "Quét mã để vào chơi", "Mở màn hình điều khiển", "Liên kết màn hình chiếu"),
    ),
}


@pytest.fixture
def open_page(client, request):
    """Log in whoever the page is for and return its URL."""

    def open_(name: str) -> str:
        get = request.getfixturevalue
        if name == "home":
            return reverse("home")
        if name == "login":
            return reverse("account_login")
        if name == "question list":
            get("approved_question")
            client.force_login(get("author_a"))
            return reverse("questionbank:list")
        if name == "unit list":
            client.force_login(get("organiser_a"))
            return reverse("accounts:unit_list")
        if name == "attempt":
            member = get("member_a")
            attempt = attempts.start_attempt(round=get("open_round"), user=member)
            client.force_login(member)
            return reverse("competitions:attempt", kwargs={"pk": attempt.pk})
        if name == "organiser dashboard":
            client.force_login(get("organiser_a"))
            return reverse("organise:round", kwargs={"pk": get("open_round").pk})
        if name == "live join":
            client.force_login(get("member_a"))
            return reverse("live:join")
        if name == "organiser live round":
            organiser = get("organiser_a")
            data = live_services.LiveRoundData(
                title="Giao lưu trực tiếp",
                opens_at=timezone.now() + timedelta(hours=1),
                questions=[live_services.QuestionSlot(q) for q in get("bank")[:2]],
                teams=[get("team_a")],
            )
            live_round = live_services.create_live_round(actor=organiser, stage=get("stage"), data=data)
            client.force_login(organiser)
            return reverse("organise:live_round", args=[live_round.pk])
        raise AssertionError(name)

    return open_


def _choose_english(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.mark.parametrize("name", PAGES)
def test_each_page_speaks_english_once_english_is_chosen(client, open_page, name):
    url = open_page(name)
    _choose_english(client)

    page = client.get(url).content.decode()

    for text in PAGES[name].english:
        assert text in page
    for text in PAGES[name].vietnamese:
        assert text not in page


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_vietnamese_when_no_language_is_asked_for(client, open_page, name):
    url = open_page(name)

    page = client.get(url).content.decode()

    for text in PAGES[name].vietnamese:
        assert text in page
    for text in PAGES[name].english:
        assert text not in page


def test_a_phone_set_to_english_still_gets_vietnamese_until_english_is_chosen(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="vi">' in page
    assert "Thi tìm hiểu kỹ năng số" in page
    assert "Digital skills quiz" not in page


def test_the_chosen_language_marks_the_page_as_english(client):
    _choose_english(client)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert '<html lang="en">' in page


def test_an_english_page_offers_the_way_back_to_vietnamese(client):
    _choose_english(client)

    page = client.get(reverse("home")).content.decode()

    assert 'value="vi">Tiếng Việt</button>' in page


def test_a_wrong_password_is_explained_in_english(client, member_a):
    _choose_english(client)

    page = client.post(reverse("account_login"), {"login": member_a.phone, "password": "sai"}).content.decode()

    assert "The phone number and/or password you specified are not correct." in page


def test_a_wrong_password_is_explained_in_vietnamese_by_default(client, member_a):
    page = client.post(reverse("account_login"), {"login": member_a.phone, "password": "sai"}).content.decode()

    assert "Số điện thoại hoặc mật khẩu không đúng." in page
    assert "you specified" not in page


def test_a_message_from_python_code_is_in_english(client, author_a, approved_question):
    client.force_login(author_a)
    _choose_english(client)

    response = client.post(reverse("questionbank:retire", kwargs={"pk": approved_question.pk}), follow=True)

    page = response.content.decode()
    assert "Question retired." in page
    assert "Đã ngừng dùng câu hỏi." not in page


def test_allauths_inactive_account_page_is_in_vietnamese(client):
    page = client.get(reverse("account_inactive")).content.decode()

    assert "Tài khoản này đang bị khóa." in page
    assert "This account is inactive." not in page


def test_allauths_password_change_page_is_in_vietnamese(client, member_a):
    client.force_login(member_a)

    page = client.get(reverse("account_change_password")).content.decode()

    assert "Đổi mật khẩu" in page
    assert "Change Password" not in page


# --- The catalog ------------------------------------------------------------


@dataclass
class Entry:
    line: int
    flags: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text.strip()[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a PO file, header excluded (enough of the format for makemessages' output)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            current, target = None, None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"line {number}: continuation without a keyword"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
        else:
            keyword, _space, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match[1]))
                current.msgstr[target[1]] = _unquote(rest)
            elif keyword == "msgstr":
                target = ("msgstr", 0)
                current.msgstr[0] = _unquote(rest)
            else:
                assert keyword in {"msgctxt", "msgid", "msgid_plural"}, f"line {number}: {keyword}"
                target = (keyword, 0)
                setattr(current, keyword, _unquote(rest))
    return [entry for entry in entries if entry.msgid]


PLACEHOLDER = re.compile(r"%\([^)]+\)[-+ #0]*\d*(?:\.\d+)?[a-z]|%[-+ #0]*\d*(?:\.\d+)?[sdfir]|%%|\{[^{}\s]*\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    return parse_po(EN_PO)


def test_the_english_catalog_has_a_few_hundred_entries(catalog):
    assert len(catalog) > 300


def test_every_entry_of_the_english_catalog_is_translated(catalog):
    untranslated = [entry.msgid for entry in catalog if not all(entry.msgstr.values()) or not entry.msgstr]

    assert untranslated == []


def test_no_entry_of_the_english_catalog_is_fuzzy(catalog):
    assert [entry.msgid for entry in catalog if "fuzzy" in entry.flags] == []


def test_plural_entries_have_both_english_forms(catalog):
    plurals = [entry for entry in catalog if entry.msgid_plural is not None]

    assert plurals
    assert [entry.msgid for entry in plurals if sorted(entry.msgstr) != [0, 1]] == []


def test_translations_keep_every_placeholder_of_the_original(catalog):
    changed = []
    for entry in catalog:
        if entry.msgid_plural is None:
            pairs = [(entry.msgid, entry.msgstr[0])]
        else:
            pairs = [(entry.msgid, entry.msgstr[0]), (entry.msgid_plural, entry.msgstr[1])]
        changed += [(source, text) for source, text in pairs if placeholders(source) != placeholders(text)]

    assert changed == []


def test_the_placeholder_check_sees_the_kinds_of_placeholder_we_use():
    assert placeholders("%(n)d câu trong %(s)s giây, %d lần, 5%%, {name}") == {"%(n)d", "%(s)s", "%d", "%%", "{name}"}


def test_the_compiled_catalog_holds_every_entry_of_the_po(catalog):
    with EN_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    missing = []
    for entry in catalog:
        if entry.msgid_plural is not None:
            translated = compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr[1]
        elif entry.msgctxt is not None:
            translated = compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            translated = compiled.gettext(entry.msgid) == entry.msgstr[0]
        if not translated:
            missing.append(entry.msgid)

    assert missing == []
