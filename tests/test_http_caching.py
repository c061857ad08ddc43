"""HTTP caching and the server's own checks, as a browser, a CDN or a load balancer sees them.

Public pages: `Cache-Control: public` with a short max-age and stale-if-error, an ETag
(a repeat visit costs a 304), Brotli/gzip, no cookie. Static files: hashed names,
compressed, immutable. Uploaded logos: content-hashed names, immutable. The admin:
no-store. /healthz never touches the database; /readyz does.
"""

import gzip
import json
import re
import runpy
from pathlib import Path
from unittest import mock

import brotli
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connections

from tests.images import png_bytes

ROOT = Path(__file__).resolve().parent.parent
NUMBER = "0808 1000 900"


def body_of(response) -> bytes:
    if response.streaming:
        data = b"".join(response.streaming_content)
        response.close()
        return data
    return response.content


def cache_control(response) -> dict:
    out = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        out[name.lower()] = value
    return out


# --- Public pages -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/get-help/", "/privacy/"])
def test_public_pages_are_publicly_cacheable_briefly_and_through_errors(client, seeded, path):
    for attempt in ("miss", "hit"):
        response = client.get(path)
        assert response.status_code == 200, attempt
        cc = cache_control(response)
        assert "public" in cc and "private" not in cc and "no-store" not in cc
        assert 0 < int(cc["max-age"]) <= settings.PUBLIC_PAGE_MAX_AGE
        # A proxy or CDN keeps it for a minute at most: an admin save reaches everyone soon.
        assert 0 < int(cc["s-maxage"]) <= settings.PUBLIC_PAGE_SHARED_MAX_AGE == 60
        assert int(cc["stale-if-error"]) == settings.PUBLIC_PAGE_STALE_IF_ERROR
        assert re.fullmatch(r'"[0-9a-f]{32}(-gzip|-br)?"', response["ETag"])
        assert "Accept-Encoding" in response["Vary"]
        assert "cookie" not in response["Vary"].lower()
        assert not response.cookies and not response.has_header("Set-Cookie")


def test_public_pages_are_sent_compressed_and_say_so(client, seeded):
    plain = client.get("/get-help/")
    html = plain.content
    assert NUMBER in html.decode()
    assert not plain.has_header("Content-Encoding")
    br = client.get("/get-help/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == html
    assert int(br["Content-Length"]) == len(br.content) < len(html) / 2
    gz = client.get("/get-help/", HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == html
    # Each encoding has its own tag, so a cache never hands gzip to a client that sent br.
    assert len({plain["ETag"], br["ETag"], gz["ETag"]}) == 3


def test_a_repeat_visit_costs_a_304(client, seeded):
    first = client.get("/", HTTP_ACCEPT_ENCODING="br")
    etag = first["ETag"]
    again = client.get("/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in again["Cache-Control"]
    # A proxy may have weakened the tag; a list of tags is fine too.
    assert client.get("/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=f'"x", W/{etag}').status_code == 304
    # An old tag (the page has changed) gets the full page.
    stale = client.get(
        "/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH='"0123456789abcdef0123456789abcdef-br"'
    )
    assert stale.status_code == 200 and stale.content == first.content


def test_head_gives_the_headers_of_get_without_the_body(client, seeded):
    get = client.get("/get-help/", HTTP_ACCEPT_ENCODING="br")
    head = client.head("/get-help/", HTTP_ACCEPT_ENCODING="br")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == get["Content-Length"]
    assert head["ETag"] == get["ETag"]


def test_a_cookie_sent_to_a_public_page_is_ignored(client, seeded, django_assert_num_queries):
    """A stray or forged staff-session cookie must not make a public page read the
    session table (so the page cannot fail with the database), and is never echoed."""
    client.get("/awareness/")  # the snapshot is warm
    caches["pages"].clear()  # the page itself is not
    client.cookies["staff_session"] = "abcdefghijklmnopqrstuvwxyz012345"
    client.cookies["csrftoken"] = "x" * 32
    with django_assert_num_queries(0):
        response = client.get("/awareness/")
    assert response.status_code == 200
    assert not response.has_header("Set-Cookie")


def test_security_headers_survive_the_page_cache(client, seeded):
    miss = client.get("/cookies/")
    hit = client.get("/cookies/")
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert miss.has_header(name), name
        assert hit[name] == miss[name], name


# --- Static files and uploads ---------------------------------------------------------


def _static_urls(html: str) -> dict:
    return {
        "css": re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', html).group(1),
        "js": re.search(r'<script src="(/static/[^"]+\.js)"', html).group(1),
    }


def test_static_files_are_hashed_compressed_and_immutable(client, seeded):
    html = client.get("/").content.decode()
    for kind, url in _static_urls(html).items():
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), f"{kind} is not content-hashed: {url}"
        plain = client.get(url)
        plain_body = body_of(plain)
        assert plain.status_code == 200, (url, "run collectstatic first (make test does)")
        cc = cache_control(plain)
        assert "immutable" in cc and "public" in cc and int(cc["max-age"]) >= 31536000
        for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
            body = body_of(response)
            if len(plain_body) < 200:
                continue  # too small to be worth compressing
            assert response["Content-Encoding"] == encoding, (url, encoding)
            assert decode(body) == plain_body
        assert plain.has_header("ETag") or plain.has_header("Last-Modified")
        tag = plain.get("ETag")
        if tag:
            assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_uploaded_logos_get_content_hashed_urls_served_by_the_app_for_a_year(client, seeded, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from content import snapshot
    from content.models import Partner

    partner = Partner.objects.order_by("pk").first()
    partner.logo = SimpleUploadedFile("any-name.png", png_bytes((200, 80)), "image/png")
    partner.alt_text = partner.name
    partner.save()
    snapshot.publish()
    html = client.get("/").content.decode()
    url = re.search(r'<img src="(/media/logos/[0-9a-f]{32}\.png)"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert body_of(response)[:8] == b"\x89PNG\r\n\x1a\n"
    cc = cache_control(response)
    assert "immutable" in cc and int(cc["max-age"]) >= 31536000
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.has_header("Set-Cookie")


# --- The admin ------------------------------------------------------------------------


def test_the_admin_is_never_stored(client, superuser_client):
    from django.test import Client

    login = Client().get("/admin/login/")
    assert login.status_code == 200
    assert "no-store" in login["Cache-Control"]
    page = superuser_client.get("/admin/content/helpline/1/change/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert "public" not in page["Cache-Control"]


# --- Health checks ------------------------------------------------------------------------


def _database_down():
    connection = connections["default"]
    error = OperationalError("could not connect to server")
    return mock.patch.multiple(
        connection, cursor=mock.DEFAULT, ensure_connection=mock.DEFAULT, connect=mock.DEFAULT
    ), error


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    patcher, error = _database_down()
    with patcher as mocks, django_assert_num_queries(0):
        for m in mocks.values():
            m.side_effect = error
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_checks_the_database_and_the_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"ready": True, "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    patcher, error = _database_down()
    with patcher as mocks:
        for m in mocks.values():
            m.side_effect = error
        response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


# --- The server's configuration -------------------------------------------------------


def _gunicorn_conf(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_conf_uses_only_real_settings(monkeypatch):
    from gunicorn.config import KNOWN_SETTINGS

    known = {s.name for s in KNOWN_SETTINGS}
    conf = _gunicorn_conf(monkeypatch)
    names = {k for k, v in conf.items() if not k.startswith("_") and not callable(v) and k.islower()}
    names -= {"os", "multiprocessing"}
    assert names - known == set(), "misspelt gunicorn settings are silently ignored"


def test_gunicorn_conf_sizes_and_protects_the_server(monkeypatch):
    import os

    conf = _gunicorn_conf(monkeypatch)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert conf["workers"] == cpus
    assert conf["worker_class"] == "sync"
    assert 10 <= conf["timeout"] <= 60
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["control_socket_disable"] is True  # several instances on one machine
    assert conf["bind"].startswith("127.0.0.1:")
    # Trusted proxies come from the environment.
    assert _gunicorn_conf(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6")["forwarded_allow_ips"] == (
        "10.0.0.5,10.0.0.6"
    )
    assert _gunicorn_conf(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_access_log_has_no_client_address_agent_referrer_or_query(monkeypatch):
    fmt = _gunicorn_conf(monkeypatch)["access_log_format"]
    # h: remote address, r: request line (with query), q: query, a: user agent,
    # f: referrer, {...}i: any request header (X-Forwarded-For...), u: user.
    for forbidden in ("%(h)s", "%(r)s", "%(q)s", "%(a)s", "%(f)s", "%(u)s", "}i)s", "}e)s"):
        assert forbidden not in fmt, forbidden
    assert "%(U)s" in fmt and "%(s)s" in fmt  # path and status are kept
