"""The figures behind the admin's reach report and its CSV export."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from content.snapshot import get_snapshot
from reach import links
from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount, PosterCode

# Exports show small numbers as a band, so that a figure cannot point to a few people.
SMALL_NUMBER = 10
SMALL_LABEL = "fewer than 10"


def export_count(n: int) -> str:
    return SMALL_LABEL if n < SMALL_NUMBER else str(n)


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a value as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def page_names() -> dict[str, str]:
    """Public page path -> its title, with the language for pages not in English."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from content.site_pages import PAGES

    names = {}
    for code, language in settings.LANGUAGES:
        with translation.override(code):
            paths = [(reverse(page.url_name), page) for page in PAGES]
        for path, page in paths:
            names[path] = str(page.title) if code == settings.LANGUAGE_CODE else f"{page.title} ({language})"
    return names


def language_totals(pages: list) -> list:
    """Views per language, from the per-page totals (each language has its own addresses)."""
    from django.conf import settings

    from content.languages import prefix_of

    names = dict(settings.LANGUAGES)
    totals: dict[str, int] = {}
    for row in pages:
        code = prefix_of(row.key) or settings.LANGUAGE_CODE
        totals[code] = totals.get(code, 0) + row.total
    return [Row(code, str(names[code]), n) for code, n in sorted(totals.items(), key=lambda kv: -kv[1])]


@dataclass
class Row:
    key: str
    name: str
    total: int


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    page: str = ""
    link: str = ""
    code: str = ""
    days: list[datetime.date] = field(default_factory=list)
    views_by_day: dict = field(default_factory=dict)
    clicks_by_day: dict = field(default_factory=dict)
    visits_by_day: dict = field(default_factory=dict)
    pages: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    codes: list[Row] = field(default_factory=list)

    @property
    def total_views(self) -> int:
        return sum(self.views_by_day.values())

    @property
    def total_clicks(self) -> int:
        return sum(self.clicks_by_day.values())

    @property
    def total_visits(self) -> int:
        return sum(self.visits_by_day.values())

    def daily_rows(self):
        for day in self.days:
            yield (
                day,
                self.views_by_day.get(day, 0),
                self.clicks_by_day.get(day, 0),
                self.visits_by_day.get(day, 0),
            )

    def series(self, which: str) -> list[tuple[datetime.date, int]]:
        values = {"views": self.views_by_day, "clicks": self.clicks_by_day, "visits": self.visits_by_day}[
            which
        ]
        return [(day, values.get(day, 0)) for day in self.days]


def _by_day(queryset, count_field):
    return {row["day"]: row["n"] for row in queryset.values("day").annotate(n=Sum(count_field))}


def _totals(queryset, key_field, count_field, names):
    totals = {row[key_field]: row["n"] for row in queryset.values(key_field).annotate(n=Sum(count_field))}
    return sorted(
        (Row(key, names.get(key, key), n) for key, n in totals.items()), key=lambda r: (-r.total, r.key)
    )


def build(start: datetime.date, end: datetime.date, page: str = "", link: str = "", code: str = "") -> Report:
    """Figures for start..end inclusive. page/link/code narrow the per-day figures and totals."""
    report = Report(start, end, page, link, code)
    report.days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    in_period = {"day__gte": start, "day__lte": end}
    views = DailyPageCount.objects.filter(**in_period)
    clicks = DailyClickCount.objects.filter(**in_period)
    visits = DailyCodeCount.objects.filter(**in_period)
    report.pages = _totals(views, "path", "views", page_names())
    report.languages = language_totals(report.pages)
    report.links = _totals(clicks, "slug", "clicks", links.click_slugs(get_snapshot()))
    report.codes = _totals(visits, "code", "visits", dict(PosterCode.objects.values_list("code", "label")))
    report.views_by_day = _by_day(views.filter(path=page) if page else views, "views")
    report.clicks_by_day = _by_day(clicks.filter(slug=link) if link else clicks, "clicks")
    report.visits_by_day = _by_day(visits.filter(code=code) if code else visits, "visits")
    return report


def to_csv(report: Report) -> str:
    """One row per day and thing counted, then the period's totals; small numbers banded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "measure", "item", "count"])
    in_period = {"day__gte": report.start, "day__lte": report.end}
    sources = [
        (_("page views"), DailyPageCount, "path", "views", report.page),
        (_("help-link clicks"), DailyClickCount, "slug", "clicks", report.link),
        (_("poster-code visits"), DailyCodeCount, "code", "visits", report.code),
    ]
    for measure, model, key_field, count_field, only in sources:
        rows = model.objects.filter(**in_period)
        if only:
            rows = rows.filter(**{key_field: only})
        totals: dict[str, int] = {}
        for day, key, n in rows.order_by("day", key_field).values_list("day", key_field, count_field):
            writer.writerow([day.isoformat(), measure, _cell(key), export_count(n)])
            totals[key] = totals.get(key, 0) + n
        for key, n in sorted(totals.items()):
            writer.writerow(
                [
                    f"{report.start.isoformat()} to {report.end.isoformat()}",
                    measure,
                    _cell(key),
                    export_count(n),
                ]
            )
    return out.getvalue()
