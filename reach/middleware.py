"""Count views of the public pages, including those served from the page cache.

Sits outside pages.middleware.PublicPageMiddleware, whose cache hits return early. Only
the page's address and the day are counted, and only for the fixed list of public pages
(a 404 or a made-up address is never a new row), so the table cannot be flooded.
"""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from content.site_pages import PAGES
from reach import counter


@cache
def public_paths() -> frozenset:
    """The addresses of the public pages (content.site_pages) in every language, resolved
    once. Each language's address is its own key, so the report can show views by page and
    by language."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.update(reverse(page.url_name) for page in PAGES)
    return frozenset(paths)


class ReachMiddleware:
    """After the response: one more view of this page today, if it was a person's GET."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            if (
                request.method == "GET"
                # 304: the browser re-used its copy of the page after checking it is current.
                and response.status_code in (200, 304)
                and counter.counting_on()
                and request.path in public_paths()
                and (response.status_code == 304 or response.get("Content-Type", "").startswith("text/html"))
                and counter.countable_visitor(request)
            ):
                counter.record(counter.PAGE, request.path)
        except Exception:  # pragma: no cover - counting must never break a page
            counter.logger.warning("Reach view count skipped after an internal error")
        return response
