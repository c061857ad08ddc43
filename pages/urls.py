"""The campaign's public pages: one route per entry in the page registry (content.site_pages)."""

from django.urls import path

from content.site_pages import PAGES
from pages.views import PublicPageView

app_name = "pages"

urlpatterns = [path(page.route, PublicPageView.as_view(page=page), name=page.name) for page in PAGES]
