"""Bench: the reminder job sending N Web Push reminders, and what it costs the pages meanwhile.

    .venv/bin/python bench/reminders.py --reminders 10000 [--gone-every 20 --workers 8 --clients 4 ...]

One run, on loopback only:

1. A fresh PostgreSQL database (``--database``, dropped and made again) with
   the demo data (seed_demo), plus ``--reminders`` bench members in teams of
   ten that the demo's open weekly round admits (bench/fixture.py), each with
   one browser subscription; the round's reminder time is set a minute ago,
   so every one of them is due.
2. A fake push service in a process of its own (``--push-port``): it answers
   201, or 410 to every ``--gone-every``-th subscription (which the job must
   then delete). The job encrypts and signs for real (pywebpush, a fresh
   VAPID key pair); the service reads and drops the bodies.
3. The site served as production serves it (uvicorn, deploy/uvicorn@.service's
   command, ``--processes``), and ``--clients`` virtual members asking for
   their home page back to back: first for ``--duration`` seconds WITHOUT the
   job, then while ``manage.py send_reminders`` runs (a process of its own,
   as the systemd timer starts it), until it ends.
4. Prints the job's wall time and CPU per reminder, the push service's CPU,
   and the page's p50/p95 without and with the job; checks the database
   (every reminder sent once, every gone subscription deleted) and writes
   the figures as JSON to bench/results/.
"""

from __future__ import annotations

import asyncio
import base64
import json
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

ROOT = harness.ROOT


# --- The fake push service (a process of its own) ----------------------------------


def serve_push(port: int, counts) -> None:
    """201 to /push/…, 410 to /gone/…; ``counts`` (a shared array) gets [accepted, gone]."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the job's sessions reuse their connections
        disable_nagle_algorithm = True  # else each answer waits out the job's delayed ACK (40 ms)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            gone = self.path.startswith("/gone/")
            with lock:
                counts[1 if gone else 0] += 1
            self.send_response(410 if gone else 201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    # It stands for Google's and Mozilla's servers, which are not on the site's machine: at the lowest
    # priority, it takes the site's cores only when nothing else wants them.
    os.nice(19)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def unit_nice() -> int:
    """The ``Nice=`` of deploy/send-reminders.service, as production runs the job (0 without one)."""
    found = re.search(r"^Nice=(-?\d+)$", (ROOT / "deploy" / "send-reminders.service").read_text(), re.MULTILINE)
    return int(found[1]) if found else 0


# --- The data (run as a subprocess with the bench database's environment) -----------


def prepare(count: int, push_origin: str, gone_every: int) -> None:
    """Bench members who may play the open round, one subscription each; the round's reminder due now."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    os.chdir(ROOT)
    from django.utils import timezone

    from bench import fixture  # sets Django up
    from competitions.models import Round
    from quizsite.accounts.models import User
    from quizsite.accounts.push_subscriptions import PushSubscription

    round = fixture.open_round()
    if round is None:
        raise SystemExit("no self-paced round is open: seed_demo first")
    fixture.add_members(round=round, count=count)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    rows = []
    for n, user_id in enumerate(User.objects.filter(username__startswith="benchmember").values_list("pk", flat=True)):
        public = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        kind = "gone" if gone_every and (n + 1) % gone_every == 0 else "push"
        rows.append(
            PushSubscription(
                user_id=user_id,
                endpoint=f"{push_origin}/{kind}/{n}",
                p256dh=b64(public),
                auth=b64(os.urandom(16)),
            )
        )
    PushSubscription.objects.bulk_create(rows, batch_size=1000)
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(remind_at=max(round.opens_at, now - timedelta(minutes=1)))
    print(
        json.dumps({"round": round.pk, "subscriptions": len(rows), "gone": sum("/gone/" in r.endpoint for r in rows)})
    )


def new_vapid_pair() -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    private = key.private_numbers().private_value.to_bytes(32, "big")
    encode = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()  # noqa: E731
    return encode(public), encode(private)


# --- The page load, without and with the job -----------------------------------------


async def page_load(sessions, path: str, until) -> tuple[list[float], int]:
    """Each session asks for ``path`` back to back until ``until()`` says stop; latencies and errors."""
    latencies: list[float] = []
    errors = 0

    async def user(session) -> None:
        nonlocal errors
        while not until():
            started = time.perf_counter()
            try:
                answer = await asyncio.wait_for(session.get(path), 30)
                ok = answer.status == 200
            except harness.REQUEST_ERRORS:
                ok = False
            latencies.append(time.perf_counter() - started)
            errors += not ok

    await asyncio.gather(*(user(s) for s in sessions))
    return latencies, errors


def summary(name: str, latencies: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(latencies)
    return {
        "name": name,
        "requests": len(ordered),
        "errors": errors,
        "seconds": round(seconds, 2),
        "rps": round(len(ordered) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(harness.percentile(ordered, 50) * 1000, 1),
        "p95_ms": round(harness.percentile(ordered, 95) * 1000, 1),
    }


async def measure(args, ports: list[int], accounts: dict, env: dict[str, str], push_pid: int) -> dict:
    who = accounts.get("member")
    if who is None:
        raise RuntimeError(f"no demo member to sign in as; accounts: {sorted(accounts)}")
    sessions = [harness.Session("127.0.0.1", ports[i % len(ports)]) for i in range(args.clients)]
    await sessions[0].login(who["login"], who["password"])
    for session in sessions[1:]:
        session.cookies.update(sessions[0].cookies)
    warm_until = time.monotonic() + args.warmup
    await page_load(sessions, "/", lambda: time.monotonic() > warm_until)

    started = time.monotonic()
    quiet, quiet_errors = await page_load(sessions, "/", lambda: time.monotonic() > started + args.duration)
    without = summary("home page WITHOUT the job", quiet, quiet_errors, time.monotonic() - started)

    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    push0 = harness._cpu_seconds([push_pid])
    job_started = time.monotonic()
    # As deploy/send-reminders.service runs it (Nice=): the job yields the cores to the web processes.
    nice = ["nice", "-n", str(args.nice)] if args.nice else []
    job = subprocess.Popen(
        [*nice, harness.PYTHON, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    busy, busy_errors = await page_load(sessions, "/", lambda: job.poll() is not None)
    job_seconds = time.monotonic() - job_started
    out, err = job.communicate()
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    push_cpu = harness._cpu_seconds([push_pid]) - push0
    await asyncio.gather(*(s.close() for s in sessions))
    if job.returncode != 0:
        raise RuntimeError(f"send_reminders failed:\n{out}\n{err}")
    job_cpu = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
    return {
        "without_job": without,
        "with_job": summary("home page WITH the job", busy, busy_errors, job_seconds),
        "job": {
            "output": out.strip(),
            "seconds": round(job_seconds, 2),
            "cpu_seconds": round(job_cpu, 2),
            "ms_per_reminder": round(1000 * job_seconds / args.reminders, 2),
            "cpu_ms_per_reminder": round(1000 * job_cpu / args.reminders, 2),
            "push_service_cpu_seconds": round(push_cpu, 2),
            "peak_rss_mib": round(children1.ru_maxrss / 1024, 1),
        },
    }


def check(database_url: str, round_id: int, expected: int, gone: int) -> tuple[bool, str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        sent = conn.execute(
            "SELECT count(*), count(DISTINCT user_id) FROM competitions_reminder"
            " WHERE round_id = %s AND sent_at IS NOT NULL",
            [round_id],
        ).fetchone()
        unsent = conn.execute("SELECT count(*) FROM competitions_reminder WHERE sent_at IS NULL").fetchone()[0]
        left = conn.execute(
            "SELECT count(*) FROM accounts_pushsubscription WHERE endpoint LIKE %s", ["%/gone/%"]
        ).fetchone()[0]
    held = sent == (expected, expected) and unsent == 0 and left == 0
    text = f"{sent[0]} reminders sent to {sent[1]} members (expected {expected}), {unsent} unsent, "
    text += f"{gone - left}/{gone} gone subscriptions deleted"
    return held, text


def main(argv: list[str] | None = None) -> int:
    p = harness.parser(__doc__.split("\n", 1)[0])
    p.add_argument("--reminders", type=int, default=10_000, help="members due a reminder, one subscription each")
    p.add_argument("--gone-every", type=int, default=20, help="every N-th subscription answers 410 (0: none)")
    p.add_argument("--workers", type=int, default=8, help="PUSH_WORKERS: messages the job has in flight")
    p.add_argument(
        "--nice", type=int, default=unit_nice(), help="the job's niceness (default: deploy/send-reminders.service's)"
    )
    p.add_argument("--push-port", type=int, default=None, help="the fake push service's port (default base+9)")
    p.add_argument("--prepare", action="store_true", help=argparse_hidden())
    p.add_argument("--push-origin", default="", help=argparse_hidden())
    p.set_defaults(processes=1, clients=4, duration=10, warmup=2, database="quiz_bench_reminders")
    args = p.parse_args(argv)
    if args.prepare:
        prepare(args.reminders, args.push_origin, args.gone_every)
        return 0
    return run(args)


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def run(args) -> int:
    harness.assert_loopback(args.pg)
    harness.assert_loopback(args.redis)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    push_port = args.push_port or args.base_port + 9
    ports = [args.base_port + i for i in range(args.processes)]
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-reminders-"))
    print(
        f"reminders bench: {args.reminders} reminders, {args.workers} push workers, job at nice {args.nice}, "
        f"{args.processes} uvicorn, {args.clients} page clients"
    )
    background = harness.background_load()
    database_url = harness.recreate_database(args.pg, args.database)
    public, private = new_vapid_pair()
    env = harness.production_env(database_url, args.redis, args.conn_max_age, workdir)
    env.update(VAPID_PUBLIC_KEY=public, VAPID_PRIVATE_KEY=private, VAPID_SUBJECT="mailto:bench@localhost")
    env["PUSH_WORKERS"] = str(args.workers)
    harness.manage(ROOT, env, "migrate", "--noinput")
    harness.manage(ROOT, env, "collectstatic", "--noinput")
    accounts, seeded_by, _fixture = harness.seed(ROOT, env, extra_questions=0)
    counts = multiprocessing.get_context("fork").Array("q", 2)
    push = multiprocessing.get_context("fork").Process(target=serve_push, args=(push_port, counts), daemon=True)
    push.start()
    try:
        made = subprocess.run(
            [harness.PYTHON, str(Path(__file__).resolve()), "--prepare", "--reminders", str(args.reminders),
             "--push-origin", f"http://127.0.0.1:{push_port}", "--gone-every", str(args.gone_every)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        if made.returncode != 0:
            raise RuntimeError(f"preparing the members failed:\n{made.stdout}\n{made.stderr}")
        data = harness.parse_json_output(made.stdout.strip().splitlines()[-1])
        print(f"database {args.database} seeded by {seeded_by}; {data['subscriptions']} subscriptions, "
              f"{data['gone']} of them gone at the push service")  # fmt: skip
        with harness.Servers(ROOT, env, ports, harness.RESULTS) as servers:
            servers.wait_ready()
            figures = asyncio.run(measure(args, ports, accounts, env, push.pid))
        held, text = check(database_url, data["round"], args.reminders, data["gone"])
    finally:
        push.terminate()
        push.join(5)
    figures["push_service"] = {"accepted": counts[0], "gone": counts[1]}
    job = figures["job"]
    print(f"\njob: {job['output']}")
    print(
        f"job: {job['seconds']} s wall, {job['cpu_seconds']} s CPU: {job['ms_per_reminder']} ms and "
        f"{job['cpu_ms_per_reminder']} ms CPU per reminder; push service {job['push_service_cpu_seconds']} s CPU"
    )
    for row in (figures["without_job"], figures["with_job"]):
        print(f"{row['name']:<28} {row['rps']:>7.1f} req/s  p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms"
              f"  errors {row['errors']}/{row['requests']}")  # fmt: skip
    print(f"\n{'CHECK PASSED' if held else 'CHECK FAILED'}: {text}")
    report = {
        "title": "reminders",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "commit": harness._first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
        "settings": {k: v for k, v in vars(args).items() if k not in {"json", "prepare", "push_origin"}},
        "machine": harness.machine(args.pg, args.redis),
        "background_cpu_pct_before": background,
        "results": figures,
        "checks": [{"held": held, "text": text}],
    }
    out = args.json or harness.RESULTS / f"reminders-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(f"written to {out}")
    errors = figures["without_job"]["errors"] + figures["with_job"]["errors"]
    return 0 if held and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
