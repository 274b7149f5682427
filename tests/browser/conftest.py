"""Headless Chromium through Playwright's sync API, on a 360-px phone screen.

Chromium comes from the system (apt), never from ``playwright install``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from tests.components import chromium_path

SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Module scope, not session: the sync API keeps an event loop running in
    # this thread while it lives, which would break the asyncio tests after it.
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own
    # ORM calls (fixtures, assertions) are still plain synchronous code. The
    # flag lives only as long as the browser, never leaking into other tests.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport: dict = PHONE, **options):
        context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(live_server):
    """Sign in through the real login form, typing the number the local way (0xxx)."""

    def sign_in(page, user, password: str) -> None:
        page.goto(live_server.url + reverse("account_login"))
        page.fill("input[name=login]", "0" + user.phone.removeprefix("+84"))
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/accounts/login" not in url)

    return sign_in


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def shoot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot
