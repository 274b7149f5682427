"""The reminder job: who gets a Web Push reminder of which round, once, and what it says.

Real pywebpush encryption and VAPID signatures, posted to a push service on
loopback (tests/push_service.py) that decrypts each message with the
receiving browser's keys, as the phone would.
"""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from competitions import attempts, reminders
from competitions.live import links
from competitions.live.models import LiveEntry, LivePlayer, LiveRound
from competitions.models import Round, Stage
from competitions.reminder_sending import send_due
from quizsite.accounts import services as accounts
from quizsite.accounts.devices import DEVICE_COOKIE
from quizsite.accounts.push_subscriptions import PushSubscription
from quizsite.accounts.web_push import new_key_pair
from tests.components import postgres_url
from tests.push_service import FakePushService

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def vapid(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    settings.VAPID_SUBJECT = "mailto:so-tttt@example.vn"


@pytest.fixture
def push():
    service = FakePushService()
    yield service
    service.close()


@pytest.fixture
def member_a2(make_user, team_a):
    user = make_user(name="Lý Thị Hai")
    accounts.add_member(team=team_a, user=user)
    return user


@pytest.fixture
def member_b(make_user, team_b):
    """A member of the neighbouring commune, whose teams the commune A round does not admit."""
    user = make_user(name="Trịnh Xã Bên")
    accounts.add_member(team=team_b, user=user)
    return user


def at(text: str) -> datetime:
    """A moment in Vietnam time: "2026-09-10 18:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)


@pytest.fixture
def weekly(make_round, bank) -> Round:
    """Open Monday 07:00 to Thursday 20:00; reminders from Thursday 18:00."""
    return make_round(
        title="Tuần 37: An toàn trên mạng",
        opens_at=at("2026-09-07 07:00"),
        closes_at=at("2026-09-10 20:00"),
        published_at=at("2026-09-06 12:00"),
        remind_at=at("2026-09-10 18:00"),
    )


def test_a_due_round_reminds_the_subscribed_members_who_have_not_played_it_and_nobody_else(
    push, weekly, member_a, leader_a, member_a2, member_b
):
    not_played, played, other_commune = push.browser(), push.browser(), push.browser()
    not_played.subscribe(member_a)
    played.subscribe(leader_a)
    other_commune.subscribe(member_b)
    # member_a2 never turned reminders on.
    attempts.start_attempt(round=weekly, user=leader_a, now=at("2026-09-08 09:00"))

    send_due(now=at("2026-09-10 18:00"))

    assert push.messages(not_played) == [
        {
            "title": "Tuần 37: An toàn trên mạng",
            "body": "Vòng thi tuần này đóng lúc 20:00 hôm nay — bạn chưa thi",
            "url": f"/rounds/{weekly.pk}/",
            "tag": f"round-{weekly.pk}",
        }
    ]
    assert push.messages(played) == []
    assert push.messages(other_commune) == []
    assert push.total() == 1


def test_a_member_who_turned_reminders_off_gets_none(client, push, weekly, member_a, settings):
    browser = push.browser()
    browser.subscribe(member_a)
    client.force_login(member_a)
    client.post("/reminders/unsubscribe/", {"endpoint": browser.endpoint}, content_type="application/json")

    send_due(now=at("2026-09-10 18:00"))

    assert push.total() == 0


def test_after_a_member_signs_out_of_a_shared_phone_their_reminder_goes_to_their_own_phone_only(
    push, weekly, member_a, member_a2
):
    shared, own = push.browser(), push.browser()
    shared.subscribe(member_a, language="en", device="the-hamlet-phone")
    own.subscribe(member_a, language="en", device="member-a-own-phone")
    phone = Client()
    phone.cookies[DEVICE_COOKIE] = "the-hamlet-phone"
    phone.force_login(member_a)
    phone.post(reverse("account_logout"))

    send_due(now=at("2026-09-10 18:00"))
    assert push.messages(shared) == []  # whoever holds the phone now is not told the member has not played
    assert [m["body"] for m in push.messages(own)] == [
        "This week's round closes today at 20:00 — you have not played yet"
    ]

    # The next member turns reminders on there, and the browser kept its subscription: theirs alone.
    shared.subscribe(member_a2, language="vi", device="the-hamlet-phone")
    send_due(now=at("2026-09-10 18:01"))
    assert [m["body"] for m in push.messages(shared)] == ["Vòng thi tuần này đóng lúc 20:00 hôm nay — bạn chưa thi"]
    assert len(push.messages(own)) == 1


def test_every_phone_of_a_member_gets_it_each_in_the_language_it_was_turned_on_in(push, weekly, member_a):
    Round.objects.filter(pk=weekly.pk).update(remind_at=at("2026-09-09 19:00"))
    phone, tablet = push.browser(), push.browser()
    phone.subscribe(member_a, language="vi")
    tablet.subscribe(member_a, language="en")

    send_due(now=at("2026-09-09 19:00"))

    assert [m["body"] for m in push.messages(phone)] == ["Vòng thi tuần này đóng lúc 20:00 ngày mai — bạn chưa thi"]
    assert [m["body"] for m in push.messages(tablet)] == [
        "This week's round closes tomorrow at 20:00 — you have not played yet"
    ]


def test_a_round_of_another_stage_kind_is_not_called_this_weeks(push, weekly, member_a):
    Stage.objects.filter(pk=weekly.stage_id).update(kind=Stage.Kind.MONTHLY)
    Round.objects.filter(pk=weekly.pk).update(remind_at=at("2026-09-08 18:00"))
    browser = push.browser()
    browser.subscribe(member_a)

    send_due(now=at("2026-09-08 18:00"))

    assert [m["body"] for m in push.messages(browser)] == ["Vòng thi đóng lúc 20:00 ngày 10/09 — bạn chưa thi"]


def test_running_the_job_again_sends_nothing_twice(push, weekly, member_a, member_a2):
    first, second = push.browser(), push.browser()
    first.subscribe(member_a)

    send_due(now=at("2026-09-10 18:00"))
    second.subscribe(member_a2)  # turned on after the first run: reminded by the next one
    send_due(now=at("2026-09-10 18:01"))
    send_due(now=at("2026-09-10 18:02"))

    assert len(push.messages(first)) == 1
    assert len(push.messages(second)) == 1


def test_nothing_is_sent_before_the_reminder_time_nor_once_the_round_has_closed(push, weekly, member_a):
    browser = push.browser()
    browser.subscribe(member_a)

    send_due(now=at("2026-09-10 17:59"))
    send_due(now=at("2026-09-10 20:00"))

    assert push.total() == 0


def test_a_member_who_plays_between_the_queue_and_the_send_is_not_reminded(push, weekly, member_a):
    push.browser().subscribe(member_a)
    reminders.queue_due(at("2026-09-10 18:00"))
    attempts.start_attempt(round=weekly, user=member_a, now=at("2026-09-10 18:00"))

    send_due(now=at("2026-09-10 18:00"))

    assert push.total() == 0


def test_a_subscription_the_push_service_no_longer_knows_is_deleted(push, weekly, member_a):
    kept, dropped = push.browser(), push.browser(gone=True)
    kept.subscribe(member_a)
    dropped.subscribe(member_a)

    sent = send_due(now=at("2026-09-10 18:00"))

    assert (sent.reached, sent.gone) == (1, 1)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [kept.endpoint]
    assert len(push.messages(kept)) == 1
    assert PushSubscription.objects.get().last_success_at is not None


def test_the_reminders_of_a_run_that_died_are_sent_by_a_later_run_once_its_claim_lapses(push, weekly, member_a):
    browser = push.browser()
    browser.subscribe(member_a)
    reminders.queue_due(at("2026-09-10 18:00"))
    assert reminders.claim(at("2026-09-10 18:00"))  # the run that died right after claiming

    send_due(now=at("2026-09-10 18:01"))
    assert push.total() == 0  # still that run's
    send_due(now=at("2026-09-10 18:00") + reminders.LEASE)

    assert len(push.messages(browser)) == 1


def test_the_default_reminder_time_is_the_evening_before_the_close_or_two_hours_before_a_short_round():
    week = Round(opens_at=at("2026-09-07 07:00"), closes_at=at("2026-09-10 20:00"))
    evening = Round(opens_at=at("2026-09-10 08:00"), closes_at=at("2026-09-10 21:00"))
    overnight = Round(opens_at=at("2026-09-09 20:00"), closes_at=at("2026-09-10 21:00"))

    assert reminders.default_remind_at(week) == at("2026-09-09 19:00")
    assert reminders.default_remind_at(evening) == at("2026-09-10 19:00")
    assert reminders.default_remind_at(overnight) == at("2026-09-09 20:00")  # never before it opens


def test_without_a_reminder_time_the_round_reminds_the_evening_before_it_closes(push, weekly, member_a):
    Round.objects.filter(pk=weekly.pk).update(remind_at=None)
    browser = push.browser()
    browser.subscribe(member_a)

    send_due(now=at("2026-09-09 18:59"))
    assert push.total() == 0
    send_due(now=at("2026-09-09 19:00"))

    assert len(push.messages(browser)) == 1


@pytest.fixture
def live_round(stage, team_a) -> LiveRound:
    """A live round of team A (team B not entered), starting Thursday 20:00."""
    round = Round.objects.create(
        stage=stage,
        title="Chung kết trực tiếp",
        mode=Round.Mode.LIVE,
        opens_at=at("2026-09-10 20:00"),
        closes_at=at("2026-09-11 20:00"),
        published_at=at("2026-09-01 08:00"),
    )
    live = LiveRound.objects.create(round=round, code="246810")
    LiveEntry.objects.create(live_round=live, team=team_a)
    return live


def test_the_members_of_the_teams_in_a_live_round_are_reminded_ten_minutes_before_it_starts(
    push, live_round, member_a, leader_a, member_a2, member_b
):
    waiting, joined, not_entered = push.browser(), push.browser(), push.browser()
    waiting.subscribe(member_a)
    joined.subscribe(leader_a)
    not_entered.subscribe(member_b)
    LivePlayer.objects.create(
        live_round=live_round, team=live_round.entries.get().team, user=leader_a, display_name="A"
    )

    send_due(now=at("2026-09-10 19:49"))
    assert push.total() == 0
    send_due(now=at("2026-09-10 19:50"))
    send_due(now=at("2026-09-10 19:55"))

    assert push.messages(waiting) == [
        {
            "title": "Chung kết trực tiếp",
            "body": "Vòng trực tiếp bắt đầu sau 10 phút",
            "url": links.player_path("246810"),
            "tag": f"round-{live_round.round_id}",
        }
    ]
    assert push.total() == 1


def test_a_live_round_already_started_by_its_host_reminds_nobody(push, live_round, member_a):
    push.browser().subscribe(member_a)
    LiveRound.objects.filter(pk=live_round.pk).update(status=LiveRound.Status.QUESTION)

    send_due(now=at("2026-09-10 19:55"))

    assert push.total() == 0


def test_the_command_sends_nothing_without_a_key_pair(push, weekly, member_a, settings, capsys):
    push.browser().subscribe(member_a)
    settings.VAPID_PRIVATE_KEY = ""

    call_command("send_reminders")

    assert "reminders are off" in capsys.readouterr().out
    assert push.total() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(push, make_user, team_a, make_round, bank):
    postgres_url()  # SKIP LOCKED is PostgreSQL's; SQLite has one writer anyway
    round = make_round(
        opens_at=at("2026-09-07 07:00"), closes_at=at("2026-09-10 20:00"), published_at=at("2026-09-06 12:00")
    )
    browsers = []
    for n in range(12):
        user = make_user(name=f"Thành viên {n}")
        if n < 9:
            accounts.add_member(team=team_a, user=user)
        browser = push.browser()
        browser.subscribe(user)
        browsers.append(browser)
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        try:
            send_due(now=at("2026-09-10 19:00"), workers=2)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [len(push.messages(b)) for b in browsers] == [1] * 9 + [0] * 3  # the last three are in no team
    assert round.reminders.filter(sent_at__isnull=False).count() == 9
