"""What a member sees of a question, on a 360-px phone, in a real browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from questionbank import services
from questionbank.models import Topic
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

# The live server reads from another connection, so the test data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = (
    "Khi nhận được tin nhắn báo trúng thưởng kèm đường liên kết lạ yêu cầu đăng nhập tài khoản ngân hàng "
    "để nhận quà, người dân nên làm gì? https://khuyenmai-nhanqua-trian-khachhang.example.com/dang-nhap"
)


@pytest.fixture
def topic(transactional_db) -> Topic:
    # A transactional test before this one may have flushed the rows the data migration made.
    services.ensure_root_topics()
    return Topic.objects.get(root_key=Topic.Root.SAFETY)


@pytest.fixture
def question(make_question, author_a, reviewer_a, commune_a):
    question = make_question(
        author=author_a,
        unit=commune_a,
        text=LONG_TEXT,
        choices=[
            services.ChoiceData("Không bấm vào liên kết, báo cho ngân hàng qua số tổng đài chính thức", True),
            services.ChoiceData("Bấm vào liên kết và đăng nhập ngay để kịp nhận quà", False),
            services.ChoiceData("Gửi mã OTP cho người gửi tin nhắn", False),
        ],
    )
    services.submit_for_review(question=question, actor=author_a)
    return services.approve(question=question, reviewer=reviewer_a)


def no_horizontal_scroll(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_question_preview_fits_a_360_pixel_phone(live_server, new_page, sign_in, screenshot, author_a, question):
    page = new_page(PHONE)
    sign_in(page, author_a, PASSWORD)
    page.goto(live_server.url + reverse("questionbank:preview", args=[question.pk]))

    phone = page.locator(".phone")
    assert phone.get_by_text("Khi nhận được tin nhắn báo trúng thưởng").is_visible()
    choices = phone.locator("label.choice")
    assert choices.count() == 3
    for i in range(3):
        assert choices.nth(i).is_visible()
    assert phone.locator("input[type=radio]").count() == 3
    assert phone.locator(".correct").count() == 0
    assert no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "preview-360")

    choices.nth(1).click()  # a member can pick an answer in the preview
    assert phone.locator("input[type=radio]").nth(1).is_checked()


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_the_list_and_edit_pages_fit_phone_and_desktop(
    live_server, new_page, sign_in, screenshot, author_a, question, viewport, label
):
    page = new_page(viewport)
    sign_in(page, author_a, PASSWORD)

    page.goto(live_server.url + reverse("questionbank:list"))
    assert page.get_by_role("link", name="Khi nhận được tin nhắn").is_visible()
    assert no_horizontal_scroll(page, viewport["width"])
    screenshot(page, f"list-{label}")

    page.goto(live_server.url + reverse("questionbank:edit", args=[question.pk]))
    assert page.get_by_text("Khi lưu sẽ tạo phiên bản mới v2").is_visible()
    page.fill("textarea[name=text]", "Câu hỏi đã sửa trên điện thoại")
    page.fill("input[name=choice_3_text]", "Phương án mới thêm")
    preview = page.locator(".phone")
    assert preview.get_by_text("Câu hỏi đã sửa trên điện thoại").is_visible()
    assert preview.get_by_text("Phương án mới thêm").is_visible()
    assert no_horizontal_scroll(page, viewport["width"])
    screenshot(page, f"edit-{label}")

    page.get_by_role("button", name="Lưu thành phiên bản v2").click()
    page.wait_for_url("**/questions/*/")
    assert page.get_by_text("Đã tạo phiên bản mới v2").is_visible()
    screenshot(page, f"detail-{label}")
