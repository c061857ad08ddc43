"""Zero-query public pages, fresh on every worker after an admin save, and never showing a
stale open/closed status.

Each gunicorn worker keeps its own rendered pages and its own copy of the content
snapshot; a test becomes "another worker" by putting back the page cache and snapshot
that worker would still hold in memory.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from content import snapshot
from pages import page_cache
from pages.urls import PAGES
from tests.admin_helpers import HELPLINE_URL, confirm_numbers, form_of, save

PAGE_NAMES = [name for _route, name, *_rest in PAGES]
SEED_NUMBER = "0808 1000 900"
NEW_NUMBER = "0808 800 5000"
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_warm_public_page_runs_no_sql(client, seeded, django_assert_num_queries, name):
    url = reverse(f"pages:{name}")
    assert client.get(url).status_code == 200  # warms the snapshot and the page
    with django_assert_num_queries(0):
        response = client.get(url)
        head = client.head(url)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert response.status_code == 200
    assert SEED_NUMBER in response.content.decode()
    assert head.status_code == 200
    assert not_modified.status_code == 304


def test_a_new_worker_renders_from_the_shared_snapshot_without_sql(client, seeded, django_assert_num_queries):
    snapshot.publish()  # what the last admin save left in the shared cache
    snapshot.forget_local()  # a worker that has just started: nothing in its memory
    page_cache.clear()
    with django_assert_num_queries(0):
        for name in PAGE_NAMES:
            response = client.get(reverse(f"pages:{name}"))
            assert response.status_code == 200
            assert SEED_NUMBER in response.content.decode()


def _become(worker):
    """Put back what another worker holds in its memory."""
    entries, snap = worker
    page_cache.clear()
    page_cache._entries.update(entries)
    snapshot._process["snapshot"] = snap


def _change_number(client, number):
    data = form_of(client, HELPLINE_URL, "helpline_form")
    data.update(phone=number, phone_display=number)
    response = save(client, HELPLINE_URL, data)
    if response.status_code == 200 and "confirm_number" in response.content.decode():
        response = confirm_numbers(client, HELPLINE_URL, response, data)
    assert response.status_code == 302


def test_an_admin_save_is_on_the_next_request_of_every_worker(superuser_client, django_assert_num_queries):
    visitor = Client()
    paths = [reverse(f"pages:{name}") for name in PAGE_NAMES]
    for path in paths:
        assert SEED_NUMBER in visitor.get(path).content.decode()
    other_worker = (dict(page_cache._entries), snapshot._process["snapshot"])
    assert len(other_worker[0]) == len(paths)

    _change_number(superuser_client, NEW_NUMBER)

    _become(other_worker)  # still holding every old page and the old snapshot
    with django_assert_num_queries(0):  # the new content comes from the shared cache
        for path in paths:
            html = visitor.get(path).content.decode()
            assert NEW_NUMBER in html, path
            assert SEED_NUMBER not in html, path


def test_a_page_cached_while_open_is_not_served_once_the_helpline_closes(client, seeded):
    # Monday 2 March 2026: the seed hours are 9am to 9pm.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 20, 59, 0, tzinfo=LONDON), tick=False) as clock:
        first = client.get("/get-help/")
        assert "Open now" in first.content.decode()
        assert re.search(r"max-age=60\b", first["Cache-Control"])  # one minute to closing
        clock.move_to(datetime.datetime(2026, 3, 2, 20, 59, 45, tzinfo=LONDON))
        cached = client.get("/get-help/")
        assert cached["ETag"] == first["ETag"]  # the same page, from the page cache
        assert re.search(r"max-age=15\b", cached["Cache-Control"])  # counts down to 9pm
        clock.move_to(datetime.datetime(2026, 3, 2, 21, 0, 1, tzinfo=LONDON))
        after = client.get("/get-help/")
        html = after.content.decode()
        assert "Closed now" in html and "Open now" not in html
        assert after["ETag"] != first["ETag"]


def test_a_page_cached_while_closed_is_not_served_once_the_helpline_opens(client, seeded):
    with time_machine.travel(datetime.datetime(2026, 3, 3, 8, 50, 0, tzinfo=LONDON), tick=False) as clock:
        first = client.get("/")
        assert "Closed now" in first.content.decode()
        assert re.search(r"max-age=300\b", first["Cache-Control"])  # capped at PUBLIC_PAGE_MAX_AGE
        clock.move_to(datetime.datetime(2026, 3, 3, 9, 0, 0, tzinfo=LONDON))
        html = client.get("/").content.decode()
        assert "Open now" in html and "Closed now" not in html


def test_no_page_is_kept_past_local_midnight(client, seeded):
    """Friday 6 March 2026, 11:50pm: closed until Monday, but "tomorrow" changes meaning
    at midnight, so the page is re-rendered then."""
    with time_machine.travel(datetime.datetime(2026, 3, 6, 23, 50, 0, tzinfo=LONDON), tick=False):
        response = client.get("/get-help/")
        assert re.search(r"max-age=300\b", response["Cache-Control"])
        entry = next(iter(page_cache._entries.values()))
        midnight = datetime.datetime(2026, 3, 7, 0, 0, tzinfo=LONDON).timestamp()
        assert entry.expires_at == midnight


# --- With Redis (several instances): no round trip per page view, still the next request --


@pytest.fixture
def redis_cache(settings):
    """The shared cache on the machine's Redis, under a key prefix of this test's own."""
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
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    snapshot.forget_local()
    yield client
    snapshot.forget_local()
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)
    client.close()


class CountingReads:
    def __init__(self, monkeypatch):
        from django.core.cache import caches

        backend = caches["default"]
        self.calls = 0
        real = backend.get

        def get(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(backend, "get", get)


def _as_if_published_elsewhere(local, number, announce=True):
    """What another instance's publish() leaves in Redis: a new snapshot, its version, and
    (normally) an announcement."""
    import dataclasses

    from django.core.cache import cache

    other = dataclasses.replace(
        local,
        version=f"elsewhere-{number}",
        helpline=dataclasses.replace(local.helpline, phone_display=number),
    )
    cache.set_many({snapshot.SNAPSHOT_KEY: other, snapshot.VERSION_KEY: other.version}, timeout=None)
    if announce:
        snapshot._announce(other.version)
    return other


def test_with_redis_a_warm_page_view_costs_no_round_trip(seeded, redis_cache, monkeypatch):
    live = snapshot.publish()
    assert snapshot.get_snapshot() is live  # subscribes and reads the version once
    assert snapshot.get_snapshot() is live
    reads = CountingReads(monkeypatch)
    for _ in range(200):
        assert snapshot.get_snapshot() is live
    assert reads.calls == 0


def test_with_redis_another_instances_publish_is_seen_on_the_next_view(seeded, redis_cache, monkeypatch):
    live = snapshot.publish()
    snapshot.get_snapshot()
    snapshot.get_snapshot()
    other = _as_if_published_elsewhere(live, NEW_NUMBER)
    assert snapshot.get_snapshot() == other  # the very next call
    assert snapshot.get_snapshot().helpline.phone_display == NEW_NUMBER


def test_with_redis_a_lost_announcement_is_caught_within_a_second(seeded, redis_cache, monkeypatch):
    live = snapshot.publish()
    snapshot.get_snapshot()
    snapshot.get_snapshot()
    clock = __import__("tests.test_outage", fromlist=["Clock"]).Clock(monkeypatch)
    other = _as_if_published_elsewhere(live, NEW_NUMBER, announce=False)
    clock.now += snapshot.WATCH_TRUST_SECONDS + 0.01
    assert snapshot.get_snapshot() == other


def test_with_redis_a_cut_subscription_falls_back_to_reading_the_version(seeded, redis_cache):
    live = snapshot.publish()
    snapshot.get_snapshot()
    snapshot.get_snapshot()
    assert snapshot._watch.pubsub is not None
    # Redis drops the subscription's connection (a restart, a network cut, a failover);
    # announcements made meanwhile are lost.
    port = snapshot._watch.pubsub.connection._sock.getsockname()[1]
    killed = redis_cache.client_kill_filter(laddr=None, addr=f"127.0.0.1:{port}")
    assert killed == 1
    other = _as_if_published_elsewhere(live, NEW_NUMBER, announce=False)
    assert snapshot.get_snapshot() == other


def test_with_redis_the_page_cache_follows_the_announcements(client, seeded, redis_cache):
    """The whole path, as a worker of another instance sees it."""
    assert SEED_NUMBER in client.get("/get-help/").content.decode()
    assert SEED_NUMBER in client.get("/get-help/").content.decode()  # a page-cache hit
    _as_if_published_elsewhere(snapshot._process["snapshot"], NEW_NUMBER)
    html = client.get("/get-help/").content.decode()
    assert NEW_NUMBER in html and SEED_NUMBER not in html
