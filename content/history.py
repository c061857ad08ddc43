"""Readable history and revert for content records (on top of django-simple-history).

Every content model has `history = HistoricalRecords()`; HistoryRequestMiddleware puts
the signed-in editor on each record. This module turns those records into plain words
("Helpline number: 0808 1000 900 → 0800 123 4567") and puts a record back to an
earlier version, recording the revert as a new version with who and why.

Reverting the helpline can also put its opening hours and closures back as they were
just before the next change to the helpline details (that is, as they were while the
chosen version was live). Each opening period and closure also has its own history and
can be reverted on its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from phonenumber_field.modelfields import PhoneNumberField

from content import glossary, phones

EMPTY = "(empty)"
RELATED = ("opening_periods", "closures")  # on the helpline


class RevertRefused(Exception):
    """A revert that would not work; nothing was changed."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


# --- Describing versions ------------------------------------------------------------


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "as_e164"):
        return value.as_e164
    return value


def show(model_field, value) -> str:
    """A field's value as an editor would recognise it."""
    value = _plain(value)
    if value is None or value == "":
        return _(EMPTY)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateField) and isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(model_field, models.TimeField) and isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(model_field, PhoneNumberField):
        try:
            return phones.grouped(value)
        except Exception:
            return str(value)
    if isinstance(model_field, models.PositiveIntegerField) and model_field.name == "value":
        return f"{value:,}"
    return Truncator(str(value)).chars(200)


def compared_fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.editable and not f.is_relation]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    def __str__(self):
        return f"{self.label}: {self.old} → {self.new}"


def _blank_none(value):
    return None if value == "" else value


def _show_number(spec, instance) -> str:
    from content.forms import shown_number

    return shown_number(spec, instance) or _(EMPTY)


def changes(model, old, new) -> list[Change]:
    """Field-by-field differences between two instances of a model (old may be None).

    Numbers people dial are shown as the site shows them (with the editor's grouping).
    """
    from content.forms import CONFIRMED_NUMBERS

    numbers = {spec.field: spec for spec in CONFIRMED_NUMBERS.get(model._meta.label_lower, ())}
    found = []
    for f in compared_fields(model):
        a = _plain(getattr(old, f.attname)) if old is not None else None
        b = _plain(getattr(new, f.attname))
        if _blank_none(a) != _blank_none(b):
            label = capfirst(str(f.verbose_name))
            if f.name in numbers and numbers[f.name].kind == "uk":
                spec = numbers[f.name]
                found.append(
                    Change(
                        label,
                        _show_number(spec, old) if old is not None else _(EMPTY),
                        _show_number(spec, new),
                    )
                )
            else:
                found.append(Change(label, show(f, a), show(f, b)))
    return found


def who(record) -> str:
    user = record.history_user
    if user is None:
        return _("the system (no one signed in)")
    return user.get_full_name() or user.get_username()


def when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y, H:i:s")


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Entry:
    record: object
    when: datetime.datetime
    who: str
    action: str
    reason: str
    lines: list = field(default_factory=list)
    is_current: bool = False
    revertible: bool = False


def entries(records) -> list[Entry]:
    """Readable entries for one record's history, newest first."""
    records = list(records)
    result = []
    for i, record in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        model = record.instance_type
        if record.history_type == "-":
            lines = [_("Deleted. Its history is kept, so it can be restored.")]
        elif older is None or older.history_type == "-":
            lines = [
                f"{c.label}: {c.new}" for c in changes(model, None, record.instance) if c.new != _(EMPTY)
            ]
        else:
            lines = [str(c) for c in changes(model, older.instance, record.instance)]
        result.append(
            Entry(
                record=record,
                when=record.history_date,
                who=who(record),
                action=_(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                lines=lines,
                is_current=(i == 0 and record.history_type != "-"),
                revertible=record.history_type != "-",
            )
        )
    return result


def related_lines(records) -> list[str]:
    """Plain lines for opening-hours / closure records (e.g. made in one helpline save)."""
    lines = []
    for record in records:
        model = record.instance_type
        noun = capfirst(str(model._meta.verbose_name))
        if record.history_type == "+":
            lines.append(_("%(noun)s added: %(what)s") % {"noun": noun, "what": record.instance})
        elif record.history_type == "-":
            lines.append(_("%(noun)s removed: %(what)s") % {"noun": noun, "what": record.instance})
        else:
            previous = record.prev_record
            diff = changes(model, previous.instance if previous else None, record.instance)
            if diff:
                detail = "; ".join(str(c) for c in diff)
                lines.append(
                    _("%(noun)s changed (%(what)s): %(detail)s")
                    % {"noun": noun, "what": record.instance, "detail": detail}
                )
    return lines


# --- Reverting ----------------------------------------------------------------------


def reason_for(record) -> str:
    return _("Reverted to version of %(when)s") % {"when": when(record.history_date)}


def next_record(record):
    """The next version of the same record, or None if this is the newest."""
    model = type(record)
    return (
        model.objects.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date", "history_id")
        .first()
    )


@dataclass
class RelatedPlan:
    """How reverting the helpline would change its opening hours and closures."""

    moment: datetime.datetime | None
    remove: list = field(default_factory=list)
    restore: list = field(default_factory=list)  # instances to save (added back or changed)
    lines: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.remove or self.restore)


def related_plan(record) -> RelatedPlan:
    """Opening hours and closures as they were while this helpline version was live."""
    from content.models import Closure, OpeningPeriod

    following = next_record(record)
    if following is None:
        return RelatedPlan(None)
    moment = following.history_date - datetime.timedelta(microseconds=1)
    plan = RelatedPlan(moment)
    for model in (OpeningPeriod, Closure):
        noun = capfirst(str(model._meta.verbose_name))
        then = {o.pk: o for o in model.history.as_of(moment).filter(helpline_id=record.id)}
        now = {o.pk: o for o in model.objects.filter(helpline_id=record.id)}
        for pk, obj in sorted(now.items()):
            if pk not in then:
                plan.remove.append(obj)
                plan.lines.append(_("%(noun)s removed: %(what)s") % {"noun": noun, "what": obj})
        for pk, obj in sorted(then.items()):
            if pk not in now:
                plan.restore.append(obj)
                plan.lines.append(_("%(noun)s put back: %(what)s") % {"noun": noun, "what": obj})
            elif changes(model, now[pk], obj):
                plan.restore.append(obj)
                plan.lines.append(
                    _("%(noun)s changed back: %(old)s → %(new)s") % {"noun": noun, "old": now[pk], "new": obj}
                )
    return plan


def version_instance(record):
    """The record's data as a model instance ready to save over the current row."""
    instance = record.instance
    model = type(instance)
    instance._state.adding = not model.objects.filter(pk=instance.pk).exists()
    return instance


def check(instance) -> None:
    """Everything that would make saving this earlier version fail or unsafe."""
    from content.models import OpeningPeriod, Partner

    problems = []
    if isinstance(instance, Partner) and instance.logo:
        if not instance.logo.storage.exists(instance.logo.name):
            problems.append(
                _(
                    "The logo file of this version (%(name)s) is missing from storage, so this "
                    "version cannot be restored as it was. Nothing was changed. Upload the logo "
                    "again on the partner's page instead."
                )
                % {"name": instance.logo.name}
            )
    for label, hit in glossary.banned_in_instance(instance):
        problems.append(f"{capfirst(label)}: {glossary.banned_message(hit)}")
    try:
        # The logo was checked when it was uploaded; its file is checked above (the
        # field's validator would open it).
        instance.full_clean(exclude=["logo"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                if name == "__all__":
                    problems.append(message)
                else:
                    label = capfirst(str(type(instance)._meta.get_field(name).verbose_name))
                    problems.append(f"{label}: {message}")
    if isinstance(instance, OpeningPeriod):
        overlapping = OpeningPeriod.objects.filter(
            helpline_id=instance.helpline_id,
            weekday=instance.weekday,
            opens__lt=instance.closes,
            closes__gt=instance.opens,
        ).exclude(pk=instance.pk)
        for other in overlapping:
            problems.append(
                _(
                    "This version would overlap %(other)s. Change or remove that period first. Nothing was changed."
                )
                % {"other": other}
            )
    if problems:
        raise RevertRefused(problems)


def revert(record, user, *, with_related: bool = False):
    """Put a record back to the version in `record`. All or nothing.

    The revert is saved as a new version by `user`, with the reason "Reverted to version
    of <date>". Raises RevertRefused (and changes nothing) if the version cannot be
    restored: a missing logo file, a banned term, a clash with another record.
    """
    instance = version_instance(record)
    check(instance)
    plan = related_plan(record) if with_related else RelatedPlan(None)
    for obj in plan.restore:
        obj._state.adding = not type(obj).objects.filter(pk=obj.pk).exists()
        try:
            obj.full_clean(exclude=["helpline"])
        except ValidationError as error:
            raise RevertRefused(
                [_("%(what)s cannot be put back: %(why)s") % {"what": obj, "why": " ".join(error.messages)}]
            ) from None
    reason = reason_for(record)
    stamp = timezone.now()
    with transaction.atomic():
        instance._history_user = user
        instance._change_reason = reason
        instance._history_date = stamp
        instance.save()
        for obj in plan.remove:
            obj._history_user, obj._change_reason, obj._history_date = user, reason, stamp
            obj.delete()
        for obj in plan.restore:
            obj._history_user, obj._change_reason, obj._history_date = user, reason, stamp
            obj.save()
    return instance
