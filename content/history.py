"""Readable history and one-change undo, on top of django-simple-history.

Every content model has `history = HistoricalRecords()`; HistoryRequestMiddleware puts the
signed-in editor on each record. Here:

* `describe()` is simple-history's own `diff_against` of a record and its `prev_record`,
  with values as an editor knows them (times as the site writes them, numbers grouped,
  logos as thumbnails);
* `Undo` works out what undoing exactly one record means: the fields that record changed
  go back to their values before it; a creation is deleted; a deletion is restored with
  the same primary key (and its logo, since logo files are never deleted). The admin puts
  the result through the model admin's own form, so an undo meets every rule a save does.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime

from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.template_utils import HistoricalRecordContextHelper

from content import hours, phones


def show(model_field, value) -> str:
    """A field's value as an editor would recognise it, as HTML (a logo is a thumbnail)."""
    if isinstance(value, FieldFile):
        value = value.name
    if value is None or value == "":
        return escape(_("(empty)"))
    if isinstance(model_field, models.FileField):
        url = reverse("upload", kwargs={"name": value})
        return format_html('<img class="logo-thumb" src="{}" alt="{}">', url, _("logo"))
    if model_field.choices:
        text = dict(model_field.flatchoices).get(value, value)
    elif isinstance(model_field, models.BooleanField):
        text = _("Yes") if value else _("No")
    elif isinstance(model_field, models.DateField) and isinstance(value, datetime.date):
        text = date_format(value, "j F Y")
    elif isinstance(model_field, models.TimeField) and isinstance(value, datetime.time):
        text = hours.clock(value)
    elif isinstance(model_field, PhoneNumberField):
        try:
            text = phones.grouped(value)
        except Exception:
            text = value
    elif isinstance(model_field, models.PositiveIntegerField) and model_field.name == "value":
        text = f"{value:,}"
    else:
        text = Truncator(str(value)).chars(200)
    return escape(str(text))


class ReadableChanges(HistoricalRecordContextHelper):
    """simple-history's "field: old → new" context, with values from `show()`."""

    def prepare_delta_change_value(self, change, value):
        return show(self.model._meta.get_field(change.field), value)

    def stringify_delta_change_values(self, change, old, new):
        return old, new  # already escaped (or a thumbnail) and short


def describe(record) -> list[dict]:
    """The fields a record changed ({"field", "old", "new"}); for a creation, what it was
    created with (old is None)."""
    model = record.instance_type
    order = [f.name for f in model._meta.concrete_fields]
    helper = ReadableChanges(model, record)
    if record.history_type == "~":
        previous = record.prev_record
        delta = record.diff_against(previous) if previous else None
    elif record.history_type == "+":
        hidden = [f.name for f in model._meta.concrete_fields if f.is_relation or f.primary_key]
        delta = record.diff_against(type(record)(), excluded_fields=hidden)  # against an empty record
    else:
        delta = None
    if delta is None:
        return []
    delta = dataclasses.replace(delta, changes=sorted(delta.changes, key=lambda c: order.index(c.field)))
    changes = helper.context_for_delta_changes(delta)
    return [{**c, "old": None} for c in changes] if record.history_type == "+" else changes


def who(record) -> str:
    user = record.history_user
    if user is None:
        return _("the system (no one signed in)")
    return user.get_full_name() or user.get_username()


def when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def reason_for(record) -> str:
    return (
        _("Undid the change of %(when)s by %(who)s") % {"when": when(record.history_date), "who": who(record)}
    )[:100]


@dataclasses.dataclass(frozen=True)
class Row:
    label: str
    now: str
    after: str
    changed_since: str = ""  # the value this change set, when the field has changed again since


class Undo:
    """What undoing one history record would do (nothing is changed here).

    kind: "change" (its fields go back), "create" (the record is deleted) or "delete"
    (the record comes back, same primary key). `after` is the record as it would be,
    for the admin's form; `copied` are the fields the form does not carry (files and
    fields that are not edited directly, such as a logo's size) to copy from `before`.
    """

    KINDS = {"~": "change", "+": "create", "-": "delete"}

    def __init__(self, record, current):
        self.record, self.current = record, current
        self.kind = self.KINDS[record.history_type]
        self.model = model = record.instance_type
        self.before = self.after = None
        self.fields, self.copied, self.rows, self.problems = [], [], [], []
        field = model._meta.get_field
        if self.kind == "create":
            if current is None:
                self.problems.append(_("It has been deleted already, so there is nothing to undo."))
                return
            self.rows = [
                Row(capfirst(str(f.verbose_name)), show(f, getattr(current, f.attname)), _("(deleted)"))
                for f in self._shown_fields()
            ]
            return
        if self.kind == "delete":
            self.before = self.after = record.instance
            if current is not None:
                self.problems.append(_("It is back already, so there is nothing to undo."))
            self.rows = [
                Row(capfirst(str(f.verbose_name)), _("(deleted)"), show(f, getattr(self.after, f.attname)))
                for f in self._shown_fields()
            ]
            self._check_files([f.name for f in model._meta.concrete_fields])
            return
        previous = record.prev_record
        if previous is None:
            self.problems.append(_("There is no earlier version to go back to."))
            return
        self.before = previous.instance
        self.fields = record.diff_against(previous).changed_fields
        # Fields not on the form (a logo's width and height) follow the change too.
        hidden = [f.attname for f in model._meta.concrete_fields if not f.editable and not f.primary_key]
        self.copied = [n for n in self.fields if isinstance(field(n), models.FileField)] + [
            n for n in hidden if getattr(previous, n) != getattr(record, n)
        ]
        if current is None:
            self.problems.append(_("It has been deleted since. Undo its deletion first."))
            return
        if not self.fields:
            self.problems.append(_("This save changed no fields, so there is nothing to undo."))
        self.after = copy.copy(current)
        for name in self.fields + self.copied:
            setattr(self.after, field(name).attname, getattr(self.before, field(name).attname))
        for name in self.fields:
            f = field(name)
            now, then = show(f, getattr(current, f.attname)), show(f, getattr(record, f.attname))
            self.rows.append(
                Row(
                    capfirst(str(f.verbose_name)),
                    now,
                    show(f, getattr(self.before, f.attname)),
                    then if now != then else "",
                )
            )
        self._check_files(self.fields)

    def _shown_fields(self):
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and not f.is_relation
        ]

    def _check_files(self, names):
        for name in names:
            f = self.model._meta.get_field(name)
            value = getattr(self.before, f.attname) if isinstance(f, models.FileField) else None
            if value and not f.storage.exists(value.name):
                self.problems.append(
                    _(
                        "The file of this version (%(name)s) is missing from storage, so it cannot "
                        "be put back. Upload it again on the record's page instead."
                    )
                    % {"name": value.name}
                )
