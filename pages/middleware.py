"""Middleware for the public side: the full header set on every response, the site's own
error pages, no cookies, and warm pages served from this worker's page cache.

Public pages (everything outside the admin) are stateless: they never set a cookie and
never vary on one. Staff pages are the only stateful part; they get their own
Content-Security-Policy and are never stored.
"""

import gzip
import math
import time
from dataclasses import dataclass

import brotli
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, get_max_age, patch_cache_control, patch_vary_headers

from content import languages
from content.snapshot import get_snapshot
from pages.views import error_response

# A cold render must stay fast: these levels cost well under a millisecond for a page,
# within a few per cent of the smallest output (Brotli 11 alone took 10 ms).
BROTLI_QUALITY = 8
GZIP_LEVEL = 9
# Headers set per response when a cached page is served.
_PER_RESPONSE = frozenset({"content-length", "content-encoding", "set-cookie", "etag", "vary"})
# Every page of the site carries the helpline strip; an error response without it is
# Django's or a library's bare one, replaced by the site's own page.
SITE_PAGE_MARKER = b'class="helpline-strip"'


def is_staff_path(path: str) -> bool:
    return path.startswith(f"/{settings.ADMIN_PATH}")


def strip_state(response):
    """Remove any cookie (and Vary: Cookie) that something tried to add to a public response,
    and Vary: Accept-Language (LocaleMiddleware's): the language comes from the address alone."""
    response.cookies.clear()
    if response.has_header("Vary"):
        ignored = ("cookie", "accept-language")
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() not in ignored]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    return response


class SecurityHeadersMiddleware:
    """Outermost but for django-csp: every response, errors included, gets the full header set.

    Also refuses TRACE-like methods (405) and request bodies over MAX_REQUEST_BODY_BYTES
    (MAX_STAFF_UPLOAD_BYTES on staff pages) with 413 before anything reads them, and gives
    every error a person can reach on the public side the site's own page, with the
    helpline strip and the quick exit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("TRACE", "TRACK", "CONNECT"):
            response = error_response(request, 405)
            response["Allow"] = "GET, HEAD, POST"
        elif _body_length(request) > _body_limit(request):
            response = _too_large(request)
        else:
            response = self.get_response(request)
            if _is_bare_public_error(request, response):
                site_page = error_response(request, response.status_code)
                for name in ("Allow", "Retry-After"):
                    if name in response:
                        site_page[name] = response[name]
                response = site_page
        return self._harden(request, response)

    def _harden(self, request, response):
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
        if "Access-Control-Allow-Origin" in response:
            del response["Access-Control-Allow-Origin"]
        if is_staff_path(request.path):
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY  # django-csp's override hook
            response["Cache-Control"] = "no-store, private"
            response["X-Robots-Tag"] = "noindex, nofollow"
            # Under "no-referrer" browsers send `Origin: null` with form posts, which
            # Django's CSRF check rightly refuses; staff pages only ever post to
            # themselves, so same-origin is both safe and necessary.
            response["Referrer-Policy"] = "same-origin"
            patch_vary_headers(response, ["Cookie"])
        else:
            strip_state(response)
        return response


def _body_limit(request) -> int:
    """Staff pages take print-quality logo uploads; public pages take nothing large."""
    return settings.MAX_STAFF_UPLOAD_BYTES if is_staff_path(request.path) else settings.MAX_REQUEST_BODY_BYTES


def _too_large(request):
    if not is_staff_path(request.path):
        return error_response(request, 413)
    # The admin's own page, with the sizes and a way back to the form (rendered without the
    # session or user: nothing behind this middleware has run).
    mb = 1024 * 1024
    size = f"{math.ceil(_body_length(request) * 10 / mb) / 10:g}"  # never rounded down to the limit
    context = {"size": size, "limit": f"{settings.MAX_STAFF_UPLOAD_BYTES / mb:g}", "back": request.path}
    html = render_to_string("admin/request_too_large.html", context)
    return HttpResponse(html, status=413)


def _body_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _is_bare_public_error(request, response) -> bool:
    if response.status_code < 400 or response.streaming or is_staff_path(request.path):
        return False
    if response.content and not response.get("Content-Type", "").startswith("text/html"):
        return False  # a machine's answer (readyz's JSON): leave it
    return SITE_PAGE_MARKER not in response.content


@dataclass(frozen=True)
class CachedPage:
    """A rendered page with its headers and its bodies compressed once, at render time."""

    status: int
    headers: tuple
    bodies: dict
    etag: str  # of the uncompressed body, as the view set it
    expires_at: float

    @classmethod
    def from_response(cls, response):
        """The page to keep, or None if the response does not say it may be kept."""
        max_age = get_max_age(response)
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or not max_age
            or "public" not in cache_control
            or "ETag" not in response
        ):
            return None
        body = response.content
        bodies = {"identity": body}
        if len(body) > 200:
            bodies["gzip"] = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            bodies["br"] = brotli.compress(body, quality=BROTLI_QUALITY)
        headers = tuple((k, v) for k, v in response.items() if k.lower() not in _PER_RESPONSE)
        return cls(response.status_code, headers, bodies, response["ETag"], time.time() + max_age)

    def serve(self, request):
        accepted = {
            p.split(";")[0].strip().lower() for p in request.META.get("HTTP_ACCEPT_ENCODING", "").split(",")
        }
        encoding = next((e for e in ("br", "gzip") if e in accepted and e in self.bodies), "identity")
        body = self.bodies[encoding]
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        # Each encoding is its own representation, so it gets its own strong tag.
        response["ETag"] = self.etag if encoding == "identity" else f'{self.etag[:-1]}-{encoding}"'
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        patch_vary_headers(response, ["Accept-Encoding"])
        # Freshness counts down to the moment the view said the page goes stale.
        remaining = max(0, int(self.expires_at - time.time()))
        patch_cache_control(
            response, max_age=remaining, s_maxage=min(remaining, settings.PUBLIC_PAGE_SHARED_MAX_AGE)
        )
        return get_conditional_response(request, etag=response["ETag"], response=response)


class PublicPageMiddleware:
    """Keep every public request stateless; serve warm pages from this worker's page cache.

    A page is kept (in the "pages" cache, local to each worker) under the content
    snapshot's version and its address, for as long as the view's Cache-Control allows,
    so an admin save or the next open/closed change is on the very next request. A hit
    costs the snapshot's version check (one small cache read) and no SQL.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = caches["pages"]

    def __call__(self, request):
        if is_staff_path(request.path):
            return self.get_response(request)
        # Whatever cookie arrives (a stray or forged session cookie) is ignored, so nothing
        # further in can load a session from the database.
        request.COOKIES = {}
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.get_host()  # refuse a forged Host before serving anything (400)
        snap = get_snapshot()
        language = languages.prefix_of(request.path)
        if language and language not in snap.shown_languages:
            # A hidden language: its addresses lead to the same page in English.
            response = HttpResponseRedirect(languages.without_prefix(request.path))
            response["Cache-Control"] = "no-store"
            return response
        key = f"{snap.version}:{request.path}"
        page = self.pages.get(key)
        if page is None:
            response = strip_state(self.get_response(request))
            page = CachedPage.from_response(response)
            if page is None:
                return response
            self.pages.set(key, page, timeout=int(page.expires_at - time.time()) or 1)
        return page.serve(request)
