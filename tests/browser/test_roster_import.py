"""An organiser on a 360-px phone imports a roster: a mistake shown by its cell, the fixed file imported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizsite.accounts.models import Membership
from tests.accounts.roster_files import member, upload
from tests.browser.conftest import PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_fixes_a_wrong_phone_and_imports_on_a_phone(
    live_server, new_page, sign_in, screenshot, organiser_a, commune_a, hamlet_a, tmp_path
):
    wrong, right = tmp_path / "sai.xlsx", tmp_path / "dung.xlsx"
    rows = [member("Nguyễn Thị Phương Thảo Quỳnh Hương", "0912000001", role="Tổ trưởng", hamlet="Khu phố Tân Long 2")]
    wrong.write_bytes(upload([*rows, member("Trần Văn Bình", "0912 00")]).read())
    right.write_bytes(upload([*rows, member("Trần Văn Bình", "0912 000 002")]).read())
    page = new_page(PHONE)
    sign_in(page, organiser_a, PASSWORD)

    page.goto(live_server.url + reverse("accounts:roster_import", args=[commune_a.pk]))
    page.set_input_files("input[type=file]", str(wrong))
    assert page.get_by_text("sai.xlsx", exact=True).is_visible()  # beside "Chọn tệp…", not the browser's English
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "roster-upload-chosen")
    page.get_by_role("button", name="Xem trước").click()
    assert page.get_by_text("Tệp có 1 lỗi.").is_visible()
    assert page.get_by_role("cell", name="E3").is_visible()
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "roster-preview-mistake")

    page.get_by_role("link", name="Tải tệp đã sửa lên").click()
    page.set_input_files("input[type=file]", str(right))
    page.get_by_role("button", name="Xem trước").click()
    assert page.get_by_text("Khu phố Tân Long 2 (Xã An Bình)").is_visible()
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "roster-preview-ready")
    page.get_by_role("button", name="Nhập", exact=True).click()

    assert page.get_by_text("Đã nhập 2 thành viên: 2 người mới").is_visible()
    assert Membership.objects.count() == 2
