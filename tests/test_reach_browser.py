"""Counting end to end: a real Chromium against a real gunicorn, counts read back from the
database after the workers have saved them on the way out.

Proves what only a browser can: the tel: link's `ping` is sent and allowed by the page's
Content-Security-Policy, a /go/ link reaches the service with no Referer, and views,
clicks and code visits land in the database through the background saver. Chromium runs
in its own process (the in-process Playwright of tests/browser cannot be started twice).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROME_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
MARKER = "querymarker"

VISITOR = r"""
import json, sys
from playwright.sync_api import sync_playwright

base, chromium, agent, marker = sys.argv[1:5]
args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
out = {"csp": [], "elsewhere": []}

def guard(route):
    if route.request.url.startswith(base):
        route.continue_()
    else:
        out["elsewhere"].append(route.request.url)
        route.abort("blockedbyclient")

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=args)
    # A visitor's browser.
    context = browser.new_context(user_agent=agent)
    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: out["csp"].append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}/get-help/?q={marker}")
    with page.expect_request(f"{base}/cookies/") as arrival:
        page.locator('a[href="/go/samaritans/"]').first.click()
    page.wait_for_url(f"{base}/cookies/")
    out["arrived_from"] = arrival.value.redirected_from.url
    out["arrival_headers"] = sorted(arrival.value.all_headers())
    page.goto(f"{base}/c/bus/?utm_source={marker}")
    out["code_landing"] = page.url
    # Last: after following a tel: link, Chromium's page takes no further link clicks.
    with page.expect_request(lambda r: r.url.endswith("/go/call/ping/")) as ping:
        page.locator('#own-behaviour a[href^="tel:"]').first.click()
    out["ping_method"] = ping.value.method
    out["ping_status"] = ping.value.response().status
    out["cookies"] = context.cookies()
    context.close()
    # An automated browser under its own name: served, never counted.
    robot = browser.new_context()
    robot.route("**/*", guard)
    robot.new_page().goto(f"{base}/awareness/")
    robot.close()
    browser.close()
print(json.dumps(out))
"""

READ_COUNTS = (
    "import json;from reach.models import *;print(json.dumps({"
    "'views': {r.path: r.views for r in DailyPageCount.objects.all()},"
    "'clicks': {r.slug: r.clicks for r in DailyClickCount.objects.all()},"
    "'visits': {r.code: r.visits for r in DailyCodeCount.objects.all()}}))"
)


@pytest.fixture
def site(tmp_path):
    if not CHROMIUM.exists():
        servers.missing(f"no Chromium at {CHROMIUM}: install the Debian package `chromium`")
    env = servers.base_env(tmp_path / "var", REACH_COUNTING="true", WEB_CONCURRENCY=2)
    server = servers.AppServer(env, "reach", tmp_path)
    # This suite's own port range, apart from the other server tests'.
    server.port = servers.free_port(8701, 8799)
    server.base = f"http://{servers.HOST}:{server.port}"
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "seed_content", "-v0")
    # The service points back at this server, so the browser never needs another host.
    servers.shell(
        env,
        "from content.models import HelpService;from reach.models import PosterCode;"
        f"HelpService.objects.filter(slug='samaritans').update(url='{server.base}/cookies/');"
        "PosterCode.objects.create(code='bus', label='Bus shelters', target='get_help');"
        "from content import snapshot;snapshot.publish()",
    )
    server.start()
    try:
        yield server, env
    finally:
        server.stop()


def test_a_real_browser_is_counted_and_nothing_about_it_is_kept(site):
    server, env = site
    result = subprocess.run(
        [servers.PY, "-c", VISITOR, server.base, str(CHROMIUM), CHROME_UA, MARKER],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["elsewhere"] == []
    assert seen["csp"] == []  # the ping is allowed by the page's policy
    assert (seen["ping_method"], seen["ping_status"]) == ("POST", 204)
    assert seen["arrived_from"] == f"{server.base}/go/samaritans/"
    assert "referer" not in seen["arrival_headers"]
    assert seen["code_landing"] == f"{server.base}/get-help/"
    assert seen["cookies"] == []

    server.stop()  # each worker saves what it still holds as it exits
    counts = json.loads(servers.shell(env, READ_COUNTS).strip().splitlines()[-1])
    # /get-help/ twice (once directly, once from the poster code); the cookies page once (the
    # end of the help link); the automated browser's /awareness/ not at all.
    assert counts == {
        "views": {"/get-help/": 2, "/cookies/": 1},
        "clicks": {"call": 1, "samaritans": 1},
        "visits": {"bus": 1},
    }
    log = server.log_path.read_text(errors="replace")
    assert MARKER not in log and "Chrome/131" not in log and "HeadlessChrome" not in log
