"""The monthly report on a 360-px phone, as a commune's leadership opens it, and its A4 print.

Screenshots and the PDF go to /tmp/shots/report/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from questionbank import services
from questionbank.models import Topic
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.leaderboards.test_monthly_report import ODD_NAME, questions, report_url, rounds, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/report")
A4 = {"width": 794, "height": 1123}  # 210 × 297 mm at 96 px per inch


@pytest.fixture
def topic(transactional_db) -> Topic:
    # A transactional test before this one may have flushed the rows the data migration made.
    services.ensure_root_topics()
    return Topic.objects.get(root_key=Topic.Root.SAFETY)


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.mark.usefixtures("world")
def test_a_viewer_reads_the_report_on_a_phone_without_scrolling_sideways(
    live_server, new_page, sign_in, shots, viewer_a, commune_a
):
    page = new_page(PHONE)
    sign_in(page, viewer_a, PASSWORD)

    page.goto(live_server.url + report_url(commune_a))

    assert page.locator("h1").inner_text().startswith("Báo cáo tham gia Tháng 11/2025")
    assert no_horizontal_scroll(page, PHONE["width"])
    chart = page.locator("svg[aria-labelledby='rates-title rates-desc']")
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert chart.locator("text", has_text=ODD_NAME).count() == 1  # the name drawn as text, not markup
    assert page.locator("#units tfoot").inner_text().count("40,0%") == 2  # the rate, and the “→ 40,0%” of its trend
    page.screenshot(path=str(shots / "report-360.png"), full_page=True)

    page.goto(live_server.url + reverse("leaderboards:monthly"))
    assert no_horizontal_scroll(page, PHONE["width"])
    page.screenshot(path=str(shots / "chooser-360.png"), full_page=True)


@pytest.mark.usefixtures("world")
def test_the_print_view_fits_a_phone_and_prints_to_an_a4_pdf(
    live_server, new_page, sign_in, shots, viewer_a, commune_a
):
    page = new_page(PHONE)
    sign_in(page, viewer_a, PASSWORD)

    page.goto(live_server.url + report_url(commune_a, name="leaderboards:monthly_print"))

    assert no_horizontal_scroll(page, PHONE["width"])
    page.screenshot(path=str(shots / "print-360.png"), full_page=True)
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(shots / "report-a4.pdf"), prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    # The same print layout as an image, at A4's width in CSS pixels, for a person to look at.
    page.set_viewport_size(A4)
    page.screenshot(path=str(shots / "print-a4.png"), full_page=True)


@pytest.mark.usefixtures("world")
def test_the_report_on_a_desktop(live_server, new_page, sign_in, shots, viewer_a, commune_a):
    page = new_page(DESKTOP)
    sign_in(page, viewer_a, PASSWORD)

    page.goto(live_server.url + report_url(commune_a))

    assert no_horizontal_scroll(page, DESKTOP["width"])
    page.screenshot(path=str(shots / "report-1280.png"), full_page=True)
