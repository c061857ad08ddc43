"""Aggregate counters and the poster codes comms staff define.

The counter tables hold a day, a thing (a page path, a help-link slug or a poster code)
and a number, and nothing else: no address, browser, referrer, query string, cookie or
identifier of any kind, not even hashed. `reach.counter` adds to them in batches.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def public_page_choices():
    """The campaign's public pages, as (route name, title) pairs, for a code's landing page."""
    from content.site_pages import PAGES

    return [(page.name, str(page.title)) for page in PAGES]


class DailyPageCount(models.Model):
    """How many times one public page was viewed on one day (Europe/London)."""

    day = models.DateField(_("day"), help_text=_("The date in UK time."))
    path = models.CharField(_("page"), max_length=200, help_text=_("The page's address on this site."))
    views = models.PositiveIntegerField(_("views"), default=0, help_text=_("Views that day."))

    class Meta:
        ordering = ["day", "path"]
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="reach_one_page_count_per_day")]

    def __str__(self):
        return f"{self.day} {self.path}: {self.views}"


class DailyClickCount(models.Model):
    """How many times one help link (or the helpline's call link) was followed on one day."""

    day = models.DateField(_("day"), help_text=_("The date in UK time."))
    slug = models.CharField(
        _("help link"),
        max_length=60,
        help_text=_("Which help route: a service's short name, self-help, live-chat, secure-email or call."),
    )
    clicks = models.PositiveIntegerField(_("clicks"), default=0, help_text=_("Clicks that day."))

    class Meta:
        ordering = ["day", "slug"]
        verbose_name = _("daily help-link clicks")
        verbose_name_plural = _("daily help-link clicks")
        constraints = [models.UniqueConstraint(fields=["day", "slug"], name="reach_one_click_count_per_day")]

    def __str__(self):
        return f"{self.day} {self.slug}: {self.clicks}"


class DailyCodeCount(models.Model):
    """How many visits arrived through one poster or advert code on one day.

    Keyed by the code itself rather than a foreign key, so the figures outlive a code
    that is later deleted.
    """

    day = models.DateField(_("day"), help_text=_("The date in UK time."))
    code = models.CharField(_("code"), max_length=30, help_text=_("The poster or advert code."))
    visits = models.PositiveIntegerField(_("visits"), default=0, help_text=_("Visits that day."))

    class Meta:
        ordering = ["day", "code"]
        verbose_name = _("daily poster-code visits")
        verbose_name_plural = _("daily poster-code visits")
        constraints = [models.UniqueConstraint(fields=["day", "code"], name="reach_one_code_count_per_day")]

    def __str__(self):
        return f"{self.day} {self.code}: {self.visits}"


class ReachReport(DailyPageCount):
    """The admin dashboard of views, clicks and code visits (no table of its own).

    A proxy model so that seeing the dashboard is one permission, `reach.view_reachreport`.
    """

    class Meta:
        proxy = True
        verbose_name = _("reach report")
        verbose_name_plural = _("reach report: views and clicks")


class PosterCode(models.Model):
    """A short entry address for one offline placement, for example /c/bus/ on bus posters.

    A visit counts against the code and lands on the chosen public page. The code is
    printed on posters, so it cannot be changed once saved: make a new one instead.
    """

    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_(
            "Short, lower-case letters, digits and hyphens, for example 'bus' or 'leeds-station'. "
            "The poster address is /c/ followed by the code, for example /c/bus/. It cannot be "
            "changed after saving, because it is printed."
        ),
    )
    label = models.CharField(
        _("where it is used"),
        max_length=200,
        help_text=_("For your records, for example 'Bus shelter posters, Leeds, March 2026'."),
    )
    target = models.CharField(
        _("landing page"),
        max_length=40,
        choices=public_page_choices,
        default="home",
        help_text=_("The page a visitor lands on."),
    )
    for_partners = models.BooleanField(
        _("offered in the partner toolkit"),
        default=False,
        help_text=_(
            "Tick to let partner organisations choose this placement on the public toolkit page: "
            "their posters then carry this code's QR code, so scans are counted against it."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to retire the code: its address then leads to the home page, counted as a "
            "retired code. Its figures are kept."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("poster or advert code")
        verbose_name_plural = _("poster and advert codes")
        constraints = [
            models.CheckConstraint(condition=models.Q(code=Lower("code")), name="reach_code_lower_case"),
        ]

    def __str__(self):
        return f"/c/{self.code}/ ({self.label})"

    def save(self, *args, **kwargs):
        self.code = self.code.lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reach:code", args=[self.code])

    def clean(self):
        if self.code:
            self.code = self.code.lower()
        if self.target not in {name for name, _title in public_page_choices()}:
            raise ValidationError({"target": _("Choose one of the site's pages.")})

    def target_path(self):
        return reverse(f"pages:{self.target}")


class ProxyLogPosition(models.Model):
    """How far `manage.py count_proxy_log` has read one of nginx's count-log files.

    A file is known by a hash of its first line, so it is still recognised after logrotate
    renames it, and a new file under the old name is read from its start. Holds no request
    data: a hash and a byte offset.
    """

    file_id = models.CharField(
        _("file"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the proxy's name (if given) and the file's first line."),
    )
    offset = models.PositiveBigIntegerField(
        _("bytes read"), default=0, help_text=_("Everything before this byte has been counted.")
    )
    updated = models.DateTimeField(_("last read"), auto_now=True)

    class Meta:
        verbose_name = _("proxy count-log position")
        verbose_name_plural = _("proxy count-log positions")

    def __str__(self):
        return f"{self.file_id[:12]}… at byte {self.offset}"
