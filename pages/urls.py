"""The campaign's public pages, each a named template route."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from pages.views import PublicPageView

app_name = "pages"

# (url, name, template, title, description)
PAGES = [
    (
        "",
        "home",
        "pages/home.html",
        _("Stop viewing sexual images of children. Confidential help is here."),
        _(
            "West Yorkshire Police and The Lucy Faithfull Foundation: confidential help to stop "
            "viewing sexual images of children, the harm it does, and the consequences."
        ),
    ),
    (
        "awareness/",
        "awareness",
        "pages/awareness.html",
        _("The problem and the harm"),
        _("Behind every sexual image of a child is a real child who was abused. Why viewing matters."),
    ),
    (
        "consequences/",
        "consequences",
        "pages/consequences.html",
        _("The law and the consequences"),
        _("What the law says about indecent images of children, and what happens after an arrest."),
    ),
    (
        "get-help/",
        "get_help",
        "pages/get_help.html",
        _("Get confidential help"),
        _(
            "The Stop It Now! helpline, self-help, help for worried friends and family, young "
            "people, reporting images and crisis support."
        ),
    ),
    (
        "staying-safe-online/",
        "staying_safe",
        "pages/staying_safe.html",
        _("Staying safe while using this site"),
        _("What the quick exit button does and does not do, and how to clear your browsing history."),
    ),
    (
        "privacy/",
        "privacy",
        "pages/privacy.html",
        _("Privacy notice"),
        _("What this website records about a visit (almost nothing) and what it never records."),
    ),
    (
        "accessibility/",
        "accessibility",
        "pages/accessibility.html",
        _("Accessibility statement"),
        _("How accessible this website is, what we tested, and how to report a problem."),
    ),
    (
        "cookies/",
        "cookies",
        "pages/cookies.html",
        _("Cookies"),
        _("This website sets no cookies on its public pages."),
    ),
]

urlpatterns = [
    path(
        route,
        PublicPageView.as_view(template_name=template, title=title, description=description),
        name=name,
    )
    for route, name, template, title, description in PAGES
]
