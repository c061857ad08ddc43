"""The public pages of the site: one list that drives the URLs, the navigation, the footer,
the sitemap, what the reach report counts and what the tests sweep.

It lives in `content` (the bottom of the dependency chain) so that `pages`, which serves
the pages, and `reach`, which counts views of them and lands poster codes on them, can
both read it without either importing the other.

To add a public page: add a `Page` here and write its template in templates/pages/.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    name: str  # the URL name, in the "pages" namespace: {% url 'pages:get_help' %}
    route: str  # the address after the site root (and after the language prefix)
    template: str
    title: str  # the tab and history title: kept discreet (see the brief's quick-exit notes)
    description: str  # the meta description, for search results
    nav_label: str = ""  # shown in the main navigation when set
    footer_label: str = ""  # shown in the footer's "about this website" links when set

    @property
    def url_name(self) -> str:
        return f"pages:{self.name}"


PAGES = (
    Page(
        "home",
        "",
        "pages/home.html",
        _("Stop viewing sexual images of children. Confidential help is here."),
        _(
            "West Yorkshire Police and The Lucy Faithfull Foundation: confidential help to stop "
            "viewing sexual images of children, the harm it does, and the consequences."
        ),
        nav_label=_("Home"),
    ),
    Page(
        "awareness",
        "awareness/",
        "pages/awareness.html",
        _("The problem and the harm"),
        _("Behind every sexual image of a child is a real child who was abused. Why viewing matters."),
        nav_label=_("The harm"),
    ),
    Page(
        "consequences",
        "consequences/",
        "pages/consequences.html",
        _("The law and the consequences"),
        _("What the law says about indecent images of children, and what happens after an arrest."),
        nav_label=_("Consequences"),
    ),
    Page(
        "get_help",
        "get-help/",
        "pages/get_help.html",
        _("Get confidential help"),
        _(
            "The Stop It Now! helpline, self-help, help for worried friends and family, young "
            "people, reporting images and crisis support."
        ),
        nav_label=_("Get help"),
    ),
    Page(
        "staying_safe",
        "staying-safe-online/",
        "pages/staying_safe.html",
        _("Staying safe while using this site"),
        _("What the quick exit button does and does not do, and how to clear your browsing history."),
        nav_label=_("Staying safe online"),
        footer_label=_("Staying safe online"),
    ),
    Page(
        "privacy",
        "privacy/",
        "pages/privacy.html",
        _("Privacy notice"),
        _("What this website records about a visit (almost nothing) and what it never records."),
        footer_label=_("Privacy"),
    ),
    Page(
        "cookies",
        "cookies/",
        "pages/cookies.html",
        _("Cookies"),
        _("This website sets no cookies on its public pages."),
        footer_label=_("Cookies"),
    ),
    Page(
        "accessibility",
        "accessibility/",
        "pages/accessibility.html",
        _("Accessibility statement"),
        _("How accessible this website is, what we tested, and how to report a problem."),
        footer_label=_("Accessibility"),
    ),
)

BY_NAME = {page.name: page for page in PAGES}
NAV = tuple(page for page in PAGES if page.nav_label)
FOOTER = tuple(page for page in PAGES if page.footer_label)


def page_paths() -> list[str]:
    """Every public page's address, in registry order."""
    from django.urls import reverse

    return [reverse(page.url_name) for page in PAGES]
