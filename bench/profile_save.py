"""Profile answer saves through the whole Django stack (middleware included), without a server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/saveprof REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/profile_save.py [--saves 2000 --top 40 --setup --healthz]

``--setup`` migrates the (loopback, disposable) database and loads seed_demo
first. Then one demo member of the round open this week starts an attempt
and saves answers as attempt.js does (multipart POST, CSRF header, production
security settings) ``--saves`` times through django.test.Client; the script
prints the queries of one save, the time per save and per /healthz, and the
cProfile functions with the most cumulative time. Settings come from the
environment as in production (DJANGO_ENV=production is set here).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DB_CONN_MAX_AGE", "60")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from competitions import attempts, eligibility  # noqa: E402
from competitions.models import Attempt, Round  # noqa: E402
from quizsite.accounts.models import Membership  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--setup", action="store_true", help="migrate and seed_demo first")
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    if "127.0.0.1" not in os.environ.get("DATABASE_URL", "") and "localhost" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("DATABASE_URL must be a loopback PostgreSQL database")
    if args.setup:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
    round = Round.objects.open_now().filter(mode=Round.Mode.SELF_PACED).order_by("-opens_at", "-pk").first()
    taken = Attempt.objects.filter(round=round).values("user")
    member = Membership.objects.filter(team__in=eligibility.eligible_teams(round)).exclude(user__in=taken).first().user
    attempt = attempts.start_attempt(round=round, user=member)
    slots = list(attempt.questions.select_related("question").order_by("position"))
    client = Client(enforce_csrf_checks=True, headers={"X-Forwarded-Proto": "https"}, secure=True)
    client.force_login(member)
    client.get(f"/attempts/{attempt.pk}/?q=1", secure=True)
    token = client.cookies["csrftoken"].value
    url = f"/attempts/{attempt.pk}/save/"
    headers = {
        "X-CSRFToken": token,
        "Origin": "https://testserver",
        "Referer": f"https://testserver/attempts/{attempt.pk}/",
    }

    def save(n: int) -> None:
        slot = slots[n % len(slots)]
        kind = slot.question.kind
        choices = slot.choice_order[: 2 if kind == "multiple" else 1]
        if n % 2 and kind != "multiple":
            choices = slot.choice_order[1:2]
        if kind == "order":  # every step, in one order or its reverse
            choices = slot.choice_order[:: -1 if n % 2 else 1]
        response = client.post(url, {"question": slot.question_id, "choice": choices}, secure=True, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"save answered {response.status_code}: {response.content[:300]!r}")

    for n in range(50):  # warm caches, connections, translations
        save(n)
        client.get("/healthz", secure=True)
    with CaptureQueriesContext(connection) as queries:
        save(0)
    print(f"queries of one save ({len(queries)}):")
    for q in queries:
        print(f"  {q['sql'][:400]}")
    started = time.perf_counter()
    for _n in range(args.saves):
        client.get("/healthz", secure=True)
    healthz = (time.perf_counter() - started) / args.saves * 1000
    started = time.perf_counter()
    for n in range(args.saves):
        save(n)
    per_save = (time.perf_counter() - started) / args.saves * 1000
    print(f"\n{per_save:.2f} ms per save, {healthz:.2f} ms per /healthz (wall, one thread, no server)")
    profile = cProfile.Profile()
    profile.enable()
    for n in range(args.saves):
        save(n)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    attempts.submit_attempt(attempt=attempt)


if __name__ == "__main__":
    main()
