"""The reminder card on a 360-px phone: one tap on, one tap off, hidden where the phone cannot take reminders.

Headless Chromium has no push service to reach, so the page is given a stand-in
for the service worker's PushManager (what a phone's browser would answer); the
card's script, the server's views and the database are the real ones.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from quizsite.accounts import services as accounts
from quizsite.accounts.push_subscriptions import PushSubscription
from quizsite.accounts.web_push import new_key_pair
from tests.accounts.test_push_subscriptions import browser_subscription
from tests.browser.conftest import PHONE
from tests.browser.test_question_preview import no_horizontal_scroll
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone's browser that says yes: permission granted, a subscription made and dropped on request.
PHONE_PUSH = """
(() => {
  const phone = %s, made = phone.made;
  let current = null, permission = phone.key ? "granted" : "default";
  Object.defineProperty(Notification, "permission", { get: () => permission });
  Notification.requestPermission = () => { permission = "granted"; return Promise.resolve(permission); };
  const subscribed = (key) => ({
    endpoint: made.endpoint,
    options: { applicationServerKey: key.buffer },
    toJSON: () => made,
    unsubscribe: () => { current = null; return Promise.resolve(true); },
  });
  // A phone that turned reminders on at an earlier visit still has its subscription.
  if (phone.key) current = subscribed(new Uint8Array(phone.key));
  const pushManager = {
    getSubscription: () => Promise.resolve(current),
    subscribe: (options) => { current = subscribed(options.applicationServerKey); return Promise.resolve(current); },
  };
  Object.defineProperty(navigator, "serviceWorker", { value: { ready: Promise.resolve({ pushManager }) } });
})();
"""


@pytest.fixture
def member(make_user, team_a, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    user = make_user(name="Nguyễn Thị Phương Thảo Quỳnh Hương")
    accounts.add_member(team=team_a, user=user)
    return user


def test_a_member_turns_reminders_on_and_off_with_one_tap_each(live_server, new_page, sign_in, screenshot, member):
    page = new_page(PHONE)
    page.add_init_script(PHONE_PUSH % json.dumps({"made": browser_subscription()}))
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    card = page.locator("#reminders")

    card.get_by_role("button", name="Nhắc tôi trước khi vòng thi đóng").click()

    card.get_by_text("Đang bật nhắc nhở").wait_for()
    assert PushSubscription.objects.filter(user=member).count() == 1
    assert no_horizontal_scroll(page, PHONE["width"])
    off = card.get_by_role("button", name="Tắt").bounding_box()
    assert off["width"] >= 44 and off["height"] >= 44  # a thumb's tap, as the site's other buttons
    screenshot(page, "reminders-on")

    card.get_by_role("button", name="Tắt").click()

    card.get_by_role("button", name="Nhắc tôi trước khi vòng thi đóng").wait_for()
    assert not PushSubscription.objects.exists()
    screenshot(page, "reminders-off")


def test_a_phone_that_turned_reminders_on_before_shows_them_on(live_server, new_page, sign_in, member, settings):
    made = browser_subscription()
    PushSubscription.objects.create(user=member, endpoint=made["endpoint"], **made["keys"])
    key = list(base64.urlsafe_b64decode(settings.VAPID_PUBLIC_KEY + "=="))
    page = new_page(PHONE)
    page.add_init_script(PHONE_PUSH % json.dumps({"made": made, "key": key}))
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse("home"))

    page.locator("#reminders").get_by_text("Đang bật nhắc nhở").wait_for()


def test_a_phone_whose_subscription_the_site_dropped_offers_reminders_again(
    live_server, new_page, sign_in, member, settings
):
    key = list(base64.urlsafe_b64decode(settings.VAPID_PUBLIC_KEY + "=="))
    page = new_page(PHONE)
    page.add_init_script(PHONE_PUSH % json.dumps({"made": browser_subscription(), "key": key}))
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse("home"))

    page.locator("#reminders").get_by_role("button", name="Nhắc tôi trước khi vòng thi đóng").wait_for()


def test_where_the_browser_has_no_push_as_in_zalo_the_card_stays_hidden(live_server, new_page, sign_in, member):
    page = new_page(PHONE)
    page.add_init_script("delete window.PushManager;")
    sign_in(page, member, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    page.wait_for_load_state("load")

    assert page.locator("#reminders").count() == 1
    assert not page.locator("#reminders").is_visible()
