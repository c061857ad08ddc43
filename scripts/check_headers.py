"""Print every public URL's security headers and fail if one is missing or weak.

    make headers                              # this checkout, in-process (no server needed)
    make headers URL=https://example.org      # a deployed site, over the network

The rules here are the ones tests/test_security_headers.py enforces, and what the Mozilla
HTTP Observatory grades A+: a strict Content-Security-Policy, HSTS for a year over TLS,
nosniff, DENY framing, no referrer, same-origin opener and resource policies, a
Permissions-Policy, no CORS, and no cookies.
"""

import os
import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

HSTS_MIN_SECONDS = 31536000

# Header -> exact value every public response must carry (pages, errors, redirects, files).
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# ... and every HTML response, in addition.
EVERY_PAGE = {
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_REQUIRED = {
    "default-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "object-src": "'none'",
}
# Sources a public page may allow at all. Anything else (another host, data:, blob:,
# a nonce, a hash, 'unsafe-*', '*') is a finding.
CSP_ALLOWED_SOURCES = {"'self'", "'none'"}
# Features the site never uses: each must be switched off.
PERMISSIONS_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def parse_csp(value: str) -> dict:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def csp_problems(value: str | None) -> list[str]:
    if not value:
        return ["no Content-Security-Policy"]
    found = []
    directives = parse_csp(value)
    for name, wanted in CSP_REQUIRED.items():
        if directives.get(name) != [wanted]:
            found.append(f"CSP {name} is {directives.get(name)!r}, not {wanted}")
    for name, sources in directives.items():
        for source in sources:
            if source not in CSP_ALLOWED_SOURCES:
                found.append(f"CSP {name} allows {source}")
    return found


def problems(url: str, status: int, headers, *, https: bool = False) -> list[str]:
    """What is wrong with one public response's headers (an empty list if nothing)."""
    get = headers.get
    found = []
    for name, wanted in EVERY_RESPONSE.items():
        if get(name) != wanted:
            found.append(f"{name} is {get(name)!r}, not {wanted!r}")
    if get("Set-Cookie"):
        found.append("sets a cookie")
    if "cookie" in (get("Vary") or "").lower():
        found.append("varies on Cookie")
    if get("Access-Control-Allow-Origin"):
        found.append("has Access-Control-Allow-Origin")
    if https:
        match = re.search(r"max-age=(\d+)", get("Strict-Transport-Security") or "")
        if not match or int(match.group(1)) < HSTS_MIN_SECONDS:
            found.append("no Strict-Transport-Security for a year")
    if (get("Content-Type") or "").startswith("text/html"):
        for name, wanted in EVERY_PAGE.items():
            if get(name) != wanted:
                found.append(f"{name} is {get(name)!r}, not {wanted!r}")
        found += csp_problems(get("Content-Security-Policy"))
        policy = get("Permissions-Policy") or ""
        for feature in PERMISSIONS_OFF:
            if f"{feature}=()" not in policy:
                found.append(f"Permissions-Policy does not turn off {feature}")
    return [f"{url} ({status}): {problem}" for problem in found]


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and value.startswith(("/static/", "/media/")):
                self.urls.append(value)


def asset_urls(html: str) -> list[str]:
    """Static files and uploads a page loads (stylesheet, script, icon, logos)."""
    parser = _AssetParser()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))


def public_urls(fetch) -> list[str]:
    """Every public URL: the pages, error and redirect responses, and the files they load.

    `fetch(url)` returns (status, headers, body); it is used to find the assets.
    """

    from content.site_pages import page_paths

    pages = page_paths()
    urls = pages + [
        "/no-such-page/",  # 404
        next(page for page in pages if page != "/").rstrip("/"),  # redirect to add the slash
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/media/logos/missing.png",  # 404 from the upload view
        "/static/no-such-file.css",  # 404 past whitenoise
    ]
    for page in pages:
        _status, _headers, body = fetch(page)
        urls += asset_urls(body.decode("utf-8", "replace"))
    return list(dict.fromkeys(urls))


def _client_fetcher():
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")

    def fetch(url):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, response.headers, body

    return fetch


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _network_fetcher(base_url):
    opener = urllib.request.build_opener(_NoRedirect)

    def fetch(url):
        # base_url is checked to be http(s) in main().
        request = urllib.request.Request(base_url.rstrip("/") + url, headers={"User-Agent": "check_headers"})  # noqa: S310
        try:
            with opener.open(request, timeout=15) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    return fetch


def main(argv):
    base_url = argv[1] if len(argv) > 1 else ""
    if base_url and not base_url.startswith(("http://", "https://")):
        print("Give the site's address starting http:// or https://")
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    if not base_url:
        # In-process: a throwaway database with the seed content, never the real one.
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    if base_url:
        fetch = _network_fetcher(base_url)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_content", verbosity=0)
        fetch = _client_fetcher()
    https = base_url.startswith("https://")
    shown = [*EVERY_RESPONSE, *EVERY_PAGE, "Content-Security-Policy", "Permissions-Policy"]
    if https:
        shown.append("Strict-Transport-Security")
    found = []
    for url in public_urls(fetch):
        status, headers, _body = fetch(url)
        print(f"{url}  {status}  {headers.get('Content-Type', '')}")
        for name in shown:
            value = headers.get(name)
            if value:
                print(f"    {name}: {value if len(value) < 100 else value[:97] + '...'}")
        found += problems(url, status, headers, https=https)
    print()
    if found:
        print("Problems:")
        for problem in found:
            print(f"  {problem}")
        return 1
    print("Every public URL has the security headers.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
