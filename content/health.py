"""Content health: what comms staff need to check or update, and where.

One function, `overdue()`, feeds both the panel on the admin home page and
`manage.py content_health` (for a scheduled check). Each item says what is wrong in
plain words and links to the record to fix.

The rules:

* helpline details or opening hours not checked with the charity in the last 6 months,
  or never;
* a local figure not checked against its source in the last 12 months, or never;
* next calendar year's England and Wales bank holidays not all entered as closures;
* the accessibility statement's review date has passed.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HELPLINE_MONTHS = 6
FIGURE_MONTHS = 12


@dataclass(frozen=True)
class Item:
    key: str  # stable identifier, e.g. "helpline-hours" or "figure-3"
    message: str
    url: str  # path of the admin page where it is fixed


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _when(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _stale(checked, today, months) -> bool:
    return checked is None or checked < months_before(today, months)


def overdue(today: datetime.date | None = None) -> list[Item]:
    """Everything that needs attention today (Europe/London), most urgent first."""
    from content import bank_holidays
    from content.models import Figure, Helpline, SiteSettings

    today = today or timezone.localdate()
    items: list[Item] = []

    helpline = Helpline.objects.filter(pk=1).first()
    if helpline is None:
        items.append(
            Item(
                "helpline-missing",
                _("The helpline details have not been entered."),
                reverse("admin:content_helpline_add"),
            )
        )
    else:
        url = reverse("admin:content_helpline_change", args=[helpline.pk])
        checks = [
            (
                "helpline-details",
                helpline.details_last_verified,
                _(
                    "The helpline details (numbers, links and confidentiality wording) have never been checked with the charity."
                ),
                _(
                    "The helpline details (numbers, links and confidentiality wording) were last checked with the charity on %(date)s, more than 6 months ago."
                ),
            ),
            (
                "helpline-hours",
                helpline.hours_last_verified,
                _("The helpline's opening hours have never been checked with the charity."),
                _(
                    "The helpline's opening hours were last checked with the charity on %(date)s, more than 6 months ago."
                ),
            ),
        ]
        for key, checked, never, old in checks:
            if _stale(checked, today, HELPLINE_MONTHS):
                message = never if checked is None else old % {"date": _when(checked)}
                items.append(Item(key, message, url))

    for figure in Figure.objects.order_by("order", "pk"):
        if not _stale(figure.last_verified, today, FIGURE_MONTHS):
            continue
        name = Truncator(str(figure)).words(10)
        if figure.last_verified is None:
            message = _("The figure “%(name)s” has never been checked against its source.") % {"name": name}
        else:
            message = _(
                "The figure “%(name)s” was last checked against its source on %(date)s, more than 12 months ago."
            ) % {"name": name, "date": _when(figure.last_verified)}
        items.append(
            Item(f"figure-{figure.pk}", message, reverse("admin:content_figure_change", args=[figure.pk]))
        )

    if helpline is not None:
        year = today.year + 1
        try:
            gaps = bank_holidays.missing(helpline, year)
        except bank_holidays.NoData:
            gaps = []  # beyond the package's range: nothing we can check against
        if gaps:
            days = ", ".join(date_format(g.date, "j M") for g in gaps)
            message = ngettext(
                "%(count)d bank holiday in %(year)s is not entered as a closure: %(days)s.",
                "%(count)d bank holidays in %(year)s are not entered as closures: %(days)s.",
                len(gaps),
            ) % {"count": len(gaps), "year": year, "days": days}
            url = reverse("admin:content_closure_bank_holidays") + f"?year={year}"
            items.append(Item(f"bank-holidays-{year}", message, url))

    site = SiteSettings.objects.filter(pk=1).first()
    if site is not None and site.accessibility_next_review < today:
        items.append(
            Item(
                "accessibility-review",
                _("The accessibility statement was due for review on %(date)s.")
                % {"date": _when(site.accessibility_next_review)},
                reverse("admin:content_sitesettings_change", args=[site.pk]),
            )
        )
    return items
