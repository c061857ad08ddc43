"""The reverse proxy in deploy/nginx/, run for real: nginx in front of gunicorn.

One nginx (the committed files, paths and ports filled in, plain HTTP) and one gunicorn
(as `make run` starts it, on SQLite, with TRUSTED_PROXY_COUNT=1 as behind this proxy) for
the whole module. What is checked is what a visitor, an attacker or the campaign's figures
would notice: answers and their headers, what the logs hold, what the database records.
"""

import re
import secrets
import socket
import sqlite3
import subprocess
import threading
import time
import types

import pytest

from content.site_pages import page_paths
from reach import counter
from tests import proxy_harness, servers
from tests.images import png_bytes
from tests.reach_helpers import BROWSER

pytestmark = pytest.mark.slow

NUMBER = "0808 1000 900"
PUBLIC_PAGES = page_paths()
# Short, so that the outage test sees pages whose lifetime has run out (served stale), not
# merely pages still fresh in the cache.
MAX_AGE = 4
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")


def _cache_statuses(proxy, path, method="GET"):
    """The cache status of each logged request for this path, oldest first (access log)."""
    pattern = re.compile(rf'"{method} {re.escape(path)}" (\d{{3}}) \S+ \S+ (\S+) ')
    return [m.group(2) for line in proxy.log_lines(proxy.access_log) if (m := pattern.search(line))]


def _count_lines(proxy, path):
    """(status, cache status, countable flag) of each count-log line for this path."""
    found = []
    for line in proxy.log_lines(proxy.count_log):
        _time, _method, status, cache_status, countable, logged_path = line.split(" ", 5)
        if logged_path == path:
            found.append((status, cache_status, countable))
    return found


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if proxy_harness.nginx_binary() is None:
        servers.missing("nginx is not installed (Debian package `nginx`, /usr/sbin/nginx)")
    if not (servers.ROOT / "staticfiles" / "staticfiles.json").exists():
        pytest.fail("run `manage.py collectstatic --noinput` first (make test does)")
    work = tmp_path_factory.mktemp("proxy")
    admin_path = f"staff-{secrets.token_hex(4)}/"
    env = servers.base_env(
        work / "var",
        ADMIN_PATH=admin_path,
        TRUSTED_PROXY_COUNT=1,
        PUBLIC_PAGE_MAX_AGE=MAX_AGE,
        REACH_COUNTING="true",
        # Each request's end saves what the worker counted, so the test need not wait for
        # a later request to reach the same worker.
        REACH_FLUSH_SECONDS=0,
        WEB_CONCURRENCY=2,
    )
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "seed_content", "-v0")
    logos = work / "var" / "media" / "logos"  # MEDIA_ROOT; the app serves /media/logos/
    logos.mkdir(parents=True)
    (logos / "partner.png").write_bytes(png_bytes())
    offline = work / "offline" / "offline.html"
    servers.manage(env, "write_offline_page", str(offline))
    app = servers.AppServer(env, "behind-proxy", work)
    proxy = proxy_harness.Proxy(
        work / "nginx",
        upstream=f"{servers.HOST}:{app.port}",
        admin_path=admin_path,
        offline_page=offline,
    )
    try:
        app.start()
        proxy.start()
        yield types.SimpleNamespace(
            app=app, proxy=proxy, env=env, admin=f"/{admin_path}", db=work / "var" / "db.sqlite3"
        )
    finally:
        proxy.stop()
        app.stop()


def _query(stack, sql, *params):
    with sqlite3.connect(stack.db, timeout=10) as connection:
        return connection.execute(sql, params).fetchall()


# --- Configuration ------------------------------------------------------------------------


def test_the_production_server_blocks_pass_nginx_t(tmp_path):
    """campaign-site.conf (TLS, redirect, catch-all) loads with every placeholder filled in."""
    if proxy_harness.nginx_binary() is None:
        servers.missing("nginx is not installed (Debian package `nginx`, /usr/sbin/nginx)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    throwaway = "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=campaign.test".split()
    made = subprocess.run(
        ["openssl", *throwaway, "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
        timeout=60,
    )
    if made.returncode != 0:
        servers.missing("openssl could not make a throwaway certificate")
    proxy = proxy_harness.Proxy(
        tmp_path / "nginx", upstream="127.0.0.1:9", admin_path="staff-x/", offline_page=tmp_path / "o.html"
    )
    result = proxy.check_production_site(cert, key)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    for installed in proxy.conf_dir.iterdir():  # the app sends HSTS, not the proxy
        assert "strict-transport-security" not in installed.read_text().lower(), installed.name


# --- Slow clients ---------------------------------------------------------------------------


class SlowClients:
    """Sockets that send a request's headers one line a second and never finish."""

    def __init__(self, port, count):
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection((servers.HOST, port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.sent = 0
        self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._dribble, daemon=True)
        self._thread.start()

    def _dribble(self):
        while not self._stop.wait(1.0):
            for sock in self.sockets:
                try:
                    sock.sendall(f"X-Slow-{self.sent}: still typing\r\n".encode())
                except OSError:
                    self.failed += 1
            self.sent += 1

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def test_slow_clients_do_not_hold_up_anyone_else(stack):
    workers = 2
    slow = SlowClients(stack.proxy.port, workers * 3)
    try:
        time.sleep(1.5)
        answers = []
        for _ in range(5):
            # /healthz goes through to gunicorn every time: its workers are free.
            answers.append(stack.proxy.get("/healthz", timeout=5).status)
            answers.append(stack.proxy.get("/privacy/", timeout=5).status)
            time.sleep(0.3)
        assert answers == [200] * 10
        assert slow.sent >= 2 and slow.failed == 0  # the slow clients were still connected
    finally:
        slow.close()

    # The same slow clients sent straight to gunicorn tie up its sync workers: this is what
    # nginx spares it (and shows that the check above could fail).
    slow = SlowClients(stack.app.port, workers * 2)
    try:
        time.sleep(1.0)
        with pytest.raises(TimeoutError):  # no worker free to answer
            proxy_harness.request(servers.HOST, stack.app.port, "GET", "/healthz", timeout=3)
    finally:
        slow.close()
    assert stack.app.get("/healthz", timeout=10).status == 200


# --- The page cache -----------------------------------------------------------------------


def test_a_repeat_view_is_served_from_the_cache_as_the_app_said(stack):
    headers = {"Accept-Encoding": "gzip"}
    first = stack.proxy.get("/awareness/", headers=headers)
    second = stack.proxy.get("/awareness/?utm_source=poster", headers=headers)
    assert (first.status, second.status) == (200, 200)
    assert _cache_statuses(stack.proxy, "/awareness/")[-2:] == ["MISS", "HIT"]
    assert second.body == first.body
    assert second.headers["content-encoding"] == "gzip"
    # The app's own freshness and variance reach the browser unchanged.
    assert second.headers["cache-control"].startswith("public, max-age=")
    assert "stale-if-error=86400" in second.headers["cache-control"]
    assert second.headers["vary"] == "Accept-Encoding"
    assert "set-cookie" not in second.headers


def test_each_encoding_is_kept_apart(stack):
    """Vary: Accept-Encoding is honoured: a gzip copy is never given to a client without gzip."""
    stack.proxy.get("/accessibility/", headers={"Accept-Encoding": "gzip"})
    plain = stack.proxy.get("/accessibility/", headers={"Accept-Encoding": "identity"})
    assert _cache_statuses(stack.proxy, "/accessibility/")[-2:] == ["MISS", "MISS"]
    assert "content-encoding" not in plain.headers
    assert NUMBER in plain.text


def test_what_the_app_says_not_to_keep_is_not_kept(stack):
    for path in ("/go/samaritans/", "/no-such-page/"):  # no-store; no lifetime at all
        statuses = [stack.proxy.get(path).status for _ in range(2)]
        assert statuses in ([302, 302], [404, 404]), path
        assert _cache_statuses(stack.proxy, path)[-2:] == ["MISS", "MISS"], path
    for path in ("/healthz", "/readyz"):  # never even looked up
        stack.proxy.get(path)
        assert _cache_statuses(stack.proxy, path)[-1] == "-", path


def test_logos_come_from_the_app_and_are_kept(stack):
    first, second = (stack.proxy.get("/media/logos/partner.png") for _ in range(2))
    assert (first.status, second.status) == (200, 200)
    assert second.body == png_bytes()
    assert _cache_statuses(stack.proxy, "/media/logos/partner.png") == ["MISS", "HIT"]
    assert second.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert second.headers["content-security-policy"] == "default-src 'none'; sandbox"


def test_static_files_come_from_disk_with_the_apps_headers(stack):
    manifest = (servers.ROOT / "staticfiles" / "staticfiles.json").read_text()
    hashed = re.search(r'"css/site\.css": "([^"]+)"', manifest).group(1)
    nginx = stack.proxy.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    app = stack.app.get(f"/static/{hashed}")
    assert nginx.status == 200
    assert nginx.headers["cache-control"] == "public, max-age=315360000, immutable"
    assert nginx.headers["content-encoding"] == "gzip"  # collectstatic's .gz, not compressed again
    for name in ("x-content-type-options", "cross-origin-resource-policy", "referrer-policy"):
        assert nginx.headers[name] == app.headers[name], name
    assert _cache_statuses(stack.proxy, f"/static/{hashed}")[-1] == "-"  # never reached the app
    unhashed = stack.proxy.get("/static/css/site.css")
    assert unhashed.headers["cache-control"] == "public, max-age=60"
    svg = stack.proxy.get("/static/img/favicon.svg")
    assert svg.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert "content-security-policy" not in unhashed.headers


def _upstream_statuses(proxy, path, method="POST"):
    """The app's status for each logged request for this path ("-": it never reached the app)."""
    pattern = re.compile(rf'"{method} {re.escape(path)}" \d{{3}} \S+ \S+ \S+ (\S+)')
    return [m.group(1) for line in proxy.log_lines(proxy.access_log) if (m := pattern.search(line))]


def test_large_bodies_are_refused_at_the_proxy_except_a_staff_upload(stack):
    """5 MB for public pages, as the app's MAX_REQUEST_BODY_BYTES; 25 MB under the admin path,
    where editors upload print-quality logos (MAX_STAFF_UPLOAD_BYTES)."""
    six_megabytes = b"x" * (6 * 1024 * 1024)
    headers = {"Content-Type": "application/octet-stream"}
    public = stack.proxy.request("POST", "/get-help/", body=six_megabytes, headers=headers)
    assert public.status == 413
    assert _upstream_statuses(stack.proxy, "/get-help/") == ["-"]  # refused before the app
    upload = f"{stack.admin}content/partner/add/"
    staff = stack.proxy.request("POST", upload, body=six_megabytes, headers=headers)
    assert staff.status != 413
    assert _upstream_statuses(stack.proxy, upload) == [str(staff.status)]  # the app answered


# --- Staff sign-in ----------------------------------------------------------------------------


def test_the_sign_in_page_is_never_cached(stack):
    login = f"{stack.admin}login/"
    responses = [stack.proxy.get(login, source="127.0.0.4") for _ in range(2)]
    assert [r.status for r in responses] == [200, 200]
    assert all("no-store" in r.headers["cache-control"] for r in responses)
    assert all("set-cookie" in r.headers for r in responses)  # each visitor gets their own session
    assert set(_cache_statuses(stack.proxy, login)) == {"-"}
    assert not [line for line in stack.proxy.log_lines(stack.proxy.count_log) if stack.admin in line]


def test_sign_in_attempts_are_rate_limited_per_address(stack):
    login = f"{stack.admin}login/"
    statuses = [stack.proxy.get(login, source="127.0.0.3").status for _ in range(9)]
    assert statuses[:6] == [200] * 6  # one, plus a burst of five
    assert statuses[6:] == [429] * 3
    # Another address is not affected.
    assert stack.proxy.get(login, source="127.0.0.5").status == 200


def test_forged_forwarding_headers_change_neither_the_lockout_address_nor_the_scheme(stack):
    """nginx sees 127.0.0.6; the client claims 6.6.6.6; gunicorn sees nginx, at 127.0.0.1.

    The client also claims HTTPS. Had that reached gunicorn (which trusts these headers from
    127.0.0.1), Django would take the plain-HTTP post for a secure one and refuse it for
    want of a Referer (403); contradictory scheme headers would get a 400 from gunicorn.
    """
    login = f"{stack.admin}login/"
    client = "127.0.0.6"
    form_page = stack.proxy.get(login, source=client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
    body = f"csrfmiddlewaretoken={token}&username=nobody-here&password=wrong-password-123&otp_token=123456"
    failed = stack.proxy.request(
        "POST",
        login,
        body=body.encode(),
        source=client,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": proxy_harness.cookies_from(form_page),
            "X-Forwarded-For": "6.6.6.6",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Ssl": "on",
        },
    )
    assert failed.status == 200 and "errornote" in failed.text  # the form again, with an error
    recorded = _query(stack, "SELECT ip_address FROM axes_accessattempt WHERE username = ?", "nobody-here")
    assert recorded == [(client,)]


# --- Counting behind the cache ---------------------------------------------------------------


def _views(stack, path):
    rows = _query(stack, "SELECT SUM(views) FROM reach_dailypagecount WHERE path = ?", path)
    return rows[0][0] or 0


def test_a_view_served_from_the_cache_is_counted_exactly_once(stack):
    path = "/cookies/"
    headers = {"User-Agent": BROWSER, "Accept-Encoding": "br"}
    assert [stack.proxy.get(path, headers=headers).status for _ in range(2)] == [200, 200]
    assert _count_lines(stack.proxy, path)[-2:] == [("200", "MISS", "1"), ("200", "HIT", "1")]

    # The app counted the miss itself; wait until that count is saved.
    deadline = time.monotonic() + 20
    while _views(stack, path) < 1 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _views(stack, path) == 1

    # The command twice, as cron would run it (in one process, to save a start-up).
    output = servers.shell(
        stack.env,
        "from django.core.management import call_command as run;"
        f"run('count_proxy_log', {str(stack.proxy.count_log)!r}); print('SECOND RUN');"
        f"run('count_proxy_log', {str(stack.proxy.count_log)!r})",
    )
    first_run, second_run = output.split("SECOND RUN")
    assert "views counted" in first_run
    assert "0 new lines, 0 views counted" in second_run
    assert _views(stack, path) == 2


@pytest.mark.parametrize(
    "agent, purposes",
    [
        (BROWSER, {}),
        ("", {}),
        ("curl/8.5.0", {}),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        (BROWSER.replace("Chrome/", "HeadlessChrome/"), {}),
        ("SOME-CRAWLER/1.0", {}),
        (BROWSER, {"Sec-Purpose": "prefetch"}),
        (BROWSER, {"Sec-Purpose": "prefetch;prerender"}),
        (BROWSER, {"Purpose": "prefetch"}),
        (BROWSER, {"Sec-Purpose": "prerender", "Purpose": "prefetch"}),
    ],
    ids=[
        "browser",
        "no-agent",
        "curl",
        "googlebot",
        "headless",
        "upper-case-crawler",
        "sec-purpose-prefetch",
        "prefetch-prerender",
        "purpose-prefetch",
        "sec-purpose-wins",
    ],
)
def test_the_proxys_countable_flag_agrees_with_the_app(stack, agent, purposes):
    headers = {**purposes, **({"User-Agent": agent} if agent else {})}
    stack.proxy.get("/staying-safe-online/", headers=headers)
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    expected = "1" if counter.countable_visitor(types.SimpleNamespace(META=meta)) else "0"
    assert _count_lines(stack.proxy, "/staying-safe-online/")[-1][2] == expected


# --- The app is down ----------------------------------------------------------------------------


def test_with_the_app_down_pages_already_seen_are_served_and_others_get_the_offline_page(stack):
    for path in PUBLIC_PAGES:
        assert stack.proxy.get(path).status == 200, path
    visited = time.monotonic()
    stack.app.stop()
    try:
        time.sleep(max(0.0, MAX_AGE + 1 - (time.monotonic() - visited)))  # every copy has expired
        for path in PUBLIC_PAGES:
            page = stack.proxy.get(path)
            assert page.status == 200, path
            assert NUMBER in page.text, path
            assert _cache_statuses(stack.proxy, path)[-1] == "STALE", path

        never_seen = stack.proxy.get("/never-visited-before/")
        assert never_seen.status == 503
        assert NUMBER in never_seen.text
        assert "Sorry, this website is having problems" in never_seen.text
        assert never_seen.headers["cache-control"] == "no-store"
        assert never_seen.headers["content-type"].startswith("text/html")
        # The offline page's styles still load: static files do not need the app.
        stylesheet = re.search(r'href="(/static/css/[^"]+)"', never_seen.text).group(1)
        assert stack.proxy.get(stylesheet).status == 200
        # The health check tells the truth: no cached "ok", no offline page.
        assert stack.proxy.get("/healthz").status == 502
    finally:
        stack.app.start()


# --- Logs ---------------------------------------------------------------------------------------


def test_the_proxy_logs_hold_no_address_query_string_user_agent_or_referrer(stack):
    marker = f"marker{secrets.token_hex(4)}"
    headers = {
        "User-Agent": f"Mozilla/5.0 {marker}Browser/1.0",
        "Referer": f"https://search.example/?q={marker}",
        "X-Forwarded-For": "203.0.113.77",
    }
    for path in ("/", "/get-help/", "/no-such-page/", "/static/css/site.css", f"{stack.admin}login/"):
        stack.proxy.get(f"{path}?q={marker}", headers=headers, source="127.0.0.7")
    time.sleep(0.2)
    access = stack.proxy.access_log.read_text()
    count = stack.proxy.count_log.read_text()
    assert '"GET /get-help/" 200' in access  # the requests are there, path only
    assert re.search(r" GET 200 \S+ 0 /get-help/$", count, re.M)
    for name, text in (("access", access), ("count", count), ("error", _read(stack.proxy.error_log))):
        assert IPV4.findall(text) == [], name
        assert "127.0.0." not in text, name
        for leak in (marker, "search.example", "?", "Mozilla"):
            assert leak not in text, (name, leak)


def _read(path):
    return path.read_text() if path.exists() else ""
