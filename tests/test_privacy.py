"""Nothing about a visit is kept or leaked by the public side.

* no cookie, and no Vary: Cookie, on any public response (pages, errors, redirects,
  static files, uploads, counted links), even when the visitor sends cookies;
* public views never read or write the session, make a CSRF token or load the user;
* no page, stylesheet, script or image refers to another host, except the deliberate
  links out to help services and the quick exit, and every such link (direct, or through
  a first-party redirect) carries rel="noreferrer";
* Referrer-Policy: no-referrer everywhere.
"""

import dataclasses
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.base import ContentFile
from django.db.models import Model

from content.models import Partner
from content.snapshot import get_snapshot
from scripts.check_headers import public_urls
from tests.images import png_bytes

# Attributes whose URL the browser fetches by itself (as opposed to following a link).
FETCHING_ATTRIBUTES = {
    "src",
    "srcset",
    "imagesrcset",
    "action",
    "formaction",
    "poster",
    "data",
    "ping",
    "manifest",
    "background",
    "xlink:href",
    "codebase",
    "cite",
    "longdesc",
    "lowsrc",
}
ABSOLUTE_URL = re.compile(
    r"""(?:https?:)?//([a-z0-9][a-z0-9.-]*\.[a-z]{2,}|\[[0-9a-f:]+\]|\d+\.\d+\.\d+\.\d+)""", re.I
)
XMLNS = re.compile(r"""\sxmlns(?::\w+)?=("[^"]*"|'[^']*')""")


def own_hosts() -> set[str]:
    return {"testserver", "localhost", "127.0.0.1", urlparse(settings.SITE_URL).hostname}


def outbound_hosts(snapshot) -> set[str]:
    """Hosts of every address in the public content (help links, partners, sources) and
    of the quick exit: the only other sites a public page may point to."""
    hosts = {urlparse(settings.QUICK_EXIT_URL).hostname}

    def walk(value):
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, Model):
            for f in value._meta.concrete_fields:
                walk(getattr(value, f.attname))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            hosts.add(urlparse(value).hostname)

    walk(snapshot)
    return hosts - {None}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (href, rel)
        self.fetched = []  # (tag, attribute, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "area") and attrs.get("href"):
            self.links.append((attrs["href"], attrs.get("rel") or ""))
        if tag == "link" and attrs.get("href"):
            self.fetched.append((tag, "href", attrs["href"]))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.fetched.append((tag, "content", (attrs.get("content") or "").partition("=")[2]))
        for name, value in attrs.items():
            if name in FETCHING_ATTRIBUTES and value:
                for part in value.split(","):  # srcset: "url 1x, url 2x"
                    self.fetched.append((tag, name, part.strip().split(" ")[0]))
            if name == "style" and value:
                self.fetched += [(tag, "style", u) for u in css_urls(value)]

    handle_startendtag = handle_starttag


def css_urls(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css, re.I)
    found += re.findall(r"""@import\s+['"]([^'"]+)""", css, re.I)
    return found


def host_of(url: str) -> str | None:
    return urlparse(url.strip()).hostname if ABSOLUTE_URL.match(url.strip()) else None


def html_findings(html: str, allowed: set[str]) -> list[str]:
    """Every reference to another host that a public page must not have."""
    parser = _PageParser()
    parser.feed(html)
    found = []
    for tag, attribute, url in parser.fetched:
        host = host_of(url)
        if host and host not in own_hosts():
            found.append(f"<{tag} {attribute}> loads {url}")
    for href, rel in parser.links:
        host = host_of(href)
        if host and host not in own_hosts():
            if host not in allowed:
                found.append(f"link to unexpected host {href}")
            if "noreferrer" not in rel.split():
                found.append(f"link to {href} without rel=noreferrer")
    # Any other absolute address anywhere in the page (text, inline data, comments).
    for match in ABSOLUTE_URL.finditer(XMLNS.sub("", html)):
        host = match.group(1).lower().strip("[]")
        if host not in own_hosts() and host not in allowed:
            found.append(f"address of another host in the page: {match.group(0)}")
    return found


def text_findings(text: str, allowed: set[str]) -> list[str]:
    """For CSS, JavaScript and SVG: no address of another host at all, except allowed links."""
    found = []
    for url in css_urls(text):
        host = host_of(url)
        if host and host not in own_hosts():
            found.append(f"loads {url}")
    for match in ABSOLUTE_URL.finditer(XMLNS.sub("", text)):
        host = match.group(1).lower().strip("[]")
        if host not in own_hosts() and host not in allowed:
            found.append(f"address of another host: {match.group(0)}")
    return found


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def logo(seeded, settings, tmp_path):
    """A partner with an uploaded logo, so that /media/ is part of the sweep."""
    settings.MEDIA_ROOT = tmp_path
    partner = Partner.objects.order_by("order").first()
    partner.logo.save("x.png", ContentFile(png_bytes()), save=False)
    partner.alt_text = partner.name
    partner.save()
    from content import snapshot

    snapshot.publish()
    return partner


def crawl(client) -> dict:
    """Every public URL (pages, errors, redirects, assets) plus every same-site link on
    the pages (counted help links, anchors), each fetched once: {url: response}."""

    def fetch(url):
        response = client.get(url)
        return response.status_code, response.headers, body(response)

    responses = {}
    queue = public_urls(fetch)
    while queue:
        url = queue.pop(0)
        if url in responses:
            continue
        response = client.get(url)
        responses[url] = response
        if response.get("Content-Type", "").startswith("text/html"):
            parser = _PageParser()
            parser.feed(body(response).decode())
            for href, _rel in parser.links:
                absolute = urlparse(urljoin("http://testserver" + url, href))
                if absolute.scheme in ("http", "https") and absolute.hostname in own_hosts():
                    queue.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
    return responses


@pytest.fixture(scope="module")
def _crawled():
    return {}


@pytest.fixture
def swept(client, logo, _crawled):
    """The crawl of the seeded site with a logo, made once for the tests of this module
    (each test still gets its own copy of that site in the database)."""
    if not _crawled:
        _crawled.update(crawl(client))
    responses = _crawled
    assert any(u.startswith("/media/logos/") for u in responses), "the sweep reaches the uploaded logo"
    assert any(r.status_code in (301, 302) for r in responses.values()), "the sweep includes redirects"
    assert any(r.status_code == 404 for r in responses.values())
    return responses


# --- Cookies and state ------------------------------------------------------


def assert_stateless(url, response):
    assert not response.cookies, f"{url} sets {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers, url
    assert "cookie" not in response.get("Vary", "").lower(), f"{url} varies on Cookie"


def test_no_public_response_sets_a_cookie_or_varies_on_one(swept):
    for url, response in swept.items():
        assert_stateless(url, response)


def test_cookies_sent_by_the_visitor_change_nothing(client, swept):
    """Old cookies (an expired staff session, a stray CSRF cookie) are neither renewed
    nor deleted on public pages: no Set-Cookie at all."""
    client.cookies["staff_session"] = "stale-session-key"
    client.cookies["sessionid"] = "x"
    client.cookies["csrftoken"] = "y" * 32
    for url in swept:
        assert_stateless(url, client.get(url))
        assert_stateless(url, client.head(url))


def test_error_and_refused_requests_set_no_cookie(client, seeded):
    responses = {
        "404": client.get("/no-such-page/"),
        "400 bad host": client.get("/", HTTP_HOST="attacker.example"),
        "405 post": client.post("/get-help/", {"a": "b"}),
        "405 trace": client.generic("TRACE", "/"),
        "413": client.generic("POST", "/", b"x", CONTENT_LENGTH=str(10**9)),
        "options": client.options("/"),
    }
    assert responses["400 bad host"].status_code == 400
    for label, response in responses.items():
        assert_stateless(label, response)


@pytest.fixture
def state_probe(monkeypatch):
    """Record any use of the session (beyond CSRF middleware's lookup), a CSRF token or the user."""
    import django.contrib.auth
    import django.middleware.csrf
    import django.template.context_processors

    touched = []
    original_get = SessionBase.get

    def get(self, key, default=None):
        if key != django.middleware.csrf.CSRF_SESSION_KEY:
            touched.append(f"session.get({key!r})")
        return original_get(self, key, default)

    def recorder(label, original):
        def wrapper(*args, **kwargs):
            touched.append(label)
            return original(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(SessionBase, "get", get)
    for name in (
        "__getitem__",
        "__setitem__",
        "__contains__",
        "__delitem__",
        "pop",
        "setdefault",
        "save",
        "cycle_key",
        "flush",
        "create",
    ):
        original = getattr(SessionBase, name, None)
        if original is not None:
            monkeypatch.setattr(SessionBase, name, recorder(f"session.{name}", original))
    monkeypatch.setattr(
        django.middleware.csrf, "get_token", recorder("csrf get_token", django.middleware.csrf.get_token)
    )
    monkeypatch.setattr(
        django.template.context_processors,
        "get_token",
        recorder("csrf token in template", django.template.context_processors.get_token),
    )
    monkeypatch.setattr(
        django.middleware.csrf, "rotate_token", recorder("csrf rotate", django.middleware.csrf.rotate_token)
    )
    monkeypatch.setattr(
        django.contrib.auth, "get_user", recorder("user loaded", django.contrib.auth.get_user)
    )
    return touched


def test_public_views_never_touch_session_csrf_or_user(client, logo, state_probe):
    urls = list(crawl(client))
    state_probe.clear()
    for url in urls:
        client.get(url)
        assert state_probe == [], f"{url}: {state_probe}"


def test_the_state_probe_can_fail(client, superuser_client, state_probe):
    superuser_client.get(f"/{settings.ADMIN_PATH}")
    assert state_probe  # the admin does use the session, and the probe sees it


# --- Other hosts --------------------------------------------------------------


def test_no_public_page_or_asset_refers_to_another_host(swept):
    allowed = outbound_hosts(get_snapshot())
    assert urlparse(settings.QUICK_EXIT_URL).hostname in allowed
    assert "www.samaritans.org" in allowed  # the seeded help links are in the list
    found = []
    for url, response in swept.items():
        content_type = response.get("Content-Type", "")
        if response.status_code != 200:
            continue
        text = body(response).decode("utf-8", "replace")
        if content_type.startswith("text/html"):
            found += [f"{url}: {f}" for f in html_findings(text, allowed)]
        elif content_type.startswith(("text/css", "text/javascript", "application/javascript", "image/svg")):
            found += [f"{url}: {f}" for f in text_findings(text, allowed)]
    checked = [
        u for u, r in swept.items() if r.get("Content-Type", "").startswith(("text/css", "text/javascript"))
    ]
    assert len(checked) >= 2, "the stylesheet and the script were checked"
    assert found == []


def test_redirects_only_lead_to_help_services(swept):
    allowed = outbound_hosts(get_snapshot()) | own_hosts()
    for url, response in swept.items():
        if response.status_code in (301, 302, 303, 307, 308):
            host = urlparse(response["Location"]).hostname
            assert host is None or host in allowed, f"{url} redirects to {response['Location']}"
            assert response["Referrer-Policy"] == "no-referrer"


def test_every_link_that_leaves_the_site_has_noreferrer(swept):
    """Direct links to other hosts, and links to our own redirects that lead off-site."""
    leaves = {
        url
        for url, response in swept.items()
        if response.status_code in (301, 302, 303, 307, 308)
        and urlparse(response["Location"]).hostname not in (None, *own_hosts())
    }
    missing, outbound = [], 0
    for url, response in swept.items():
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _PageParser()
        parser.feed(body(response).decode())
        for href, rel in parser.links:
            target = urlparse(urljoin("http://testserver" + url, href))
            off_site = target.hostname not in own_hosts() and target.scheme in ("http", "https")
            if off_site or target.path in leaves:
                outbound += 1
                if "noreferrer" not in rel.split():
                    missing.append(f"{url}: {href}")
    assert outbound >= 5  # quick exit, self-help, services, partners...
    assert missing == []


def test_the_host_checks_can_fail():
    allowed = {"www.samaritans.org"}
    page = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=x">'
        '<script src="//cdn.example.com/x.js"></script>'
        '<img srcset="/a.png 1x, https://tracker.example.net/p.gif 2x">'
        '<a href="https://www.samaritans.org/">no rel</a>'
        '<a href="https://maps.example.org/" rel="noreferrer">map</a>'
        "<p>see https://analytics.example.io/</p>"
    )
    found = " ".join(html_findings(page, allowed))
    for host in (
        "fonts.googleapis.com",
        "cdn.example.com",
        "tracker.example.net",
        "maps.example.org",
        "analytics.example.io",
    ):
        assert host in found
    assert "without rel=noreferrer" in found
    css = "@import 'https://fonts.example.com/a.css'; body{background:url(https://img.example.com/b.png)}"
    assert len(text_findings(css, allowed)) >= 2
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example.com/a.png"/></svg>'
    assert text_findings(svg, allowed) and "w3.org" not in " ".join(text_findings(svg, allowed))


# --- Referrer -----------------------------------------------------------------


def test_referrer_policy_is_no_referrer_everywhere(swept):
    for url, response in swept.items():
        assert response.get("Referrer-Policy") == "no-referrer", url
        if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
            assert '<meta name="referrer" content="no-referrer">' in body(response).decode(), url
