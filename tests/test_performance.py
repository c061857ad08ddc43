"""Zero-query public pages, fresh on every worker after an admin save, and never showing a
stale open/closed status.

Each gunicorn worker keeps its own rendered pages and its own copy of the content
snapshot; a test becomes "another worker" by holding the snapshot that worker would still
hold in memory (its rendered pages are filed under that snapshot's version).
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from content import snapshot
from content.site_pages import PAGES
from tests.admin_helpers import HELPLINE_URL, confirm_numbers, form_of, save

PAGE_NAMES = [page.name for page in PAGES]
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
    from django.core.cache import caches

    snapshot.publish()  # what the last admin save left in the shared cache
    for name in PAGE_NAMES:  # the site has been running: other workers filled the shared cache
        client.get(reverse(f"pages:{name}"))
    snapshot.reset_process_copy()  # a worker that has just started: nothing in its memory
    caches["pages"].clear()  # and no pages rendered
    with django_assert_num_queries(0):
        for name in PAGE_NAMES:
            response = client.get(reverse(f"pages:{name}"))
            assert response.status_code == 200
            assert SEED_NUMBER in response.content.decode()


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
    other_worker = snapshot.get_snapshot()  # what another worker holds, its pages filed under it

    _change_number(superuser_client, NEW_NUMBER)

    snapshot.reset_process_copy(to=other_worker)
    with django_assert_num_queries(0):  # the new content comes from the shared cache
        for path in paths:
            html = visitor.get(path).content.decode()
            assert NEW_NUMBER in html, path
            assert SEED_NUMBER not in html, path


@pytest.fixture
def confirmed_hours(seeded):
    from content.models import Helpline

    Helpline.objects.update(hours_last_verified=datetime.date(2026, 1, 5))


def test_a_page_cached_while_open_is_not_served_once_the_helpline_closes(client, confirmed_hours):
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


def test_a_page_cached_while_closed_is_not_served_once_the_helpline_opens(client, confirmed_hours):
    with time_machine.travel(datetime.datetime(2026, 3, 3, 8, 50, 0, tzinfo=LONDON), tick=False) as clock:
        first = client.get("/")
        assert "Closed now" in first.content.decode()
        assert re.search(r"max-age=300\b", first["Cache-Control"])  # capped at PUBLIC_PAGE_MAX_AGE
        clock.move_to(datetime.datetime(2026, 3, 3, 9, 0, 0, tzinfo=LONDON))
        html = client.get("/").content.decode()
        assert "Open now" in html and "Closed now" not in html


def test_no_page_is_kept_past_local_midnight(client, seeded, settings):
    """Friday 6 March 2026, 11:50pm: closed until Monday, but "today" and "tomorrow" change
    meaning at midnight, so the page is not kept past it."""
    settings.PUBLIC_PAGE_MAX_AGE = 3600
    with time_machine.travel(datetime.datetime(2026, 3, 6, 23, 50, 0, tzinfo=LONDON), tick=False):
        response = client.get("/get-help/")
        assert re.search(r"max-age=600\b", response["Cache-Control"])


# --- With Redis (several instances): one small read per page view, still the next request --


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
        },
        "pages": settings.CACHES["pages"],
    }
    snapshot.reset_process_copy()
    yield client
    snapshot.reset_process_copy()
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


def test_with_redis_a_warm_page_view_costs_one_small_read_and_no_sql(
    client, seeded, redis_cache, monkeypatch, django_assert_num_queries
):
    client.get("/get-help/")
    reads = CountingReads(monkeypatch)
    with django_assert_num_queries(0):
        for _ in range(50):
            assert client.get("/get-help/").status_code == 200
    assert reads.calls == 50  # the version, once a view


def test_with_redis_another_instances_save_is_seen_on_the_next_view(client, seeded, redis_cache):
    from content.models import Helpline

    assert SEED_NUMBER in client.get("/get-help/").content.decode()
    assert SEED_NUMBER in client.get("/get-help/").content.decode()  # a page-cache hit
    this_instance = snapshot.get_snapshot()
    Helpline.objects.filter(pk=1).update(phone="+448088005000", phone_display=NEW_NUMBER)
    snapshot.publish()  # what the other instance's save does on commit
    snapshot.reset_process_copy(to=this_instance)
    html = client.get("/get-help/").content.decode()
    assert NEW_NUMBER in html and SEED_NUMBER not in html


# --- Releases: a snapshot of another shape is never read ------------------------------------


def test_a_snapshot_cached_before_a_release_is_never_served_as_the_new_shape(
    client, seeded, monkeypatch, django_assert_max_num_queries
):
    """The release adds a field to the snapshot: the version key is unchanged, but the
    snapshot stored under it was pickled by the old code."""
    from django.core.cache import cache

    old = snapshot.publish()
    cache.set(snapshot.VERSION_KEY, old.version, timeout=None)
    monkeypatch.setattr(snapshot, "SCHEMA", "the-next-release")  # what the new code computes
    snapshot.reset_process_copy()  # the new release's workers start empty
    snap = snapshot.get_snapshot()
    assert snap is not old and snap.from_database
    assert cache.get(f"content:snapshot:the-next-release:{old.version}") is not None  # shared anew
    with django_assert_max_num_queries(0):
        assert SEED_NUMBER in client.get("/").content.decode()


def test_the_schema_tag_follows_the_fields_of_the_content():
    from content.models import Helpline

    before = snapshot._schema_tag()
    field = Helpline._meta.get_field("name")
    original = field.attname
    try:
        field.attname = "renamed"
        assert snapshot._schema_tag() != before
    finally:
        field.attname = original
    assert snapshot._schema_tag() == before
