"""Middleware for the public side: cached pages, no cookies, security headers.

Public pages (everything outside the admin) are stateless: they never set a cookie,
never vary on one, and are served from the in-process page cache when warm. Staff pages
are the only stateful part; they get their own Content-Security-Policy and are never
cached.
"""

import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import translation
from django.utils.cache import patch_vary_headers

from content.snapshot import get_snapshot
from pages import page_cache


def is_staff_path(path: str) -> bool:
    return path.startswith(f"/{settings.ADMIN_PATH}")


def _choose_encoding(request, entry):
    accept = request.META.get("HTTP_ACCEPT_ENCODING", "")
    accepted = {part.split(";")[0].strip().lower() for part in accept.split(",")}
    for encoding in ("br", "gzip"):
        if encoding in accepted and encoding in entry.bodies:
            return encoding
    return "identity"


def _etag_matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    # Compare as the RFC says for If-None-Match (weakly): a proxy may have turned our
    # strong tag into W/"...".
    return any(t.strip().removeprefix("W/") in (etag, "*") for t in header.split(","))


def _serve(request, entry: page_cache.Entry, now: float) -> HttpResponse:
    """The cached page as a response: the smallest body the client accepts, or a 304."""
    encoding = _choose_encoding(request, entry)
    etag = f'"{entry.etag}-{encoding}"'
    max_age = max(0, min(settings.PUBLIC_PAGE_MAX_AGE, int(entry.expires_at - now)))
    if _etag_matches(request, etag):
        response = HttpResponse(status=304)
    else:
        body = entry.bodies[encoding]
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status_code)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    response["ETag"] = etag
    response["Vary"] = entry.vary
    # Never past the next open/closed change (max_age counts down to it); a CDN may keep
    # serving the last copy while the site errors.
    response["Cache-Control"] = (
        f"public, max-age={max_age}, stale-if-error={settings.PUBLIC_PAGE_STALE_IF_ERROR}"
    )
    return response


def strip_state(response):
    """Remove any cookie (and Vary: Cookie) that something tried to add to a public response."""
    response.cookies.clear()
    if response.has_header("Vary"):
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    return response


class PublicPageMiddleware:
    """Serve warm public pages from memory; keep every public request and response stateless.

    A hit costs a dictionary look-up and one read of the shared snapshot version (so an
    admin save anywhere is seen on the next request), and runs no SQL. A miss renders the
    page through the rest of the stack and keeps it, compressed, until the snapshot
    changes or the helpline's open/closed status next changes, whichever comes first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # If a LocaleMiddleware is ever added further in, pick the language here the way
        # it will, so that each language's page is kept (and found) under its own key.
        self.negotiates_language = "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE

    def _language(self, request) -> str:
        if self.negotiates_language:
            from django.conf.urls.i18n import is_language_prefix_patterns_used

            prefixed, _default_prefixed = is_language_prefix_patterns_used(settings.ROOT_URLCONF)
            return translation.get_language_from_request(request, check_path=prefixed)
        return translation.get_language()

    def __call__(self, request):
        path = request.path
        if is_staff_path(path):
            return self.get_response(request)
        # Public pages are stateless: whatever cookie arrives (a stray or forged session
        # cookie) is ignored, so nothing further in can load a session from the database.
        if request.COOKIES:
            request.COOKIES = {}
        cacheable_request = request.method in ("GET", "HEAD")
        if cacheable_request:
            request.get_host()  # refuse a forged Host before serving anything (400)
            key = (path, self._language(request))
            entry = page_cache.get(key)
            if entry is not None:
                now = time.time()
                if now < entry.expires_at and entry.version == get_snapshot().version:
                    return _serve(request, entry, now)
        response = strip_state(self.get_response(request))
        expires_at = getattr(response, "public_cache_until", None)
        if (
            cacheable_request
            and expires_at
            and response.status_code == 200
            and not response.streaming
            # Rendered in the language it will be filed under (see _language).
            and translation.get_language() == key[1]
        ):
            entry = page_cache.make_entry(response, response.snapshot_version, expires_at)
            page_cache.put(key, entry)
            return _serve(request, entry, time.time())
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, the admin's own CSP, and no-store for staff.

    Also refuses TRACE-like methods (405) and request bodies over MAX_REQUEST_BODY_BYTES
    (413) before anything reads them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("TRACE", "TRACK", "CONNECT"):
            return self._harden(request, HttpResponseNotAllowed(["GET", "HEAD", "POST"]))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            response = HttpResponse("Too large.\n", status=413, content_type="text/plain; charset=utf-8")
            return self._harden(request, response)
        return self._harden(request, self.get_response(request))

    def _harden(self, request, response):
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Also on responses that end before XFrameOptionsMiddleware (redirects, 405, 413).
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if "Access-Control-Allow-Origin" in response:
            del response["Access-Control-Allow-Origin"]
        if is_staff_path(request.path):
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY
            response["Cache-Control"] = "no-store, private"
            response["X-Robots-Tag"] = "noindex, nofollow"
            # Under "no-referrer" browsers send `Origin: null` with form posts, which
            # Django's CSRF check rightly refuses; staff pages only ever post to
            # themselves, so same-origin is both safe and necessary.
            response["Referrer-Policy"] = "same-origin"
            patch_vary_headers(response, ["Cookie"])
        return response
