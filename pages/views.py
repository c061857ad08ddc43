"""Public pages: thin views that render templates from the content snapshot.

No view here touches the database, the session or the CSRF machinery.
"""

import datetime
import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from content import hours, languages, site_pages
from content.models import HelpService, police_trend
from content.snapshot import default_snapshot, get_snapshot


def language_links(request, snap) -> list[dict]:
    """The same page in each language shown, each named in its own script."""
    path = request.path if request is not None else "/"
    try:
        resolve(path)
    except Resolver404:
        path = reverse("pages:home")  # an address that does not exist: each language's home page instead
    current = translation.get_language()
    links = []
    for code in (languages.DEFAULT, *snap.shown_languages):
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "tag": languages.TAGS[code],
                "name": languages.ENDONYMS[code],
                "url": url,
                "current": code == current,
            }
        )
    return links


def public_context(request, snapshot=None):
    """What every public template needs: the helpline, its status, the partners, the nav."""
    snap = snapshot or get_snapshot()
    now = timezone.now()
    language = translation.get_language()
    return {
        "language_links": language_links(request, snap),
        "language_tag": languages.TAGS.get(language, language),
        "translation_draft": language != languages.DEFAULT and snap.is_draft(language),
        "language_in_english": languages.NAMES_IN_ENGLISH.get(language, ""),
        "snap": snap,
        "helpline": snap.helpline,
        "status": snap.status(now),
        "crisis_services": snap.services_in(HelpService.Group.CRISIS),
        "partners": snap.partners,
        "has_logos": any(partner.logo for partner in snap.partners),
        "police_trend": police_trend(snap.figures),
        "opening_table": hours.weekly_table(snap.periods),
        "closures": hours.upcoming_closures(snap.closures, timezone.localdate(now), periods=snap.periods),
        "hours_unconfirmed": snap.helpline.hours_last_verified is None,
        "nav_pages": site_pages.NAV,
        "more_help_pages": site_pages.MORE_HELP,
        "footer_pages": site_pages.FOOTER,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "SITE_URL": settings.SITE_URL,
    }


def fresh_for(status, now=None) -> int:
    """Seconds a page showing this status may be reused: never past the next open/closed
    change, local midnight ("today" and "tomorrow" change meaning) or PUBLIC_PAGE_MAX_AGE."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=local.tzinfo
    )
    limit = midnight if status.next_change is None else min(midnight, status.next_change)
    return max(0, min(settings.PUBLIC_PAGE_MAX_AGE, int((limit - now).total_seconds())))


class PublicPageView(TemplateView):
    """A campaign page, from the page registry (content.site_pages)."""

    http_method_names = ["get", "head", "options"]
    page: site_pages.Page = None

    def get_template_names(self):
        return [self.page.template]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(public_context(self.request))
        context["page"] = self.page
        context["page_title"] = self.page.title
        context["heading"] = self.page.heading
        context["page_description"] = self.page.description
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs).render()
        # Freshness in standard headers, which the page cache, browsers and proxies all read.
        fresh = fresh_for(context["status"])
        patch_cache_control(
            response,
            public=True,
            max_age=fresh,
            s_maxage=min(fresh, settings.PUBLIC_PAGE_SHARED_MAX_AGE),
            stale_if_error=settings.PUBLIC_PAGE_STALE_IF_ERROR,
        )
        return set_response_etag(response)


def robots_txt(request):
    # The admin's address is deliberately absent: staff pages send X-Robots-Tag: noindex.
    lines = [
        "User-agent: *",
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


# --- Error pages: the site's own, with the helpline strip and the quick exit ----------

ERRORS = {
    400: (_("Sorry, that request did not work"), _("Please go back and try again.")),
    403: (_("Sorry, that did not work"), _("This website could not accept that request.")),
    404: (
        _("Page not found"),
        _("We could not find that page. It may have moved, or the address may be wrong."),
    ),
    405: (_("Sorry, that did not work"), _("This address does not accept that kind of request.")),
    413: (_("Sorry, that was too big"), _("What was sent to this website was too large.")),
    500: (
        _("Sorry, something went wrong"),
        _("There is a problem with this website. Please try again later."),
    ),
    503: (_("Sorry, this website is having problems"), _("Please try again in a few minutes.")),
}


def error_context(request, status: int, **extra) -> dict:
    try:
        context = public_context(request)
    except Exception:  # the error page itself must never fail
        context = public_context(request, snapshot=default_snapshot())
    heading, message = ERRORS.get(status, ERRORS[500 if status >= 500 else 400])
    context.update(page_title=heading, heading=heading, message=message, status_code=status, **extra)
    return context


def error_response(request, status: int) -> HttpResponse:
    # In the address's language, even when the error comes before Django chose one.
    language = languages.prefix_of(request.path) if request is not None else None
    with translation.override(language or languages.DEFAULT):
        html = render_to_string("error.html", error_context(request, status), request=request)
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def csrf_failure(request, reason=""):
    """A public POST without a token (or a staff form that expired): the site's own 403."""
    return error_response(request, 403)


def server_error(request):
    from pages.middleware import is_staff_path

    if isinstance(sys.exc_info()[1], DatabaseError) and is_staff_path(request.path):
        # Rendered without the request, so no context processor can reach for the user,
        # the session or the messages (all in the database that just failed).
        html = render_to_string("admin/database_unavailable.html", error_context(None, 503))
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
    return error_response(request, 500)
