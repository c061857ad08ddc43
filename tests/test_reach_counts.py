"""Page-view counting: what is counted, what is not, what is stored, and outages."""

import datetime
import logging
import time

import pytest
import time_machine
from django.apps import apps
from django.core.cache import caches
from django.db import OperationalError, connection
from django.templatetags.static import static
from django.test import Client

from content.site_pages import page_paths
from reach import counter
from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount, PosterCode
from tests.reach_helpers import BROWSER

pytestmark = pytest.mark.usefixtures("counting")

PAGE_PATHS = page_paths()


def today_in_london():
    from django.utils import timezone

    return timezone.localdate(timezone=timezone.get_default_timezone())


def saved_views():
    assert counter.flush() is True
    return {(row.day, row.path): row.views for row in DailyPageCount.objects.all()}


def test_each_get_of_a_public_page_counts_once_including_cache_hits(seeded, browser):
    first = browser.get("/")
    assert first.status_code == 200
    again = browser.get("/")  # a page-cache hit: the same page, not rendered again
    assert again.status_code == 200 and again["ETag"] == first["ETag"]
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
    assert counter.pending() == {}
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
    assert counter.pending() == {}
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
            assert counter.flush() is False
        assert counter.flush() is True
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
    assert counter.pending()


def test_a_database_outage_does_not_affect_public_pages(seeded, browser, caplog, settings):
    PosterCode.objects.create(code="bus", label="Bus shelters", target="home")
    # Warm: every page rendered once, the poster codes read once.
    for path in PAGE_PATHS:
        browser.get(path)
    browser.get("/c/bus/")
    before = sum(counter.pending().values())
    settings.REACH_FLUSH_SECONDS = 0  # every request's end would save, were it not backing off

    with connection.execute_wrapper(database_down):
        for path in PAGE_PATHS:
            response = browser.get(path)
            assert response.status_code == 200
            assert "0808 1000 900" in response.content.decode()
        assert (
            browser.get("/go/samaritans/")["Location"]
            == "https://www.samaritans.org/how-we-can-help/contact-samaritan/"
        )
        assert browser.get("/c/bus/")["Location"] == "/"
        # A page rendered from scratch (cold process) is served too.
        caches["pages"].clear()
        assert browser.get("/consequences/").status_code == 200

    # One failed save at the end of the first request, then a rest, not one per request.
    assert len([r for r in caplog.records if r.name == "reach.counter"]) == 1
    # The counts made during the outage were kept, and are saved once it is over.
    assert counter.flush() is True
    # Every page, /go/samaritans/, /c/bus/, then /consequences/ again.
    expected = before + len(PAGE_PATHS) + 3
    total = (
        sum(DailyPageCount.objects.values_list("views", flat=True))
        + sum(DailyClickCount.objects.values_list("clicks", flat=True))
        + sum(DailyCodeCount.objects.values_list("visits", flat=True))
    )
    assert total == expected


def test_the_rest_after_a_failed_save_grows_while_the_database_stays_down(
    seeded, browser, settings, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(counter.time, "monotonic", lambda: clock[0])
    settings.REACH_FLUSH_SECONDS = 0
    attempts = []

    def failing_write(batch):
        attempts.append(clock[0])
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(counter, "write", failing_write)
    for _ in range(12):
        browser.get("/")
        clock[0] += 29
    # Fails at 0 s, then rests 30, 60, 120 s: tried again at the first request after each rest.
    assert [round(t - 1000) for t in attempts] == [0, 58, 145, 290]
    assert sum(counter.pending().values()) == 12  # nothing lost


def test_counts_are_saved_at_the_end_of_a_request_once_due(
    seeded, browser, settings, django_assert_num_queries
):
    settings.REACH_FLUSH_SECONDS = 0
    assert browser.get("/awareness/").status_code == 200
    assert DailyPageCount.objects.get().views == 1  # no thread, no explicit flush: the request's end
    settings.REACH_FLUSH_SECONDS = 3600
    with django_assert_num_queries(0):  # not due: the page and its end cost no query
        assert browser.get("/awareness/").status_code == 200
    assert DailyPageCount.objects.get().views == 1
    assert counter.pending() == {("page", today_in_london(), "/awareness/"): 1}


# --- With Redis: counts live in Redis at once, so a killed worker loses nothing ---------


@pytest.fixture
def redis_counts(settings):
    import os
    import secrets

    import redis

    from tests import servers

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        servers.missing(f"no Redis server at {url} ({error})")
    prefix = f"campaign-test-{secrets.token_hex(4)}"
    settings.REDIS_URL = url
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    yield client
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)


def test_with_redis_a_killed_worker_loses_nothing_already_counted(seeded, browser, redis_counts):
    for _ in range(3):
        browser.get("/get-help/")
    assert counter.pending() == {}  # nothing waits in the worker's memory
    counter.reset()  # the worker is killed: whatever it held is gone
    assert saved_views() == {(today_in_london(), "/get-help/"): 3}  # another worker saves them
    assert saved_views() == {(today_in_london(), "/get-help/"): 3}  # and only once


def test_with_redis_a_failed_save_puts_the_counts_back(seeded, browser, redis_counts):
    browser.get("/")
    with connection.execute_wrapper(database_down):
        assert counter.flush() is False
    counter.reset()  # even if this worker dies now
    assert saved_views() == {(today_in_london(), "/"): 1}


def test_with_redis_counts_taken_by_a_worker_that_died_are_put_back(
    seeded, browser, redis_counts, monkeypatch
):
    browser.get("/")

    def killed(batch):
        raise SystemExit("the worker is killed in the middle of saving")

    monkeypatch.setattr(counter, "write", killed)
    with pytest.raises(SystemExit):
        counter.flush()
    monkeypatch.undo()
    browser.get("/")
    assert saved_views() == {(today_in_london(), "/"): 1}  # the taken batch is not yet orphaned
    real_time = time.time
    monkeypatch.setattr(counter.time, "time", lambda: real_time() + counter.ORPHAN_SECONDS + 1)
    assert saved_views() == {(today_in_london(), "/"): 2}
