"""What comms staff edit in the admin.

Every model here that comms staff edit is a `ContentModel`: that one declaration gives it
history, a place in the backup, a section on the admin home page, the editors' permissions
and a republished public snapshot after each save. Public pages never read these models
from the database themselves: `content.snapshot` keeps a cached copy of what they show,
so the public site keeps answering when the database does not.
"""

import datetime
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from content import hours, phones
from content.validators import (
    JOINERS,
    reencode_logo,
    validate_grouping,
    validate_logo,
    validate_no_format_characters,
)

https_url_validator = URLValidator(schemes=["https", "http"])


class WebLinkField(models.URLField):
    """A URL field that accepts http(s) only (no javascript:, data:, ftp:, ...)."""

    default_validators = [https_url_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # An address typed without a scheme becomes https:// (Django 6's default).
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


# The sections of the admin home page, in this order (each model names its own).
SECTION_HELPLINE = _("Helpline")
SECTION_PAGES = _("On the pages")
SECTION_PRESS = _("Press and partners")
SECTION_SETTINGS = _("Checks and settings")


def a_year_from_today():
    return datetime.date.today() + datetime.timedelta(days=365)


class ContentModel(models.Model):
    """Content that comms staff edit (see the module docstring for what that brings).

    `admin_section` names the group it is listed under on the admin home page.
    """

    admin_section = _("Other content")

    # Each subclass gets `history` (django-simple-history) in content/translation.py, once
    # its translated fields exist.

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Every text a visitor could read is refused with invisible format characters in it.

        Here rather than in a form, so that every path (admin forms, undo, restore from a
        backup) meets the rule.
        """
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and field.name not in (exclude or ()):
                allowed = JOINERS if field.name.endswith(("_ur", "_pa")) else frozenset()
                try:
                    validate_no_format_characters(getattr(self, field.attname), allowed)
                except ValidationError as error:
                    errors.setdefault(field.name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


def content_models() -> list[type[ContentModel]]:
    """Every content model, in the order they are defined here (parents before children)."""
    return [m for m in apps.get_app_config("content").get_models() if issubclass(m, ContentModel)]


class SingletonModel(ContentModel):
    """A model with exactly one row (pk=1), created on first use."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Helpline(SingletonModel):
    """The Stop It Now! helpline and the other ways to reach the charity's help."""

    admin_section = SECTION_HELPLINE

    name = models.CharField(
        _("service name"),
        max_length=100,
        default="Stop It Now!",
        help_text=_("The helpline's name as the public knows it."),
    )
    phone = PhoneNumberField(
        _("helpline number"),
        region="GB",
        validators=[phones.validate_uk_number],
        help_text=_(
            "The UK number people call, for example 0808 1000 900. It is checked as a real "
            "UK number and stored in international form; the site makes the tap-to-call link."
        ),
    )
    phone_display = models.CharField(
        _("how the number is grouped on the site"),
        max_length=30,
        blank=True,
        validators=[validate_grouping],
        help_text=_(
            "Optional. The spacing to show, for example '0808 1000 900'. It must have the same "
            "digits as the number above. Leave blank for the standard UK grouping."
        ),
    )
    phone_note = models.CharField(
        _("note about calls"),
        max_length=300,
        blank=True,
        help_text=_("Shown next to the number, for example that calls are free from UK phones."),
    )
    ireland_phone = PhoneNumberField(
        _("number for callers in Ireland"),
        region="GB",
        blank=True,
        validators=[phones.validate_uk_number],
        help_text=_("In international form, for example +44 1372 847 161. Leave blank to hide it."),
    )
    ireland_phone_display = models.CharField(
        _("how the Ireland number is grouped"),
        max_length=30,
        blank=True,
        validators=[validate_grouping],
        help_text=_("Optional spacing, with the same digits as the Ireland number."),
    )
    selfhelp_name = models.CharField(
        _("self-help website name"),
        max_length=100,
        default="Stop It Now! Get Help",
        help_text=_("The name of the charity's free, anonymous self-help website."),
    )
    selfhelp_url = WebLinkField(
        _("self-help website address"),
        help_text=_("Full address starting https://. Linked from every page."),
    )
    live_chat_url = WebLinkField(
        _("live chat address"),
        blank=True,
        help_text=_("Full address of the live chat page. Leave blank to hide live chat."),
    )
    secure_email_url = WebLinkField(
        _("secure email address"),
        blank=True,
        help_text=_("Full address of the secure email form. Leave blank to hide it."),
    )
    languages_note = models.CharField(
        _("languages"),
        max_length=300,
        blank=True,
        help_text=_("Which languages calls can be taken in, for example English or Welsh."),
    )
    interpreter_note = models.CharField(
        _("interpreters"),
        max_length=300,
        blank=True,
        help_text=_("What the helpline offers callers who need an interpreter."),
    )
    confidentiality_text = models.TextField(
        _("confidentiality"),
        help_text=_(
            "How the helpline treats what callers say. Say both halves honestly: callers need "
            "not give their name, and what is passed on if they do and a child is at risk."
        ),
    )
    details_last_verified = models.DateField(
        _("details last checked with the charity"),
        null=True,
        blank=True,
        help_text=_("The date someone confirmed these details with the charity. Blank means never."),
    )
    hours_last_verified = models.DateField(
        _("opening hours last checked with the charity"),
        null=True,
        blank=True,
        help_text=_(
            "The date someone confirmed the opening hours below with the charity. Blank means "
            "the hours are not yet confirmed."
        ),
    )

    class Meta:
        verbose_name = _("helpline details")
        verbose_name_plural = _("helpline details")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("pages:get_help")

    # How the site shows each number, and the tap-to-call link it makes.
    @property
    def phone_shown(self) -> str:
        return phones.grouped(self.phone, self.phone_display) if self.phone else ""

    @property
    def phone_tel(self) -> str:
        return phones.tel_href(self.phone) if self.phone else ""

    @property
    def ireland_shown(self) -> str:
        return phones.grouped(self.ireland_phone, self.ireland_phone_display) if self.ireland_phone else ""

    @property
    def ireland_tel(self) -> str:
        return phones.tel_href(self.ireland_phone) if self.ireland_phone else ""

    def clean(self):
        errors = {}
        if self.phone and self.phone_display:
            if not phones.same_digits(self.phone, self.phone_display):
                errors["phone_display"] = _(
                    "This grouping has different digits from the helpline number. "
                    "Use the same digits, or leave it blank."
                )
        if self.ireland_phone and self.ireland_phone_display:
            if not phones.same_digits(self.ireland_phone, self.ireland_phone_display):
                errors["ireland_phone_display"] = _(
                    "This grouping has different digits from the Ireland number."
                )
        if self.ireland_phone_display and not self.ireland_phone:
            errors["ireland_phone_display"] = _("Enter the Ireland number first.")
        if errors:
            raise ValidationError(errors)


class OpeningPeriod(ContentModel):
    """One stretch of time on one weekday when the helpline answers (Europe/London time)."""

    admin_section = SECTION_HELPLINE

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    helpline = models.ForeignKey(
        Helpline,
        on_delete=models.CASCADE,
        related_name="opening_periods",
        help_text=_("The helpline these hours belong to."),
    )
    weekday = models.IntegerField(_("day"), choices=Weekday.choices, help_text=_("The day of the week."))
    opens = models.TimeField(_("opens"), help_text=_("UK time, for example 9am, 9:30am or 13:00."))
    closes = models.TimeField(
        _("closes"),
        help_text=_("UK time, for example 5pm or 21:00. Later than the opening time on the same day."),
    )

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="opening_period_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_period_valid_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {hours.clock(self.opens)} to {hours.clock(self.closes)}"

    def get_absolute_url(self):
        return reverse("pages:get_help")

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The closing time must be later than the opening time.")})


class Closure(ContentModel):
    """Dates when the helpline is closed all day: bank holidays, Christmas, training days."""

    admin_section = SECTION_HELPLINE

    helpline = models.ForeignKey(
        Helpline,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("The helpline that is closed."),
    )
    start_date = models.DateField(_("first day closed"), help_text=_("The first day of the closure."))
    end_date = models.DateField(
        _("last day closed"),
        help_text=_("The last day of the closure. Leave it blank for a single day."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=100,
        help_text=_("Shown to the public, for example 'Christmas Day' or 'Bank holiday'."),
    )

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_ends_after_start"
            ),
        ]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.reason}: {self.start_date:%a %d %b %Y}"
        return f"{self.reason}: {self.start_date:%a %d %b %Y} to {self.end_date:%a %d %b %Y}"

    def get_absolute_url(self):
        return reverse("pages:get_help")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The last day closed cannot be before the first day closed.")}
            )


class HelpService(ContentModel):
    """Another organisation the site sends people to (Samaritans, Shore, IWF, NSPCC, ...).

    Pages list services by group, so a new service appears where its group is shown
    without any change to a template.
    """

    admin_section = SECTION_HELPLINE

    class Group(models.TextChoices):
        CRISIS = "crisis", _("Crisis lines (on every page)")
        YOUNG_PEOPLE = "young", _("Young people")
        REMOVE = "remove", _("Removing an image of an under-18")
        REPORT = "report", _("Reporting images")
        CHILD = "child", _("Worried about a child")
        FAMILY = "family", _("Support for partners, family and friends")
        ARREST = "arrest", _("After an arrest")
        POLICE = "police", _("Police (not an emergency)")

    slug = models.SlugField(
        _("short name"),
        unique=True,
        help_text=_(
            "Used in the counted link to the service (/go/short-name/). Lower-case letters, "
            "digits and hyphens. Changing it changes that address."
        ),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The service's name."))
    group = models.CharField(
        _("where it is listed"),
        max_length=10,
        choices=Group.choices,
        help_text=_("The part of the site that lists it. Crisis lines are on every page."),
    )
    description = models.TextField(
        _("what it offers"),
        max_length=400,
        blank=True,
        help_text=_(
            "One or two short sentences, for example 'Talk to someone about how you are feeling.' "
            "Say if reports can be anonymous or not."
        ),
    )
    availability = models.CharField(
        _("when and what it costs"),
        max_length=100,
        blank=True,
        help_text=_("Short, for example 'Free, 24 hours a day' or 'Free, for anyone under 19'."),
    )
    url = WebLinkField(_("website"), blank=True, help_text=_("Full address starting https://."))
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("As shown, for example '116 123'. Leave blank if there is none."),
    )
    text_number = models.CharField(
        _("text message number"),
        max_length=20,
        blank=True,
        help_text=_("For a text service, for example 85258. Leave blank if there is none."),
    )
    text_keyword = models.CharField(
        _("word to text"),
        max_length=20,
        blank=True,
        help_text=_("Optional, for example SHOUT: the site says 'Text SHOUT to 85258'."),
    )
    checked_on = models.DateField(
        _("last checked with the organisation"),
        null=True,
        blank=True,
        help_text=_(
            "The date someone checked the address, numbers and description against the "
            "organisation's own website. Blank means never."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers are listed first."))

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("other help service")
        verbose_name_plural = _("other help services")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("pages:get_help")

    @property
    def phone_tel(self) -> str:
        return phones.short_tel_href(self.phone) if self.phone else ""

    @property
    def text_href(self) -> str:
        return phones.short_tel_href(self.text_number).replace("tel:", "sms:", 1) if self.text_number else ""

    def clean(self):
        errors = {}
        if self.phone and not phones.dialable(self.phone):
            errors["phone"] = _("Enter a phone number using digits and spaces only.")
        if self.text_number and not phones.dialable(self.text_number):
            errors["text_number"] = _("Enter a text number using digits and spaces only.")
        if self.text_keyword and not self.text_number:
            errors["text_keyword"] = _("Enter the number to text first.")
        if errors:
            raise ValidationError(errors)


class Partner(ContentModel):
    """An organisation behind the campaign, shown in the footer of every page."""

    admin_section = SECTION_PAGES

    name = models.CharField(_("name"), max_length=120, help_text=_("The organisation's name."))
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_(
            "PNG, JPEG or WebP, up to 25 MB and 8,000 pixels on a side (a print-quality file is "
            "fine). It is checked, made smaller and re-saved by the site. Leave blank to show "
            "the name as text."
        ),
    )
    logo_width = models.PositiveIntegerField(editable=False, null=True)
    logo_height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        _("logo description (alt text)"),
        max_length=200,
        blank=True,
        help_text=_("Required with a logo: what a screen reader says, usually the organisation's name."),
    )
    url = WebLinkField(_("website"), blank=True, help_text=_("Full address starting https://."))

    class Role(models.TextChoices):
        RUNS = "runs", _("Runs the campaign")
        SUPPORTS = "supports", _("Supports the campaign")

    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Role.choices,
        default=Role.SUPPORTS,
        help_text=_("The home page's 'About this campaign' names who runs it and who supports it."),
    )
    description = models.CharField(
        _("short description"),
        max_length=150,
        blank=True,
        help_text=_(
            "Optional, follows the name in 'About this campaign', for example 'a child protection "
            "charity that runs the Stop It Now! helpline'."
        ),
    )
    press_logo = models.BooleanField(
        _("logo licensed for press use"),
        default=False,
        help_text=_(
            "Tick only when the partner allows journalists to download and print its logo from the press page."
        ),
    )
    on_materials = models.BooleanField(
        _("appears on campaign materials"),
        default=False,
        help_text=_(
            "Tick only when the partner has agreed to be named on posters, cards and other "
            "materials the site makes."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))
    visible = models.BooleanField(_("shown on the site"), default=True, help_text=_("Untick to hide."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(condition=Q(logo="") | ~Q(alt_text=""), name="partner_logo_has_alt_text"),
        ]

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        # Old logo files are never deleted, so any earlier version in the history (or a
        # deleted partner) can be restored with its logo.
        # (The admin's form stores an upload as soon as it is valid; see content.forms.LogoField.)
        if self.logo and not self.logo._committed:
            self.logo, self.logo_width, self.logo_height = self.store_logo(self.logo.file)
        elif not self.logo:
            self.logo_width = self.logo_height = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:home")

    @property
    def logo_url(self) -> str:
        """Logos are served by the app itself (pages.media), whatever the storage: an address
        on this site, never the bucket's, so public pages make no request to another host."""
        return reverse("upload", kwargs={"name": self.logo.name}) if self.logo else ""

    def clean(self):
        if self.logo and not self.alt_text.strip():
            raise ValidationError({"alt_text": _("Describe the logo for people who cannot see it.")})

    @classmethod
    def store_logo(cls, fileobj) -> tuple[str, int, int]:
        """Check an upload, re-encode it (dropping metadata and anything hidden after the
        image data; downscaled) and store it under a name made from its content hash:
        unguessable, and a changed logo gets a new URL, so it can be cached for ever.
        Returns (storage name, width, height). Raises ValidationError for a bad file."""
        data, ext, width, height = reencode_logo(fileobj)
        field = cls._meta.get_field("logo")
        name = field.generate_filename(None, f"{hashlib.sha256(data).hexdigest()[:32]}.{ext}")
        # The same image uploaded before (or restored) reuses that file, not a copy.
        if not field.storage.exists(name):
            name = field.storage.save(name, ContentFile(data))
        return name, width, height


class Figure(ContentModel):
    """A local statistic with its year and source, for example the 1,365 people who sought help
    in 2018. Shown as "In 2018, 1,365 people ..." with the source beside it."""

    admin_section = SECTION_PAGES

    class Topic(models.TextChoices):
        HELP = "help", _("People asking for help")
        ARRESTS = "arrests", _("Police activity (arrests)")

    topic = models.CharField(
        _("topic"),
        max_length=10,
        choices=Topic.choices,
        default=Topic.HELP,
        help_text=_(
            "Police activity figures are shown on their own. The site says police activity is "
            "increasing only when two years are entered and the later number is higher."
        ),
    )
    value = models.PositiveIntegerField(
        _("number"), help_text=_("Whole number only, for example 1365. It is shown as 1,365.")
    )
    label = models.CharField(
        _("what it counts"),
        max_length=150,
        help_text=_(
            "Follows the number, for example 'people from West Yorkshire asked the charity for help'."
        ),
    )
    detail = models.CharField(
        _("more detail"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional second short sentence, for example 'They used its self-help website or called.'"
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the figure is for, for example 2018. The site says 'In 2018, ...'."),
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who published it, for example the charity.")
    )
    source_url = WebLinkField(
        _("source link"),
        blank=True,
        help_text=_("Where the figure is published. Full address starting https://."),
    )
    last_verified = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("The date someone checked this against the source. Blank means never."),
    )
    review_months = models.PositiveSmallIntegerField(
        _("check again after (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "The admin home page lists the figure when this many months have passed since its last check."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))
    show_on_home = models.BooleanField(
        _("shown on the home page"), default=True, help_text=_("Untick to hide it from the home page.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("local figure")
        verbose_name_plural = _("local figures")

    def __str__(self):
        return f"{self.value:,} {self.label} ({self.year})"

    def get_absolute_url(self):
        return reverse("pages:home")


def police_trend(figures) -> tuple | None:
    """(earlier, later) arrest figures when two years are entered and the later is higher:
    the only case in which the site may say that police activity is increasing."""
    by_year = {}
    for figure in figures:
        if figure.topic == Figure.Topic.ARRESTS:
            by_year[figure.year] = figure
    if len(by_year) < 2:
        return None
    later_year, earlier_year = sorted(by_year, reverse=True)[:2]
    earlier, later = by_year[earlier_year], by_year[later_year]
    return (earlier, later) if later.value > earlier.value else None


class LegalPoint(ContentModel):
    """A legal detail (register periods, sentencing) held back until a lawyer has reviewed it."""

    admin_section = SECTION_PAGES

    class Status(models.TextChoices):
        NEEDS_REVIEW = "review", _("Needs legal review (not shown)")
        APPROVED = "approved", _("Approved by legal review (shown)")

    class Section(models.TextChoices):
        GREY_AREAS = "grey", _("No grey areas (what the law covers)")
        REGISTER = "register", _("The sex offenders register")
        SENTENCING = "sentencing", _("Sentences")

    section = models.CharField(
        _("section"),
        max_length=10,
        choices=Section.choices,
        default=Section.REGISTER,
        help_text=_("Where on the consequences page it appears once approved."),
    )
    title = models.CharField(_("heading"), max_length=150, help_text=_("A short heading."))
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text. Keep sentences short. A blank line starts a new paragraph; a line starting '- ' is a list item."
        ),
    )
    review_note = models.TextField(
        _("what the reviewer should check"),
        blank=True,
        help_text=_("For the lawyer and the comms team only. Never shown on the site."),
    )
    status = models.CharField(
        _("legal review"),
        max_length=10,
        choices=Status.choices,
        default=Status.NEEDS_REVIEW,
        help_text=_("Only text approved by legal review appears on the consequences page."),
    )
    reviewed_by = models.CharField(
        _("reviewed by"), max_length=150, blank=True, help_text=_("Who approved it.")
    )
    reviewed_on = models.DateField(
        _("reviewed on"), null=True, blank=True, help_text=_("When it was approved.")
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("legal detail")
        verbose_name_plural = _("legal details")

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("pages:consequences")

    def clean(self):
        if self.status == self.Status.APPROVED and not (self.reviewed_by and self.reviewed_on):
            raise ValidationError(_("Say who approved this and when before it can be shown on the site."))


class PressRelease(ContentModel):
    """A press release on /press/ and in its Atom feed, with its approved quotes."""

    admin_section = SECTION_PRESS

    title = models.CharField(_("title"), max_length=200, help_text=_("The headline."))
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The end of its address, /press/address/: lower-case letters, digits and hyphens. "
            "Left blank, it is made from the title. Do not change it once published: links break."
        ),
    )
    published_on = models.DateField(
        _("date"), default=datetime.date.today, help_text=_("The release date shown.")
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences, shown in the list and in the feed.")
    )
    body = models.TextField(
        _("text"),
        max_length=20000,
        help_text=_(
            "Plain text, no HTML. A blank line starts a new paragraph; a line starting '## ' is a "
            "heading; a line starting '- ' is a list item."
        ),
    )
    visible = models.BooleanField(
        _("published"), default=False, help_text=_("Tick to show it on the press page and in the feed.")
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80].strip("-")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:press_release", args=[self.slug])

    def clean(self):
        if not self.slug and self.title:
            self.slug = slugify(self.title)[:80].strip("-")
        if not self.slug:
            raise ValidationError({"slug": _("Enter an address made of letters, digits and hyphens.")})


class PressQuote(ContentModel):
    """A quote for a press release, shown only once the speaker has approved the wording."""

    admin_section = SECTION_PRESS

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="quotes",
        help_text=_("The release it belongs to."),
    )
    quote = models.TextField(_("quote"), max_length=1500, help_text=_("The words, without quotation marks."))
    speaker = models.CharField(_("speaker"), max_length=150, help_text=_("The person's name."))
    role = models.CharField(
        _("role"),
        max_length=200,
        help_text=_(
            "Their job title and organisation, for example 'Detective Superintendent, West Yorkshire Police'."
        ),
    )
    approved = models.BooleanField(
        _("approved by the speaker"), default=False, help_text=_("Only approved quotes are shown.")
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("press quote")
        verbose_name_plural = _("press quotes")

    def __str__(self):
        return f"{self.speaker}: {Truncator(self.quote).words(8)}"

    def get_absolute_url(self):
        return self.release.get_absolute_url() if self.release_id else reverse("pages:press")


class MediaContact(ContentModel):
    """Who journalists contact: shown on /press/."""

    admin_section = SECTION_PRESS

    name = models.CharField(
        _("name"), max_length=150, help_text=_("For example 'West Yorkshire Police press office'.")
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Optional if there is a phone number."))
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("As shown, for example '01924 292 000'. Optional if there is an email."),
    )
    hours = models.CharField(
        _("when to call"),
        max_length=150,
        blank=True,
        help_text=_("For example 'Monday to Friday, 9am to 5pm'."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("pages:press")

    @property
    def phone_tel(self) -> str:
        return phones.short_tel_href(self.phone) if self.phone else ""

    def clean(self):
        if self.phone and not phones.dialable(self.phone):
            raise ValidationError({"phone": _("Enter a phone number using digits and spaces only.")})
        if not (self.email or self.phone):
            raise ValidationError(_("Enter an email address or a phone number."))


class SiteLanguage(ContentModel):
    """A language the public site is offered in besides English: whether it is shown, and
    whether a qualified translator has checked it. Each is seeded as a draft that is shown."""

    admin_section = SECTION_SETTINGS

    class Review(models.TextChoices):
        DRAFT = "draft", _("Draft: awaiting review by a qualified translator")
        REVIEWED = "reviewed", _("Reviewed by a qualified translator")

    code = models.CharField(
        _("language"),
        max_length=10,
        unique=True,
        choices=[(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE],
        help_text=_("Its pages are at /code/, for example /ur/ for Urdu."),
    )
    review = models.CharField(
        _("translation checked"),
        max_length=10,
        choices=Review.choices,
        default=Review.DRAFT,
        help_text=_(
            "While it is a draft, every page in this language says, in the language and in English, "
            "that the translation has not been checked yet."
        ),
    )
    reviewed_by = models.CharField(
        _("reviewed by"), max_length=150, blank=True, help_text=_("The translator's name.")
    )
    reviewed_on = models.DateField(
        _("reviewed on"), null=True, blank=True, help_text=_("When they checked it.")
    )
    shown = models.BooleanField(
        _("shown"),
        default=True,
        help_text=_(
            "Untick to hide this language: its addresses then lead to the English pages, and it "
            "leaves the language links and the sitemap."
        ),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return str(self.get_code_display())

    def get_absolute_url(self):
        return f"/{self.code}/"

    def clean(self):
        if self.review == self.Review.REVIEWED and not (self.reviewed_by and self.reviewed_on):
            raise ValidationError(_("Say who reviewed the translation and when."))


class SiteSettings(SingletonModel):
    """Site-wide facts that go stale: the privacy notice's controllers and contacts, and the
    accessibility statement's contact and dates."""

    admin_section = SECTION_SETTINGS

    privacy_controller = models.TextField(
        _("who is responsible for personal data (the controller)"),
        max_length=500,
        blank=True,
        help_text=_(
            "The organisation or organisations legally responsible for the personal data this "
            "website holds, with their addresses, as your data protection lead confirms them. "
            "Shown on the privacy notice."
        ),
    )
    privacy_contact_email = models.EmailField(
        _("privacy contact email"),
        blank=True,
        help_text=_("Where people ask about their data or use their rights."),
    )
    privacy_dpo = models.CharField(
        _("data protection officer"),
        max_length=300,
        blank=True,
        help_text=_("Optional: the data protection officer's name or team and how to reach them."),
    )
    privacy_updated_on = models.DateField(
        _("privacy notice last updated"),
        default=datetime.date.today,
        help_text=_("Change this whenever the privacy notice or these details change."),
    )
    log_retention_days = models.PositiveSmallIntegerField(
        _("days the hosting keeps server logs"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Ask the hosting team. The privacy notice says how long logs are kept. Blank: not yet confirmed."
        ),
    )
    accessibility_contact_email = models.EmailField(
        _("accessibility contact email"),
        blank=True,
        help_text=_(
            "Where people report an accessibility problem. Not a police address: many readers of "
            "this site would not contact the police. Shown on the accessibility statement."
        ),
    )
    accessibility_contact_url = WebLinkField(
        _("accessibility contact form"),
        blank=True,
        help_text=_("Optional: a web form for accessibility problems, instead of or as well as the email."),
    )
    accessibility_prepared_on = models.DateField(
        _("statement prepared on"),
        default=datetime.date.today,
        help_text=_("When the accessibility statement was first prepared."),
    )
    accessibility_reviewed_on = models.DateField(
        _("statement last reviewed on"),
        default=datetime.date.today,
        help_text=_("When the statement was last reviewed."),
    )
    accessibility_next_review = models.DateField(
        _("next review due"),
        default=a_year_from_today,
        help_text=_("When the statement must next be reviewed (at least once a year)."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def get_absolute_url(self):
        return reverse("pages:accessibility")

    @property
    def accessibility_contact(self) -> bool:
        return bool(self.accessibility_contact_email or self.accessibility_contact_url)

    def clean(self):
        for name in ("accessibility_contact_email", "accessibility_contact_url"):
            value = (getattr(self, name) or "").lower()
            if "police.uk" in value:
                raise ValidationError(
                    {
                        name: _(
                            "Use a contact that is not the police: many readers of this site would not contact the police."
                        )
                    }
                )


class FaqEntry(ContentModel):
    """A question people ask before they call, and its answer, on the Questions page."""

    admin_section = SECTION_PAGES

    question = models.CharField(_("question"), max_length=200, help_text=_("As a person would ask it."))
    answer = models.TextField(
        _("answer"),
        max_length=2000,
        help_text=_(
            "Plain text, short sentences. A blank line starts a new paragraph; a line starting '- ' is a list item."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers first."))
    visible = models.BooleanField(_("shown on the site"), default=True, help_text=_("Untick to hide."))
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=150,
        blank=True,
        help_text=_("Who last checked that the answer is right."),
    )
    reviewed_on = models.DateField(
        _("reviewed on"),
        null=True,
        blank=True,
        help_text=_("When. The admin home page lists answers never reviewed."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self):
        return str(self.question)

    def get_absolute_url(self):
        return reverse("pages:faq")


class GlossaryTerm(ContentModel):
    """A word or phrase the site must never use, or must use only after a second look.

    The one editable place for the wording guard (`content.glossary`): every text field
    that comms staff edit in the admin is checked against these terms.
    """

    admin_section = SECTION_SETTINGS

    class Kind(models.TextChoices):
        BANNED = "banned", _("Never use (the text is refused)")
        WARN = "warn", _("Stigmatising (the editor must confirm they checked it)")

    term = models.CharField(
        _("word or phrase"),
        max_length=100,
        help_text=_(
            "Matched as a whole word, in any mix of capitals, with or without a plural s. "
            "For a phrase, the words may be joined by spaces or hyphens."
        ),
    )
    kind = models.CharField(
        _("what happens"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("Refused outright, or a warning the editor must acknowledge."),
    )
    preferred = models.CharField(
        _("say instead"),
        max_length=250,
        help_text=_("The wording to use instead. It is shown in the message the editor sees."),
    )
    note = models.TextField(
        _("why"),
        blank=True,
        help_text=_("Optional. Why the term is on the list, for whoever edits the list next."),
    )

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("wording glossary")
        constraints = [
            models.UniqueConstraint(Lower("term"), name="glossary_term_unique_any_case"),
            models.CheckConstraint(condition=Q(kind__in=["banned", "warn"]), name="glossary_term_valid_kind"),
        ]

    def __str__(self):
        return str(self.term)

    def clean(self):
        self.term = " ".join((self.term or "").split())
        if not self.term:
            raise ValidationError({"term": _("Enter a word or phrase.")})
        clash = GlossaryTerm.objects.filter(term__iexact=self.term).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"term": _("This word is already in the glossary.")})
