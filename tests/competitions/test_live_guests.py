"""Guests at a live round's door: the round's guest limit, how fast one address or browser adds guests,
wrong join codes per address (pages and sockets alike), and a finished round's code.

A community hall of 300 on one Wi-Fi is one address; so is a script. The
limits must let the hall in and stop the script (competitions/live/guards.py
says why each number is what it is). Two minutes are played on a faked clock.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from competitions.live import guards, guests, host_commands, joining
from competitions.live.models import LivePlayer, LiveRound
from quizsite import limits
from quizsite.asgi import application
from tests.competitions.live_helpers import make_live_round
from tests.competitions.live_sockets import CODE, cookie_of
from tests.components import postgres_url
from tests.redis_away import redis_away  # noqa: F401  (a fixture)
from tests.test_asgi import SAME_ORIGIN

pytestmark = pytest.mark.django_db(transaction=True)

HALL = "203.0.113.10"
NEVER = "999999"  # a code no round has
FULL = "Vòng thi đã đủ"
TOO_FAST = "Nhiều người đang vào cùng lúc từ mạng của bạn"
TOO_MANY_CODES = "Có quá nhiều mã sai được nhập từ mạng của bạn"


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """The limits' clock, at the start of a window of every limit; move it with ``clock[0] += s``.

    The cache forgets counters by real time: on a slow machine 200 requests can take longer than two
    windows of the faked clock, so the counters are kept for as long as the test may run."""
    now = [1_800_000.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    monkeypatch.setattr(limits, "KEPT_WINDOWS", 100)
    return now


def play_url(code: str = CODE) -> str:
    return reverse("live:play", args=[code])


def join_as_guest(client: Client, team, nickname: str = "Khách"):
    return client.post(play_url(), {"nickname": nickname, "team": team.pk})


def text_of(response, code: str = NEVER) -> str:
    """The page as a person reads it, with ``code`` as NEVER (the forms' CSRF tokens differ on every page)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()).replace(code, NEVER)


def guest_count() -> int:
    return LivePlayer.objects.filter(user__isnull=True).count()


def set_limit(live: LiveRound, n: int) -> None:
    live.guest_limit = n
    live.save(update_fields=["guest_limit"])


# --- The round's guest limit ------------------------------------------------------------------------------


def test_the_guest_after_the_limit_is_refused_with_a_clear_message(live, team_a, clock):
    set_limit(live, 2)
    for n in range(2):
        assert join_as_guest(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), team_a, f"Khách {n}").status_code == 302

    response = join_as_guest(Client(REMOTE_ADDR="198.51.100.9"), team_a, "Khách muộn")

    assert response.status_code == 200
    assert "Vòng thi đã đủ 2 khách, không nhận thêm." in response.content.decode()
    assert guest_count() == 2


def test_a_guest_already_in_a_full_round_comes_back_as_the_same_guest(live, team_a, clock):
    set_limit(live, 1)
    phone = Client(REMOTE_ADDR=HALL)
    join_as_guest(phone, team_a, "Lan")

    again = join_as_guest(phone, team_a, "Lan nữa")
    page = phone.get(play_url())

    assert again.status_code == 200 and FULL not in again.content.decode()
    assert "<bdi>Lan</bdi>" in page.content.decode()
    assert guest_count() == 1


def test_members_do_not_count_as_guests(live, team_a, member_a, clock):
    set_limit(live, 1)
    joining.join_member(live, member_a)

    assert join_as_guest(Client(REMOTE_ADDR=HALL), team_a).status_code == 302
    assert guest_count() == 1


def test_two_guests_joining_at_the_same_moment_cannot_both_be_the_last(live, team_a, team_b):
    postgres_url()  # SQLite takes one writer at a time: nothing would race there
    assert connection.vendor == "postgresql"
    set_limit(live, 5)
    barrier = threading.Barrier(12)

    def join(n: int) -> bool:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            team = team_a if n % 2 else team_b
            guests.join_guest(live, guest_key=f"{n:032d}", nickname="Lan", team_id=team.pk)
            return True
        except ValidationError:
            return False
        finally:
            thread_connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        joined = list(pool.map(join, range(12)))

    assert sum(joined) == 5
    assert guest_count() == 5
    # Told apart under the same lock: no two guests of a team with one name.
    for team in (team_a, team_b):
        names = list(LivePlayer.objects.filter(team=team).values_list("display_name", flat=True))
        assert len(names) == len(set(names))


# --- How fast one address and one browser add guests ------------------------------------------------------


def test_a_hall_of_300_on_one_address_is_in_within_two_minutes(live, team_a, team_b, clock):
    """300 phones on the hall's Wi-Fi, arriving five a second for a minute (faster than the address may add
    guests); a phone told to wait presses "Vào chơi" again five seconds later. All are in within two minutes."""
    live.guest_limit = 300
    live.save(update_fields=["guest_limit"])
    start = clock[0]
    phones = [Client(REMOTE_ADDR=HALL) for _ in range(300)]
    waiting = [(n * 0.2, n) for n in range(300)]  # (when they press, who)
    in_at: dict[int, float] = {}
    while waiting:
        waiting.sort()
        at, n = waiting.pop(0)
        clock[0] = start + at
        response = join_as_guest(phones[n], team_a if n % 2 else team_b, f"Người {n}")
        if response.status_code == 302:
            in_at[n] = at
        else:
            assert response.status_code == 429, response.status_code
            assert TOO_FAST in response.content.decode()
            waiting.append((at + 5, n))

    assert len(in_at) == 300
    assert max(in_at.values()) <= 120
    assert guest_count() == 300


def test_a_script_adding_600_guests_in_20_seconds_from_one_address_is_stopped(live, team_a, clock):
    """The flood of issue 14: 600 joins in 20 s from one address, a new session (no cookies) each."""
    start = clock[0]
    refused = 0
    for n in range(600):
        clock[0] = start + n * 20 / 600
        response = join_as_guest(Client(REMOTE_ADDR=HALL), team_a, "Bot")
        if response.status_code == 429:
            refused += 1
            assert TOO_FAST in response.content.decode()
            assert response["Retry-After"]

    assert guest_count() <= 2 * guards.GUEST_ADDS_PER_ADDRESS.count  # two windows of 10 s
    assert refused == 600 - guest_count()


def test_a_script_that_keeps_adding_guests_stops_at_the_rounds_limit(live, team_a, clock):
    """Four a second from one address, as fast as the address limit lets it, until the round is full."""
    start = clock[0]
    for n in range(310):
        clock[0] = start + n * 0.25
        response = join_as_guest(Client(REMOTE_ADDR=HALL), team_a, "Bot")

    assert guest_count() == 300
    assert "Vòng thi đã đủ 300 khách" in response.content.decode()


def test_another_address_is_not_slowed_by_a_flooding_one(live, team_a, clock):
    for _ in range(guards.GUEST_ADDS_PER_ADDRESS.count + 5):
        join_as_guest(Client(REMOTE_ADDR=HALL), team_a, "Bot")

    assert join_as_guest(Client(REMOTE_ADDR="198.51.100.7"), team_a, "Hoa").status_code == 302


def test_one_browser_adds_no_guest_faster_than_a_person_types(stage, bank, team_a, live, clock):
    make_live_round(stage=stage, questions=bank[:1], teams=[team_a], code="135791", guests_allowed=True)
    browser = Client(REMOTE_ADDR=HALL)
    assert join_as_guest(browser, team_a, "Lan").status_code == 302

    too_soon = browser.post(play_url("135791"), {"nickname": "Lan", "team": team_a.pk})
    clock[0] += guards.GUEST_ADDS_PER_BROWSER.seconds
    later = browser.post(play_url("135791"), {"nickname": "Lan", "team": team_a.pk})

    assert too_soon.status_code == 429
    assert later.status_code == 302


def test_with_redis_away_a_hall_still_joins_and_codes_are_still_checked(redis_away, live, team_a):  # noqa: F811
    for n in range(5):
        assert join_as_guest(Client(REMOTE_ADDR=HALL), team_a, f"Người {n}").status_code == 302
    assert Client(REMOTE_ADDR=HALL).get(reverse("live:join"), {"code": NEVER}).status_code == 404
    assert guest_count() == 5


def test_a_load_script_with_the_limits_disabled_is_not_slowed(settings, live, team_a, clock):
    settings.ACCOUNT_RATE_LIMITS = False  # what DISABLE_RATE_LIMITS=true sets (never in production)
    for n in range(guards.GUEST_ADDS_PER_ADDRESS.count + 10):
        assert join_as_guest(Client(REMOTE_ADDR=HALL), team_a, f"Bot {n}").status_code == 302


# --- Wrong join codes --------------------------------------------------------------------------------------


def wrong_codes(client: Client, n: int) -> list[int]:
    return [client.get(reverse("live:join"), {"code": f"{100000 + i:06d}"}).status_code for i in range(n)]


def test_finding_a_live_round_by_guessing_takes_days():
    """A million codes; even with 50 rounds waiting or playing at once a guess hits one once in 20,000,
    and one address makes at most 50 guesses per 10 minutes: 7,200 a day."""
    live_at_once = 50
    guesses_per_day = guards.WRONG_CODES.count * 86_400 / guards.WRONG_CODES.seconds
    assert 10**6 / (live_at_once + 1) / guesses_per_day >= 2


def test_after_50_wrong_codes_an_address_gets_429_and_a_right_code_gets_the_same(live, clock):
    guesser = Client(REMOTE_ADDR="192.0.2.50")
    assert wrong_codes(guesser, 50) == [404] * 50

    wrong = guesser.get(reverse("live:join"), {"code": NEVER})
    right = guesser.get(reverse("live:join"), {"code": CODE})
    page = guesser.get(play_url())

    for response in (wrong, right, page):
        assert response.status_code == 429
        assert TOO_MANY_CODES in response.content.decode()
    assert text_of(right, CODE) == text_of(wrong)


def test_a_hall_where_a_few_dozen_mistype_still_gets_in(live, team_a, clock):
    for _ in range(300):  # right codes are never counted
        assert Client(REMOTE_ADDR=HALL).get(reverse("live:join"), {"code": CODE}).status_code == 302
    assert wrong_codes(Client(REMOTE_ADDR=HALL), 40) == [404] * 40

    assert Client(REMOTE_ADDR=HALL).get(reverse("live:join"), {"code": CODE}).status_code == 302
    assert join_as_guest(Client(REMOTE_ADDR=HALL), team_a).status_code == 302


def test_a_right_code_still_works_from_another_address_and_after_the_wait(live, clock):
    wrong_codes(Client(REMOTE_ADDR=HALL), 60)

    other = Client(REMOTE_ADDR="198.51.100.1").get(reverse("live:join"), {"code": CODE})
    clock[0] += guards.WRONG_CODES.seconds
    later = Client(REMOTE_ADDR=HALL).get(reverse("live:join"), {"code": CODE})

    assert other.status_code == 302
    assert later.status_code == 302


def test_phones_already_in_the_round_are_not_shut_out_by_a_pranksters_wrong_codes(live, team_a, member_b, clock):
    guest = Client(REMOTE_ADDR=HALL)
    join_as_guest(guest, team_a, "Lan")
    member = Client(REMOTE_ADDR=HALL)
    member.force_login(member_b)

    wrong_codes(Client(REMOTE_ADDR=HALL), 60)

    assert guest.get(play_url()).status_code == 200
    assert member.get(play_url()).status_code == 200
    assert Client(REMOTE_ADDR=HALL).get(play_url()).status_code == 429


def test_wrong_codes_count_against_the_address_nginx_saw_not_a_forged_one(settings, live, clock):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(50):
        forged = f"10.0.0.{n}"
        # As daphne --proxy-headers would hand it over: REMOTE_ADDR is the forged first entry.
        Client(REMOTE_ADDR=forged, HTTP_X_FORWARDED_FOR=f"{forged}, {HALL}").get(
            reverse("live:join"), {"code": f"{200000 + n}"}
        )

    response = Client(REMOTE_ADDR="10.0.0.99", HTTP_X_FORWARDED_FOR=f"10.0.0.99, {HALL}").get(play_url())

    assert response.status_code == 429


# --- Sockets: the same counters ------------------------------------------------------------------------------


def forwarded(address: str) -> tuple[bytes, bytes]:
    return (b"x-forwarded-for", f"10.1.2.3, {address}".encode())


async def close_code(path: str, *headers) -> int | None:
    communicator = WebsocketCommunicator(application, path, headers=[*SAME_ORIGIN, *headers])
    connected, _ = await communicator.connect()
    assert connected
    message = await communicator.receive_output(timeout=3)
    if message["type"] == "websocket.close":
        return message.get("code")
    await communicator.disconnect()  # let in: its first message was its state
    return None


async def test_wrong_codes_on_sockets_and_pages_count_together_and_then_close_with_4404(
    settings, live, member_b, clock
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    before = await close_code(f"/ws/live/{CODE}/play/", forwarded(HALL))
    for n in range(25):
        assert await close_code(f"/ws/live/{300000 + n}/play/", forwarded(HALL)) == 4404
    client = Client(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=f"10.1.2.3, {HALL}")
    await database_sync_to_async(wrong_codes)(client, 25)

    after = await close_code(f"/ws/live/{CODE}/play/", forwarded(HALL))
    member = await close_code(
        f"/ws/live/{CODE}/play/", forwarded(HALL), await database_sync_to_async(cookie_of)(member_b)
    )

    assert before == 4403  # the right code, but no player: under the limit that is "not allowed"
    assert after == 4404  # over it, the same as a code that does not exist
    assert member is None  # a member of an entered team is let in: the socket is open


# --- A finished round's code ----------------------------------------------------------------------------------


@pytest.fixture
def finished(live) -> LiveRound:
    host_commands.finish(live.pk)
    live.refresh_from_db()
    return live


def test_a_finished_rounds_code_is_answered_like_one_that_never_existed(finished, member_b, clock):
    client = Client()
    client.force_login(member_b)
    pairs = [
        (client.get(reverse("live:join"), {"code": CODE}), client.get(reverse("live:join"), {"code": NEVER})),
        (client.get(play_url()), client.get(play_url(NEVER))),
        (
            Client().get(reverse("live:screen", args=[CODE]), {"token": "a-token-guessed-" + "x" * 16}),
            Client().get(reverse("live:screen", args=[NEVER]), {"token": "a-token-guessed-" + "x" * 16}),
        ),
    ]
    for was, never in pairs:
        assert was.status_code == never.status_code == 404
        assert text_of(was, CODE) == text_of(never)


async def test_a_finished_rounds_player_socket_is_closed_like_a_wrong_codes(finished, member_b):
    cookie = await database_sync_to_async(cookie_of)(member_b)

    assert await close_code(f"/ws/live/{CODE}/play/", cookie) == 4404
    assert await close_code(f"/ws/live/{CODE}/screen/?token=a-token-guessed") == 4404


async def test_the_projector_with_its_token_still_shows_a_finished_round_after_a_reload(finished):
    """The screen token is the round's secret, not a guess: the projector reloaded after the finish shows the
    podium again instead of "no such round" in front of the hall."""
    page = await database_sync_to_async(Client().get)(
        reverse("live:screen", args=[CODE]), {"token": finished.screen_token}
    )

    assert page.status_code == 200
    assert await close_code(f"/ws/live/{CODE}/screen/?token={finished.screen_token}") is None


async def test_the_organiser_still_reaches_a_finished_rounds_host_console(finished, organiser_a):
    client = Client()
    await database_sync_to_async(client.force_login)(organiser_a)
    page = await database_sync_to_async(client.get)(reverse("live:host", args=[CODE]))
    cookie = await database_sync_to_async(cookie_of)(organiser_a)

    assert page.status_code == 200
    assert await close_code(f"/ws/live/{CODE}/host/", cookie) is None


def test_a_finished_rounds_code_is_refused_to_an_organiser_of_another_unit(finished, organiser_b):
    client = Client()
    client.force_login(organiser_b)

    assert client.get(reverse("live:host", args=[CODE])).status_code == 404


# --- The host console ----------------------------------------------------------------------------------------


def test_the_host_console_shows_the_guests_and_the_limit(live, organiser_a, team_a, clock):
    set_limit(live, 150)
    join_as_guest(Client(REMOTE_ADDR=HALL), team_a, "Lan")
    client = Client()
    client.force_login(organiser_a)

    assert "Khách: 1 / 150" in client.get(reverse("live:host", args=[CODE])).content.decode()
