"""Admin forms that make mistakes hard to make.

* `GlossaryCheckMixin`: every free-text field is checked against the wording glossary
  (banned terms refused; stigmatising terms need an explicit "I have checked this
  wording").
* `NumberConfirmationMixin`: a change to a number people dial is not saved until the
  editor has seen the old and new number side by side and confirmed; the confirmation
  is a signed token bound to the record, the old and new number and the editor, so a
  crafted POST cannot skip it.
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import glossary, hours, phones

# The name of the checkbox that acknowledges glossary warnings. Its value lists the
# terms the editor was shown ("monster|nonce"), so ticking it once does not wave
# through a different stigmatising word added later.
WORDING_ACK = "wording_checked"

NUMBER_TOKEN = "number_confirmation_token"  # noqa: S105  (a field name, not a secret)
NUMBER_CONFIRMED = "confirm_number"
NUMBER_SALT = "content.number-confirmation"
NUMBER_TOKEN_MAX_AGE = 60 * 60  # an hour to check the number with a colleague
# Like WORDING_ACK, for closure warnings: the value lists the warnings the editor saw.
CLOSURE_ACK = "closure_checked"


def acknowledged(data, name) -> set[str]:
    """The warning keys an editor ticked in the checkbox `name` ("key|key")."""
    return set(filter(None, str(data.get(name, "")).lower().split("|")))


class GlossaryCheckMixin:
    """Check a ModelForm's free-text fields against the glossary."""

    def _glossary_field_names(self):
        model_fields = set(glossary.text_fields(self._meta.model))
        return [name for name in self.fields if name in model_fields]

    def clean(self):
        cleaned = super().clean()
        self.glossary_warnings = []
        names = [n for n in self._glossary_field_names() if cleaned.get(n)]
        if not names:
            return cleaned
        terms = glossary.load_terms()
        ticked = acknowledged(self.data, WORDING_ACK)
        for name in names:
            # In a translated field (question_ur), the message says which language it is.
            language = glossary.language_of_field(name)
            for hit in glossary.find(cleaned[name], terms):
                if hit.banned:
                    # Always, even in text nobody touched: these must never be on the site.
                    message = language + glossary.banned_message(hit)
                    self.add_error(name, ValidationError(message, code="banned_term"))
                elif name in self.changed_data:
                    self.glossary_warnings.append((self.fields[name].label, hit))
                    if hit.key not in ticked:
                        message = language + glossary.warning_message(hit)
                        self.add_error(name, ValidationError(message, code="warned_term"))
        return cleaned


# --- Numbers people dial ------------------------------------------------------------


@dataclass(frozen=True)
class NumberSpec:
    field: str
    display_field: str | None = None  # the editor's grouping, if the model has one
    kind: str = "uk"  # "uk": a PhoneNumberField; "short": a display string such as "116 123"


# model label -> the numbers on it that need confirming
CONFIRMED_NUMBERS = {
    "content.helpline": (
        NumberSpec("phone", "phone_display"),
        NumberSpec("ireland_phone", "ireland_phone_display"),
    ),
    "content.helpservice": (NumberSpec("phone", None, "short"),),
}


@dataclass(frozen=True)
class NumberChange:
    field: str
    label: str
    old: str  # normalised: E.164, or the digits of a short number; "" for none
    new: str
    old_shown: str
    new_shown: str
    old_tel: str
    new_tel: str


def _normalised(spec: NumberSpec, value) -> str:
    if not value:
        return ""
    if spec.kind == "short":
        return re.sub(r"[^0-9+]", "", str(value))
    return value.as_e164 if hasattr(value, "as_e164") else str(value)


def _shown(spec: NumberSpec, instance) -> tuple[str, str]:
    value = getattr(instance, spec.field)
    if not value:
        return "", ""
    if spec.kind == "short":
        return str(value).strip(), phones.short_tel_href(str(value))
    display = getattr(instance, spec.display_field, "") if spec.display_field else ""
    try:
        return phones.grouped(value, display), phones.tel_href(value)
    except Exception:  # an unparseable value: show it as stored
        return str(value), ""


def number_changes(before, after) -> list[NumberChange]:
    """The dialled numbers that differ between two versions of a record (before may be None),
    in the number itself or in how it is shown: someone may dial what they read."""
    specs = CONFIRMED_NUMBERS.get(after._meta.label_lower, ())
    changes = []
    for spec in specs:
        old = _normalised(spec, getattr(before, spec.field, "")) if before is not None else ""
        new = _normalised(spec, getattr(after, spec.field))
        old_shown, old_tel = _shown(spec, before) if before is not None else ("", "")
        new_shown, new_tel = _shown(spec, after)
        if old == new and old_shown == new_shown:
            continue
        label = str(after._meta.get_field(spec.field).verbose_name)
        changes.append(NumberChange(spec.field, label, old, new, old_shown, new_shown, old_tel, new_tel))
    return changes


def _payload(instance, user, changes):
    return {
        "m": instance._meta.label_lower,
        "pk": instance.pk,
        "u": user.pk,
        "c": [[c.field, c.old, c.new, c.old_shown, c.new_shown] for c in changes],
    }


def number_token(instance, user, changes) -> str:
    return signing.dumps(_payload(instance, user, changes), salt=NUMBER_SALT)


def number_confirmed(data, instance, user, changes) -> tuple[bool, str]:
    """(confirmed?, why not) for a POST that should confirm exactly these changes."""
    token = data.get(NUMBER_TOKEN, "")
    ticked = data.get(NUMBER_CONFIRMED) == "on"
    if not token:
        return False, ""
    try:
        payload = signing.loads(token, salt=NUMBER_SALT, max_age=NUMBER_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return False, _("That confirmation has expired.")
    except signing.BadSignature:
        return False, _("That confirmation is not valid.")
    if payload != _payload(instance, user, changes):
        return False, _("That confirmation was for a different number.")
    if not ticked:
        return False, _("Tick “Yes, publish this number” to confirm.")
    return True, ""


class NumberConfirmationMixin:
    """Hold back a change to a dialled number until the editor confirms it.

    The admin sets `request` on the form class. When everything else on the form is
    valid and a number changed, the form gets a non-field error and a fresh token, and
    the change form shows the old and new number side by side with a "Yes, publish this
    number" box. Only a POST carrying a valid token for exactly this record, these old
    and new numbers and this editor, with the box ticked, saves.
    """

    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self._numbers_before = (
            copy.copy(instance) if instance.pk is not None and not instance._state.adding else None
        )
        self.number_changes = []
        self.number_confirmation_token = ""
        self.number_problem = ""  # why a confirmation sent with the form was not accepted

    def _post_clean(self):
        super()._post_clean()
        if self._errors or self.request is None:
            return  # the editor fixes the other problems first
        changes = number_changes(self._numbers_before, self.instance)
        if not changes:
            return
        ok, why = number_confirmed(self.data, self.instance, self.request.user, changes)
        if ok:
            return
        self.number_changes = changes
        self.number_confirmation_token = number_token(self.instance, self.request.user, changes)
        self.number_problem = why
        # Shown as a confirmation step (the number-check panel), not as an error.
        self.add_error(None, ValidationError(NUMBER_STEP, code="confirm_number"))


NUMBER_STEP = gettext_lazy(
    "You are changing a number people dial. Nothing has been saved yet: check the old "
    "and new number below, tick “Yes, publish this number” and save again."
)
# Errors that are steps the editor completes on the same page rather than mistakes.
STEP_CODES = {"confirm_number", "warned_term", "closure_warning"}


def only_steps(form) -> bool:
    """True when every error on the form is a confirmation or acknowledgement step."""
    codes = [e.code for errors in form.errors.as_data().values() for e in errors]
    return bool(codes) and all(code in STEP_CODES for code in codes)


class ContentForm(NumberConfirmationMixin, GlossaryCheckMixin, forms.ModelForm):
    """The base form of every content model's admin page."""


class ContentInlineForm(GlossaryCheckMixin, forms.ModelForm):
    """The base form of the opening-hours and closures rows."""


# --- Opening times ----------------------------------------------------------------

_WORDS = {"midday": "12:00", "noon": "12:00", "12noon": "12:00", "midnight": "00:00", "12midnight": "00:00"}
_TIME = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2})(?::00)?)?(am|pm|a\.m\.|p\.m\.)?")


def parse_clock(text: str) -> datetime.time | None:
    """A time of day as people type it: 9, 9am, 09:00, 9.30pm, 21:00, 0930, midday."""
    text = re.sub(r"\s+", "", str(text).lower())
    match = _TIME.fullmatch(_WORDS.get(text, text))
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class ClockInput(forms.TextInput):
    """Shows a time as the public site writes it: 9am, 5:30pm, midday."""

    def __init__(self, attrs=None):
        super().__init__({"size": 8, "autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        return hours.clock(value) if isinstance(value, datetime.time) else super().format_value(value)


class ClockTimeField(forms.TimeField):
    widget = ClockInput
    default_error_messages = {
        "invalid": gettext_lazy(
            "“%(value)s” is not a time. Type it as you would say it, for example 9am, 5:30pm, "
            "midday or 21:00."
        )
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        parsed = parse_clock(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return parsed


def overlap_message(weekday, a_opens, a_closes, b_opens) -> str:
    from content.models import OpeningPeriod

    return _(
        "%(day)s has periods that overlap (%(a)s to %(b)s and one starting %(c)s). "
        "Make them separate, or join them into one period."
    ) % {
        "day": OpeningPeriod.Weekday(weekday).label,
        "a": hours.clock(a_opens),
        "b": hours.clock(a_closes),
        "c": hours.clock(b_opens),
    }


class PeriodForm(ContentForm):
    """An opening period on its own (its undo page): no overlap with the day's other periods."""

    def clean(self):
        from content.models import OpeningPeriod

        cleaned = super().clean()
        opens, closes, weekday = cleaned.get("opens"), cleaned.get("closes"), cleaned.get("weekday")
        if opens and closes and weekday is not None and self.instance.helpline_id:
            others = OpeningPeriod.objects.filter(
                helpline_id=self.instance.helpline_id, weekday=weekday, opens__lt=closes, closes__gt=opens
            ).exclude(pk=self.instance.pk)
            for other in others:
                self.add_error("opens", overlap_message(weekday, other.opens, other.closes, opens))
        return cleaned


class OpeningPeriodFormSet(forms.BaseInlineFormSet):
    """The rows on the helpline page are checked together: no two overlap on one day."""

    def clean(self):
        super().clean()
        by_day = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("weekday") is None or not data.get("opens"):
                continue
            if data.get("closes"):
                by_day.setdefault(data["weekday"], []).append((data["opens"], data["closes"], form))
        for weekday, periods in by_day.items():
            periods.sort(key=lambda p: p[0])
            for (o1, c1, _f1), (o2, _c2, f2) in zip(periods, periods[1:], strict=False):
                if o2 < c1:
                    f2.add_error("opens", overlap_message(weekday, o1, c1, o2))
                    raise ValidationError(overlap_message(weekday, o1, c1, o2))


# --- Closures -----------------------------------------------------------------------


class ClosureForm(ContentInlineForm):
    """A closure (on the helpline page, the Closures list or "Closed today").

    The last day may be left blank for a single day. A closure that overlaps another, or
    falls only on days the helpline does not open anyway, is a warning the editor can
    accept with "Keep it anyway" (CLOSURE_ACK), like the wording check.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "end_date" in self.fields:
            self.fields["end_date"].required = False
        if not self.instance.helpline_id:  # there is one helpline (a singleton, pk 1)
            from content.models import Helpline

            self.instance.helpline_id = Helpline.objects.values_list("pk", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and not end:
            cleaned["end_date"] = end = start
        self.closure_warnings = []
        if self.instance.helpline_id is None:
            raise ValidationError(_("Enter the helpline details first."))
        dates_new = self.instance._state.adding or {"start_date", "end_date"} & set(self.changed_data)
        if start and end and start <= end and dates_new and not cleaned.get("DELETE"):
            ticked = acknowledged(self.data, CLOSURE_ACK)
            for key, message in self._warnings(start, end):
                self.closure_warnings.append((key, message))
                if key not in ticked:
                    self.add_error("start_date", ValidationError(message, code="closure_warning"))
        return cleaned

    def _warnings(self, start, end):
        from content.models import Closure, OpeningPeriod

        helpline = self.instance.helpline_id
        others = Closure.objects.filter(helpline_id=helpline, start_date__lte=end, end_date__gte=start)
        for other in others.exclude(pk=self.instance.pk):
            yield (
                f"overlap-{other.pk}-{start:%Y%m%d}-{end:%Y%m%d}",
                _("The helpline is already closed on some of these days: “%(other)s”.") % {"other": other},
            )
        open_days = set(OpeningPeriod.objects.filter(helpline_id=helpline).values_list("weekday", flat=True))
        days = [start + datetime.timedelta(days=n) for n in range(min((end - start).days, 6) + 1)]
        if open_days and not any(day.weekday() in open_days for day in days):
            yield (
                f"closed-anyway-{start:%Y%m%d}-{end:%Y%m%d}",
                _("The helpline does not open on %(days)s anyway, so this closure changes nothing.")
                % {"days": ", ".join(date_format(day, "l j F") for day in days)},
            )


# --- Logos ----------------------------------------------------------------------------

KEPT_SALT = "content.kept-upload"


class StoredLogo(str):
    """The storage name of an upload that was checked, re-encoded and stored."""

    def __new__(cls, name, width, height, original=""):
        stored = super().__new__(cls, name)
        stored.width, stored.height, stored.original = width, height, original
        return stored

    @property
    def token(self) -> str:
        return signing.dumps([str(self), self.width, self.height, self.original], salt=KEPT_SALT)

    @classmethod
    def from_token(cls, token):
        try:
            return cls(*signing.loads(token, salt=KEPT_SALT, max_age=24 * 60 * 60))
        except (signing.BadSignature, TypeError, ValueError):
            return None


class KeptUploadInput(AdminFileWidget):
    """The admin's file input, plus the upload it already accepted (carried in a signed
    hidden field) and the size limit for the browser to check before sending."""

    def kept_name(self, name):
        return f"{name}_kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None and data.get(self.kept_name(name)):
            return StoredLogo.from_token(data[self.kept_name(name)])
        return upload

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-max-bytes": settings.MAX_STAFF_UPLOAD_BYTES}
        attrs.setdefault("accept", "image/png,image/jpeg,image/webp")
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, None if isinstance(value, StoredLogo) else value, attrs, renderer)
        if not isinstance(value, StoredLogo):
            return html
        return html + format_html(
            '<input type="hidden" name="{}" value="{}"><p class="kept-upload"><img class="logo-thumb" src="{}" alt=""> {}</p>',
            self.kept_name(name),
            value.token,
            reverse("upload", kwargs={"name": str(value)}),
            _("Uploaded: %(name)s (kept while you fix the form)") % {"name": value.original or value},
        )


class LogoField(forms.FileField):
    """An image upload that is checked, re-encoded and stored as soon as it is valid."""

    widget = KeptUploadInput

    def to_python(self, data):
        if isinstance(data, StoredLogo) or data in self.empty_values:
            return data or None
        upload = super().to_python(data)
        from content.models import Partner

        name, width, height = Partner.store_logo(upload)
        upload.stored = StoredLogo(name, width, height, upload.name)
        return upload.stored

    def bound_data(self, data, initial):
        return data if isinstance(data, StoredLogo) else getattr(data, "stored", None) or initial


class PartnerForm(ContentForm):
    def _post_clean(self):
        super()._post_clean()
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, StoredLogo):
            self.instance.logo = str(logo)
            self.instance.logo_width, self.instance.logo_height = logo.width, logo.height


class BankHolidayForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1000, max_value=9999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = _("The calendar year, for example %(year)s.") % {
            "year": timezone.localdate().year + 1
        }
