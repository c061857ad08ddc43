"""Public pages: thin views that render templates from the content snapshot.

No view here touches the database, the session or the CSRF machinery.
"""

import datetime
import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from content import hours
from content.snapshot import default_snapshot, get_snapshot


def public_context(request, snapshot=None):
    """What every public template needs: the helpline, its status and the partners."""
    snap = snapshot or getattr(request, "snapshot", None) or get_snapshot()
    now = timezone.now()
    status = snap.status(now)
    local_now = timezone.localtime(now)
    return {
        "snap": snap,
        "helpline": snap.helpline,
        "status": status,
        "services": snap.services,
        "partners": snap.partners,
        "opening_table": hours.weekly_table(snap.periods),
        "closures": hours.upcoming_closures(snap.closures, local_now.date()),
        "hours_unconfirmed": snap.helpline.hours_last_verified is None,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "SITE_URL": settings.SITE_URL,
    }


def cache_until(status, now=None) -> float:
    """Epoch seconds when a page showing this status must be re-rendered."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=local.tzinfo
    )
    limit = min(midnight, now + datetime.timedelta(hours=1))
    if status.next_change is not None:
        limit = min(limit, status.next_change)
    return limit.timestamp()


class PublicPageView(TemplateView):
    """A campaign page. Its response may be cached whole until the status next changes."""

    http_method_names = ["get", "head", "options"]
    title = ""
    description = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(public_context(self.request))
        context["page_title"] = self.title
        context["page_description"] = self.description
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.public_cache_until = cache_until(context["status"])
        response.snapshot_version = context["snap"].version
        return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Disallow: /go/",
        "Disallow: /c/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request):
    """Liveness: the process answers. Never touches the database or the cache."""
    response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def readyz(request):
    """Readiness for operators: can this instance reach the database and the cache?"""
    from django.core.cache import cache
    from django.db import connection

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)


def _error_context(request):
    try:
        return public_context(request)
    except Exception:  # the error page itself must never fail
        return public_context(request, snapshot=default_snapshot())


def page_not_found(request, exception=None):
    context = _error_context(request)
    context["page_title"] = _("Page not found")
    return render(request, "404.html", context, status=404)


def server_error(request):
    from pages.middleware import is_staff_path

    exc = sys.exc_info()[1]
    context = _error_context(request)
    if isinstance(exc, DatabaseError) and is_staff_path(request.path):
        # Rendered without the request, so no context processor can reach for the user,
        # the session or the messages (all in the database that just failed).
        html = render_to_string("admin/database_unavailable.html", context)
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
    context["page_title"] = _("Something went wrong")
    return render(request, "500.html", context, status=500)


def bad_request(request, exception=None):
    context = _error_context(request)
    context["page_title"] = _("Bad request")
    return render(request, "400.html", context, status=400)
