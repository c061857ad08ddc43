"""Page-view counting: what is counted, what is not, what is stored, and outages."""

import datetime
import logging
import threading
import time

import pytest
import time_machine
from django.apps import apps
from django.db import OperationalError, connection
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from pages import page_cache
from pages.urls import PAGES
from reach import counter
from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount, PosterCode
from tests.reach_helpers import BROWSER

pytestmark = pytest.mark.usefixtures("counting")

PAGE_PATHS = [reverse(f"pages:{name}") for _route, name, *_rest in PAGES]


def today_in_london():
    from django.utils import timezone

    return timezone.localdate(timezone=timezone.get_default_timezone())


def saved_views():
    assert counter.counter.flush() is True
    return {(row.day, row.path): row.views for row in DailyPageCount.objects.all()}


def test_each_get_of_a_public_page_counts_once_including_cache_hits(seeded, browser):
    assert browser.get("/").status_code == 200
    assert page_cache.get(("/", "en-gb")) is not None  # the next one is a cache hit
    assert browser.get("/").status_code == 200
    assert browser.get("/get-help/").status_code == 200
    day = today_in_london()
    assert saved_views() == {(day, "/"): 2, (day, "/get-help/"): 1}


def test_every_public_page_is_counted(seeded, browser):
    for path in PAGE_PATHS:
        assert browser.get(path).status_code == 200
    day = today_in_london()
    assert saved_views() == {(day, path): 1 for path in PAGE_PATHS}


def test_counts_add_up_across_flushes(seeded, browser):
    browser.get("/")
    saved_views()
    browser.get("/")
    browser.get("/")
    assert saved_views() == {(today_in_london(), "/"): 3}


def test_a_revalidated_page_304_counts_as_a_view(seeded, browser):
    first = browser.get("/awareness/")
    again = browser.get("/awareness/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert saved_views() == {(today_in_london(), "/awareness/"): 2}


BOTS = [
    "",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Python-urllib/3.11",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "UptimeRobot/2.0",
]


@pytest.mark.parametrize("agent", BOTS)
def test_bots_and_scripts_are_not_counted(seeded, agent):
    response = Client(HTTP_USER_AGENT=agent).get("/")
    assert response.status_code == 200
    assert counter.counter.pending() == {}
    assert saved_views() == {}


def static_url():
    return static("css/site.css")


@pytest.mark.parametrize(
    ("method", "path", "status", "extra"),
    [
        ("head", "/", 200, {}),
        ("post", "/", 405, {}),
        ("get", "STATIC", 200, {}),
        ("get", "/healthz", 200, {}),
        ("get", "/robots.txt", 200, {}),
        ("get", "/sitemap.xml", 200, {"HTTP_HOST": "localhost"}),
        ("get", "/no-such-page/", 404, {}),
        ("get", "/awareness", 301, {}),
        ("get", "/admin/login/", None, {}),
        ("get", "/", 200, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
    ],
)
def test_only_successful_gets_of_public_pages_are_counted(seeded, browser, method, path, status, extra):
    if path == "STATIC":
        path = static_url()
    response = getattr(browser, method)(path, **extra)
    assert status is None or response.status_code == status
    assert counter.counter.pending() == {}
    assert saved_views() == {}


def test_nothing_is_counted_with_counting_off(seeded, browser, settings):
    settings.REACH_COUNTING = False
    assert browser.get("/").status_code == 200
    assert browser.get("/").status_code == 200
    assert saved_views() == {}


def test_made_up_addresses_cannot_add_rows(seeded, browser):
    for n in range(20):
        browser.get(f"/flood-{n}/")
        browser.get(f"/?utm_source=x{n}")
    assert set(saved_views()) == {(today_in_london(), "/")}


def test_the_day_is_the_date_in_london(seeded, browser):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    with time_machine.travel(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC), tick=False):
        browser.get("/")
    # 23:30 UTC on 31 December is still 31 December in London (GMT).
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        browser.get("/get-help/")
    assert saved_views() == {
        (datetime.date(2026, 7, 1), "/"): 1,
        (datetime.date(2026, 12, 31), "/get-help/"): 1,
    }


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (DailyPageCount, {"id", "day", "path", "views"}),
        (DailyClickCount, {"id", "day", "slug", "clicks"}),
        (DailyCodeCount, {"id", "day", "code", "visits"}),
    ],
)
def test_counter_tables_hold_a_day_a_thing_and_a_number_only(model, fields):
    assert {f.name for f in model._meta.get_fields()} == fields


# Distinctive values in every part of the request that could identify someone.
MARKERS = {
    "agent": "MarkerBrowser/7.7.7",
    "address": "203.0.113.77",
    "forwarded": "198.51.100.23",
    "referrer": "referrer-marker.example",
    "query": "querymarker",
    "cookie": "cookiemarker",
    "language": "x-markerlang",
}


def test_no_request_data_reaches_the_database_or_the_logs(seeded, caplog, monkeypatch):
    PosterCode.objects.create(code="bus", label="Bus shelters", target="get_help")
    caplog.set_level(logging.DEBUG)
    # django's loggers do not propagate to the root, where caplog listens: listen there too.
    for name in ("django", "django.request", "django.server", "reach", "pages", "content"):
        logging.getLogger(name).addHandler(caplog.handler)
    try:
        visitor = Client(
            HTTP_USER_AGENT=f"{BROWSER} {MARKERS['agent']}",
            REMOTE_ADDR=MARKERS["address"],
            HTTP_X_FORWARDED_FOR=MARKERS["forwarded"],
            HTTP_REFERER=f"https://{MARKERS['referrer']}/from",
            HTTP_ACCEPT_LANGUAGE=MARKERS["language"],
        )
        visitor.cookies["tracking"] = MARKERS["cookie"]
        query = f"?q={MARKERS['query']}&utm_source={MARKERS['query']}"
        for path in PAGE_PATHS:
            assert visitor.get(path + query).status_code == 200
        assert visitor.get("/go/samaritans/" + query).status_code == 302
        assert visitor.get("/go/no-such-service/" + query).status_code == 404
        assert visitor.get("/c/bus/" + query).status_code == 302
        assert visitor.get("/no-such-page/" + query).status_code == 404
        assert visitor.post("/go/call/ping/" + query, "PING", content_type="text/ping").status_code == 204
        # A failed save logs a line too: it must not carry request data either.
        with connection.execute_wrapper(database_down):
            assert counter.counter.flush() is False
        counter.counter.retry_at = 0.0
        assert counter.counter.flush() is True
    finally:
        for name in ("django", "django.request", "django.server", "reach", "pages", "content"):
            logging.getLogger(name).removeHandler(caplog.handler)

    assert DailyPageCount.objects.count() == len(PAGE_PATHS)
    assert DailyClickCount.objects.count() == 2  # samaritans and call
    assert DailyCodeCount.objects.get().visits == 1
    assert "Reach counts not saved" in caplog.text
    logged = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    stored = " ".join(str(row) for model in apps.get_models() for row in model._base_manager.values_list())
    for marker in MARKERS.values():
        assert marker not in logged
        assert marker not in stored
    # And the page addresses themselves are stored without their query strings.
    assert set(DailyPageCount.objects.values_list("path", flat=True)) == set(PAGE_PATHS)


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_counting_adds_no_query_to_a_page(seeded, browser, django_assert_num_queries):
    browser.get("/")  # warm the snapshot and the page cache
    with django_assert_num_queries(0):
        assert browser.get("/").status_code == 200
        assert browser.get("/go/self-help/").status_code == 302
    assert counter.counter.pending()


def test_a_database_outage_does_not_affect_public_pages(seeded, browser, caplog, settings):
    PosterCode.objects.create(code="bus", label="Bus shelters", target="home")
    # Warm: every page rendered once, the poster codes read once.
    for path in PAGE_PATHS:
        browser.get(path)
    browser.get("/c/bus/")
    before = sum(counter.counter.pending().values())

    with connection.execute_wrapper(database_down):
        for path in PAGE_PATHS:
            response = browser.get(path)
            assert response.status_code == 200
            assert "0808 1000 900" in response.content.decode()
        assert browser.get("/go/samaritans/")["Location"] == "https://www.samaritans.org/"
        assert browser.get("/c/bus/")["Location"] == "/"
        with caplog.at_level(logging.WARNING, logger="reach.counter"):
            assert counter.counter.flush() is False
        # Backing off: no second attempt for a while, and pages still answer meanwhile.
        assert counter.counter.flush() is False
        assert browser.get("/").status_code == 200
        # A page rendered from scratch (cold process) is served too.
        page_cache.clear()
        assert browser.get("/consequences/").status_code == 200

    assert len([r for r in caplog.records if r.name == "reach.counter"]) == 1
    # The counts made during the outage were kept, and are saved once it is over.
    counter.counter.retry_at = 0.0
    assert counter.counter.flush() is True
    # Every page, /go/samaritans/, /c/bus/, then "/" and /consequences/ again.
    expected = before + len(PAGE_PATHS) + 4
    total = (
        sum(DailyPageCount.objects.values_list("views", flat=True))
        + sum(DailyClickCount.objects.values_list("clicks", flat=True))
        + sum(DailyCodeCount.objects.values_list("visits", flat=True))
    )
    assert total == expected


def test_pending_counts_are_bounded(seeded, monkeypatch):
    monkeypatch.setattr(counter, "MAX_KEYS", 3)
    for path in PAGE_PATHS[:5]:
        counter.record(counter.PAGE, path)
    assert len(counter.counter.pending()) == 3


def test_a_slow_database_never_holds_up_a_page(seeded, browser, monkeypatch):
    """The request only touches memory: even a save that hangs does not delay pages."""
    browser.get("/")
    started, release = threading.Event(), threading.Event()

    def slow_write(batch):
        started.set()
        release.wait(30)
        raise OperationalError("timeout")

    monkeypatch.setattr(counter, "write", slow_write)
    saver = threading.Thread(target=counter.counter.flush)
    saver.start()
    try:
        assert started.wait(5)
        for _ in range(5):
            assert browser.get("/").status_code == 200
        # The pages were served while the save was still stuck.
        assert saver.is_alive() and not release.is_set()
    finally:
        release.set()
        saver.join(5)
    assert counter.counter.pending()[("page", today_in_london(), "/")] == 6  # kept for the next try


# serialized_rollback: put back what the data migrations made (the Comms editors group, ...)
# after this test empties every table.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_background_thread_saves_batches_without_any_request_waiting(monkeypatch):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    monkeypatch.setattr(counter, "FLUSH_BATCH", 3)
    monkeypatch.setattr(counter, "FLUSH_SECONDS", 60)
    monkeypatch.setattr(counter.counter, "autostart", True)
    browser = Client(HTTP_USER_AGENT=BROWSER)
    try:
        for _ in range(3):
            assert browser.get("/awareness/").status_code == 200
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not DailyPageCount.objects.exists():
            time.sleep(0.05)
        assert DailyPageCount.objects.get().views == 3
    finally:
        counter.counter.stop()
    assert not counter.counter._thread.is_alive()
