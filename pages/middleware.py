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


def _serve(request, entry: page_cache.Entry, now: float) -> HttpResponse:
    encoding = _choose_encoding(request, entry)
    etag = f'"{entry.etag}-{encoding}"'
    max_age = max(0, min(settings.PUBLIC_PAGE_MAX_AGE, int(entry.expires_at - now)))
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponse(status=304)
    else:
        body = entry.bodies[encoding]
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status_code)
        response["Content-Length"] = str(len(body))
        for name, value in entry.headers:
            response[name] = value
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
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
    """Serve warm public pages from memory; keep every public response free of cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if is_staff_path(path):
            return self.get_response(request)
        cacheable_request = request.method in ("GET", "HEAD")
        if cacheable_request:
            request.get_host()  # refuse a forged Host before serving anything (400)
            key = (path, translation.get_language())
            entry = page_cache.get(key)
            if entry is not None:
                now = time.time()
                if now < entry.expires_at and entry.version == get_snapshot().version:
                    return _serve(request, entry, now)
        response = strip_state(self.get_response(request))
        expires_at = getattr(response, "public_cache_until", None)
        if cacheable_request and expires_at and response.status_code == 200 and not response.streaming:
            entry = page_cache.make_entry(response, response.snapshot_version, expires_at)
            page_cache.put(key, entry)
            return _serve(request, entry, time.time())
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, the admin's own CSP, and no-store for staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("TRACE", "TRACK", "CONNECT"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Access-Control-Allow-Origin" in response:
            del response["Access-Control-Allow-Origin"]
        if is_staff_path(request.path):
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY
            response["Cache-Control"] = "no-store, private"
            patch_vary_headers(response, ["Cookie"])
        return response
