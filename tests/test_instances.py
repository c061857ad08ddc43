"""Several identical instances behind a load balancer.

Two gunicorn instances (each with its own VAR_DIR, so nothing is shared on disk but the
uploads directory) on one PostgreSQL database and one Redis: an edit made through the
admin of one is on the other's very next page view, and a logo uploaded through one is
served by the other.

Uses the machine's PostgreSQL (a database of its own, created and dropped here; set
TEST_POSTGRES_URL to point elsewhere) and Redis (TEST_REDIS_URL; keys under a prefix of
its own, deleted afterwards).
"""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import servers
from tests.admin_forms import form_values
from tests.images import png_bytes

pytestmark = pytest.mark.slow

SEED_NUMBER = "0808 1000 900"
NEW_NUMBER = "0808 800 5000"
PASSWORD = "a-long-test-password-for-two-instances"


def _postgres_server_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


@pytest.fixture(scope="module")
def postgres_database():
    try:
        import psycopg2
    except ImportError:
        servers.missing("psycopg2 is not installed")
    server = urlsplit(_postgres_server_url())
    params = dict(
        host=server.hostname or "127.0.0.1",
        port=server.port or 5432,
        user=server.username or "postgres",
        password=server.password,
        dbname="postgres",
        connect_timeout=3,
    )
    try:
        admin = psycopg2.connect(**params)
    except psycopg2.OperationalError as error:
        servers.missing(f"no PostgreSQL server at {params['host']}:{params['port']} ({error})")
    admin.autocommit = True
    name = f"campaign_two_instances_{secrets.token_hex(4)}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        netloc = server.netloc.rsplit("@", 1)[-1]
        auth = server.netloc.rsplit("@", 1)[0] + "@" if "@" in server.netloc else "postgres@"
        yield f"postgres://{auth}{netloc}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def redis_url():
    try:
        import redis
    except ImportError:
        servers.missing("redis (the Python client) is not installed")
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        servers.missing(f"no Redis server at {url} ({error})")
    prefix = f"campaign-test-{secrets.token_hex(4)}"
    try:
        yield url, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(scope="module")
def two_instances(postgres_database, redis_url, tmp_path_factory):
    """Two instances on one database, Redis and media folder, started once for this module
    (migrating and seeding a new database takes most of the time). The helpline edit is
    the only test that needs the seed's number, and it runs first."""
    tmp_path = tmp_path_factory.mktemp("two-instances")
    if not os.access(servers.GUNICORN, os.X_OK):
        servers.missing("gunicorn is not installed in .venv")
    url, prefix = redis_url
    shared_media = tmp_path / "shared-media"
    shared_media.mkdir()
    common = dict(
        DATABASE_URL=postgres_database,
        REDIS_URL=url,
        CACHE_KEY_PREFIX=prefix,
        MEDIA_ROOT=shared_media,
        WEB_CONCURRENCY=2,
        # Only for this test: sign in with a password alone (honoured when DEPLOYMENT=local).
        ADMIN_REQUIRE_OTP="false",
    )
    secret = secrets.token_urlsafe(50)  # one site, so one key for every instance
    env_a = servers.base_env(tmp_path / "var-a", SECRET_KEY=secret, **common)
    env_b = servers.base_env(tmp_path / "var-b", SECRET_KEY=secret, **common)
    servers.manage(env_a, "migrate", "--noinput", "-v0")
    servers.manage(env_a, "seed_content", "-v0")
    servers.manage(
        {**env_a, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "createsuperuser",
        "--noinput",
        "--username",
        "lead",
        "--email",
        "lead@example.org",
    )
    a = servers.AppServer(env_a, "a", tmp_path)
    b = servers.AppServer(env_b, "b", tmp_path)
    try:
        a.start()
        b.start()
        yield a, b, shared_media
    finally:
        a.stop()
        b.stop()


def sign_in(server) -> servers.Browser:
    browser = server.browser()
    page = browser.get("/admin/login/?next=/admin/")
    assert page.status == 200, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": "lead", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status == 302, response.text[:2000]
    assert browser.get("/admin/").status == 200
    return browser


def submit(browser, url, form_id, changes, files=None):
    page = browser.get(url)
    assert page.status == 200, page.text[:500]
    data = form_values(page.text, form_id)
    data.pop("_continue", None)
    data.pop("_addanother", None)
    data.update(changes)
    data["_save"] = "Save"
    response = browser.post(url, data, files=files)
    if response.status == 200 and 'name="confirm_number"' in response.text:
        # A changed helpline number is shown old-beside-new and must be confirmed.
        data = form_values(response.text, form_id)
        data.update(changes, confirm_number="on", _save="Save")
        response = browser.post(url, data, files=files)
    assert response.status == 302, re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S
    )
    return response


def test_an_admin_edit_on_one_instance_is_on_the_others_next_request(two_instances):
    a, b, _media = two_instances
    # Both instances have rendered and cached their pages (every worker).
    for server in (a, b):
        for _ in range(6):
            for path in ("/", "/get-help/"):
                r = server.get(path)
                assert r.status == 200 and SEED_NUMBER in r.text

    admin = sign_in(a)
    submit(
        admin,
        "/admin/content/helpline/1/change/",
        "helpline_form",
        {"phone": NEW_NUMBER, "phone_display": NEW_NUMBER},
    )

    # The very next request to the other instance, and every one after, on every worker.
    for attempt in range(8):
        for path in ("/get-help/", "/"):
            r = b.get(path)
            assert r.status == 200
            assert NEW_NUMBER in r.text, (attempt, path)
            assert SEED_NUMBER not in r.text, (attempt, path)
    assert NEW_NUMBER in a.get("/get-help/").text


def test_a_logo_uploaded_through_one_instance_is_served_by_the_other(two_instances):
    a, b, media = two_instances
    admin = sign_in(a)
    logo = png_bytes((240, 96), (23, 53, 95))
    submit(
        admin,
        "/admin/content/partner/1/change/",
        "partner_form",
        {"alt_text": "West Yorkshire Police"},
        files={"logo": ("logo.png", logo, "image/png")},
    )
    html = b.get("/").text
    match = re.search(r'<img src="(/media/logos/[0-9a-f]{32}\.png)"[^>]*alt="West Yorkshire Police"', html)
    assert match, "the logo is not on the other instance's page"
    url = match.group(1)
    stored = media / url.removeprefix("/media/")
    assert stored.is_file()  # in the shared directory, under its content hash
    r = b.get(url)
    assert r.status == 200
    assert r.headers["content-type"] == "image/png"
    assert r.body == Path(stored).read_bytes()
    assert "immutable" in r.headers["cache-control"] and "max-age=31536000" in r.headers["cache-control"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_access_logs_record_no_client_address(two_instances):
    a, _b, _media = two_instances
    a.get("/get-help/?q=secret-query")
    a.get("/get-help/", headers={"X-Forwarded-For": "203.0.113.9", "User-Agent": "Mozilla/5.0 test"})
    log = a.log()
    access = [line for line in log.splitlines() if '"GET ' in line]
    assert any("/get-help/" in line for line in access), log
    for line in access:
        assert "127.0.0.1" not in line and "203.0.113.9" not in line, line
        assert "secret-query" not in line and "Mozilla" not in line, line
