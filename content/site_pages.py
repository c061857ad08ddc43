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
    # The tab, history and bookmark title: discreet, because tabs and history are seen by
    # others (the brief's quick-exit notes). The page's own heading says what it is about.
    title: str
    heading: str
    description: str  # the meta description, for search results
    nav_label: str = ""  # shown in the main navigation when set
    help_label: str = ""  # shown in the footer's "more help" links when set
    footer_label: str = ""  # shown in the footer's "about this website" links when set

    @property
    def url_name(self) -> str:
        return f"pages:{self.name}"


PAGES = (
    Page(
        "home",
        "",
        "pages/home.html",
        _("Confidential help"),
        _("Stop viewing sexual images of children. Confidential help is here."),
        _(
            "West Yorkshire Police and The Lucy Faithfull Foundation: confidential help to stop "
            "viewing sexual images of children, the harm it does, and the consequences."
        ),
        nav_label=_("Home"),
    ),
    Page(
        "get_help",
        "get-help/",
        "pages/get_help.html",
        _("Get help"),
        _("Get confidential help"),
        _(
            "The Stop It Now! helpline, anonymous self-help, live chat, and where to report images "
            "or find support in a crisis."
        ),
        nav_label=_("Get help"),
    ),
    Page(
        "someone_else",
        "someone-else/",
        "pages/someone_else.html",
        _("Worried about someone"),
        _("Worried about someone else"),
        _(
            "Signs to look for, what you can do, keeping children safe, and support for partners "
            "and families, including after an arrest."
        ),
        help_label=_("Worried about someone else"),
    ),
    Page(
        "young_people",
        "young-people/",
        "pages/young_people.html",
        _("Help for young people"),
        _("Under 18 and worried?"),
        _(
            "For 13 to 17 year olds: anonymous help with worrying thoughts or behaviour, getting a "
            "sexual image of you removed, and Childline."
        ),
        help_label=_("Under 18"),
    ),
    Page(
        "arrested",
        "arrested/",
        "pages/arrested.html",
        _("Next steps"),
        _("Arrested or interviewed by the police"),
        _(
            "Support now if you feel you cannot cope, what usually happens next, free legal advice, "
            "and help for you and your family."
        ),
        help_label=_("Arrested or interviewed"),
    ),
    Page(
        "awareness",
        "awareness/",
        "pages/awareness.html",
        _("Awareness"),
        _("The problem and the harm"),
        _("Behind every sexual image of a child is a real child who was abused. Why viewing matters."),
        nav_label=_("The harm"),
    ),
    Page(
        "consequences",
        "consequences/",
        "pages/consequences.html",
        _("The law"),
        _("The law and the consequences"),
        _("What the law says about indecent images of children, and what happens after an arrest."),
        nav_label=_("Consequences"),
    ),
    Page(
        "faq",
        "faq/",
        "pages/faq.html",
        _("Questions"),
        _("Questions people ask before they call"),
        _("Will the police know? What is passed on? Can I stay anonymous? Straight answers before you call."),
        nav_label=_("Questions"),
    ),
    Page(
        "press",
        "press/",
        "pages/press.html",
        _("Press"),
        _("Press and media"),
        _("Press releases, the campaign's facts with their sources, media contacts and reporting guidance."),
        footer_label=_("Press"),
    ),
    Page(
        "partners",
        "partners/",
        "pages/partners.html",
        _("Partner toolkit"),
        _("Toolkit for partner organisations"),
        _(
            "Posters, social media cards, an email banner, an article and a briefing for staff, "
            "always with the current helpline details."
        ),
        footer_label=_("Partner toolkit"),
    ),
    Page(
        "staying_safe",
        "staying-safe-online/",
        "pages/staying_safe.html",
        _("Staying safe online"),
        _("Staying safe while using this site"),
        _("What the Exit this page button does and does not do, and how to clear your browsing history."),
        nav_label=_("Staying safe online"),
        footer_label=_("Staying safe online"),
    ),
    Page(
        "privacy",
        "privacy/",
        "pages/privacy.html",
        _("Privacy"),
        _("Privacy notice"),
        _("What this website records about a visit (almost nothing), who is responsible, and your rights."),
        footer_label=_("Privacy"),
    ),
    Page(
        "cookies",
        "cookies/",
        "pages/cookies.html",
        _("Cookies"),
        _("Cookies"),
        _("This website sets no cookies on its public pages."),
        footer_label=_("Cookies"),
    ),
    Page(
        "accessibility",
        "accessibility/",
        "pages/accessibility.html",
        _("Accessibility"),
        _("Accessibility statement"),
        _("How accessible this website is, what we tested, and how to report a problem."),
        footer_label=_("Accessibility"),
    ),
)

BY_NAME = {page.name: page for page in PAGES}
NAV = tuple(page for page in PAGES if page.nav_label)
MORE_HELP = tuple(page for page in PAGES if page.help_label)
FOOTER = tuple(page for page in PAGES if page.footer_label)


def page_paths() -> list[str]:
    """Every public page's address, in registry order."""
    from django.urls import reverse

    return [reverse(page.url_name) for page in PAGES]
