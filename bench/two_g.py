"""2G budgets: the weekly question page and the live player page on an emulated EDGE network, 360 px wide.

    .venv/bin/python bench/two_g.py [--pg postgres://postgres@127.0.0.1:5432/postgres --database quiz_bench_two_g]
        [--redis redis://127.0.0.1:6379/3] [--nginx-port 8320 --port 8321] [--down-kbps 100 --latency-ms 500]

The production set-up on loopback, one of each: the demo data (``seed_demo``)
in the bench's own PostgreSQL database (``--database``, dropped and made
again every run, as the other benches do), one uvicorn process with
production settings as deploy/uvicorn@.service runs it, collected static
files (hashed names), and Debian's nginx in front with deploy/nginx.conf made
runnable on loopback (bench/drills.py's ``nginx_config``: its gzip and cache
headers are what the phone gets). One Chromium (Debian's ``/usr/bin/chromium``,
headless, through Playwright) signs in as a demo member, unthrottled, and
starts this week's round; then, with Chrome DevTools' network emulation
(``Network.emulateNetworkConditions``: ``--down-kbps``/``--up-kbps`` and
``--latency-ms`` added to every request, EDGE by default), it measures:

- ``question_cold``: the weekly question page in a new browser context
  (empty cache, new connections, the member's cookies);
- ``next_drawn``: "Lưu và tiếp" on that page: attempt.js draws the next
  question from the page's JSON (no request), from the click to the next
  frame;
- ``question_warm``: the next question's page loaded again (a reload, or
  the plain form's redirect without JavaScript), with the cache of the
  first visit;
- ``live_cold``: the live player page (``/live/<code>/``, the demo live round)
  in a new context.

For each page: milliseconds to ``load`` and to first contentful paint,
and the bytes that came over the network by type (HTML, CSS, JS, fonts,
images, other: what the DevTools protocol counts as received, headers
included; a file from the cache counts 0). One JSON line on stdout, with
the date, machine, load (``uptime``) and command. Goals (issue 17): the
question page at most 3 s cold and 1 s for the next question, the live player
page 3 s. tests/test_page_budgets.py holds the bytes; the timings go to
docs/BENCHMARKS.md ("2G pages"). Only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import drills, harness  # noqa: E402

ROOT = harness.ROOT
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
KINDS = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "fonts", "Image": "images"}
GOALS_MS = {"question_cold": 3000, "next_drawn": 1000, "question_warm": 1000, "live_cold": 3000}


def demo_live_code(env: dict[str, str]) -> str:
    code = (
        "from competitions.live.models import LiveRound as L; print(L.objects.exclude(status='finished').first().code)"
    )
    return harness.manage(ROOT, env, "shell", "-c", code).strip().splitlines()[-1]


class Network:
    """What one page load brought over the network, by type, from the DevTools protocol's events."""

    def __init__(self, cdp):
        self.cdp, self.requests = cdp, {}
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on(
            "Network.requestServedFromCache", lambda e: self.requests.setdefault(e["requestId"], {}).update(cached=1)
        )

    def _response(self, event: dict) -> None:
        entry = self.requests.setdefault(event["requestId"], {})
        entry.update(url=event["response"]["url"], kind=KINDS.get(event["type"], "other"))
        if event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache"):
            entry["cached"] = 1

    def _cached(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {})["cached"] = 1

    def _finished(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {})["bytes"] = int(event["encodedDataLength"])

    def start(self) -> None:
        self.requests = {}

    def figures(self) -> dict[str, Any]:
        by_kind = dict.fromkeys([*KINDS.values(), "other"], 0)
        urls = []
        for entry in self.requests.values():
            if "url" not in entry or entry["url"].startswith("data:"):
                continue
            sent = 0 if entry.get("cached") else entry.get("bytes", 0)
            by_kind[entry["kind"]] += sent
            urls.append(f"{urllib.parse.urlsplit(entry['url']).path} {sent}")
        return {"bytes": by_kind, "total_bytes": sum(by_kind.values()), "requests": sorted(urls)}


def throttle(cdp, args: argparse.Namespace) -> None:
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": args.latency_ms,
            "downloadThroughput": args.down_kbps * 1000 / 8,
            "uploadThroughput": args.up_kbps * 1000 / 8,
        },
    )


TIMINGS = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const p = performance.getEntriesByName("first-contentful-paint")[0];
  return {load_ms: Math.round(n.loadEventEnd), fcp_ms: p ? Math.round(p.startTime) : null};
}"""


def load(browser, state: dict, url: str, args: argparse.Namespace, page=None) -> tuple[dict[str, Any], Any]:
    """``url`` in ``page`` (else a new context with ``state``'s cookies and an empty cache), throttled."""
    if page is None:
        context = browser.new_context(viewport=PHONE, locale="vi-VN", storage_state=state)
        page = context.new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    throttle(cdp, args)
    network = Network(cdp)
    network.start()
    page.goto(url, wait_until="load", timeout=120_000)
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)  # what comes after load (the icon) counts too
    except Exception:  # noqa: BLE001 - a page that keeps talking (the live socket) is measured as it is
        pass
    figures = {**page.evaluate(TIMINGS), **network.figures()}
    cdp.detach()
    return figures, page


def drawn_next(page) -> dict[str, Any]:
    """attempt.js drawing the next question: from the click on "Lưu và tiếp" to the next frame with it."""
    page.locator("label.choice").first.click()
    page.locator("#save-status.ok").wait_for(timeout=60_000)  # the tap's save, not part of what is measured
    ms = page.evaluate(
        """() => new Promise(done => {
          const before = document.querySelector(".q-text").textContent, t0 = performance.now();
          document.querySelector(".actions button").click();
          requestAnimationFrame(() => requestAnimationFrame(() => done({
            drawn_ms: Math.round(performance.now() - t0),
            changed: document.querySelector(".q-text").textContent !== before,
            url: location.search,
          })));
        })"""
    )
    if not ms["changed"]:
        raise RuntimeError("the next question was not drawn by attempt.js")
    return ms


def sign_in_and_start(browser, base: str, login: str, password: str) -> tuple[dict, str]:
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", "0" + login.removeprefix("+84") if login.startswith("+84") else login)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(base + "/")
    page.get_by_role("button", name="Vào thi").first.click()
    page.wait_for_url("**/attempts/*/**")
    url = page.url.split("?")[0]
    state = context.storage_state()
    context.close()
    return state, url


def measure(args: argparse.Namespace, base: str, login: str, password: str, live_code: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            state, attempt_url = sign_in_and_start(browser, base, login, password)
            cold, page = load(browser, state, attempt_url + "?q=1", args)
            nxt = drawn_next(page)
            warm, _page = load(browser, state, attempt_url + "?q=2", args, page=page)
            live, _live_page = load(browser, state, f"{base}/live/{live_code}/", args)
        finally:
            browser.close()
    return {"question_cold": cold, "next_drawn": nxt, "question_warm": warm, "live_cold": live}


def verdicts(figures: dict[str, Any]) -> dict[str, bool]:
    seen = {
        "question_cold": figures["question_cold"]["load_ms"],
        "next_drawn": figures["next_drawn"]["drawn_ms"],
        "question_warm": figures["question_warm"]["load_ms"],
        "live_cold": figures["live_cold"]["load_ms"],
    }
    return {name: seen[name] <= goal for name, goal in GOALS_MS.items()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="admin URL (loopback)")
    p.add_argument("--database", default="quiz_bench_two_g", help="dropped and recreated every run")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/3", help="Redis URL (loopback)")
    p.add_argument("--port", type=int, default=8321, help="uvicorn's port")
    p.add_argument("--nginx-port", type=int, default=8320)
    p.add_argument("--down-kbps", type=float, default=100)
    p.add_argument("--up-kbps", type=float, default=100)
    p.add_argument("--latency-ms", type=float, default=500)
    args = p.parse_args()
    harness.assert_loopback(args.redis)
    if not Path(CHROMIUM).exists() or not drills.NGINX.exists():
        raise SystemExit(f"needs {CHROMIUM} and {drills.NGINX} (Debian's chromium and nginx)")
    workdir = Path(tempfile.mkdtemp(prefix="quiz-2g-"))
    started = time.time()
    try:
        harness.assert_loopback(args.pg)
        database_url = harness.recreate_database(args.pg, args.database)
        env = harness.production_env(database_url, args.redis, 0, workdir)
        env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{args.nginx_port}"  # the browser's origin is plain HTTP
        harness.manage(ROOT, env, "migrate", "--noinput")
        harness.manage(ROOT, env, "collectstatic", "--noinput")
        accounts = harness.find_accounts(harness.parse_json_output(harness.manage(ROOT, env, "seed_demo", "--json")))
        member = accounts.get("member") or accounts["leader"]
        live_code = demo_live_code(env)
        config = drills.nginx_config(
            (ROOT / "deploy" / "nginx.conf").read_text(),
            listen=args.nginx_port,
            upstreams=[args.port],
            static_root=ROOT / "staticfiles",
            media_root=workdir / "media",
            workdir=workdir,
            worker_connections=256,
        )
        with (
            harness.Servers(ROOT, env, [args.port], workdir) as servers,
            drills.Nginx(config, workdir, args.nginx_port),
        ):
            servers.wait_ready()
            figures = measure(
                args, f"http://127.0.0.1:{args.nginx_port}", member["login"], member["password"], live_code
            )
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        report = {
            "date": time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)),
            "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, {platform.release()}",
            "load": uptime.split("load average:")[-1].strip(),
            "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            "network": {"down_kbps": args.down_kbps, "up_kbps": args.up_kbps, "latency_ms": args.latency_ms},
            "goals_ms": GOALS_MS,
            "met": verdicts(figures),
            **figures,
        }
        print(json.dumps(report, ensure_ascii=False))
        return 0 if all(report["met"].values()) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
