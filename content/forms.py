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
import re
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import glossary, phones

# The name of the checkbox that acknowledges glossary warnings. Its value lists the
# terms the editor was shown ("monster|nonce"), so ticking it once does not wave
# through a different stigmatising word added later.
WORDING_ACK = "wording_checked"

NUMBER_TOKEN = "number_confirmation_token"  # noqa: S105  (a field name, not a secret)
NUMBER_CONFIRMED = "confirm_number"
NUMBER_SALT = "content.number-confirmation"
NUMBER_TOKEN_MAX_AGE = 60 * 60  # an hour to check the number with a colleague


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
        acknowledged = set(filter(None, self.data.get(WORDING_ACK, "").lower().split("|")))
        for name in names:
            for hit in glossary.find(cleaned[name], terms):
                if hit.banned:
                    # Always, even in text nobody touched: these must never be on the site.
                    self.add_error(name, ValidationError(glossary.banned_message(hit), code="banned_term"))
                elif name in self.changed_data:
                    self.glossary_warnings.append((self.fields[name].label, hit))
                    if hit.key not in acknowledged:
                        self.add_error(
                            name, ValidationError(glossary.warning_message(hit), code="warned_term")
                        )
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


def shown_number(spec: NumberSpec, instance) -> str:
    """A number as the site shows it (used by the readable history too)."""
    return _shown(spec, instance)[0]


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
        message = _(
            "You are changing a number people dial. Nothing has been saved yet: check the old "
            "and new number below, tick “Yes, publish this number” and save again."
        )
        if why:
            message = f"{why} {message}"
        self.add_error(None, ValidationError(message, code="confirm_number"))


class ContentForm(NumberConfirmationMixin, GlossaryCheckMixin, forms.ModelForm):
    """The base form of every content model's admin page."""


class ContentInlineForm(GlossaryCheckMixin, forms.ModelForm):
    """The base form of the opening-hours and closures rows."""


class BankHolidayForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1000, max_value=9999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = _("The calendar year, for example %(year)s.") % {
            "year": timezone.localdate().year + 1
        }
