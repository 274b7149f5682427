"""The site as an installed app on a member's phone: Chrome may install it, it says so when the network is
gone, a static file comes from the worker's cache, and signing out leaves nothing of the member behind.
Inside Zalo's or Facebook's browser there is no worker, and a bar offers the phone's own browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM_ARGS, PHONE
from tests.components import chromium_path
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZALO_ANDROID = (
    "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Zalo android/12100707 ZaloTheme/light ZaloLanguage/vi"
)
FACEBOOK_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 [FBAN/FBIOS;FBAV/447.0.0.36.108;FBBV/561281032;FBDV/iPhone12,1;FBMD/iPhone;FBSN/iOS]"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36"
)


def controlled(page) -> None:
    """Waits until the service worker serves this page (it claims the page that registered it)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def cached_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const key of await caches.keys()) {
                for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
            }
            return urls;
        }"""
    )


@pytest.fixture
def profile_page(browser, tmp_path):
    """A page in a Chromium with a profile on disk: Chrome offers no install in its incognito windows,
    and Playwright's other contexts are incognito."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_chrome_finds_the_app_installable_once_the_worker_serves_the_members_home(
    live_server, profile_page, sign_in, member_a
):
    page = profile_page
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    controlled(page)

    cdp = page.context.new_cdp_session(page)
    app = cdp.send("Page.getAppManifest")
    assert app["url"] == live_server.url + reverse("pwa:manifest") + "?lang=vi"
    assert app["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_a_page_that_cannot_load_offline_shows_the_offline_page_in_vietnamese(
    live_server, new_page, sign_in, screenshot, member_a
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    controlled(page)

    page.context.set_offline(True)
    page.goto(live_server.url + reverse("accounts:profile"))

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Không có mạng"
    assert page.get_by_role("link", name="Thử lại").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "pwa-offline")
    # The offline page's stylesheet came from the worker's cache too: the bar is the site's blue.
    assert page.locator("header.topbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 92, 173)"
    page.context.set_offline(False)
    page.get_by_role("link", name="Thử lại").click()
    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"


def test_in_english_the_offline_page_is_in_english(live_server, new_page, sign_in, member_a):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]", state="attached")
    controlled(page)

    page.context.set_offline(True)
    page.goto(live_server.url + reverse("home"))

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "No connection"


def test_a_static_file_comes_from_the_workers_cache_when_the_phone_is_offline(live_server, new_page, sign_in, member_a):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    controlled(page)
    page.reload()  # now through the worker, which keeps the page's static files (never the page)
    assert "/static/pwa/pwa.js" in cached_urls(page)
    assert not [url for url in cached_urls(page) if not url.startswith(("/static/", "/offline/"))]

    page.context.set_offline(True)
    answer = page.evaluate(
        """async () => {
            const response = await fetch("/static/pwa/pwa.js");
            return {status: response.status, text: await response.text()};
        }"""
    )
    assert answer["status"] == 200 and "serviceWorker" in answer["text"]
    with pytest.raises(Exception, match="Failed to fetch"):  # a page's data is never kept: no network, no answer
        page.evaluate(f"fetch({reverse('accounts:profile')!r}).then(r => r.status)")


def test_after_sign_out_the_shared_phone_shows_nothing_of_the_last_member_even_offline(
    live_server, new_page, sign_in, member_a
):
    page = new_page(PHONE)
    sign_in(page, member_a, PASSWORD)
    seen = [reverse("home"), reverse("accounts:profile")]
    for path in seen:
        page.goto(live_server.url + path)
        controlled(page)
        assert member_a.full_name in page.content()
    page.evaluate("localStorage.setItem('unsent', 'what the last member typed')")

    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + reverse("home"))
    page.locator("nav.guest").get_by_role("link", name="Đăng nhập").wait_for()
    assert page.evaluate("localStorage.length") == 0
    controlled(page)  # the worker again (sign-out removed the last one), for the next person
    assert not [url for url in cached_urls(page) if not url.startswith(("/static/", "/offline/"))]

    page.context.set_offline(True)
    for path in seen:
        page.goto(live_server.url + path)
        assert page.locator("h1").inner_text() == "Không có mạng", path
        assert member_a.full_name not in page.content()
    page.go_back()
    assert member_a.full_name not in page.content()


def test_a_push_reminder_shows_with_the_sites_icon_and_never_points_outside_the_site(
    live_server, new_page, sign_in, member_a
):
    page = new_page(PHONE)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, member_a, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    for _ in range(50):  # the events come while Playwright waits
        if any(not r["isDeleted"] for r in registrations):
            break
        page.wait_for_timeout(100)
    registration_id = next(r["registrationId"] for r in registrations if not r["isDeleted"])

    for tag, url in [("week", "/rounds/1/"), ("evil", "https://example.com/steal"), ("js", "javascript:alert(1)")]:
        payload = f'{{"title": "Vòng thi tuần", "body": "Còn 2 giờ", "url": "{url}", "tag": "{tag}"}}'
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": registration_id, "data": payload},
        )
    shown = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            let shown = [];
            for (let i = 0; i < 100 && shown.length < 3; i++) {
                await new Promise((resolve) => setTimeout(resolve, 100));
                shown = await registration.getNotifications();
            }
            return shown.map((n) => ({
                title: n.title, body: n.body, tag: n.tag, icon: new URL(n.icon).pathname, url: n.data.url,
            }));
        }"""
    )
    by_tag = {notification["tag"]: notification for notification in shown}
    assert by_tag["week"] == {
        "title": "Vòng thi tuần",
        "body": "Còn 2 giờ",
        "tag": "week",
        "icon": "/static/pwa/icon-192.png",
        "url": live_server.url + "/rounds/1/",
    }
    assert by_tag["evil"]["url"] == by_tag["js"]["url"] == live_server.url + "/"


# Tapping a reminder, inside the site's worker. The browser lets a worker focus a window or open one only
# while a person's tap is handled, so those two are recorded instead of done; steering a window it serves
# (WindowClient.navigate) is real. The worker's own notificationclick listener is what runs.
TAP = """async ({url, open}) => {
    const focused = [], opened = [];
    WindowClient.prototype.focus = function () { focused.push(this.url); return Promise.resolve(this); };
    self.clients.openWindow = async (target) => { opened.push(target); return null; };
    const matchAll = Clients.prototype.matchAll.bind(self.clients);
    self.clients.matchAll = open ? matchAll : async () => [];  // open: false, the site has no window
    await self.registration.showNotification("Vòng thi tuần", { tag: "tap", data: { url } });
    const [notification] = await self.registration.getNotifications({ tag: "tap" });
    const event = new NotificationEvent("notificationclick", { notification });
    let handled = null;
    // waitUntil belongs to the events the browser itself dispatches; here the promise is kept to wait for.
    Object.defineProperty(event, "waitUntil", { value: (promise) => { handled = promise; } });
    self.dispatchEvent(event);
    await handled;
    return { focused, opened, left: (await self.registration.getNotifications({ tag: "tap" })).length };
}"""


def test_tapping_a_reminder_brings_the_sites_window_to_its_round_and_never_outside_the_site(
    live_server, new_page, sign_in, member_a
):
    page = new_page(PHONE)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, member_a, PASSWORD)
    home, profile = live_server.url + reverse("home"), live_server.url + reverse("accounts:profile")
    page.goto(home)
    controlled(page)
    workers = page.context.service_workers
    worker = workers[0] if workers else page.context.wait_for_event("serviceworker")

    def tap(url: str, open: bool = True) -> dict:
        return worker.evaluate(TAP, {"url": url, "open": open})

    # The site is open on the home page: that window comes forward at the reminder's page.
    assert tap(reverse("accounts:profile")) == {"focused": [home], "opened": [], "left": 0}
    page.wait_for_url(profile)
    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"
    # Already there: brought forward, not loaded again.
    assert tap(profile) == {"focused": [profile], "opened": [], "left": 0}
    # A reminder pointing elsewhere (another site, a script, a scheme-relative address) opens the home page.
    for url in ["https://example.com/steal", "javascript:alert(1)", "//example.com/steal", "", None]:
        page.goto(profile)
        controlled(page)
        assert tap(url) == {"focused": [profile], "opened": [], "left": 0}, url
        page.wait_for_url(home)
    # The site is not open at all: a new window at the reminder's page, or at home for anything else.
    assert tap(reverse("accounts:profile"), open=False) == {"focused": [], "opened": [profile], "left": 0}
    assert tap("javascript:alert(1)", open=False) == {"focused": [], "opened": [home], "left": 0}


@pytest.mark.parametrize(
    ("agent", "shows"),
    [(ZALO_ANDROID, "link"), (FACEBOOK_IPHONE, "hint")],
    ids=["zalo-android", "facebook-iphone"],
)
def test_inside_zalo_or_facebook_a_bar_offers_the_phones_browser_and_no_worker_is_registered(
    live_server, browser, screenshot, member_a, agent, shows
):
    context = browser.new_context(viewport=PHONE, user_agent=agent, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("home"))
        page.wait_for_load_state("load")

        bar = page.locator(".in-app-bar")
        assert bar.is_visible()
        link, hint = bar.get_by_role("link", name="Mở bằng trình duyệt"), bar.get_by_text("Bấm ⋯ rồi chọn")
        if shows == "link":
            assert link.is_visible() and not hint.is_visible()
            href = link.get_attribute("href")
            host = live_server.url.split("//")[1]
            assert href.startswith(f"intent://{host}/#Intent;scheme=http;package=com.android.chrome;")
            assert href.endswith(";end")
        else:
            assert hint.inner_text() == "Bấm ⋯ rồi chọn Mở bằng trình duyệt" and not link.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"pwa-in-app-{shows}")
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0

        bar.get_by_role("button", name="Đóng").click()
        assert not bar.is_visible()
        page.goto(live_server.url + reverse("account_login"))
        page.wait_for_load_state("load")
        assert page.locator(".in-app-bar").count() == 0  # dismissed: not again on the next page
        assert page.locator("input[name=login]").is_visible()  # and the site works as ever
    finally:
        context.close()


def test_in_the_phones_own_browser_there_is_no_bar(live_server, browser, member_a):
    context = browser.new_context(viewport=PHONE, user_agent=CHROME_ANDROID, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("home"))
        controlled(page)
        assert page.locator(".in-app-bar").count() == 0
    finally:
        context.close()
