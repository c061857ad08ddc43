"""The helpline's open/closed status at many instants, in Europe/London time.

Uses the brief's hours (Mon-Thu 9am-9pm, Fri 9am-5pm, closed at weekends) unless a test
says otherwise. 2026's clock changes: forward on Sunday 29 March at 01:00 UTC, back on
Sunday 25 October at 01:00 UTC.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from content.defaults import OPENING_PERIODS
from content.hours import clock, status_at
from content.models import Closure, OpeningPeriod

UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")


def Period(weekday, opens, closes):
    return OpeningPeriod(weekday=weekday, opens=opens, closes=closes)


def ClosureDates(start, end, reason):
    return Closure(start_date=start, end_date=end, reason=reason)


BRIEF = [Period(*p) for p in OPENING_PERIODS]


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def local(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    "moment, expected",
    [
        # An ordinary winter week (GMT: local = UTC).
        (local(2026, 1, 12, 8, 59), "Closed now. Opens today at 9am."),
        (local(2026, 1, 12, 9, 0), "Open now until 9pm"),
        (local(2026, 1, 12, 20, 59), "Open now until 9pm"),
        (local(2026, 1, 12, 21, 0), "Closed now. Opens tomorrow at 9am."),
        (local(2026, 1, 15, 23, 59), "Closed now. Opens tomorrow at 9am."),  # Thursday night
        (local(2026, 1, 16, 0, 0), "Closed now. Opens today at 9am."),  # midnight into Friday
        (local(2026, 1, 16, 16, 30), "Open now until 5pm"),  # Friday closes early
        (local(2026, 1, 16, 17, 0), "Closed now. Opens Monday at 9am."),
        (local(2026, 1, 17, 12, 0), "Closed now. Opens Monday at 9am."),  # Saturday
        (local(2026, 1, 18, 23, 59), "Closed now. Opens tomorrow at 9am."),  # Sunday night
        # A summer day (BST: 9am local is 08:00 UTC).
        (utc(2026, 7, 6, 7, 59), "Closed now. Opens today at 9am."),
        (utc(2026, 7, 6, 8, 0), "Open now until 9pm"),
        (utc(2026, 7, 6, 19, 59), "Open now until 9pm"),
        (utc(2026, 7, 6, 20, 0), "Closed now. Opens tomorrow at 9am."),
    ],
)
def test_status_through_an_ordinary_week(moment, expected):
    assert status_at(moment, BRIEF, []).text == expected


def test_clocks_going_forward_keep_9am_at_9am():
    # Friday 27 March 2026, after closing (GMT).
    friday = status_at(utc(2026, 3, 27, 17, 30), BRIEF, [])
    assert friday.text == "Closed now. Opens Monday at 9am."
    # Monday 30 March is in BST: 9am local is 08:00 UTC, one hour earlier in UTC terms.
    assert friday.next_change == utc(2026, 3, 30, 8, 0)
    assert status_at(utc(2026, 3, 30, 7, 59), BRIEF, []).is_open is False
    monday = status_at(utc(2026, 3, 30, 8, 0), BRIEF, [])
    assert monday.text == "Open now until 9pm"
    assert monday.next_change == utc(2026, 3, 30, 20, 0)


def test_clocks_going_back_keep_9am_at_9am():
    friday = status_at(utc(2026, 10, 23, 16, 30), BRIEF, [])  # 5:30pm BST
    assert friday.text == "Closed now. Opens Monday at 9am."
    assert friday.next_change == utc(2026, 10, 26, 9, 0)  # Monday 9am GMT
    assert status_at(utc(2026, 10, 26, 8, 30), BRIEF, []).is_open is False
    assert status_at(utc(2026, 10, 26, 9, 0), BRIEF, []).text == "Open now until 9pm"


def test_a_period_spanning_the_spring_clock_change_is_measured_in_real_time():
    # Sunday 29 March 2026: open 00:30-03:00 local. 01:00-02:00 local does not exist.
    night = [Period(6, datetime.time(0, 30), datetime.time(3, 0))]
    assert status_at(utc(2026, 3, 29, 0, 15), night, []).is_open is False
    during = status_at(utc(2026, 3, 29, 0, 45), night, [])  # 00:45 GMT
    assert during.text == "Open now until 3am"
    # 3am BST is 02:00 UTC: only 1 hour 30 minutes after opening in real time.
    assert during.next_change == utc(2026, 3, 29, 2, 0)
    assert status_at(utc(2026, 3, 29, 1, 30), night, []).is_open is True  # 02:30 BST
    assert status_at(utc(2026, 3, 29, 2, 0), night, []).is_open is False


def test_a_period_spanning_the_autumn_clock_change_includes_the_repeated_hour():
    # Sunday 25 October 2026: open 00:30-03:00 local; 01:00-02:00 local happens twice.
    night = [Period(6, datetime.time(0, 30), datetime.time(3, 0))]
    assert status_at(utc(2026, 10, 24, 23, 45), night, []).is_open is True  # 00:45 BST
    assert status_at(utc(2026, 10, 25, 1, 30), night, []).is_open is True  # 01:30 GMT
    assert status_at(utc(2026, 10, 25, 2, 59), night, []).is_open is True  # 02:59 GMT
    assert status_at(utc(2026, 10, 25, 3, 0), night, []).is_open is False


def test_several_periods_in_a_day():
    split = [
        Period(0, datetime.time(9), datetime.time(13)),
        Period(0, datetime.time(14), datetime.time(17, 30)),
    ]
    assert status_at(local(2026, 1, 12, 12, 0), split, []).text == "Open now until 1pm"
    lunch = status_at(local(2026, 1, 12, 13, 30), split, [])
    assert lunch.text == "Closed now. Opens today at 2pm."
    assert lunch.next_change == local(2026, 1, 12, 14, 0)
    assert status_at(local(2026, 1, 12, 15, 0), split, []).text == "Open now until 5:30pm"
    assert (
        status_at(local(2026, 1, 12, 17, 30), split, []).text == "Closed now. Opens Monday 19 January at 9am."
    )


def test_back_to_back_periods_read_as_one():
    touching = [
        Period(0, datetime.time(9), datetime.time(13)),
        Period(0, datetime.time(13), datetime.time(17)),
    ]
    status = status_at(local(2026, 1, 12, 10, 0), touching, [])
    assert status.text == "Open now until 5pm"
    assert status.next_change == local(2026, 1, 12, 17, 0)


def test_closures_skip_whole_days():
    christmas = [
        ClosureDates(datetime.date(2026, 12, 25), datetime.date(2026, 12, 25), "Christmas Day"),
        ClosureDates(datetime.date(2026, 12, 28), datetime.date(2026, 12, 28), "Boxing Day (substitute day)"),
    ]
    # Thursday 24 December, after closing: Friday 25 and Monday 28 are closed.
    eve = status_at(local(2026, 12, 24, 21, 30), BRIEF, christmas)
    assert eve.text == "Closed now. Opens Tuesday at 9am."
    assert eve.next_change == local(2026, 12, 29, 9, 0)
    day = status_at(local(2026, 12, 25, 11, 0), BRIEF, christmas)
    assert day.is_open is False
    assert day.closure.reason == "Christmas Day"


def test_a_closure_starting_mid_week_closes_a_normal_day():
    closures = [ClosureDates(datetime.date(2026, 1, 13), datetime.date(2026, 1, 14), "Training")]
    status = status_at(local(2026, 1, 13, 10, 0), BRIEF, closures)
    assert status.text == "Closed today: Training. Opens Thursday at 9am."


def test_no_hours_at_all_says_so_plainly():
    status = status_at(local(2026, 1, 12, 10, 0), [], [])
    assert status.is_open is False
    assert status.next_change is None
    assert status.text == "Closed now. Check back later for opening times."


@pytest.mark.parametrize(
    "hour, minute, expected",
    [
        (9, 0, "9am"),
        (21, 0, "9pm"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (17, 30, "5:30pm"),
        (0, 15, "12:15am"),
    ],
)
def test_clock_format(hour, minute, expected):
    assert clock(datetime.time(hour, minute)) == expected
