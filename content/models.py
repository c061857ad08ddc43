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
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from content import hours, phones
from content.validators import reencode_logo, validate_grouping, validate_logo, validate_no_format_characters

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
SECTION_SETTINGS = _("Checks and settings")


def a_year_from_today():
    return datetime.date.today() + datetime.timedelta(days=365)


class ContentModel(models.Model):
    """Content that comms staff edit (see the module docstring for what that brings).

    `admin_section` names the group it is listed under on the admin home page.
    """

    admin_section = _("Other content")

    history = HistoricalRecords(inherit=True)

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
                try:
                    validate_no_format_characters(getattr(self, field.attname))
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
    """Another organisation the site sends people to (Samaritans, Shore, IWF, ...)."""

    admin_section = SECTION_HELPLINE

    class Group(models.TextChoices):
        YOUNG_PEOPLE = "young", _("Young people")
        REPORT = "report", _("Reporting images")
        CRISIS = "crisis", _("Crisis and urgent help")
        OTHER = "other", _("Other help")

    slug = models.SlugField(
        _("short name"),
        unique=True,
        help_text=_("Used by the site's pages to find this service. Do not change it."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The service's name."))
    group = models.CharField(
        _("group"), max_length=10, choices=Group.choices, help_text=_("Where it belongs.")
    )
    url = WebLinkField(_("website"), blank=True, help_text=_("Full address starting https://."))
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("As shown, for example '116 123'. Leave blank if there is none."),
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

    def clean(self):
        if self.phone and not phones.dialable(self.phone):
            raise ValidationError({"phone": _("Enter a phone number using digits and spaces only.")})


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
    """A local statistic with its period and source, for example 1,365 people who sought help."""

    admin_section = SECTION_PAGES

    value = models.PositiveIntegerField(
        _("number"), help_text=_("Whole number only, for example 1365. It is shown as 1,365.")
    )
    label = models.CharField(
        _("what it counts"),
        max_length=250,
        help_text=_("Follows the number, for example 'people from West Yorkshire sought help'."),
    )
    period = models.CharField(
        _("period or year"),
        max_length=100,
        help_text=_("When it applies, for example '2024' or 'in the year before the campaign'."),
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who published it, for example the charity.")
    )
    source_url = WebLinkField(
        _("source link"), blank=True, help_text=_("Optional. Full address starting https://.")
    )
    last_verified = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("The date someone checked this against the source. Blank means never."),
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
        return f"{self.value:,} {self.label}"

    def get_absolute_url(self):
        return reverse("pages:home")


class LegalPoint(ContentModel):
    """A legal detail (register periods, sentencing) held back until a lawyer has reviewed it."""

    admin_section = SECTION_PAGES

    class Status(models.TextChoices):
        NEEDS_REVIEW = "review", _("Needs legal review (not shown)")
        APPROVED = "approved", _("Approved by legal review (shown)")

    title = models.CharField(_("heading"), max_length=150, help_text=_("A short heading."))
    body = models.TextField(_("text"), help_text=_("Plain text. Keep sentences short."))
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


class SiteSettings(SingletonModel):
    """Site-wide facts that go stale: the accessibility statement's dates and contact."""

    admin_section = SECTION_SETTINGS

    accessibility_contact_email = models.EmailField(
        _("accessibility contact email"),
        blank=True,
        help_text=_("Where people report an accessibility problem. Shown on the accessibility statement."),
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
