"""The route to help survives a database (or cache) outage.

The slow tests run the site as `make run` does (gunicorn, gunicorn.conf.py, the local file
cache) against a PostgreSQL cluster of their own, made with initdb on a spare port, which
they stop and start. The shared server on 5432 is never touched. The fast tests check the
back-off rules of content.snapshot in-process.
"""

import contextlib
import datetime
import json
import os
import shutil
import time
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import OperationalError
from django.test import Client

from content import outages, snapshot
from content.site_pages import page_paths
from tests import servers

SEED_NUMBER = "0808 1000 900"
NEW_NUMBER = "0808 800 5000"
PUBLIC_HTML = page_paths()
# "Fails fast": a generous bound, far above a normal response and far below a hung request.
FAST = 5.0


# --- In-process: the snapshot's back-off rules ------------------------------------------


class FailingDatabase:
    def __init__(self, monkeypatch):
        self.calls = 0
        monkeypatch.setattr(snapshot, "build", self)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise OperationalError("connection refused")


class Clock:
    """time.monotonic as the pauses after a failure (content.outages) see it, moved by hand."""

    def __init__(self, monkeypatch):
        self.now = time.monotonic()
        monkeypatch.setattr(outages.time, "monotonic", lambda: self.now)


def test_no_database_and_no_snapshot_gives_the_seed_defaults_and_backs_off(monkeypatch, settings):
    settings.CONTENT_DB_RETRY_SECONDS = 30
    db = FailingDatabase(monkeypatch)
    clock = Clock(monkeypatch)
    snap = snapshot.get_snapshot()
    assert not snap.from_database
    assert snap.helpline.phone_shown == SEED_NUMBER
    assert db.calls == 1
    for _ in range(20):  # not on every request
        assert snapshot.get_snapshot().helpline.phone_shown == SEED_NUMBER
    assert db.calls == 1
    clock.now += 31  # after the back-off, one more try
    snapshot.get_snapshot()
    assert db.calls == 2


def test_a_worker_pausing_after_a_database_failure_still_reads_what_others_publish(seeded, monkeypatch):
    """Another worker (or instance) publishes once the database is back: this one, still in
    its pause after a failed read, must not keep showing the seed defaults."""
    db = FailingDatabase(monkeypatch)
    assert not snapshot.get_snapshot().from_database and db.calls == 1
    monkeypatch.undo()
    published = snapshot.build("from-another-worker")  # what that worker's publish() stored
    cache.set(snapshot.VERSION_KEY, published.version)
    cache.set(snapshot._data_key(published.version), published)
    assert snapshot.get_snapshot().version == "from-another-worker"


def test_the_last_snapshot_outlives_the_database_and_a_flushed_cache(seeded, monkeypatch):
    from content.models import Helpline

    helpline = Helpline.load()
    helpline.phone, helpline.phone_display = "+448088005000", NEW_NUMBER
    helpline.save()
    live = snapshot.publish()
    db = FailingDatabase(monkeypatch)
    cache.clear()  # e.g. Redis restarted without its data
    assert snapshot.get_snapshot() is live
    assert snapshot.get_snapshot().helpline.phone_shown == NEW_NUMBER
    assert db.calls == 1


def test_a_dead_cache_is_not_asked_on_every_request(seeded, monkeypatch):
    live = snapshot.publish()
    calls = []

    def broken_get(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("redis is down")

    monkeypatch.setattr(caches["default"], "get", broken_get)
    clock = Clock(monkeypatch)
    for _ in range(20):
        assert snapshot.get_snapshot() is live
    assert len(calls) == 1
    clock.now += outages.CACHE_RETRY_SECONDS + 0.1
    snapshot.get_snapshot()
    assert len(calls) == 2


def test_a_fresh_worker_with_the_cache_down_reads_the_database(seeded, monkeypatch):
    monkeypatch.setattr(caches["default"], "get", mock.Mock(side_effect=ConnectionError("redis is down")))
    snap = snapshot.get_snapshot()
    assert snap.from_database and snap.helpline.phone_shown == SEED_NUMBER


def test_a_save_made_while_the_cache_was_down_wins_when_it_comes_back(seeded, monkeypatch):
    """The cache comes back holding the content from before the outage; the save made
    during the outage (which only reached the database) must not be hidden by it."""
    from content.models import Helpline

    before = snapshot.publish()
    backend = caches["default"]
    with contextlib.ExitStack() as outage:
        for name in ("get", "set"):
            outage.enter_context(
                mock.patch.object(backend, name, side_effect=ConnectionError("redis is down"))
            )
        snapshot.get_snapshot()  # notices the outage
        helpline = Helpline.load()
        helpline.phone, helpline.phone_display = "+448088005000", NEW_NUMBER
        helpline.save()
        snapshot.publish()  # what the admin save runs on commit: reaches the database only
    assert cache.get(snapshot.VERSION_KEY) == before.version
    clock = Clock(monkeypatch)
    clock.now += outages.CACHE_RETRY_SECONDS + 0.1
    assert snapshot.get_snapshot().helpline.phone_shown == NEW_NUMBER
    # ...and it is the shared copy again, for every other process.
    snapshot.reset_process_copy(to=before)
    assert snapshot.get_snapshot().helpline.phone_shown == NEW_NUMBER


def test_the_admin_says_database_unavailable_and_still_shows_the_helpline(seeded, monkeypatch):
    snapshot.publish()
    from django.contrib.sessions.backends.db import SessionStore

    def down(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", down)
    monkeypatch.setattr(SessionStore, "save", down)
    client = Client(raise_request_exception=False)
    client.cookies["staff_session"] = "x" * 32
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 503
    assert "Database unavailable" in html
    assert SEED_NUMBER in html
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    # Public pages ignore any cookie, so the same broken session store cannot touch them.
    public = Client(raise_request_exception=False)
    public.cookies["staff_session"] = "x" * 32
    caches["pages"].clear()
    assert public.get("/get-help/").status_code == 200


# --- Real servers -----------------------------------------------------------------------


def _check_prerequisites():
    if servers.pg_bin_dir() is None:
        servers.missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        servers.missing("runuser is needed to run initdb as the postgres user")
    if not os.access(servers.GUNICORN, os.X_OK):
        servers.missing("gunicorn is not installed in .venv")


@pytest.fixture
def throwaway_pg():
    _check_prerequisites()
    pg = servers.ThrowawayPostgres()
    try:
        pg.init()
        pg.start()
        pg.create_database("campaign")
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def instances(tmp_path):
    started = []

    def start(env, name):
        server = servers.AppServer(env, name, tmp_path)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def _public_urls_answer_with(server, number, repeat=4, extra_html=()):
    """Every public URL answers 200 with the number, on every worker, within FAST seconds."""
    for _ in range(repeat):  # several rounds so that both workers answer
        for path in PUBLIC_HTML:
            r = server.get(path)
            assert r.status == 200, (server.name, path, r.status, r.text[:500])
            assert number in r.text, (server.name, path)
            assert r.elapsed < FAST, (server.name, path, r.elapsed)
            for text in extra_html if path == "/get-help/" else ():
                assert text in r.text, (server.name, path, text)
        for path in ("/robots.txt", "/sitemap.xml", "/healthz"):
            r = server.get(path)
            assert r.status == 200, (server.name, path, r.status)
            assert r.elapsed < FAST


def _try_to_sign_in(server):
    """Viewing the sign-in page needs no database (it writes nothing); signing in does."""
    import re

    browser = server.browser()  # keeps the sign-in form's CSRF cookie
    page = browser.get("/admin/login/")
    assert page.status == 200, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "username": "someone",
        "password": "x" * 20,
        "otp_token": "123456",
    }
    return browser.post("/admin/login/", fields)


@pytest.mark.slow
def test_database_outage_public_pages_keep_the_current_helpline_and_everything_recovers(
    throwaway_pg, instances, tmp_path
):
    env = servers.base_env(
        tmp_path / "var",
        DATABASE_URL=throwaway_pg.url("campaign"),
        DATABASE_CONNECT_TIMEOUT=2,
        CONTENT_DB_RETRY_SECONDS=2,
        WEB_CONCURRENCY=2,
    )
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "seed_content", "-v0")
    # Content that differs from the seed defaults, so the pages can only show it if they
    # come from the last snapshot: a new number and Saturday hours.
    servers.shell(
        env,
        "import datetime\n"
        "from content.models import Helpline, OpeningPeriod\n"
        "h = Helpline.load()\n"
        f"h.phone = '+448088005000'; h.phone_display = '{NEW_NUMBER}'; h.save()\n"
        "OpeningPeriod.objects.create(helpline=h, weekday=5, opens=datetime.time(10, 15), closes=datetime.time(13, 45))\n",
    )
    saturday = ("10:15am", "1:45pm")
    a = instances(env, "a")
    _public_urls_answer_with(a, NEW_NUMBER, extra_html=saturday)
    assert a.get("/admin/login/").status == 200
    assert json.loads(a.get("/readyz").body)["ready"] is True

    throwaway_pg.stop()
    assert not throwaway_pg.is_running()

    # The running instance: every public URL still answers, with the current content.
    _public_urls_answer_with(a, NEW_NUMBER, extra_html=saturday)
    # The admin says so, fast, and still shows the helpline.
    r = _try_to_sign_in(a)
    assert r.status == 503, r.text[:500]
    assert "Database unavailable" in r.text and NEW_NUMBER in r.text
    assert "no-store" in r.headers["cache-control"]
    assert r.elapsed < FAST
    ready = a.get("/readyz")
    assert ready.status == 503 and json.loads(ready.body)["database"] == "unavailable"

    # A new instance on the same machine (a restart, a new worker): no page rendered yet,
    # no database, but the last snapshot in the shared cache.
    b = instances({**env, "SECRET_KEY": env["SECRET_KEY"]}, "b")
    _public_urls_answer_with(b, NEW_NUMBER, repeat=2, extra_html=saturday)

    # A fresh instance with an empty cache and no database: the seed defaults.
    fresh_env = {**env, "VAR_DIR": str(tmp_path / "fresh-var")}
    c = instances(fresh_env, "c")
    _public_urls_answer_with(c, SEED_NUMBER, repeat=2)

    throwaway_pg.start()
    # Everything recovers by itself, without a restart.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and a.get("/admin/login/").status != 200:
        time.sleep(0.5)
    assert a.get("/admin/login/").status == 200
    assert json.loads(a.get("/readyz").body)["ready"] is True
    # The fresh instance picks up the real content once its back-off has passed.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and NEW_NUMBER not in c.get("/get-help/").text:
        time.sleep(0.5)
    _public_urls_answer_with(c, NEW_NUMBER, repeat=2, extra_html=saturday)


@pytest.mark.slow
def test_a_hanging_database_costs_public_pages_one_attempt_not_one_per_request(instances, tmp_path):
    """The database accepts connections and never answers: the connection attempt gives up
    after DATABASE_CONNECT_TIMEOUT, public pages try it once and then leave it alone for
    CONTENT_DB_RETRY_SECONDS, and the admin fails within the timeout."""
    if not os.access(servers.GUNICORN, os.X_OK):
        servers.missing("gunicorn is not installed in .venv")
    silent = servers.SilentServer()
    try:
        env = servers.base_env(
            tmp_path / "var",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent.port}/campaign",
            DATABASE_CONNECT_TIMEOUT=2,
            CONTENT_DB_RETRY_SECONDS=600,
            WEB_CONCURRENCY=1,
        )
        server = instances(env, "hang")
        first = server.get("/get-help/")
        assert first.status == 200 and SEED_NUMBER in first.text
        assert first.elapsed < FAST
        attempts = silent.accepted
        assert attempts >= 1  # it did try the database
        for _ in range(3):
            for path in PUBLIC_HTML:
                r = server.get(path)
                assert r.status == 200 and SEED_NUMBER in r.text
        assert silent.accepted == attempts  # ...and then left it alone
        admin = _try_to_sign_in(server)
        assert admin.status == 503 and "Database unavailable" in admin.text
        assert admin.elapsed < FAST
        assert silent.accepted > attempts
    finally:
        silent.close()


@pytest.mark.slow
def test_public_pages_keep_answering_when_redis_is_down_or_hangs(instances, tmp_path):
    if not os.access(servers.GUNICORN, os.X_OK):
        servers.missing("gunicorn is not installed in .venv")
    var = tmp_path / "var"
    env = servers.base_env(var, WEB_CONCURRENCY=1)
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "seed_content", "-v0")
    silent = servers.SilentServer(ports=servers.APP_PORTS)
    closed_port = servers.free_port(*servers.APP_PORTS)
    try:
        for label, port in (("refused", closed_port), ("hanging", silent.port)):
            server = instances({**env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, f"redis-{label}")
            start = time.monotonic()
            for _ in range(3):
                for path in PUBLIC_HTML:
                    r = server.get(path)
                    assert r.status == 200, (label, path, r.status, r.text[:300])
                    assert SEED_NUMBER in r.text
            # A generous bound: what must not happen is a cache time-out on every view
            # (that is what the connection count below checks).
            assert time.monotonic() - start < 6 * FAST, label
            ready = server.get("/readyz")
            assert ready.status == 503 and json.loads(ready.body)["cache"] == "unavailable"
            server.stop()
        assert silent.accepted <= 8  # the hanging cache was not asked on every request
    finally:
        silent.close()


def test_freshness_never_passes_the_next_status_change(settings):
    from content.hours import Status
    from pages.views import fresh_for

    settings.PUBLIC_PAGE_MAX_AGE = 20000
    now = datetime.datetime(2026, 3, 2, 20, 59, tzinfo=datetime.UTC)
    change = now + datetime.timedelta(seconds=90)
    assert fresh_for(Status(True, now, None, None, None, change), now) == 90
    # No change in sight: PUBLIC_PAGE_MAX_AGE at most, and never past local midnight.
    assert fresh_for(Status(False, now, None, None, None, None), now) == 3 * 3600 + 60
    late = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)  # 23:30 in London (GMT)
    assert fresh_for(Status(False, late, None, None, None, None), late) == 1800
    settings.PUBLIC_PAGE_MAX_AGE = 300
    assert fresh_for(Status(False, now, None, None, None, None), now) == 300
