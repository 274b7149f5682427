"""Bench: a province's roster from one workbook (1,340 teams, 9,400 members), against bare bulk inserts.

    .venv/bin/python bench/roster_import.py [--teams 1340 --members 9400 --communes 235] [--only sqlite|postgres]

Hải Dương's report counts 1,340 hamlet teams with 6,891 members in 235
communes (seeds/004); the issue asks for 9,400 members in under 60 s. One run
per database, each in a process of its own on a fresh database (SQLite: a
temporary file; PostgreSQL: ``bench_roster`` on loopback, dropped and made
again), with a province of ``--communes`` communes. The workbook is written
as an officer fills the template: one row per member, the commune and a
hamlet (new: the import creates it) per team, 7 members a team give or take,
leader and deputy first. Timed on the same data, wall and CPU seconds:

1. *read*: ``read_roster`` (the file parsed, every cell checked);
2. *preview*: ``preview_roster`` (units matched, phones, roles and sizes checked);
3. *import*: ``import_roster`` (the plan made again under the lock, all written in one transaction);
4. *re-import*: the same file again (every member found, nothing to change);
5. *baseline*: the same hamlets, teams, users and memberships written by ``bulk_create``
   alone, without any check, under a second province: the least any import must write.

The load average before and after is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432/"
PG_DATABASE = "bench_roster"


def _upload(content: bytes):
    """The file as the officer's upload (Django's uploaded file: a name and a size)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("danh-sach.xlsx", content)


def _timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)


def _sizes(teams: int, members: int) -> list[int]:
    """Members per team: as even as the totals allow, 3 at least (a leader, a deputy, a member)."""
    base, extra = divmod(members, teams)
    return [base + (1 if i < extra else 0) for i in range(teams)]


def _workbook(communes, teams: int, members: int) -> bytes:
    from quizsite import workbooks
    from quizsite.accounts.roster import columns

    book, sheet = workbooks.new_workbook(columns.SHEET)
    workbooks.write_header(sheet, columns.COLUMNS)
    phone = 912_000_000
    for t, size in enumerate(_sizes(teams, members)):
        commune = communes[t % len(communes)]
        hamlet = f"Ấp {t // len(communes) + 1}"
        for m in range(size):
            role = ("Tổ trưởng", "Tổ phó")[m] if m < 2 else "Thành viên"
            phone += 1
            workbooks.append_row(
                sheet,
                [commune.name, hamlet, f"Tổ chuyển đổi số {hamlet} {commune.name}", f"Người số {t}-{m}",
                 f"0{phone}", role, "Khác", "Có" if m == 1 else "Không", "Không"],
            )  # fmt: skip
    return workbooks.save(book)


def _province(name: str, communes: int):
    from quizsite.accounts import services
    from quizsite.accounts.models import Unit

    province = services.create_unit(name=name, kind=Unit.Kind.PROVINCE)
    made = [
        services.create_unit(name=f"Xã Số {i + 1}", kind=Unit.Kind.COMMUNE, parent=province) for i in range(communes)
    ]
    return province, made


def _baseline(communes, teams: int, members: int) -> None:
    """The same rows, written with nothing but bulk_create (no reading, matching or checking)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from quizsite.accounts.models import Membership, Team, Unit, User, new_username
    from quizsite.accounts.services import new_invite_token

    unusable = make_password(None)
    with transaction.atomic():
        hamlets = Unit.objects.bulk_create(
            [
                Unit(name=f"Ấp {t // len(communes) + 1}", kind=Unit.Kind.HAMLET, parent=communes[t % len(communes)],
                     path="")
                for t in range(teams)
            ]
        )  # fmt: skip
        for hamlet in hamlets:
            hamlet.path, hamlet.depth = f"{hamlet.parent.path}{hamlet.pk}/", hamlet.parent.depth + 1
        Unit.objects.bulk_update(hamlets, ["path", "depth"], batch_size=1000)
        made = Team.objects.bulk_create(
            [Team(unit=h, name=f"Tổ {h.name} {h.parent.name}", invite_token=new_invite_token()) for h in hamlets],
            batch_size=1000,
        )
        sizes = _sizes(teams, members)
        users = User.objects.bulk_create(
            [
                User(username=new_username(), phone=f"+8498{n:07d}", full_name=f"Người {n}", password=unusable)
                for n in range(members)
            ],
            batch_size=1000,
        )
        rows, n = [], 0
        for team, size in zip(made, sizes, strict=True):
            for m in range(size):
                role = (Membership.Role.LEADER, Membership.Role.DEPUTY)[m] if m < 2 else Membership.Role.MEMBER
                rows.append(Membership(team=team, user=users[n], role=role, is_youth_union=m == 1))
                n += 1
        Membership.objects.bulk_create(rows, batch_size=1000)


def one_database(args) -> dict:
    """In this process: a fresh, migrated database, then the five timings."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from quizsite.accounts.models import Membership
    from quizsite.accounts.roster import importing

    call_command("migrate", verbosity=0, interactive=False)
    _province_unit, communes = _province("Tỉnh Bench", args.communes)
    content = _workbook(communes, args.teams, args.members)
    figures = {
        "database": connection.vendor,
        "rows": args.members,
        "teams": args.teams,
        "file_kb": len(content) // 1024,
    }

    rows, figures["read_s"], figures["read_cpu_s"] = _timed(lambda: importing.read_roster(_upload(content)))
    scope = communes[0].parent
    plan, figures["preview_s"], figures["preview_cpu_s"] = _timed(
        lambda: importing.preview_roster(actor=None, scope=scope, rows=rows)
    )
    assert not plan.problems, plan.problems[:5]
    _done, figures["import_s"], figures["import_cpu_s"] = _timed(
        lambda: importing.import_roster(actor=None, scope=scope, rows=rows)
    )
    assert Membership.objects.count() == args.members
    _again, figures["reimport_s"], figures["reimport_cpu_s"] = _timed(
        lambda: importing.import_roster(actor=None, scope=scope, rows=importing.read_roster(_upload(content)))
    )
    assert Membership.objects.count() == args.members

    _other, baseline_communes = _province("Tỉnh Đối Chứng", args.communes)
    _none, figures["baseline_s"], figures["baseline_cpu_s"] = _timed(
        lambda: _baseline(baseline_communes, args.teams, args.members)
    )
    assert Membership.objects.count() == 2 * args.members
    total = figures["read_s"] + figures["import_s"]
    figures["read_and_import_s"] = round(total, 2)
    figures["ratio_import_to_baseline"] = round(figures["import_s"] / figures["baseline_s"], 1)
    return figures


def _run_child(database: str, args) -> dict:
    env = dict(os.environ, DEBUG="false", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="quizsite.settings")
    env.pop("REDIS_URL", None)
    cleanup = None
    if database == "postgres":
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
            admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
        env["DATABASE_URL"] = PG + PG_DATABASE
    else:
        folder = tempfile.mkdtemp(prefix="bench_roster_")
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        cleanup = folder
    command = [sys.executable, __file__, "--child", "--teams", str(args.teams), "--members", str(args.members),
               "--communes", str(args.communes)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if cleanup:
        subprocess.run(["rm", "-rf", cleanup], check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {database} run failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1340)
    parser.add_argument("--members", type=int, default=9400)
    parser.add_argument("--communes", type=int, default=235)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_database(args)))
        return 0
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = [_run_child(database, args) for database in ("sqlite", "postgres") if args.only in (None, database)]
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    keys = ["read_s", "preview_s", "import_s", "reimport_s", "baseline_s", "ratio_import_to_baseline",
            "read_and_import_s", "import_cpu_s", "baseline_cpu_s", "file_kb"]  # fmt: skip
    print("| figure | " + " | ".join(r["database"] for r in results) + " |")
    print("| --- |" + " ---: |" * len(results))
    for key in keys:
        print(f"| {key} | " + " | ".join(str(r[key]) for r in results) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
