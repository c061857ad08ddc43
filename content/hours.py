"""Is the helpline open now? Computed from structured hours, never typed by hand.

Everything here is pure: it takes the opening periods and closures from the snapshot
(`OpeningPeriod` and `Closure` instances, or anything with the same attributes) and an
aware datetime, works in Europe/London local time (so 9am is 9am on both sides of a
clock change) and returns a `Status`. Pages use `Status.next_change` to expire cached
copies at the moment the status flips.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

LONDON = ZoneInfo("Europe/London")
SEARCH_DAYS = 400  # a closure can be long; beyond this we say "closed until further notice"


@dataclass(frozen=True)
class Status:
    is_open: bool
    now: datetime.datetime  # local
    until: datetime.datetime | None  # local closing time when open
    next_open: datetime.datetime | None  # local opening time when closed
    closure: object | None  # the Closure in force today, if any
    next_change: datetime.datetime | None  # aware UTC instant when is_open flips
    # False while the hours are not yet confirmed with the charity: then the site says what
    # usually happens rather than stating it as fact.
    confirmed: bool = True

    @property
    def detail(self) -> str:
        """When it next opens (closed only): 'Opens Monday at 9am.'"""
        if self.next_open is None:
            return _("Check back later for opening times.")
        when_text = when(self.next_open, self.now)
        if self.confirmed:
            return _("Opens %(when)s.") % {"when": when_text}
        return _("Opens %(when)s (hours being confirmed).") % {"when": when_text}

    @property
    def text(self) -> str:
        """The whole status as one phrase, for example 'Open now until 9pm'."""
        if self.is_open:
            if self.confirmed:
                return _("Open now until %(time)s") % {"time": clock(self.until)}
            return _("Usually open now until %(time)s (hours being confirmed)") % {"time": clock(self.until)}
        if self.closure is not None:
            first = _("Closed today: %(reason)s.") % {"reason": self.closure.reason}
        else:
            first = _("Closed now.") if self.confirmed else _("Usually closed now.")
        return f"{first} {self.detail}"


def clock(moment: datetime.datetime | datetime.time) -> str:
    """'9am', '9:30pm', 'midday', 'midnight' – the style GOV.UK uses; '21:00' in a language
    whose translator chose the 24-hour clock."""
    hour, minute = moment.hour, moment.minute
    # Translators: "24" if readers of your language expect the 24-hour clock (21:00), else "12" (9pm).
    if pgettext("clock style", "12") == "24":
        return f"{hour}:{minute:02d}"
    if hour == 12 and minute == 0:
        return _("midday")
    if hour == 0 and minute == 0:
        return _("midnight")
    suffix = pgettext("time of day", "am") if hour < 12 else pgettext("time of day", "pm")
    h12 = hour % 12 or 12
    return f"{h12}{suffix}" if minute == 0 else f"{h12}:{minute:02d}{suffix}"


def when(moment: datetime.datetime, now: datetime.datetime) -> str:
    """'today at 9am', 'tomorrow at 9am', 'Monday at 9am' or 'Monday 5 January at 9am'."""
    days = (moment.date() - now.date()).days
    time_text = clock(moment)
    if days == 0:
        return _("today at %(time)s") % {"time": time_text}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time_text}
    if days < 7:
        return _("%(day)s at %(time)s") % {"day": formats.date_format(moment, "l"), "time": time_text}
    return _("%(date)s at %(time)s") % {"date": formats.date_format(moment, "l j F"), "time": time_text}


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, tzinfo=LONDON)


def closure_on(day: datetime.date, closures):
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            return closure
    return None


def intervals_on(day: datetime.date, periods, closures):
    """The (opens, closes) local datetimes for one date, none on a closure day."""
    if closure_on(day, closures):
        return []
    return sorted(
        (_local(day, p.opens), _local(day, p.closes)) for p in periods if p.weekday == day.weekday()
    )


def status_at(moment: datetime.datetime, periods, closures, confirmed: bool = True) -> Status:
    """The helpline's status at an aware instant."""
    now = moment.astimezone(LONDON)
    now_utc = moment.astimezone(datetime.UTC)
    today = now.date()
    # Walk forward day by day collecting intervals; compare in UTC so that a period
    # spanning a clock change is measured correctly.
    for offset in range(SEARCH_DAYS):
        day = today + datetime.timedelta(days=offset)
        for opens, closes in intervals_on(day, periods, closures):
            opens_utc, closes_utc = opens.astimezone(datetime.UTC), closes.astimezone(datetime.UTC)
            if closes_utc <= now_utc:
                continue
            if opens_utc <= now_utc:
                end = _merge_end(closes_utc, day, periods, closures)
                return Status(
                    is_open=True,
                    now=now,
                    until=end.astimezone(LONDON),
                    next_open=None,
                    closure=None,
                    next_change=end,
                    confirmed=confirmed,
                )
            return Status(
                is_open=False,
                now=now,
                until=None,
                next_open=opens.astimezone(LONDON),
                closure=closure_on(today, closures),
                next_change=opens_utc,
                confirmed=confirmed,
            )
    return Status(
        is_open=False,
        now=now,
        until=None,
        next_open=None,
        closure=closure_on(today, closures),
        next_change=None,
        confirmed=confirmed,
    )


def _merge_end(closes_utc, day, periods, closures):
    """When back-to-back periods touch (9-1, 1-5), the status only changes at the last end."""
    end = closes_utc
    for opens, closes in intervals_on(day, periods, closures):
        if opens.astimezone(datetime.UTC) == end:
            end = closes.astimezone(datetime.UTC)
    return end


def weekly_table(periods):
    """Rows for the opening-hours table: (weekday number, day name, [(opens, closes)...]).
    Day names in the active language (Django's own catalogue)."""
    from django.utils.dates import WEEKDAYS

    rows = []
    for weekday, label in WEEKDAYS.items():
        day_periods = sorted((p.opens, p.closes) for p in periods if p.weekday == weekday)
        rows.append((weekday, str(label), day_periods))
    return rows


@dataclass(frozen=True)
class ShownClosure:
    start_date: datetime.date
    end_date: datetime.date
    reason: str


def upcoming_closures(closures, today: datetime.date, limit: int = 6, periods=None):
    """Closures that have not yet ended, soonest first, as the public list shows them.

    No day is listed twice (a day already covered by an earlier closure is left out of a
    later one). Given the opening `periods`, days the helpline does not open anyway (no
    period on that weekday, such as a weekend) are trimmed from either end, and a closure
    with no other day is left out.
    """
    open_days = None if periods is None else {p.weekday for p in periods}
    shown, seen = [], set()
    for closure in sorted(closures, key=lambda c: (c.start_date, c.end_date)):
        if closure.end_date < today:
            continue
        span = (closure.end_date - closure.start_date).days + 1
        days = [closure.start_date + datetime.timedelta(days=n) for n in range(span)]
        new = [d for d in days if d not in seen and (open_days is None or d.weekday() in open_days)]
        seen.update(days)
        if new:
            shown.append(ShownClosure(new[0], new[-1], closure.reason))
    return shown[:limit]
