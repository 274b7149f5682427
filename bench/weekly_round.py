"""Bench: a weekly round, many members answering at once, against the /healthz baseline.

    .venv/bin/python bench/weekly_round.py [--members 1000 --clients 32 --duration 20 ...]

bench/fixture.py adds ``--members`` bench members (teams of ten under the demo
province) to the ~185 demo members; all may play the round seed_demo opened
this week. Three measured parts, after the BASELINE:

1. *sign in*: ``--logins`` members sign in through the real login form (a
   password check each, timed on its own); the others bring the session a
   sign-in would have given them (made by the fixture), so the round is not
   measuring PBKDF2.
2. *the round*: ``--clients`` members at a time, until every player has
   played (or ``--round-seconds`` passed), each as a phone with attempt.js
   would: open the round page, start (POST), then for every question GET the
   page and save the answer as attempt.js does (multipart POST with the CSRF
   header), changing about one answer in four once, then open the submit
   page and submit with a prediction. One row per request type.
3. *answer saves only*: ``--clients`` members with an attempt under way save
   answers back to back for ``--duration`` seconds (after ``--warmup``): the
   same closed loop as the baseline, so its ratio is the save's cost against
   the smallest Django view. Those attempts are submitted afterwards.

Then it checks the database: every answer save the server acknowledged is
there exactly once (one Answer per attempt and question) with the last
acknowledged choice, and every acknowledged submit has ``submitted_at``.
The run exits non-zero if the check fails or any request failed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

SESSION_COOKIE = "sessionid"
QUESTION_ID = re.compile(r'name="question" value="(\d+)"')
CHOICE = re.compile(r'<input type="(radio|checkbox)" name="choice" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ATTEMPT_URL = re.compile(r"/attempts/(\d+)/$")
SUBMIT_BUTTON = re.compile(r'name="go" value="(\d+)" class="end"')  # the navigator's last button: n + 1


@dataclass
class Ledger:
    """What the server acknowledged, in the order it did, for the database check."""

    # (attempt, question) -> the last acknowledged choice, and saves sent after it that got no answer
    last: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    unanswered: dict[tuple[int, int], list[list[int]]] = field(default_factory=lambda: defaultdict(list))
    saves: int = 0
    attempts: set[int] = field(default_factory=set)
    submitted: set[int] = field(default_factory=set)

    def sent(self, attempt: int, question: int, choices: list[int]) -> None:
        self.attempts.add(attempt)
        self.unanswered[(attempt, question)].append(sorted(choices))

    def acknowledged(self, attempt: int, question: int, choices: list[int]) -> None:
        self.last[(attempt, question)] = sorted(choices)
        self.unanswered[(attempt, question)].clear()
        self.saves += 1


@dataclass
class Slot:
    question: int
    choices: list[int]
    multiple: bool
    total: int  # questions in the attempt


@dataclass
class Player:
    """One member on one phone: a session cookie, then an attempt and its questions."""

    login: str
    password: str
    session_key: str
    attempt: int = 0
    slots: list[Slot] = field(default_factory=list)


class Tally:
    """Latencies and errors per request type, counted only inside the measured window."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.first_error: dict[str, str] = {}
        self.measuring = False

    async def timed(self, kind: str, call: Any) -> Any:
        counted, started = self.measuring, time.perf_counter()
        try:
            return await asyncio.wait_for(call, 30)
        except harness.REQUEST_ERRORS as e:
            if counted:
                self.errors[kind] += 1
                self.first_error.setdefault(kind, f"{type(e).__name__}: {e}")
            raise
        finally:
            if counted:
                self.latencies[kind].append(time.perf_counter() - started)


# --- What a phone sends ---------------------------------------------------------


async def sign_in(session: harness.Session, player: Player) -> None:
    if player.session_key:
        session.cookies[SESSION_COOKIE] = player.session_key
    else:
        await session.login(player.login, player.password)


async def open_round(session: harness.Session, round_pk: int) -> None:
    page = await session.get(f"/rounds/{round_pk}/")
    if page.status != 200 or "csrftoken" not in session.cookies:
        raise harness.Unexpected(f"round page: HTTP {page.status}")


async def start(session: harness.Session, round_pk: int) -> int:
    answer = await session.post_form(f"/rounds/{round_pk}/start/", {}, referer=f"/rounds/{round_pk}/")
    match = ATTEMPT_URL.search(answer.header("location") or "")
    if answer.status != 302 or not match:
        raise harness.Unexpected(f"start: HTTP {answer.status} to {answer.header('location')}")
    return int(match.group(1))


async def question_page(session: harness.Session, attempt: int, q: int) -> Slot:
    page = await session.get(f"/attempts/{attempt}/?q={q}")
    question, choices, end = QUESTION_ID.search(page.text), CHOICE.findall(page.text), SUBMIT_BUTTON.search(page.text)
    if page.status != 200 or not question or not choices or not end:
        raise harness.Unexpected(f"question {q}: HTTP {page.status}, no question form")
    return Slot(int(question.group(1)), [int(c) for _, c in choices], choices[0][0] == "checkbox", int(end[1]) - 1)


async def save(session: harness.Session, ledger: Ledger, attempt: int, q: int, slot: Slot, chosen: list[int]) -> None:
    """What attempt.js sends when a choice is tapped; acknowledged = HTTP 200 with saved: true."""
    ledger.sent(attempt, slot.question, chosen)
    fields = [("question", str(slot.question)), *(("choice", str(c)) for c in chosen)]
    answer = await session.post_multipart(f"/attempts/{attempt}/save/", fields, referer=f"/attempts/{attempt}/?q={q}")
    try:
        saved = answer.status == 200 and json.loads(answer.body).get("saved") is True
    except ValueError:
        saved = False
    if not saved:
        raise harness.Unexpected(f"save: HTTP {answer.status} {answer.text[:200]}")
    ledger.acknowledged(attempt, slot.question, chosen)


async def submit_page(session: harness.Session, attempt: int, total: int) -> None:
    page = await session.get(f"/attempts/{attempt}/?q={total + 1}")
    if page.status != 200 or f"/attempts/{attempt}/submit/" not in page.text:
        raise harness.Unexpected(f"submit page: HTTP {page.status}")


async def submit(session: harness.Session, ledger: Ledger, attempt: int, total: int, prediction: int) -> None:
    answer = await session.post_form(
        f"/attempts/{attempt}/submit/", {"prediction": str(prediction)}, referer=f"/attempts/{attempt}/?q={total + 1}"
    )
    if answer.status != 302 or not (answer.header("location") or "").endswith(f"/attempts/{attempt}/result/"):
        raise harness.Unexpected(f"submit: HTTP {answer.status} to {answer.header('location')}")
    ledger.submitted.add(attempt)


def pick(slot: Slot, rng: random.Random, other_than: list[int] | None = None) -> list[int]:
    for _try in range(10):
        chosen = (
            sorted(rng.sample(slot.choices, rng.randint(1, len(slot.choices))))
            if slot.multiple
            else [rng.choice(slot.choices)]
        )
        if chosen != other_than:
            return chosen
    return chosen


def players_of(options: dict[str, Any]) -> tuple[int, list[Player]]:
    data = options["fixture"].get("weekly_round")
    if not data:
        raise RuntimeError("no weekly-round data: run with --members (bench/fixture.py --weekly-round)")
    players = [Player(p["login"], p["password"], p["session"]) for p in data["players"]]
    return data["round"], players


# --- The scenarios -----------------------------------------------------------------


@dataclass
class WeeklyRound(harness.Scenario):
    """Parts 1 and 2: sign-ins, then every player plays the round once."""

    ledger: Ledger = field(default_factory=Ledger)
    logins: int = 16
    round_seconds: float = 240
    change_share: float = 0.25
    keep_for_saves: int = 0  # players left for AnswerSaves

    async def measure(self, options: dict[str, Any]) -> list[harness.Figures]:
        round_pk, players = players_of(options)
        ports, clients = options["ports"], options["clients"]
        keep = self.keep_for_saves or clients
        if len(players) <= keep:
            raise RuntimeError(f"{len(players)} players cannot leave {keep} for the answer-save part")
        players = players[: len(players) - keep]
        rows = [await self._sign_ins(players[: self.logins], options)]
        tally = Tally()
        queue = list(enumerate(players))
        queue.reverse()
        stop_taking = time.monotonic() + self.round_seconds

        async def phone() -> None:
            while queue and time.monotonic() < stop_taking:
                n, player = queue.pop()
                session = harness.Session("127.0.0.1", ports[n % len(ports)])
                try:
                    await self._play(session, player, round_pk, tally, random.Random(n))
                except harness.REQUEST_ERRORS:
                    pass  # counted by the tally; this member gives up, the next one plays
                finally:
                    await session.close()

        tasks = [asyncio.create_task(phone()) for _ in range(min(clients, len(players)))]
        await asyncio.sleep(options["warmup"])
        tally.measuring = True
        meter = harness.Meter(options["server_pids"], options["pg_url"], options["database"])
        meter.start()
        await asyncio.gather(*tasks)
        window = meter.stop()
        kinds = [
            ("answer save", "POST /attempts/<id>/save/"),
            ("question page", "GET /attempts/<id>/?q=N"),
            ("round page", "GET /rounds/<id>/"),
            ("start", "POST /rounds/<id>/start/"),
            ("submit page", "GET /attempts/<id>/?q=n+1"),
            ("submit", "POST /attempts/<id>/submit/"),
        ]
        for kind, path in kinds:
            rows.append(
                harness.make_figures(
                    f"round: {kind}",
                    path,
                    clients=clients,
                    latencies=tally.latencies[kind],
                    errors=tally.errors[kind],
                    first_error=tally.first_error.get(kind, ""),
                    meter=window,
                )
            )
        rows.append(
            harness.make_figures(
                "round: all requests",
                "(the mix above)",
                clients=clients,
                latencies=[x for values in tally.latencies.values() for x in values],
                errors=sum(tally.errors.values()),
                first_error=next(iter(tally.first_error.values()), ""),
                meter=window,
            )
        )
        print(f"round: {len(self.ledger.submitted)} attempts submitted, {len(queue)} players left unplayed")
        return rows

    async def _sign_ins(self, players: list[Player], options: dict[str, Any]) -> harness.Figures:
        """Real sign-ins through the login form, a few at a time, measured on their own."""
        tally = Tally()
        tally.measuring = True
        meter = harness.Meter(options["server_pids"], options["pg_url"], options["database"])
        meter.start()
        ports = options["ports"]

        async def one(n: int, player: Player) -> None:
            session = harness.Session("127.0.0.1", ports[n % len(ports)])
            try:
                await tally.timed("sign in", session.login(player.login, player.password))
                player.session_key = session.cookies.get(SESSION_COOKIE, "")
            except Exception:  # noqa: BLE001 - counted by the tally
                pass
            finally:
                await session.close()

        await asyncio.gather(*(one(n, p) for n, p in enumerate(players)))
        return harness.make_figures(
            "sign in (login form)",
            "POST /accounts/login/",
            clients=len(players),
            latencies=tally.latencies["sign in"],
            errors=tally.errors["sign in"],
            first_error=tally.first_error.get("sign in", ""),
            meter=meter.stop(),
        )

    async def _play(
        self, session: harness.Session, player: Player, round_pk: int, tally: Tally, rng: random.Random
    ) -> None:
        await sign_in(session, player)
        await tally.timed("round page", open_round(session, round_pk))
        attempt = await tally.timed("start", start(session, round_pk))
        q = total = 1
        while q <= total:
            slot = await tally.timed("question page", question_page(session, attempt, q))
            total = slot.total
            chosen = pick(slot, rng)
            await tally.timed("answer save", save(session, self.ledger, attempt, q, slot, chosen))
            if rng.random() < self.change_share:
                changed = pick(slot, rng, other_than=chosen)
                await tally.timed("answer save", save(session, self.ledger, attempt, q, slot, changed))
            q += 1
        await tally.timed("submit page", submit_page(session, attempt, total))
        await tally.timed("submit", submit(session, self.ledger, attempt, total, rng.randint(0, 200)))

    async def verify(self, options: dict[str, Any]) -> tuple[bool, str] | None:
        return await check_database(self.ledger, options)


@dataclass
class AnswerSaves(harness.Scenario):
    """Part 3: saves back to back from ``--clients`` attempts under way (the headline ratio)."""

    ledger: Ledger = field(default_factory=Ledger)
    _players: list[Player] = field(default_factory=list, init=False, repr=False)
    _state: dict[int, tuple[Player, itertools.count, random.Random]] = field(default_factory=dict, init=False)
    _sessions: dict[int, harness.Session] = field(default_factory=dict, init=False, repr=False)

    async def measure(self, options: dict[str, Any]) -> list[harness.Figures]:
        round_pk, players = players_of(options)
        self._round = round_pk
        self._players = players[len(players) - options["clients"] :]
        self._state.clear()
        self._sessions.clear()
        figures = await harness.run_scenario(self, **options)
        # Finish the attempts (not measured), so the check covers their submits too.
        for session_id, (player, _count, rng) in list(self._state.items()):
            session = self._sessions[session_id]
            try:
                await submit(session, self.ledger, player.attempt, len(player.slots), rng.randint(0, 200))
            finally:
                await session.close()
        return [figures]

    async def prepare(self, session: harness.Session, accounts: dict[str, dict[str, str]]) -> None:
        player = self._players.pop()
        await sign_in(session, player)
        await open_round(session, self._round)
        player.attempt = await start(session, self._round)
        player.slots.append(await question_page(session, player.attempt, 1))
        for q in range(2, player.slots[0].total + 1):
            player.slots.append(await question_page(session, player.attempt, q))
        self._sessions[id(session)] = session
        self._state[id(session)] = (player, itertools.count(), random.Random(player.attempt))

    async def step(self, session: harness.Session) -> bool:
        player, counter, rng = self._state[id(session)]
        n = next(counter)
        q = n % len(player.slots) + 1
        slot = player.slots[q - 1]
        previous = self.ledger.last.get((player.attempt, slot.question))
        await save(session, self.ledger, player.attempt, q, slot, pick(slot, rng, other_than=previous))
        return True


async def check_database(ledger: Ledger, options: dict[str, Any]) -> tuple[bool, str]:
    """Every acknowledged save in the database once, with the last acknowledged choice; submits kept."""
    import psycopg

    parts = urllib.parse.urlsplit(options["pg_url"])
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{options['database']}"))
    attempts = sorted(ledger.attempts | ledger.submitted)
    async with await psycopg.AsyncConnection.connect(url) as conn:
        cursor = await conn.execute(
            "SELECT attempt_id, question_id, choices FROM competitions_answer WHERE attempt_id = ANY(%s)", [attempts]
        )
        rows = await cursor.fetchall()
        cursor = await conn.execute(
            "SELECT id FROM competitions_attempt WHERE id = ANY(%s) AND submitted_at IS NOT NULL", [attempts]
        )
        finished = {row[0] for row in await cursor.fetchall()}
    stored: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for attempt, question, choices in rows:
        stored[(attempt, question)].append(sorted(choices if isinstance(choices, list) else json.loads(choices)))
    problems = []
    for key, choice in ledger.last.items():
        found = stored.get(key, [])
        if len(found) != 1:
            problems.append(f"attempt {key[0]} question {key[1]}: {len(found)} rows, expected 1")
        elif found[0] != choice and found[0] not in ledger.unanswered.get(key, []):
            problems.append(f"attempt {key[0]} question {key[1]}: {found[0]} stored, {choice} acknowledged last")
    not_acknowledged = [key for key in stored if key not in ledger.last and not ledger.unanswered.get(key)]
    problems += [f"attempt {a} question {q}: stored but never sent" for a, q in not_acknowledged]
    lost_submits = sorted(ledger.submitted - finished)
    problems += [f"attempt {a}: submit acknowledged, submitted_at empty" for a in lost_submits]
    text = (
        f"{ledger.saves} acknowledged answer saves on {len(ledger.last)} (attempt, question) pairs of "
        f"{len(ledger.attempts)} attempts: {len(ledger.last) - len(problems) + len(lost_submits)} stored once "
        f"with the last acknowledged choice; {len(ledger.submitted)} acknowledged submits, "
        f"{len(ledger.submitted) - len(lost_submits)} with submitted_at"
    )
    if problems:
        text += f"; {len(problems)} PROBLEMS:\n  " + "\n  ".join(problems[:20])
    return not problems, text


def scenarios(*, logins: int = 16, round_seconds: float = 240) -> list[harness.Scenario]:
    ledger = Ledger()
    return [
        WeeklyRound(
            name="weekly round", path="/rounds/<id>/", ledger=ledger, logins=logins, round_seconds=round_seconds
        ),
        AnswerSaves(name="answer saves only", path="POST /attempts/<id>/save/", ledger=ledger),
    ]


def add_arguments(parser: Any) -> None:
    parser.set_defaults(members=1000)
    parser.add_argument("--logins", type=int, default=16, help="members who sign in through the login form")
    parser.add_argument(
        "--round-seconds", type=float, default=240, help="stop letting new members start after this long"
    )


def main(argv: list[str] | None = None) -> int:
    parser = harness.parser(__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return harness.run(args, scenarios(logins=args.logins, round_seconds=args.round_seconds), title="weekly_round")


if __name__ == "__main__":
    sys.exit(main())
