"""The admin that comms staff use. Plain names, help text on every field, history on all.

Every content model's admin (`ContentAdmin`, a simple-history `SimpleHistoryAdmin`):

* checks free text against the wording glossary and holds back changes to dialled
  numbers until they are confirmed (`content.forms`); both are shown as steps to
  complete on the page, not as errors;
* shows a readable history (who, when, "field: old → new", logos as thumbnails) where
  each row has "Undo this change", which reverses that one change and nothing else
  after a preview, through the same form and rules as a normal save (`content.history`);
* lists recently deleted records under its list, each linked to the history where the
  deletion can be undone;
* links to the public page the record appears on ("View on site").
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin

from content import bank_holidays, history, hours
from content.forms import (
    CLOSURE_ACK,
    NUMBER_CONFIRMED,
    NUMBER_TOKEN,
    STEP_CODES,
    WORDING_ACK,
    BankHolidayForm,
    ClockInput,
    ClockTimeField,
    ClosureForm,
    ContentForm,
    ContentInlineForm,
    KeptUploadInput,
    LogoField,
    OpeningPeriodFormSet,
    PartnerForm,
    PeriodForm,
    only_steps,
)
from content.languages import DEFAULT, NAMES_IN_ENGLISH, OTHERS
from content.models import (
    Closure,
    FaqEntry,
    Figure,
    GlossaryTerm,
    Helpline,
    HelpService,
    LegalPoint,
    MediaContact,
    OpeningPeriod,
    Partner,
    PressQuote,
    PressRelease,
    SingletonModel,
    SiteLanguage,
    SiteSettings,
)

admin.site.site_header = gettext_lazy("Campaign website: content")
admin.site.site_title = gettext_lazy("Campaign website admin")
admin.site.index_title = gettext_lazy("What you can edit")

# Times are typed as people say them and shown as the public site writes them.
CLOCK_TIMES = {models.TimeField: {"form_class": ClockTimeField, "widget": ClockInput}}
STEP_FIELDS = (NUMBER_TOKEN, NUMBER_CONFIRMED, WORDING_ACK, CLOSURE_ACK)


def step_context(request, forms) -> dict:
    """The number check, wording check and closure check panels for a page's forms."""
    wording = [w for form in forms for w in getattr(form, "glossary_warnings", [])]
    closures = [w for form in forms for w in getattr(form, "closure_warnings", [])]
    wording_ack = "|".join(sorted({hit.key for _label, hit in wording}))
    closure_ack = "|".join(sorted({key for key, _message in closures}))
    main = forms[0] if forms else None
    return {
        "wording_warnings": wording,
        "wording_ack_name": WORDING_ACK,
        "wording_ack_value": wording_ack,
        "wording_ack_checked": bool(wording_ack) and request.POST.get(WORDING_ACK) == wording_ack,
        "closure_warnings": closures,
        "closure_ack_name": CLOSURE_ACK,
        "closure_ack_value": closure_ack,
        "closure_ack_checked": bool(closure_ack) and request.POST.get(CLOSURE_ACK) == closure_ack,
        "number_changes": getattr(main, "number_changes", []),
        "number_problem": getattr(main, "number_problem", ""),
        "number_token_name": NUMBER_TOKEN,
        "number_token": getattr(main, "number_confirmation_token", ""),
        "number_confirmed_name": NUMBER_CONFIRMED,
    }


class OpeningPeriodInline(admin.StackedInline):
    """Stacked, not tabular: each period keeps its labels and fits a phone's width."""

    model = OpeningPeriod
    form = ContentInlineForm
    formset = OpeningPeriodFormSet
    formfield_overrides = CLOCK_TIMES
    fields = [("weekday", "opens", "closes")]
    extra = 0
    view_on_site = False  # the rows are on the same public page as the helpline
    verbose_name_plural = gettext_lazy("Opening hours (UK time)")


class Translated:
    """django-modeltranslation's admin, arranged for an English-speaking editor.

    The English text keeps its usual place and label in the form; each other language's
    text is in a folded section of its own below ("Urdu translation"), with a note that
    an empty box shows the English. Put this before TranslationAdmin or
    TranslationStackedInline in the bases.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None:
            label = capfirst(original.verbose_name)
            if db_field.language == DEFAULT:
                field.label = label
            else:
                field.label = f"{label} ({NAMES_IN_ENGLISH[db_field.language]})"
                field.help_text = _("Leave empty to show the English on the %(language)s pages.") % {
                    "language": NAMES_IN_ENGLISH[db_field.language]
                }
        return field

    def get_fieldsets(self, request, obj=None):
        language_of = {
            build_localized_fieldname(name, code): code
            for name in self.trans_opts.all_fields
            for code in OTHERS
        }
        moved = {code: [] for code in OTHERS}
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            kept = []
            for name in options["fields"]:
                if isinstance(name, str) and name in language_of:
                    moved[language_of[name]].append(name)
                else:
                    kept.append(name)
            if kept:
                fieldsets.append((title, {**options, "fields": kept}))
        for code, names in moved.items():
            if names:
                title = _("%(language)s translation") % {"language": NAMES_IN_ENGLISH[code]}
                fieldsets.append((title, {"fields": names, "classes": ["collapse"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        self.report_dropped(request, drop_stale_translations(form))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row.has_changed() and not formset._should_delete_form(row):
                self.report_dropped(request, drop_stale_translations(row))
        super().save_formset(request, form, formset, change)

    def report_dropped(self, request, dropped):
        if dropped:
            self.message_user(
                request,
                _(
                    "The English changed, so these translations were emptied and their pages show the "
                    "new English until a translator updates them: %(names)s."
                )
                % {"names": ", ".join(dropped)},
                messages.WARNING,
            )


def drop_stale_translations(form) -> list[str]:
    """When a saved record's English text changes and another language's text for the same
    box does not, empty that language's text, so its pages show the new English rather than
    a translation of the old. Returns "Description (Urdu)"-style names of what was emptied."""
    if not form.instance.pk or form._meta.model not in translator.get_registered_models():
        return []
    dropped = []
    for field in translator.get_options_for_model(form._meta.model).fields:
        if build_localized_fieldname(field, DEFAULT) not in form.changed_data:
            continue
        for code in OTHERS:
            name = build_localized_fieldname(field, code)
            if name in form.fields and name not in form.changed_data and getattr(form.instance, name):
                setattr(form.instance, name, "")
                label = capfirst(form._meta.model._meta.get_field(field).verbose_name)
                dropped.append(f"{label} ({NAMES_IN_ENGLISH[code]})")
    return dropped


class ClosureInline(Translated, TranslationStackedInline):
    model = Closure
    form = ClosureForm
    fields = [("start_date", "end_date"), "reason"]
    extra = 0
    view_on_site = False
    verbose_name_plural = gettext_lazy("Days the helpline is closed")

    def get_queryset(self, request):  # past closures stay in the Closures list, not here
        return super().get_queryset(request).filter(end_date__gte=timezone.localdate())


class ContentAdmin(SimpleHistoryAdmin):
    """What every content model's admin page shares (see the module docstring)."""

    form = ContentForm
    formfield_overrides = CLOCK_TIMES
    change_form_template = "admin/content/change_form.html"
    change_list_template = "admin/content/change_list.html"
    object_history_template = "admin/content/object_history.html"
    history_list_per_page = 50

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    # --- The change form and the list ----------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request  # a fresh class per request: the number check needs the editor
        return form

    def extra_object_tools(self, request, obj):
        """Links shown beside "History" on the change form: [(label, url)]."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        inline_forms = [
            f for inline in context.get("inline_admin_formsets", []) for f in inline.formset.forms
        ]
        context.update(step_context(request, [form, *inline_forms]))
        context["extra_object_tools"] = self.extra_object_tools(request, obj) if obj is not None else []
        if all(only_steps(f) or not f.errors for f in [form, *inline_forms]) and not any(
            inline.formset.non_form_errors() for inline in context.get("inline_admin_formsets", [])
        ):
            context["errors"] = []  # confirmation steps, not mistakes: no "Please correct..."
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        deleted = {}
        if not issubclass(self.model, SingletonModel):
            existing = self.model.objects.values_list("pk", flat=True)
            records = self.model.history.filter(history_type="-").exclude(id__in=existing)
            for record in records.select_related("history_user")[:20]:
                deleted.setdefault(record.id, record)
        return super().changelist_view(
            request, {"recently_deleted": list(deleted.values())[:10], **(extra_context or {})}
        )

    # --- History: simple-history's page, each row with "Undo this change" ------------

    def history_view(self, request, object_id, extra_context=None):
        self._pk(object_id)
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each row against its own previous version (simple-history compares neighbouring
        rows, which on the helpline's page are often other records), and its undo link."""
        records = list(historical_records)
        existing = {}
        for model in {r.instance_type for r in records}:
            ids = [r.id for r in records if r.instance_type is model]
            existing[model] = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for record in records:
            model, exists = record.instance_type, record.id in existing[record.instance_type]
            record.history_delta_changes = history.describe(record)
            record.who = history.who(record)
            record.subject = (
                "" if model is self.model else f"{capfirst(model._meta.verbose_name)}: {record.instance}"
            )
            undoable = {
                "~": exists and bool(record.history_delta_changes),
                "+": exists and not issubclass(model, SingletonModel),
                "-": not exists,
            }[record.history_type]
            record.undo_url = record.revert_url() if undoable else ""

    def _pk(self, object_id):
        try:
            return self.opts.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None

    def may_undo(self, request, undo) -> bool:
        if undo.kind == "change":
            return self.has_change_permission(request, undo.current)
        if undo.kind == "create":
            return self.has_delete_permission(request, undo.current)
        return request.user.has_perm(f"{self.opts.app_label}.{get_permission_codename('add', self.opts)}")

    def undo_done_url(self, record) -> str:
        """Where the editor sees the undo recorded: this record's history."""
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[quote(record.id)])

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Undo one history record (simple-history's per-record URL): a preview of what
        changes, then the change itself, through this admin's own form and save."""
        request.current_app = self.admin_site.name
        if not str(version_id).isdigit():
            raise Http404
        record = get_object_or_404(self.model.history.model, id=self._pk(object_id), history_id=version_id)
        current = self.get_queryset(request).filter(pk=record.id).first()
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        undo = history.Undo(record, current)
        allowed = self.may_undo(request, undo)
        form = None
        if not undo.problems and undo.kind != "create":
            form_class = self.get_form(
                request, undo.after if undo.kind == "delete" else current, change=undo.kind == "change"
            )
            values = model_to_dict(undo.after, fields=list(form_class.base_fields))
            data = {
                k: v for k, v in values.items() if not isinstance(form_class.base_fields[k], forms.FileField)
            }
            data.update({name: request.POST[name] for name in STEP_FIELDS if name in request.POST})
            form = form_class(data, {}, instance=undo.after if undo.kind == "delete" else current)
            form.is_valid()
        refused = [  # what the form refuses (confirmation steps are shown as panels instead)
            " ".join(error.messages)
            if name == "__all__"
            else f"{form.fields[name].label}: {' '.join(error.messages)}"
            for name, errors in (form.errors.as_data().items() if form is not None else [])
            for error in errors
            if error.code not in STEP_CODES
        ]
        if request.method == "POST" and not (undo.problems or refused):
            if not allowed:
                raise PermissionDenied
            if form is None or form.is_valid():
                return self._undo(request, undo, form)
        context = {
            **self.admin_site.each_context(request),
            **step_context(request, [form] if form is not None else []),
            "title": _("Undo this change?"),
            "opts": self.opts,
            "undo": undo,
            "record": record,
            "subject": f"{capfirst(self.opts.verbose_name)}: {current or undo.before or record.instance}",
            "who": history.who(record),
            "when": history.when(record.history_date),
            "problems": undo.problems + refused,
            "can_undo": allowed and not (undo.problems or refused),
            "history_url": self.undo_done_url(record),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/content/undo.html", context)

    def _undo(self, request, undo, form):
        reason = history.reason_for(undo.record)
        if undo.kind == "create":
            obj = undo.current
            obj._change_reason = reason
            self.log_deletions(request, [obj])
            self.delete_model(request, obj)
        else:
            obj = self.save_form(request, form, change=undo.kind == "change")
            # Files, and fields this admin's form does not show, are put back as they were.
            for name in {*undo.copied, *(set(undo.fields) - set(form.fields))}:
                setattr(obj, name, getattr(undo.before, name))
            obj._change_reason = reason
            self.save_model(request, obj, form, change=undo.kind == "change")
            (self.log_change if undo.kind == "change" else self.log_addition)(request, obj, reason)
        self.message_user(
            request, _("“%(name)s”: %(reason)s.") % {"name": obj, "reason": reason}, messages.SUCCESS
        )
        return HttpResponseRedirect(self.undo_done_url(undo.record))


class SingletonAdmin(ContentAdmin):
    """One record only: no add once it exists, no delete, the list goes straight to it."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        obj = self.model.objects.filter(pk=1).first()
        if obj is not None and self.has_view_or_change_permission(request, obj):
            app, model = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(
                reverse(f"admin:{app}_{model}_change", args=[obj.pk], current_app=self.admin_site.name)
            )
        return super().changelist_view(request, extra_context)


@admin.register(Helpline)
class HelplineAdmin(Translated, TranslationAdmin, SingletonAdmin):
    inlines = [OpeningPeriodInline, ClosureInline]
    fieldsets = [
        (
            gettext_lazy("Phone"),
            {
                "fields": [
                    "name",
                    "phone",
                    "phone_display",
                    "phone_note",
                    "languages_note",
                    "interpreter_note",
                ],
                "description": gettext_lazy(
                    "The helpline number is on every page of the site. A change to it is shown to "
                    "you side by side with the old number and only goes live once you confirm it."
                ),
            },
        ),
        (gettext_lazy("Callers in Ireland"), {"fields": ["ireland_phone", "ireland_phone_display"]}),
        (
            gettext_lazy("Online help"),
            {"fields": ["selfhelp_name", "selfhelp_url", "live_chat_url", "secure_email_url"]},
        ),
        (gettext_lazy("Confidentiality"), {"fields": ["confidentiality_text"]}),
        (
            gettext_lazy("Checks"),
            {
                "fields": ["details_last_verified", "hours_last_verified"],
                "description": gettext_lazy(
                    "Enter today's date after confirming these details with the charity. The admin "
                    "home page lists them again when the last check is over 6 months old."
                ),
            },
        ),
    ]

    def get_urls(self):
        return [
            path("guide/", self.admin_site.admin_view(self.guide_view), name="content_guide"),
        ] + super().get_urls()

    def guide_view(self, request):
        """The guide for editors: how to change each thing, and how to undo a change."""
        if not request.user.has_module_perms("content"):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": _("Guide for editors")}
        return TemplateResponse(request, "admin/content/guide.html", context)

    def extra_object_tools(self, request, obj):
        if not request.user.has_perm("content.add_closure"):
            return []
        return [(_("Add bank holidays"), reverse("admin:content_closure_bank_holidays"))]

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The helpline's own changes, and each change to its opening hours and closures as
        a row of its own (so each can be undone on its own), newest first."""
        rows = list(super().get_history_queryset(request, history_manager, pk_name, object_id))
        for model in (OpeningPeriod, Closure):
            rows += model.history.filter(helpline_id=object_id).select_related("history_user")
        return sorted(rows, key=lambda r: (r.history_date, r.history_id), reverse=True)


class HelplineRowAdmin(ContentAdmin):
    """Opening periods and closures on their own lists; their changes also appear, and can
    be undone, on the helpline's history."""

    def undo_done_url(self, record):
        return reverse("admin:content_helpline_history", args=[record.helpline_id])

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "helpline_url": reverse("admin:content_helpline_changelist"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


@admin.register(OpeningPeriod)
class OpeningPeriodAdmin(HelplineRowAdmin):
    form = PeriodForm
    list_display = ["__str__", "weekday", "opening", "closing"]
    fields = ["weekday", "opens", "closes"]

    def has_add_permission(self, request):
        return False  # added on the helpline page, with the rest of the week

    @admin.display(description=gettext_lazy("opens"), ordering="opens")
    def opening(self, obj):
        return hours.clock(obj.opens)

    @admin.display(description=gettext_lazy("closes"), ordering="closes")
    def closing(self, obj):
        return hours.clock(obj.closes)


class ClosureDates(admin.SimpleListFilter):
    """Today's and coming closures unless the editor asks for past ones."""

    title = gettext_lazy("date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("past", _("Past")), ("all", _("All"))]

    def choices(self, changelist):
        for value, label in [(None, _("Today and coming")), ("past", _("Past")), ("all", _("All"))]:
            query = {self.parameter_name: value} if value else {}
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(query, [self.parameter_name]),
                "display": label,
            }

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "past":
            return queryset.filter(end_date__lt=today)
        return queryset if self.value() == "all" else queryset.filter(end_date__gte=today)


@admin.register(Closure)
class ClosureAdmin(Translated, TranslationAdmin, HelplineRowAdmin):
    form = ClosureForm
    list_display = ["reason", "dates"]
    list_filter = [ClosureDates]
    fields = ["start_date", "end_date", "reason"]
    search_fields = ["reason"]

    def get_ordering(self, request):
        return ["-start_date"] if request.GET.get("when") == "past" else ["start_date"]

    @admin.display(description=gettext_lazy("days closed"), ordering="start_date")
    def dates(self, obj):
        first = date_format(obj.start_date, "D j M Y")
        return (
            first if obj.start_date == obj.end_date else f"{first} to {date_format(obj.end_date, 'D j M Y')}"
        )

    def get_urls(self):
        return [
            path(
                "bank-holidays/",
                self.admin_site.admin_view(self.bank_holidays_view),
                name="content_closure_bank_holidays",
            ),
            path(
                "closed-today/",
                self.admin_site.admin_view(require_POST(self.closed_today_view)),
                name="content_closure_closed_today",
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if request.user.has_perm("content.add_closure"):
            extra_context["bank_holidays_url"] = reverse("admin:content_closure_bank_holidays")
        if "when" not in request.GET:
            extra_context["past_url"] = "?when=past"
        return super().changelist_view(request, extra_context)

    def closed_today_view(self, request):
        """One tap from the admin home page: a closure for today, with an optional reason."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        reason = request.POST.get("reason", "").strip() or _("Closed at short notice")
        form = self.get_form(request)({"start_date": today, "end_date": today, "reason_en_gb": reason})
        if form.is_valid():
            self.save_model(request, self.save_form(request, form, change=False), form, change=False)
            self.message_user(
                request,
                _("The helpline now shows as closed today (%(reason)s) on every page.") % {"reason": reason},
                messages.SUCCESS,
            )
        else:
            problems = " ".join(e for errors in form.errors.values() for e in errors)
            self.message_user(request, _("Nothing was added. %(why)s") % {"why": problems}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:index"))

    def bank_holidays_view(self, request):
        """Add a year's England and Wales bank holidays as closures, skipping dates already closed."""
        request.current_app = self.admin_site.name
        if not request.user.has_perm("content.add_closure"):
            raise PermissionDenied
        helpline = Helpline.objects.filter(pk=1).first()
        year_default = timezone.localdate().year + 1
        source = (
            request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
        )
        form = BankHolidayForm(source, initial={"year": year_default})
        planned, error = [], ""
        if helpline is None:
            error = _("Enter the helpline details first.")
        elif form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
            try:
                planned = bank_holidays.plan(helpline, year)
            except bank_holidays.NoData as no_data:
                error = str(no_data)
            else:
                if request.method == "POST":
                    added, skipped = bank_holidays.add_closures(helpline, year)
                    if added:
                        self.message_user(
                            request,
                            _(
                                "Added %(added)d bank holidays in %(year)s as closures (%(skipped)d already entered)."
                            )
                            % {"added": len(added), "year": year, "skipped": skipped},
                            messages.SUCCESS,
                        )
                    else:
                        self.message_user(
                            request,
                            _(
                                "All %(count)d bank holidays in %(year)s were already entered. Nothing was added."
                            )
                            % {"count": skipped, "year": year},
                            messages.INFO,
                        )
                    return HttpResponseRedirect(
                        reverse(
                            "admin:content_helpline_change",
                            args=[helpline.pk],
                            current_app=self.admin_site.name,
                        )
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add bank holidays as closures"),
            "opts": self.opts,
            "form": form,
            "planned": [
                {"date": date_format(p.date, "l j F Y"), "name": p.name, "existing": p.existing}
                for p in planned
            ],
            "to_add": sum(1 for p in planned if p.existing is None),
            "year": form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None,
            "error": error,
        }
        return TemplateResponse(request, "admin/content/bank_holidays.html", context)


@admin.register(HelpService)
class HelpServiceAdmin(Translated, TranslationAdmin, ContentAdmin):
    list_display = ["name", "group", "phone", "text_number", "url", "checked_on", "order"]
    list_filter = ["group"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "group", "description", "availability", "order"]}),
        (
            gettext_lazy("How to reach it"),
            {
                "fields": ["phone", "text_number", "text_keyword", "url", "checked_on"],
                "description": gettext_lazy(
                    "A change to a phone number is shown to you side by side with the old one and "
                    "only goes live once you confirm it. Check the address and numbers on the "
                    "organisation's own website and enter the date."
                ),
            },
        ),
        (gettext_lazy("Its counted link"), {"fields": ["slug"], "classes": ["collapse"]}),
    ]


@admin.register(Partner)
class PartnerAdmin(Translated, TranslationAdmin, ContentAdmin):
    form = PartnerForm
    formfield_overrides = {models.ImageField: {"form_class": LogoField, "widget": KeptUploadInput}}
    list_display = ["name", "visible", "order", "has_logo"]
    list_editable = ["visible", "order"]
    fieldsets = [
        (None, {"fields": ["name", "description", "role", "url", "order", "visible"]}),
        (
            gettext_lazy("On materials and the press page"),
            {
                "fields": ["on_materials", "press_logo"],
                "description": gettext_lazy(
                    "Only with the partner's agreement: posters and cards name only partners ticked "
                    "here, and journalists can download only logos licensed for press use."
                ),
            },
        ),
        (
            gettext_lazy("Logo"),
            {
                "fields": ["logo", "alt_text"],
                "description": gettext_lazy(
                    "A large, print-quality file is fine: it is made smaller for the site. Old logo "
                    "files are kept, so any change (or a deletion) can be undone from the history "
                    "with its logo."
                ),
            },
        ),
    ]

    @admin.display(boolean=True, description=gettext_lazy("logo"))
    def has_logo(self, obj):
        return bool(obj.logo)


@admin.register(Figure)
class FigureAdmin(Translated, TranslationAdmin, ContentAdmin):
    list_display = ["__str__", "topic", "year", "source", "last_verified", "show_on_home", "order"]
    list_editable = ["show_on_home", "order"]
    list_filter = ["topic"]
    fieldsets = [
        (None, {"fields": ["topic", "year", "value", "label", "detail"]}),
        (
            gettext_lazy("Where it comes from"),
            {
                "fields": ["source", "source_url", "last_verified", "review_months"],
                "description": gettext_lazy(
                    "Every figure shows its year and source. Check it against the source and enter "
                    "the date: the admin home page lists figures when their check is overdue."
                ),
            },
        ),
        (gettext_lazy("Where it is shown"), {"fields": ["show_on_home", "order"]}),
    ]


@admin.register(LegalPoint)
class LegalPointAdmin(Translated, TranslationAdmin, ContentAdmin):
    list_display = ["title", "section", "status", "reviewed_by", "reviewed_on", "order"]
    list_filter = ["status", "section"]
    fieldsets = [
        (None, {"fields": ["section", "title", "body", "order"]}),
        (
            gettext_lazy("Legal review"),
            {
                "fields": ["review_note", "status", "reviewed_by", "reviewed_on"],
                "description": gettext_lazy(
                    "Only text approved by legal review is shown on the consequences page. Until "
                    "then the page states only the law in the campaign brief."
                ),
            },
        ),
    ]


@admin.register(FaqEntry)
class FaqEntryAdmin(Translated, TranslationAdmin, ContentAdmin):
    list_display = ["question", "visible", "reviewed_on", "order"]
    list_editable = ["visible", "order"]
    list_filter = [("reviewed_on", admin.EmptyFieldListFilter), "visible"]
    fieldsets = [
        (None, {"fields": ["question", "answer", "order", "visible"]}),
        (
            gettext_lazy("Review"),
            {
                "fields": ["reviewed_by", "reviewed_on"],
                "description": gettext_lazy(
                    "Enter who checked the answer and when. The admin home page lists answers never reviewed."
                ),
            },
        ),
    ]


class PressQuoteInline(admin.StackedInline):
    model = PressQuote
    form = ContentInlineForm
    extra = 0
    view_on_site = False
    verbose_name_plural = gettext_lazy("Quotes (shown only once approved by the speaker)")


@admin.register(PressRelease)
class PressReleaseAdmin(Translated, TranslationAdmin, ContentAdmin):
    list_display = ["title", "published_on", "visible"]
    list_filter = ["visible"]
    search_fields = ["title", "summary"]
    inlines = [PressQuoteInline]
    fieldsets = [
        (None, {"fields": ["title", "published_on", "summary", "body"]}),
        (gettext_lazy("Publishing"), {"fields": ["slug", "visible"]}),
    ]


@admin.register(PressQuote)
class PressQuoteAdmin(ContentAdmin):
    """Quotes are added on their release's page; this page keeps their own history."""

    list_display = ["__str__", "release", "approved"]
    list_filter = ["approved"]


@admin.register(MediaContact)
class MediaContactAdmin(ContentAdmin):
    list_display = ["name", "email", "phone", "order"]
    fields = ["name", "email", "phone", "hours", "order"]


@admin.register(SiteLanguage)
class SiteLanguageAdmin(ContentAdmin):
    """Each language besides English: shown or hidden, draft or checked by a translator."""

    list_display = ["__str__", "shown", "review", "reviewed_by", "reviewed_on"]
    list_editable = ["shown"]
    fields = ["code", "shown", "review", "reviewed_by", "reviewed_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonAdmin):
    fieldsets = [
        (
            gettext_lazy("Privacy notice"),
            {
                "fields": [
                    "privacy_controller",
                    "privacy_contact_email",
                    "privacy_dpo",
                    "log_retention_days",
                    "privacy_updated_on",
                ],
                "description": gettext_lazy(
                    "Confirm these with your data protection lead. The admin home page lists the "
                    "notice while the controller is not entered."
                ),
            },
        ),
        (
            gettext_lazy("Accessibility statement"),
            {
                "fields": [
                    "accessibility_contact_email",
                    "accessibility_contact_url",
                    "accessibility_prepared_on",
                    "accessibility_reviewed_on",
                    "accessibility_next_review",
                ],
                "description": gettext_lazy(
                    "The statement shows a contact only once an email or web form (not the police) "
                    "is entered. The admin home page lists the statement once its review date has passed."
                ),
            },
        ),
    ]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    """The one place the wording rules live. Not checked against itself."""

    form = forms.ModelForm
    view_on_site = False
    list_display = ["term", "kind", "preferred"]
    list_filter = ["kind"]
    search_fields = ["term", "preferred"]
    fieldsets = [
        (
            None,
            {
                "fields": ["term", "kind", "preferred", "note"],
                "description": gettext_lazy(
                    "Every text field on the site's admin pages is checked against this list as a "
                    "whole word, in any mix of capitals. “Never use” terms are refused with the "
                    "wording to say instead; stigmatising terms need the editor to confirm they "
                    "checked the wording."
                ),
            },
        )
    ]
