"""Lighthouse (mobile): Chrome's own audit of a member's home and a weekly question page, signed in.

    (cd bench/lighthouse && npm ci --ignore-scripts)   # once: lighthouse, pinned in package-lock.json
    .venv/bin/python bench/lighthouse.py [--port 8190 --database quiz_lighthouse --redis redis://127.0.0.1:6379/2]

What one run does: recreates the ``--database`` PostgreSQL database, migrates
it, collects the static files (production's hashed names) and loads the demo
(``seed_demo --json``); starts one uvicorn process with production settings,
as deploy/uvicorn@.service does (bench/harness.py); signs a demo member in,
starts their attempt at the open weekly round, and runs Lighthouse with its
mobile defaults (a mid-range phone on a slow 4G line, simulated) on the
member's home and the attempt's first question, the member's cookie passed
with ``--extra-headers``. Prints each page's category scores (0-100) as JSON
and writes the whole run to bench/results/. Light: one server, one browser.

Lighthouse drives ``CHROME_PATH`` (Debian's /usr/bin/chromium) and never
downloads a browser. 12.x is the last line that runs on node 20; it has no
PWA category any more (installability is tests/browser/test_pwa.py's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


async def member_pages(port: int, members: list[dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The first demo member with an open weekly round: their cookies, and the paths of home and a question."""
    for member in members:
        session = harness.Session("127.0.0.1", port)
        try:
            await session.login(member["login"], member["password"])
            home = await session.get("/")
            going = re.search(r'href="(/attempts/\d+/)"', home.text)
            if going:
                question = going.group(1)
            else:
                start = re.search(r'action="(/rounds/\d+/start/)"', home.text)
                if not start:
                    continue
                started = await session.post_form(start.group(1), {}, referer="/")
                question = started.header("location") or ""
                if not re.fullmatch(r"/attempts/\d+/", question):
                    continue
            return dict(session.cookies), {"home": "/", "question": question}
        finally:
            await session.close()
    raise RuntimeError("no demo member has an open weekly round to start")


def lighthouse(url: str, headers: dict[str, str], out: Path) -> dict:
    """One Lighthouse run (mobile, its defaults) on ``url``; its JSON report."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    env["PUPPETEER_SKIP_DOWNLOAD"] = "1"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            f"--extra-headers={json.dumps(headers)}",
        ],
        env=env,
        check=True,
        timeout=300,
    )
    return json.loads(out.read_text())


def findings(report: dict) -> list[str]:
    """The audits that did not pass in the scored categories, for the reader to fix (ours) or note (not ours)."""
    audits, failed = report["audits"], []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                failed.append(f"{category['id']}: {audit['id']} ({audit['score']}) {audit['title']}")
    return failed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8190, help="the server's loopback port")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="admin URL (loopback)")
    p.add_argument("--database", default="quiz_lighthouse", help="dropped and recreated every run")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/2", help="Redis URL (loopback)")
    p.add_argument("--timeout", type=float, default=900, help="hard limit for the whole run, in seconds")
    p.add_argument("--json", type=Path, default=None, help="where to write the results (default bench/results/)")
    args = p.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: (cd {HERE} && npm ci --ignore-scripts)")
    harness.assert_loopback(args.pg)
    harness.assert_loopback(args.redis)
    workdir = harness.begin(args.timeout, "quiz-lighthouse-")
    started = time.time()
    try:
        env = harness.production_env(
            harness.recreate_database(args.pg, args.database), args.redis, conn_max_age=60, workdir=workdir
        )
        harness.manage(harness.ROOT, env, "migrate", "--noinput")
        harness.manage(harness.ROOT, env, "collectstatic", "--noinput")
        accounts = json.loads(harness.manage(harness.ROOT, env, "seed_demo", "--json"))
        members = [{"login": a["username"], "password": a["password"]} for a in accounts if a["role"] == "member"]
        with harness.Servers(harness.ROOT, env, [args.port], workdir) as servers:
            servers.wait_ready()
            cookies, paths = asyncio.run(member_pages(args.port, members))
            # What nginx adds in production (deploy/nginx.conf), and the member's session.
            headers = {
                "X-Forwarded-Proto": "https",
                "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            }
            scores, failed = {}, {}
            for name, path in paths.items():
                report = lighthouse(f"http://127.0.0.1:{args.port}{path}", headers, workdir / f"{name}.json")
                if report.get("runtimeError"):
                    raise RuntimeError(f"lighthouse on {path}: {report['runtimeError']}")
                shown = report["finalDisplayedUrl"]
                if not shown.endswith(path):  # e.g. the sign-in page: the cookie did not sign the member in
                    raise RuntimeError(f"lighthouse asked for {path} and was shown {shown}")
                scores[name] = {
                    "path": path,
                    **{key: round(cat["score"] * 100) for key, cat in report["categories"].items()},
                }
                failed[name] = findings(report)
                version = report["lighthouseVersion"]
                browser = report["environment"]["hostUserAgent"]
        result = {
            "title": "lighthouse",
            "date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "command": " ".join([Path(sys.argv[0]).as_posix(), *(argv if argv is not None else sys.argv[1:])]),
            "lighthouse": version,
            "browser": browser,
            "scores": scores,
            "not_passed": failed,
        }
        print(json.dumps(scores, indent=2))
        out = args.json or harness.RESULTS / f"lighthouse-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"written to {out}", file=sys.stderr)
        for name, lines in failed.items():
            for line in lines:
                print(f"{name}: {line}", file=sys.stderr)
        return 0
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
