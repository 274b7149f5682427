"""A new commune officer's afternoon at 1280 px, then a member's first sign-in at 360 px.

The officer downloads the template from the roster page, fills three teams
in it, uploads it with two mistakes, reads which cells are wrong, fixes them,
imports, and prints a team's first sign-in sheet; a member opens their link
from that sheet on a phone and chooses a password; the link, opened again,
says it was used and whom to ask.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from quizsite.accounts.models import Membership, Team, Unit, User
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the officer types in, team by team: hamlet, then per person name, phone, role, affiliation, Đoàn viên, CBCC.
TEAMS = {
    "Ấp Bàu Sen": [
        ("Nguyễn Văn Hòa", "0387 215 401", "Tổ trưởng", "Trưởng ấp / khu phố", "Không", "Không"),
        ("Trần Thị Mộng Tuyền", "0353 118 072", "Tổ phó", "Đoàn Thanh niên", "Có", "Không"),
        ("Lê Thị Kim Phượng", "0978 604 215", "Thành viên", "Hội Liên hiệp Phụ nữ", "Không", "Không"),
        ("Phạm Văn Tư", "0918 327 466", "Thành viên", "Hội Cựu chiến binh", "Không", "Không"),
        ("Võ Văn Hậu", "0886 410 259", "Thành viên", "Hội Nông dân", "Không", "Không"),
        ("Huỳnh Ngọc Thảo Vy", "0779 182 634", "Thành viên", "Bưu điện / viễn thông", "Có", "Không"),
        ("Đoàn Minh Trung", "0832 557 190", "Thành viên", "Khác", "Không", "Có"),
    ],
    "Ấp Suối Cạn": [
        ("Trương Văn Bảy", "0961 448 027", "Tổ trưởng", "Trưởng ấp / khu phố", "Không", "Không"),
        ("Lâm Hoàng Phúc", "0379 905 316", "Tổ phó", "Đoàn Thanh niên", "Có", "Không"),
        ("Ngô Thị Hồng Nhung", "0396 274 581", "Thành viên", "Hội Liên hiệp Phụ nữ", "Không", "Không"),
        ("Đặng Văn Mười", "0857 316 042", "Thành viên", "Hội Nông dân", "Không", "Không"),
        ("Phan Thị Diễm My", "0945 720 863", "Thành viên", "Ngân hàng", "Có", "Không"),
        ("Hồ Thanh Tâm", "0765 094 318", "Thành viên", "Bưu điện / viễn thông", "Có", "Không"),
    ],
    "Khu phố Chợ": [
        ("Dương Văn Sáu", "0912 483 705", "Tổ trưởng", "Trưởng ấp / khu phố", "Không", "Không"),
        ("Mai Thị Thu Trang", "0868 219 354", "Tổ phó", "Đoàn Thanh niên", "Có", "Có"),
        ("Bùi Văn Hiền", "0383 507 126", "Thành viên", "Hội Cựu chiến binh", "Không", "Không"),
        ("Tô Thị Ngọc Hân", "0814 372 690", "Thành viên", "Hội Liên hiệp Phụ nữ", "Không", "Không"),
        ("Lý Minh Khôi", "0934 851 206", "Thành viên", "Bưu điện / viễn thông", "Có", "Không"),
        ("Nguyễn Hữu Lộc", "0327 640 915", "Thành viên", "Hội Nông dân", "Không", "Không"),
    ],
}
# 190 mm at 96 px to the inch, and 277 mm of height: what A4 with 10-mm margins leaves to print on.
A4 = {"width": 718, "height": 1047}
MEMBERS = sum(len(people) for people in TEAMS.values())
# The two mistakes, in Excel's own cell names: a phone a digit short, a commune misspelt.
SHORT_PHONE = ("E4", "0978 604 21", "0978 604 215")
MISSPELT_UNIT = ("A12", "Xã An Bìhn", "Xã An Bình")


def _fill(template: Path, filled: Path, commune: str) -> None:
    """What the officer does in Excel: one row per member under the template's header, with two mistakes."""
    book = openpyxl.load_workbook(template)
    sheet = book["Danh sách"]
    for hamlet, people in TEAMS.items():
        for person in people:
            sheet.append((commune, hamlet, f"Tổ chuyển đổi số cộng đồng {hamlet}", *person))
    for cell, wrong, _right in (SHORT_PHONE, MISSPELT_UNIT):
        sheet[cell] = wrong
    book.save(filled)


def _fix(filled: Path, fixed: Path) -> None:
    book = openpyxl.load_workbook(filled)
    for cell, _wrong, right in (SHORT_PHONE, MISSPELT_UNIT):
        book["Danh sách"][cell] = right
    book.save(fixed)


def _upload(page, path: Path) -> None:
    assert page.get_by_text("Chọn tệp…", exact=True).is_visible()
    assert page.get_by_text("Chưa chọn tệp nào", exact=True).is_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Chọn tệp…", exact=True).click()
    chooser.value.set_files(str(path))
    assert page.get_by_text(path.name, exact=True).is_visible()  # the file chosen, named in the page
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_selector("h1:has-text('Xem trước danh sách')")


def test_a_new_officer_imports_three_teams_prints_a_sheet_and_a_member_signs_in_on_a_phone(
    live_server, new_page, sign_in, screenshot, organiser_a, commune_a, tmp_path
):
    officer = new_page(DESKTOP)
    sign_in(officer, organiser_a, PASSWORD)

    # From the menu to the commune's page, and its roster import.
    officer.locator("details.menu summary").click()
    officer.locator("details.menu nav").get_by_text("Đơn vị và tổ", exact=True).click()
    officer.get_by_role("link", name=commune_a.name).first.click()
    assert officer.get_by_text("Đơn vị này chưa có tổ nào.").is_visible()
    officer.get_by_role("link", name="Nhập danh sách tổ từ Excel").click()
    assert officer.locator("h1").inner_text() == "Nhập danh sách tổ từ Excel"
    screenshot(officer, "walk-01-roster-page-1280")

    # The template, through the page's link, opened as Excel would.
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    assert download.value.suggested_filename == "mau-danh-sach-to-cns.xlsx"
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[0] == "Danh sách" and "Hướng dẫn" in book.sheetnames
    header = [cell.value for cell in book["Danh sách"][1]]
    assert header[:5] == ["Xã / phường / đặc khu", "Ấp / thôn / khu phố", "Tên tổ", "Họ và tên", "Số điện thoại"]
    assert book["Danh sách"].max_row == 1  # an empty list under its header

    filled, fixed = tmp_path / "danh-sach-an-binh.xlsx", tmp_path / "danh-sach-an-binh-da-sua.xlsx"
    _fill(template, filled, commune_a.name)
    users = User.objects.count()
    _upload(officer, filled)

    # Each mistake by its cell, in Vietnamese, and nothing written.
    assert officer.get_by_role("heading", name="Chưa ghi gì").is_visible()
    assert officer.get_by_text("Tệp có 2 lỗi.").is_visible()
    report = officer.locator("table.import-report tbody tr")
    assert report.count() == 2
    assert report.nth(0).locator("td").all_inner_texts() == [
        SHORT_PHONE[0],
        "“0978 604 21” không phải số di động Việt Nam (ví dụ đúng: 0912 345 678).",
    ]
    assert report.nth(1).locator("td").all_inner_texts() == [
        MISSPELT_UNIT[0],
        "Không tìm thấy xã / phường / đặc khu “Xã An Bìhn” trong Xã An Bình. Có phải: Xã An Bình?",
    ]
    assert officer.get_by_role("button", name="Nhập", exact=True).count() == 0
    assert (Team.objects.count(), Membership.objects.count(), User.objects.count()) == (0, 0, users)
    assert no_horizontal_scroll(officer, DESKTOP["width"])
    screenshot(officer, "walk-02-preview-two-mistakes-1280")

    # The fixed file: three new hamlets and teams, every member new and without a password.
    _fix(filled, fixed)
    officer.get_by_role("link", name="Tải tệp đã sửa lên").click()
    _upload(officer, fixed)
    assert officer.get_by_role("heading", name="Chưa ghi gì").count() == 0, officer.locator("main").inner_text()
    assert officer.get_by_text(f"{MEMBERS} thành viên trong 3 tổ.").is_visible()
    # In a Vietnamese reader's order: "Ấp" with the A's, before "Khu phố".
    new_hamlets = officer.locator("section.card", has_text="Ấp / khu phố sẽ được tạo mới").locator("li")
    assert new_hamlets.all_inner_texts() == [
        "Ấp Bàu Sen (Xã An Bình)",
        "Ấp Suối Cạn (Xã An Bình)",
        "Khu phố Chợ (Xã An Bình)",
    ]
    new_teams = officer.locator("section.card", has_text="Tổ sẽ được tạo mới").locator("li")
    assert new_teams.all_inner_texts() == [
        f"Tổ chuyển đổi số cộng đồng {hamlet} ({hamlet}, Xã An Bình)"
        for hamlet in ("Ấp Bàu Sen", "Ấp Suối Cạn", "Khu phố Chợ")
    ]
    assert officer.get_by_text(f"{MEMBERS} người mới sẽ được thêm, chưa có mật khẩu.").is_visible()
    assert not Team.objects.exists()
    screenshot(officer, "walk-03-preview-ready-1280")
    officer.get_by_role("button", name="Nhập", exact=True).click()

    assert officer.get_by_text(f"Đã nhập {MEMBERS} thành viên: {MEMBERS} người mới, 0 người đổi tổ").is_visible()
    assert officer.get_by_text("Không có tổ trực thuộc đơn vị này; các đơn vị cấp dưới có 3 tổ").is_visible()
    hamlets = officer.locator("section.card", has_text="Đơn vị cấp dưới").locator("li")
    assert hamlets.all_inner_texts() == ["Ấp Bàu Sen (1 tổ)", "Ấp Suối Cạn (1 tổ)", "Khu phố Chợ (1 tổ)"]
    assert Membership.objects.count() == MEMBERS
    assert not any(user.has_usable_password() for user in User.objects.filter(memberships__isnull=False))
    screenshot(officer, "walk-04-imported-1280")

    # A team's first sign-in sheet, every member without a password ticked.
    officer.get_by_role("link", name="Ấp Suối Cạn").click()
    officer.get_by_role("link", name="Tổ chuyển đổi số cộng đồng Ấp Suối Cạn").click()
    assert officer.get_by_text("6/10 thành viên").is_visible()
    officer.get_by_role("link", name="Liên kết đăng nhập lần đầu").click()
    assert officer.locator("input[name=members]:checked").count() == 6
    assert officer.get_by_text("Chưa có mật khẩu", exact=True).count() == 6
    screenshot(officer, "walk-05-sheet-form-1280")
    officer.get_by_role("button", name="Tạo liên kết").click()
    officer.wait_for_selector(".sheet-block")
    assert officer.get_by_text("Đã tạo 6 liên kết.").is_visible()
    blocks = officer.locator(".sheet-block")
    assert blocks.count() == 6 and blocks.locator("svg").count() == 6
    # Leader, deputy, then the others as a Vietnamese list goes: by given name.
    assert blocks.locator(".name").all_inner_texts() == [
        "Trương Văn Bảy",
        "Lâm Hoàng Phúc",
        "Đặng Văn Mười",
        "Phan Thị Diễm My",
        "Ngô Thị Hồng Nhung",
        "Hồ Thanh Tâm",
    ]
    assert officer.get_by_role(
        "heading", name="Tổ chuyển đổi số cộng đồng Ấp Suối Cạn · Ấp Suối Cạn, Xã An Bình"
    ).is_visible()
    assert no_horizontal_scroll(officer, DESKTOP["width"])
    screenshot(officer, "walk-06-sheet-1280")
    # Printed: the sheet alone, on an A4 page's width (190 mm inside the margins).
    officer.emulate_media(media="print")
    officer.set_viewport_size(A4)
    assert officer.locator("#zalo").is_hidden() and officer.locator("header.topbar").is_hidden()
    assert blocks.first.is_visible() and no_horizontal_scroll(officer, A4["width"])
    screenshot(officer, "walk-07-sheet-print-a4")
    nhung = blocks.filter(has_text="Ngô Thị Hồng Nhung")
    url = nhung.locator(".sheet-url").inner_text()
    assert url.startswith(live_server.url + "/link/#")

    # The member, on her phone, from the sheet.
    phone = new_page(PHONE)
    phone.goto(url)
    confirm = phone.get_by_role("button", name="Tôi là Ngô Thị Hồng Nhung, đăng nhập")
    confirm.wait_for()
    assert phone.get_by_text("Liên kết này dành cho Ngô Thị Hồng Nhung.").is_visible()
    assert "#" not in phone.url  # the token left the address bar once read
    assert no_horizontal_scroll(phone, PHONE["width"])
    screenshot(phone, "walk-08-member-link-360")
    confirm.click()
    phone.wait_for_url(f"**{reverse('accounts:link_password')}")
    assert phone.get_by_text("Chào Ngô Thị Hồng Nhung, bạn đã đăng nhập.").is_visible()
    assert no_horizontal_scroll(phone, PHONE["width"])
    screenshot(phone, "walk-09-member-password-360")
    phone.fill("input[name=password1]", "Cam-Binh-2025")
    phone.fill("input[name=password2]", "Cam-Binh-2025")
    phone.get_by_role("button", name="Lưu mật khẩu").click()
    phone.wait_for_url(lambda u: u.rstrip("/") == live_server.url)
    assert phone.get_by_text("Đã lưu mật khẩu.").is_visible()
    assert phone.get_by_text("Tổ chuyển đổi số cộng đồng Ấp Suối Cạn").first.is_visible()
    assert no_horizontal_scroll(phone, PHONE["width"])
    screenshot(phone, "walk-10-member-home-360")
    assert User.objects.get(full_name="Ngô Thị Hồng Nhung").check_password("Cam-Binh-2025")

    # The same link again: used, and whom to ask for a new one.
    again = new_page(PHONE)
    again.goto(url)
    again.wait_for_selector("h1:has-text('Liên kết không dùng được')")
    assert again.get_by_text("Liên kết này đã được dùng để đăng nhập.").is_visible()
    assert again.get_by_text("Hãy xin Trương Văn Bảy một liên kết mới.").is_visible()
    assert no_horizontal_scroll(again, PHONE["width"])
    screenshot(again, "walk-11-link-used-360")
    assert Unit.objects.filter(parent=commune_a, kind=Unit.Kind.HAMLET).count() == 3
