"""Content health: what comms staff need to check or update, and where.

One function, `overdue()`, feeds both the panel on the admin home page and
`manage.py content_health` (for a scheduled check). Each item says what is wrong in
plain words and links to the record to fix.

The rules (each item links to the exact field to fix):

* helpline details or opening hours not checked with the charity in the last 6 months,
  or never;
* a local figure not checked against its source within its own review period (12 months
  unless an editor set another), or never;
* other help services whose address and numbers were never checked with the organisation,
  or not in the last 12 months;
* next calendar year's England and Wales bank holidays not all entered as closures;
* legal details waiting for legal review;
* questions and answers never reviewed;
* no data controller, privacy contact email or log retention entered for the privacy notice;
* no accessibility contact (an email or web form that is not the police), or the
  accessibility statement's review date has passed.
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
SERVICE_MONTHS = 12


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


def _field(url: str, name: str) -> str:
    """The admin page, scrolled to the field: Django gives each input the id id_<name>."""
    return f"{url}#id_{name}"


def overdue(today: datetime.date | None = None) -> list[Item]:
    """Everything that needs attention today (Europe/London), most urgent first."""
    from content import bank_holidays
    from content.models import FaqEntry, Figure, Helpline, HelpService, LegalPoint, SiteSettings

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
        page = reverse("admin:content_helpline_change", args=[helpline.pk])
        checks = [
            (
                "details_last_verified",
                helpline.details_last_verified,
                _(
                    "The helpline details (numbers, links and confidentiality wording) have never been checked with the charity."
                ),
                _(
                    "The helpline details (numbers, links and confidentiality wording) were last checked with the charity on %(date)s, more than 6 months ago."
                ),
            ),
            (
                "hours_last_verified",
                helpline.hours_last_verified,
                _("The helpline's opening hours have never been checked with the charity."),
                _(
                    "The helpline's opening hours were last checked with the charity on %(date)s, more than 6 months ago."
                ),
            ),
        ]
        for field, checked, never, old in checks:
            if _stale(checked, today, HELPLINE_MONTHS):
                message = never if checked is None else old % {"date": _when(checked)}
                items.append(Item(f"helpline-{field}", message, _field(page, field)))

    for figure in Figure.objects.order_by("order", "pk"):
        if not _stale(figure.last_verified, today, figure.review_months):
            continue
        name = Truncator(f"{figure.value:,} {figure.label}").words(10)
        if figure.last_verified is None:
            message = _("The figure “%(name)s” has never been checked against its source.") % {"name": name}
        else:
            message = ngettext(
                "The figure “%(name)s” was last checked against its source on %(date)s, more than %(months)d month ago.",
                "The figure “%(name)s” was last checked against its source on %(date)s, more than %(months)d months ago.",
                figure.review_months,
            ) % {"name": name, "date": _when(figure.last_verified), "months": figure.review_months}
        page = reverse("admin:content_figure_change", args=[figure.pk])
        items.append(Item(f"figure-{figure.pk}", message, _field(page, "last_verified")))

    unchecked = [s for s in HelpService.objects.all() if _stale(s.checked_on, today, SERVICE_MONTHS)]
    if len(unchecked) == 1:
        service = unchecked[0]
        items.append(
            Item(
                "services",
                _(
                    "The address and numbers of “%(name)s” have not been checked with the organisation in the last 12 months."
                )
                % {"name": service.name},
                _field(reverse("admin:content_helpservice_change", args=[service.pk]), "checked_on"),
            )
        )
    elif unchecked:
        items.append(
            Item(
                "services",
                _(
                    "The addresses and numbers of %(count)d help services have not been checked with the "
                    "organisations in the last 12 months."
                )
                % {"count": len(unchecked)},
                reverse("admin:content_helpservice_changelist"),
            )
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

    waiting = LegalPoint.objects.filter(status=LegalPoint.Status.NEEDS_REVIEW).count()
    if waiting:
        items.append(
            Item(
                "legal-review",
                ngettext(
                    "%(count)d legal detail is waiting for legal review (it is not shown until approved).",
                    "%(count)d legal details are waiting for legal review (they are not shown until approved).",
                    waiting,
                )
                % {"count": waiting},
                reverse("admin:content_legalpoint_changelist") + "?status__exact=review",
            )
        )
    unreviewed = FaqEntry.objects.filter(reviewed_on__isnull=True).count()
    if unreviewed:
        items.append(
            Item(
                "faq-review",
                ngettext(
                    "%(count)d answer on the Questions page has never been reviewed.",
                    "%(count)d answers on the Questions page have never been reviewed.",
                    unreviewed,
                )
                % {"count": unreviewed},
                reverse("admin:content_faqentry_changelist") + "?reviewed_on__isempty=1",
            )
        )

    site = SiteSettings.objects.filter(pk=1).first()
    if site is not None:
        page = reverse("admin:content_sitesettings_change", args=[site.pk])
        if not site.privacy_controller.strip():
            items.append(
                Item(
                    "privacy-controller",
                    _(
                        "The privacy notice does not yet say who is responsible for personal data (the controller)."
                    ),
                    _field(page, "privacy_controller"),
                )
            )
        missing = [
            (field, label)
            for field, label in (
                ("privacy_contact_email", _("a contact email for privacy questions")),
                ("log_retention_days", _("how long server logs are kept")),
            )
            if not getattr(site, field)
        ]
        if missing:
            items.append(
                Item(
                    "privacy-details",
                    _("The privacy notice does not yet give %(missing)s.")
                    % {"missing": _(" or ").join(label for _field_name, label in missing)},
                    _field(page, missing[0][0]),  # the first one missing
                )
            )
        if not site.accessibility_contact:
            items.append(
                Item(
                    "accessibility-contact",
                    _(
                        "The accessibility statement has no contact yet: enter an email address or web form (not the police)."
                    ),
                    _field(page, "accessibility_contact_email"),
                )
            )
        if site.accessibility_next_review < today:
            items.append(
                Item(
                    "accessibility-review",
                    _("The accessibility statement was due for review on %(date)s.")
                    % {"date": _when(site.accessibility_next_review)},
                    _field(page, "accessibility_reviewed_on"),
                )
            )
    return items
