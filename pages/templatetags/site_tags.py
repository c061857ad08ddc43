"""Template helpers for public pages."""

from django import template
from django.utils.translation import pgettext

from content import hours

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
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    blocks = []
    for block in str(text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if headings and lines[0].startswith("## "):
            blocks.append(format_html("<h2>{}</h2>", lines.pop(0)[3:].strip()))
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:].strip(),) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            blocks.append(format_html("<p>{}</p>", " ".join(lines)))
    return mark_safe("\n".join(blocks))  # noqa: S308  (every piece went through format_html)


@register.filter
def names_list(names):
    """'A', 'A and B', 'A, B and C' (the last joined with the translated "and")."""
    from django.utils.text import get_text_list
    from django.utils.translation import gettext

    names = [str(n) for n in names]  # noqa: F811
    if len(names) < 2:
        return "".join(names)
    return get_text_list(names, gettext("and"))


@register.filter
def with_role(partners, role):
    return [p for p in partners if p.role == role]


@register.filter
def described_names(partners):
    """Partner names for a sentence, each followed by its short description if it has one."""
    return names_list(f"{p.name} ({p.description})" if p.description else p.name for p in partners)
