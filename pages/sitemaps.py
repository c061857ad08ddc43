from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.languages import DEFAULT
from content.site_pages import PAGES
from content.snapshot import get_snapshot


class PagesSitemap(Sitemap):
    """Every public page in every language shown, each listing its other languages
    (hreflang), with absolute URLs built from SITE_URL (never the Host header)."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self):
        return [DEFAULT, *get_snapshot().shown_languages]

    def items(self):
        return list(PAGES)

    def location(self, page):
        return reverse(page.url_name)

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, _sep, domain = settings.SITE_URL.partition("://")

        class _Site:
            pass

        fake = _Site()
        fake.domain = domain
        return super().get_urls(page=page, site=fake, protocol=scheme)
