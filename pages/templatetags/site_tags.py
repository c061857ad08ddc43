"""Template helpers for public pages."""

import re

from django import template
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, pgettext
from modeltranslation.utils import build_localized_fieldname

from content import hours
from content.languages import DEFAULT
from content.snapshot import get_snapshot

register = template.Library()


@register.filter
def clock(value):
    """A time of day as the site writes it: 9am, 5:30pm, midday, midnight."""
    return hours.clock(value) if value is not None else ""


@register.simple_tag
def opening_period(opens, closes):
    """One opening period as a single translatable phrase, e.g. '9am to 9pm'."""
    return pgettext("opening hours", "%(opens)s to %(closes)s") % {
        "opens": hours.clock(opens),
        "closes": hours.clock(closes),
    }


@register.filter
def plain_paragraphs(text, headings=""):
    """Editor-typed text as paragraphs and lists: a blank line starts a paragraph, lines
    starting "- " are list items, and (with `plain_paragraphs:"headings"`) a line starting
    "## " is a heading. Everything is escaped: editors never type HTML."""
    blocks = []
    link = _number_linker()
    for block in str(text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if headings and lines[0].startswith("## "):
            blocks.append(format_html("<h2>{}</h2>", lines.pop(0)[3:].strip()))
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((link(line[2:].strip()),) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            blocks.append(format_html("<p>{}</p>", link(" ".join(lines))))
    return mark_safe("\n".join(blocks))  # noqa: S308  (every piece went through format_html)


def _number_linker():
    """A function that escapes a line of editor text and makes each number people call that
    the site knows (the helpline's, each help service's, as the site shows them) a tap-to-call
    link, so "Childline is free on 0800 1111" in an FAQ answer can be tapped. Other digits
    are left alone: only numbers the editors entered as numbers become links."""
    snap = get_snapshot()
    pairs = [(snap.helpline.phone_shown, snap.helpline.phone_tel)]
    pairs += [(service.phone, service.phone_tel) for service in snap.services]
    known = {shown: tel for shown, tel in pairs if shown and tel}
    if not known:
        return escape
    # A space between digit groups may be typed as a no-break space (translators do, so that
    # a number never breaks across lines in right-to-left text).
    space = "[ \u00a0\u202f]"
    spaced = (re.escape(n).replace("\\ ", space) for n in sorted(known, key=len, reverse=True))
    pattern = re.compile(r"(?<![\d+])(" + "|".join(spaced) + r")(?!\d)")

    def tel(typed):
        return known[re.sub(space, " ", typed)]

    def link(line):
        return mark_safe(  # noqa: S308  (the text is escaped; the links are made by format_html)
            pattern.sub(
                lambda m: format_html('<a href="{}">{}</a>', tel(m.group(1)), ltr(m.group(1))), escape(line)
            )
        )

    return link


def untranslated(record, field) -> bool:
    """True where an editable text has no translation in the page's language yet, so the
    page shows its English (django-modeltranslation's fallback)."""
    language = get_language()
    if language == DEFAULT or not getattr(record, field, ""):
        return False
    return not getattr(record, build_localized_fieldname(field, language), "")


@register.filter
def shown(record, field):
    """An editable text in the page's language; where it has no translation yet, its English
    marked as English (lang and dir), so a screen reader switches voice (WCAG 3.1.2)."""
    if untranslated(record, field):
        return format_html('<span lang="en-GB" dir="ltr">{}</span>', getattr(record, field))
    return conditional_escape(getattr(record, field))


@register.simple_tag
def lang_if_english(record, field):
    """` lang="en-GB" dir="ltr"` for the element holding a block of editable text that has
    no translation in the page's language yet (the block form of `shown`)."""
    return mark_safe(' lang="en-GB" dir="ltr"') if untranslated(record, field) else ""


@register.filter
def isolated(value):
    """A name set apart from the text around it (<bdi>), so "Stop It Now!" keeps its "!" at
    its end inside a right-to-left sentence. Only on right-to-left pages: on the others the
    name already runs the way the sentence does, and an extra element would make some screen
    readers announce it as a separate piece. Text only: never inside an attribute."""
    if not get_language_bidi():
        return conditional_escape(value)
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def ltr(value):
    """A phone number or address kept left to right inside any sentence (<bdi dir="ltr">).
    Only on right-to-left pages, like isolated. Text only: never inside an attribute."""
    if not get_language_bidi():
        return conditional_escape(value)
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def english_text(value):
    """Text that exists only in English, marked as English on a page in another language."""
    if get_language() == DEFAULT:
        return value
    return format_html('<span lang="en-GB" dir="ltr">{}</span>', value)


@register.simple_tag
def english_material():
    """` lang="en-GB" dir="ltr"` for text that exists only in English (press release titles and
    bodies, the partner toolkit's printed materials) on a page in another language."""
    return "" if get_language() == DEFAULT else mark_safe(' lang="en-GB" dir="ltr"')


@register.filter
def names_list(names):
    """'A', 'A and B', 'A, B and C' (the last joined with the translated "and"); names are
    escaped unless already marked safe."""
    from django.utils.text import get_text_list
    from django.utils.translation import gettext

    names = [conditional_escape(n) for n in names]
    if len(names) < 2:
        return mark_safe("".join(names))  # noqa: S308  (escaped above)
    return mark_safe(get_text_list(names, conditional_escape(gettext("and"))))  # noqa: S308


@register.filter
def with_role(partners, role):
    return [p for p in partners if p.role == role]


@register.filter
def described_names(partners):
    """Partner names for a sentence, each followed by its short description if it has one."""
    return names_list(
        format_html("{} ({})", shown(p, "name"), shown(p, "description"))
        if p.description
        else shown(p, "name")
        for p in partners
    )
