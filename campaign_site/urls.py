"""Top-level routes. The public pages are in every language (English without a prefix,
the others under /ur/, /pa/, /pl/, /ro/); the admin lives at ADMIN_PATH (set per
deployment) and stays in English."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pages import views
from pages.media import serve_upload
from pages.sitemaps import PagesSitemap

urlpatterns = [
    # Counted help links (/go/<slug>/), the call-link ping and poster codes (/c/<code>/).
    path("", include("reach.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PagesSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("media/<path:name>", serve_upload, name="upload"),
    path(settings.ADMIN_PATH, admin.site.urls),
] + i18n_patterns(path("", include("pages.urls")), prefix_default_language=False)

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
