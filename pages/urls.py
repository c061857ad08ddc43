"""The campaign's public pages: one route per entry in the page registry (content.site_pages),
plus the press releases, their feed and the partner toolkit's files."""

import dataclasses

from django.urls import path
from django.utils.translation import gettext_lazy as _

from content.site_pages import BY_NAME, PAGES
from pages import press_and_partners as press
from pages.views import PublicPageView

app_name = "pages"

# Registry pages that need more than their template and the snapshot.
VIEWS = {"press": press.PressView, "partners": press.PartnersView}

urlpatterns = [
    path(page.route, VIEWS.get(page.name, PublicPageView).as_view(page=page), name=page.name)
    for page in PAGES
] + [
    path("press/feed/", press.press_feed, name="press_feed"),
    path(
        "press/<slug:slug>/",
        press.PressReleaseView.as_view(
            page=dataclasses.replace(
                BY_NAME["press"], template="pages/press_release.html", title=_("Press release")
            )
        ),
        name="press_release",
    ),
    path("partners/choose/", press.choose_placement, name="partners_choose"),
    path("partners/files/<str:name>", press.toolkit_file, name="toolkit_file"),
    path("partners/<slug:code>/", press.PartnersView.as_view(page=BY_NAME["partners"]), name="partners_for"),
]
