"""The home page's reminder card: offered to members of a team when the site has a VAPID key pair."""

from __future__ import annotations

import pytest

from quizsite.accounts.push_subscriptions import PushSubscription, endpoint_mark
from quizsite.accounts.web_push import new_key_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    return settings.VAPID_PUBLIC_KEY


def test_a_member_is_offered_reminders_with_the_sites_public_key(client, member_a, keys):
    client.force_login(member_a)

    page = client.get("/").content.decode()

    assert "Nhắc tôi trước khi vòng thi đóng" in page
    assert f'data-key="{keys}"' in page
    assert "js/reminders.js" in page
    # Hidden until the script finds a phone that can take them (not Zalo's browser).
    assert 'id="reminders" hidden' in page


def test_the_card_lists_a_mark_of_each_phone_the_member_turned_reminders_on_for(client, member_a, keys):
    PushSubscription.objects.create(
        user=member_a, endpoint="https://fcm.googleapis.com/fcm/send/a", p256dh="k", auth="a"
    )
    client.force_login(member_a)

    page = client.get("/").content.decode()

    assert f'data-marks="{endpoint_mark("https://fcm.googleapis.com/fcm/send/a")}"' in page


def test_without_a_key_pair_nobody_is_offered_reminders(client, member_a, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    client.force_login(member_a)

    page = client.get("/").content.decode()

    assert "Nhắc tôi trước khi vòng thi đóng" not in page
    assert "reminders.js" not in page


def test_someone_in_no_team_is_not_offered_reminders(client, nobody, keys):
    client.force_login(nobody)

    assert "Nhắc tôi trước khi vòng thi đóng" not in client.get("/").content.decode()


def test_the_card_speaks_english_to_who_chose_it(client, member_a, keys):
    client.force_login(member_a)
    client.cookies["django_language"] = "en"

    page = client.get("/").content.decode()

    assert "Remind me before a round closes" in page
    assert "Reminders are on" in page
