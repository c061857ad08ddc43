"""Error pages are generic (no stack trace, settings or paths), TRACE is refused, and no
source, secret or repository file is ever served.

A crashing view is added by this module's own URLconf (pytest.mark.urls) so that the
real 500 path runs: Django's handler, our server_error view, the middleware.
"""

import re

import pytest
from django.conf import settings
from django.urls import path

from campaign_site import urls as site_urls
from scripts.check_headers import problems


def boom(request):
    raise RuntimeError(f"secret detail {settings.BASE_DIR} {settings.SECRET_KEY}")


# The site's own patterns (with its language prefixes), plus one route that crashes.
urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler400 = "pages.views.bad_request"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"

LEAKS = [
    "Traceback",
    "RuntimeError",
    "secret detail",
    "SECRET_KEY",
    "INSTALLED_APPS",
    "DATABASES",
    "settings.py",
    "site-packages",
    "/work/",
    "/usr/lib/python",
    "Django Version",
    "Request Method",
]


def assert_generic(response):
    html = response.content.decode()
    for leak in LEAKS + [str(settings.BASE_DIR), settings.SECRET_KEY]:
        assert leak not in html, f"{leak!r} shown on the {response.status_code} page"
    assert "0808 1000 900" in html  # and the helpline is still there


@pytest.fixture
def crash_client(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_generic_500_page(crash_client, seeded):
    response = crash_client.get("/boom/?q=anything")
    assert response.status_code == 500
    assert_generic(response)
    assert not response.cookies
    assert problems("/boom/", 500, response.headers) == []


@pytest.mark.urls(__name__)
def test_the_404_and_400_pages_are_generic(crash_client, seeded):
    response = crash_client.get("/nothing/here/")
    assert response.status_code == 404
    assert_generic(response)
    response = crash_client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert_generic(response)
    assert "attacker.example" not in response.content.decode()


def test_the_admin_crash_page_is_generic_too(client, superuser_client, settings, monkeypatch):
    """A database failure inside the admin shows the plain 'unavailable' page."""
    from django.db import OperationalError

    from content.admin import HelplineAdmin

    def broken(*args, **kwargs):
        raise OperationalError(f"could not connect to server at {settings.BASE_DIR}")

    monkeypatch.setattr(HelplineAdmin, "get_object", broken)
    superuser_client.raise_request_exception = False
    response = superuser_client.get(f"/{settings.ADMIN_PATH}content/helpline/1/change/")
    assert response.status_code in (500, 503)
    html = response.content.decode()
    for leak in LEAKS + [str(settings.BASE_DIR)]:
        assert leak not in html


def test_debug_is_off_by_default():
    assert settings.DEBUG is False


@pytest.mark.parametrize("url", ["/", "/get-help/", "/no-such-page/", f"/{settings.ADMIN_PATH}login/"])
def test_trace_is_refused(client, seeded, url):
    response = client.generic("TRACE", url, HTTP_X_SECRET="reflect-me")
    assert response.status_code == 405
    assert b"reflect-me" not in response.content


SENSITIVE = [
    "/.git/config",
    "/.git/HEAD",
    "/.env",
    "/.env.example",
    "/manage.py",
    "/campaign_site/settings.py",
    "/campaign_site/__pycache__/settings.cpython-311.pyc",
    "/gunicorn.conf.py",
    "/requirements.txt",
    "/pyproject.toml",
    "/Makefile",
    "/var/db.sqlite3",
    "/static/../campaign_site/settings.py",
    "/static/../.env",
    "/static/%2e%2e/.env",
    "/static/..%2f.env",
    "/static/.env",
    "/static/css/../../manage.py",
    "/media/../.env",
    "/templates/base.html",
    "/content/models.py",
]


@pytest.mark.parametrize("url", SENSITIVE)
def test_source_and_secret_files_are_never_served(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    content = b"".join(response.streaming_content) if response.streaming else response.content
    html = content.decode("utf-8", "replace")
    assert settings.SECRET_KEY not in html
    assert "[core]" not in html and "import" not in html and "SECRET_KEY" not in html
    assert not re.search(r"^\s*def \w+\(", html, re.M)
