"""Every public response carries the security headers (the rules live in
scripts/check_headers.py, which `make headers` also runs), and no page needs a nonce
because nothing on it is inline."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from scripts.check_headers import csp_problems, parse_csp, problems, public_urls


def fetcher(client, **extra):
    def fetch(url):
        response = client.get(url, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, response.headers, body

    return fetch


@pytest.fixture
def urls(client, seeded):
    found = public_urls(fetcher(client))
    # The sweep really covers pages, errors, a redirect and the static files.
    assert any(u.startswith("/static/") and u.endswith(".css") for u in found)
    assert any(u.startswith("/static/") and u.endswith(".js") for u in found)
    assert "/no-such-page/" in found
    return found


def test_every_public_url_has_the_headers_cold_and_warm(client, urls):
    found, statuses = [], set()
    for round_ in ("cold", "warm"):  # warm: served from the page cache
        for url in urls:
            status, headers, _body = fetcher(client)(url)
            statuses.add(status)
            found += [f"{round_}: {p}" for p in problems(url, status, headers)]
    assert {200, 301, 404} <= statuses
    assert found == []


def test_head_requests_and_other_origins_get_the_same_headers(client, urls):
    found = []
    for url in urls:
        response = client.head(url, HTTP_ORIGIN="https://attacker.example")
        found += problems(url, response.status_code, response.headers)
    assert found == []


def test_the_public_policy_is_strict():
    client = Client()
    csp = client.get("/").headers["Content-Security-Policy"]
    assert csp_problems(csp) == []
    directives = parse_csp(csp)
    for directive in ("script-src", "style-src"):
        assert directives[directive] == ["'self'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "nonce-" not in csp


def test_the_checker_catches_weak_headers():
    """The rules above can fail: a weakened policy or a missing header is reported."""
    good = Client().get("/").headers
    weak = dict(good)
    weak["Content-Security-Policy"] = good["Content-Security-Policy"].replace(
        "script-src 'self'", "script-src 'self' 'unsafe-inline' https://cdn.example"
    )
    del weak["X-Frame-Options"]
    weak["Access-Control-Allow-Origin"] = "*"
    weak["Set-Cookie"] = "a=b"
    found = " ".join(problems("/", 200, weak, https=True))
    for expected in (
        "unsafe-inline",
        "cdn.example",
        "X-Frame-Options",
        "Access-Control",
        "cookie",
        "Strict-Transport",
    ):
        assert expected in found


def test_trace_is_refused(client, seeded):
    for url in ("/", "/get-help/", "/no-such-page/", "/robots.txt"):
        response = client.generic("TRACE", url)
        assert response.status_code == 405, url
        assert problems(url, 405, response.headers) == []
    # whitenoise answers for static files itself (GET and HEAD only).
    response = client.generic("TRACE", "/static/css/site.css")
    assert response.status_code == 405
    assert not response.cookies and "Access-Control-Allow-Origin" not in response


def test_an_oversized_request_body_is_refused(client, seeded):
    response = client.generic(
        "POST", "/get-help/", b"x", content_type="text/plain", CONTENT_LENGTH=str(50 * 1024 * 1024)
    )
    assert response.status_code == 413


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            if name == "style":
                self.found.append(f"<{tag} style=...> inline style")
            if name == "nonce":
                self.found.append(f"<{tag} nonce> (pages must not need one)")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and not attrs.get("src"):
            if attrs.get("type") not in ("application/json", "application/ld+json"):
                self._in_script = True
                self.found.append("inline <script>")


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def test_no_public_page_has_inline_script_or_style(client, urls):
    found = []
    for url in urls:
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            found += [f"{url}: {item}" for item in inline_code(response.content.decode())]
    assert found == []


def test_the_inline_finder_can_fail():
    html = '<p style="x" onclick="y"></p><script>1</script><style>a{}</style><a href="javascript:z">'
    assert len(inline_code(html)) == 5


def test_uploads_and_static_files_are_never_sniffed(client, seeded, urls):
    for url in [u for u in urls if u.startswith("/static/") and "no-such" not in u]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert re.match(r"(text/css|text/javascript|image/svg\+xml|image/)", response["Content-Type"])
        if url.endswith(".svg"):  # an SVG opened on its own must not run anything
            assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
