"""Real-browser tests: Playwright driving the system Chromium against the real stack.

* Chromium is Debian's `/usr/bin/chromium` (or $CHROMIUM_PATH); never `playwright install`.
  Where it (or axe-core from `npm ci`) is missing these tests skip with the reason shown,
  unless the CI variable is set: in CI they fail instead.
* The site runs in a thread of this process (`site_server`). pytest-django's own
  `live_server` serves /static/ through Django's finders, which know nothing of the hashed,
  compressed files `collectstatic` writes, so the pages would be tested unstyled and the
  byte budget measured on the wrong files. This server passes /static/ on to WhiteNoise,
  as production does. Everything else is the same: the test database (shared with the
  thread for in-memory SQLite), `transactional_db` so the thread sees the seed content.
* Every browser context refuses requests to any host but 127.0.0.1. The quick-exit
  destination (settings.QUICK_EXIT_URL) is answered by a tiny stand-in page instead.
* The clock of the Django process is fixed (time-machine) so the helpline status is known:
  open on a Tuesday morning unless a test asks for the weekend.
"""

import datetime
import json
import os
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from content import languages

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LONDON = zoneinfo.ZoneInfo("Europe/London")
# A Tuesday (helpline open 9am to 9pm) and a Saturday (closed; opens Monday at 9am).
OPEN_MOMENT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
CLOSED_MOMENT = datetime.datetime(2026, 12, 5, 11, 0, tzinfo=LONDON)
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


def public_paths(language: str = "en-gb"):
    """Every public page in a language, plus an address there that does not exist (the
    language's 404 page)."""
    from django.utils import translation

    from content.site_pages import page_paths

    with translation.override(language):
        paths = page_paths()
    return paths + [paths[0] + "no-such-page/"]


# The languages besides English (settings.LANGUAGES), for the tests that visit every page
# in every language.
OTHER_LANGUAGES = languages.OTHERS


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the database back as the run started it, after a browser test.

    A browser test commits, so pytest-django empties every table after it: the content
    types, the editors' group and the glossary that migrations made, and the seed. With
    one test process per core, tests that expect those rows can run after it in the same
    process, so they are restored here (Django's own serialized copy, then the seed).
    """
    result = yield
    if nextitem is None:  # the last test of this process: the test database is gone already
        return result
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    from tests.conftest import seed

    contents = getattr(connection, "_test_serialized_contents", None)
    with item.config.stash[blocking_manager_key].unblock():
        if contents and not ContentType.objects.exists():
            connection.creation.deserialize_db_from_string(contents)
            seed()
    return result


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        _unavailable(f"axe-core is not installed at {AXE_JS}: run `npm ci` (make install-dev)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vsr_source() -> str:
    """@guidepup/virtual-screen-reader as a script page.evaluate can run (see spoken.py)."""
    from tests.browser.spoken import VSR_JS, vsr_source

    if not VSR_JS.exists():
        _unavailable(
            f"the virtual screen reader is not installed at {VSR_JS}: run `npm ci` (make install-dev)"
        )
    return vsr_source()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (a launch takes about half a second).

    Playwright's sync API leaves an event loop marked as running in this thread, which
    changes two things in Django, both handled here for as long as the browser is open:

    * Django refuses database work in such a thread unless told it is safe (it is: nothing
      here is async). The permission is given before Playwright starts and taken back when
      it stops, so tests outside this folder keep Django's guard.
    * Django's connection handler starts keeping connections per async context, so the
      test would get fresh connection objects without the test-database state on the old
      ones (the serialized-rollback contents, the in-memory SQLite shared with the server
      thread). It is handed the same connection objects back.
    """
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: install the Debian package `chromium`")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    same_connections = {alias: connections[alias] for alias in connections}
    had = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            for alias, connection in same_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield chromium
            chromium.close()
    finally:
        if had is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class _PassStaticThrough:
    """Stands in for LiveServerThread's static handler: WhiteNoise serves /static/."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    from django.db import connections
    from django.test.testcases import LiveServerThread

    shared = {}
    for conn in connections.all():
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            conn.inc_thread_sharing()
            shared[conn.alias] = conn
    thread = LiveServerThread("127.0.0.1", _PassStaticThrough, connections_override=shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


def _fresh_content():
    from tests.conftest import fresh_caches

    fresh_caches()


@pytest.fixture
def site(site_server, transactional_db, django_db_serialized_rollback, seeded):
    """The site's address, with the seed content and the helpline open (Tuesday 10am).

    transactional_db, so the server thread sees the seed content; with serialized rollback,
    so what the data migrations made is put back for later tests, and the flush after each
    test does not re-create content types that a later serialized-rollback test restores
    (which would fail on a unique constraint).
    """
    import time_machine

    with time_machine.travel(OPEN_MOMENT, tick=True):
        _fresh_content()
        yield site_server


@pytest.fixture
def closed_site(site_server, transactional_db, django_db_serialized_rollback, seeded):
    """As `site`, but on a Saturday, when the helpline is closed."""
    import time_machine

    with time_machine.travel(CLOSED_MOMENT, tick=True):
        _fresh_content()
        yield site_server


class Guard:
    """Lets requests reach 127.0.0.1 only; answers the quick-exit site with a stand-in."""

    def __init__(self, exit_url: str):
        self.exit_host = urlsplit(exit_url).netloc
        self.refused: list[str] = []
        self.exit_requests: list[str] = []

    def __call__(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1":
            route.continue_()
        elif parts.netloc == self.exit_host:
            self.exit_requests.append(url)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
        else:
            self.refused.append(url)
            route.abort("blockedbyclient")


@pytest.fixture
def new_page(browser, settings):
    """Make a page in a fresh context: new_page(**context_options) -> (page, guard)."""
    contexts = []
    guards = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        guard = Guard(settings.QUICK_EXIT_URL)
        context.route("**/*", guard)
        contexts.append(context)
        guards.append(guard)
        return context.new_page(), guard

    yield make
    refused = [url for guard in guards for url in guard.refused]
    for context in contexts:
        context.close()
    assert not refused, f"the page tried to reach another host: {refused}"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page, axe_source: str) -> list[dict]:
    """Inject axe-core (page.evaluate is not subject to the page's CSP) and return violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').strip()}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)
