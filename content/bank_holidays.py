"""England and Wales bank holidays, from the `holidays` package (offline, pinned).

England and Wales share their bank holidays (`subdiv="ENG"` and `"WLS"` give the same
dates; a test checks). When Christmas or New Year falls at a weekend the package lists
the day itself as well as the weekday substitute (named "(substitute day)" here, as on
GOV.UK): both are entered, since the helpline is closed on the day itself either way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The names the package uses (with "(substitute day)" as below), listed here so that the
# site's translation catalogues carry them: closures added from this list get every
# language's name at once (content.translation makes Closure.reason translatable).
NAMES = (
    gettext_noop("New Year's Day"),
    gettext_noop("New Year's Day (substitute day)"),
    gettext_noop("Good Friday"),
    gettext_noop("Easter Monday"),
    gettext_noop("May Day"),
    gettext_noop("Spring Bank Holiday"),
    gettext_noop("Late Summer Bank Holiday"),
    gettext_noop("Christmas Day"),
    gettext_noop("Christmas Day (substitute day)"),
    gettext_noop("Boxing Day"),
    gettext_noop("Boxing Day (substitute day)"),
)


def translated_names(name: str) -> dict[str, str]:
    """{"reason_ur": ..., ...}: a bank holiday's name in each other language the
    catalogues have it in (empty ones fall back to English on the page)."""
    from django.conf import settings
    from django.utils import translation

    names = {}
    for code, _language in settings.LANGUAGES[1:]:
        with translation.override(code):
            translated = _(name)
        if translated != name:
            names[f"reason_{code.replace('-', '_')}"] = translated[:100]
    return names


class NoData(Exception):
    """The package has no bank holidays for that year."""


def england_and_wales(year: int) -> list[tuple[datetime.date, str]]:
    """(date, name) for every bank holiday of a year, in date order. Raises NoData."""
    try:
        days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    except (NotImplementedError, ValueError, OverflowError):
        days = {}
    if not days:
        uk = holidays.UnitedKingdom
        raise NoData(
            _(
                "The bank holiday list has no dates for %(year)s (it covers %(start)s to %(end)s). "
                "Nothing was added."
            )
            % {"year": year, "start": uk.start_year, "end": uk.end_year}
        )
    # GOV.UK's wording for a weekday that replaces a weekend bank holiday.
    return sorted((day, name.replace("(observed)", "(substitute day)")) for day, name in days.items())


@dataclass(frozen=True)
class Planned:
    date: datetime.date
    name: str
    existing: object  # the Closure that already covers the date, or None


def plan(helpline, year: int) -> list[Planned]:
    """Each bank holiday of the year and the closure already covering it, if any."""
    from content.models import Closure

    days = england_and_wales(year)
    closures = list(
        Closure.objects.filter(helpline=helpline, start_date__lte=days[-1][0], end_date__gte=days[0][0])
    )
    planned = []
    for day, name in days:
        covering = next((c for c in closures if c.start_date <= day <= c.end_date), None)
        planned.append(Planned(day, name, covering))
    return planned


def missing(helpline, year: int) -> list[Planned]:
    return [p for p in plan(helpline, year) if p.existing is None]


def add_closures(helpline, year: int) -> tuple[list, int]:
    """Add a closure for each bank holiday of the year not already covered.

    Returns (closures added, number skipped). All or nothing, in one transaction; the
    history records the signed-in editor (from the request) and the reason.
    """
    from content.models import Closure

    planned = plan(helpline, year)
    stamp = timezone.now()
    added = []
    with transaction.atomic():
        for item in planned:
            if item.existing is not None:
                continue
            closure = Closure(
                helpline=helpline,
                start_date=item.date,
                end_date=item.date,
                reason=item.name[:100],
                **translated_names(item.name),
            )
            closure.full_clean()
            closure._change_reason = _("Bank holidays for %(year)s added") % {"year": year}
            closure._history_date = stamp
            closure.save()
            added.append(closure)
    return added, len(planned) - len(added)
