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
