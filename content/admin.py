"""The admin that comms staff use. Plain names, help text on every field, history on all.

Every content model's admin (`ContentAdmin`):

* checks free text against the wording glossary and holds back changes to dialled
  numbers until they are confirmed (`content.forms`);
* shows a readable history ("field: old → new", who, when) and reverts to any earlier
  version in two clicks: history → "Revert to this version…" → "Revert" (`content.history`);
* lists deleted records so they can be restored from their history;
* links to the public page the record appears on ("View on site").
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from content import bank_holidays, history
from content.forms import (
    NUMBER_CONFIRMED,
    NUMBER_TOKEN,
    WORDING_ACK,
    BankHolidayForm,
    ContentForm,
    ContentInlineForm,
    number_changes,
    number_confirmed,
    number_token,
)
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
    SiteSettings,
)

admin.site.site_header = gettext_lazy("Campaign website: content")
admin.site.site_title = gettext_lazy("Campaign website admin")
admin.site.index_title = gettext_lazy("What you can edit")


def _overlap_message(weekday, a_opens, a_closes, b_opens):
    day = OpeningPeriod.Weekday(weekday).label
    return _(
        "%(day)s has periods that overlap (%(a)s–%(b)s and one starting %(c)s). "
        "Make them separate, or join them into one period."
    ) % {"day": day, "a": f"{a_opens:%H:%M}", "b": f"{a_closes:%H:%M}", "c": f"{b_opens:%H:%M}"}


class OpeningPeriodFormSet(forms.BaseInlineFormSet):
    """Refuse overlapping periods on the same day (each row is valid on its own)."""

    def clean(self):
        super().clean()
        by_day = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
                continue
            by_day.setdefault(data["weekday"], []).append((data["opens"], data["closes"], form))
        for weekday, periods in by_day.items():
            periods.sort(key=lambda p: p[0])
            for (o1, c1, _f1), (o2, _c2, f2) in zip(periods, periods[1:], strict=False):
                if o2 < c1:
                    message = _overlap_message(weekday, o1, c1, o2)
                    f2.add_error("opens", message)
                    raise forms.ValidationError(message)


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    form = ContentInlineForm
    formset = OpeningPeriodFormSet
    extra = 0
    view_on_site = False  # the rows are on the same public page as the helpline
    verbose_name_plural = gettext_lazy("Opening hours (UK time)")


class ClosureInline(admin.TabularInline):
    model = Closure
    form = ContentInlineForm
    extra = 0
    view_on_site = False
    verbose_name_plural = gettext_lazy("Days the helpline is closed")


class ContentAdmin(SimpleHistoryAdmin):
    """What every content model's admin page shares (see the module docstring)."""

    form = ContentForm
    change_form_template = "admin/content/change_form.html"
    change_list_template = "admin/content/change_list.html"
    object_history_template = "admin/content/object_history.html"
    revert_template = "admin/content/revert.html"
    deleted_template = "admin/content/deleted.html"
    history_entries_per_page = 50

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    # --- The change form ---------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request  # a fresh class per request: the number check needs the editor
        return form

    def extra_object_tools(self, request, obj):
        """Links shown beside "History" on the change form: [(label, url)]."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        warnings = list(getattr(form, "glossary_warnings", []))
        for inline in context.get("inline_admin_formsets", []):
            for inline_form in inline.formset.forms:
                warnings += getattr(inline_form, "glossary_warnings", [])
        ack_value = "|".join(sorted({hit.key for _label, hit in warnings}))
        context.update(
            {
                "wording_warnings": warnings,
                "wording_ack_name": WORDING_ACK,
                "wording_ack_value": ack_value,
                "wording_ack_checked": bool(ack_value) and request.POST.get(WORDING_ACK) == ack_value,
                "number_changes": getattr(form, "number_changes", []),
                "number_token_name": NUMBER_TOKEN,
                "number_token": getattr(form, "number_confirmation_token", ""),
                "number_confirmed_name": NUMBER_CONFIRMED,
                "extra_object_tools": self.extra_object_tools(request, obj) if obj is not None else [],
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        app, model = self.opts.app_label, self.opts.model_name
        if self.has_view_permission(request):
            extra_context.setdefault(
                "deleted_url", reverse(f"admin:{app}_{model}_deleted", current_app=self.admin_site.name)
            )
        return super().changelist_view(request, extra_context)

    # --- URLs ----------------------------------------------------------------------

    def get_urls(self):
        app, model = self.opts.app_label, self.opts.model_name
        own = [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=f"{app}_{model}_deleted"),
        ]
        return own + super().get_urls()

    # --- History -------------------------------------------------------------------

    def _pk(self, object_id):
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except Exception:
            raise Http404 from None

    def _history_records(self, object_id):
        return (
            self.model.history.filter(id=object_id)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )

    def _can_revert(self, request, current):
        if self.revert_disabled(request, current):
            return False
        if current is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def history_view(self, request, object_id, extra_context=None):
        """Who changed what and when, in plain words, newest first, with revert links."""
        request.current_app = self.admin_site.name
        object_id = self._pk(object_id)
        records = self._history_records(object_id)
        current = self.get_queryset(request).filter(pk=object_id).first()
        if current is None and not records.exists():
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        paginator = Paginator(records, self.history_entries_per_page)
        page = paginator.get_page(request.GET.get("p"))
        on_page = list(page.object_list)
        older = records[page.end_index()] if page.has_next() else None
        entries = history.entries(on_page + ([older] if older else []))[: len(on_page)]
        if current is not None and page.number > 1:
            for entry in entries:
                entry.is_current = False
        can_revert = self._can_revert(request, current)
        app, model = self.opts.app_label, self.opts.model_name
        for entry in entries:
            entry.revert_url = (
                reverse(
                    f"admin:{app}_{model}_simple_history",
                    args=[quote(object_id), entry.record.history_id],
                    current_app=self.admin_site.name,
                )
                if entry.revertible and not entry.is_current
                else ""
            )
        entries = self.decorate_history(request, object_id, entries, page, older)
        shown = current if current is not None else records.first().instance
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(name)s") % {"name": shown},
            "subtitle": None,
            "opts": self.opts,
            "object": shown,
            "object_id": object_id,
            "deleted": current is None,
            "entries": entries,
            "page_obj": page,
            "can_revert": can_revert,
            "change_url": (
                reverse(
                    f"admin:{app}_{model}_change", args=[quote(object_id)], current_app=self.admin_site.name
                )
                if current is not None
                else ""
            ),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def decorate_history(self, request, object_id, entries, page, older):
        """Hook for the helpline, which adds its opening hours and closures."""
        return entries

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's revert URL leads to our confirmation page."""
        return self.revert_view(request, object_id, version_id)

    def revert_view(self, request, object_id, version_id):
        """Click 2 of 2: what reverting will change, then "Revert to this version"."""
        request.current_app = self.admin_site.name
        object_id = self._pk(object_id)
        if not str(version_id).isdigit():
            raise Http404
        record = get_object_or_404(self.model.history.model, id=object_id, history_id=int(version_id))
        current = self.get_queryset(request).filter(pk=object_id).first()
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        if record.history_type == "-":
            raise Http404(_("That entry is the deletion itself; choose an earlier version."))
        can_revert = self._can_revert(request, current)
        version = history.version_instance(record)
        diff = history.changes(self.model, current, version)
        plan = history.related_plan(record) if self.model is Helpline else None
        numbers = number_changes(current, version)
        errors = []
        with_related = bool(plan) and request.method == "POST" and request.POST.get("with_related") == "on"
        app, model = self.opts.app_label, self.opts.model_name
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            if numbers:
                ok, why = number_confirmed(request.POST, version, request.user, numbers)
                if not ok:
                    errors.append(
                        " ".join(
                            filter(
                                None,
                                [
                                    why,
                                    _(
                                        "This version has a different number people dial. Check it below and tick “Yes, publish this number”."
                                    ),
                                ],
                            )
                        )
                    )
            if not errors:
                try:
                    obj = history.revert(record, request.user, with_related=with_related)
                except history.RevertRefused as refused:
                    errors = refused.messages
                else:
                    reason = history.reason_for(record)
                    self.log_change(request, obj, reason)
                    self.message_user(
                        request,
                        _("“%(name)s”: %(reason)s.") % {"name": obj, "reason": reason},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{app}_{model}_change",
                            args=[quote(obj.pk)],
                            current_app=self.admin_site.name,
                        )
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": (
                _("Restore “%(name)s” as it was on %(when)s")
                if current is None
                else _("Revert “%(name)s” to the version of %(when)s")
            )
            % {"name": version, "when": history.when(record.history_date)},
            "opts": self.opts,
            "record": record,
            "who": history.who(record),
            "when": history.when(record.history_date),
            "object": current or version,
            "deleted": current is None,
            "diff": diff,
            "plan": plan,
            "with_related": with_related,
            "number_changes": numbers,
            "number_token_name": NUMBER_TOKEN,
            "number_token": number_token(version, request.user, numbers) if numbers else "",
            "number_confirmed_name": NUMBER_CONFIRMED,
            "errors": errors,
            "can_revert": can_revert,
            "history_url": reverse(
                f"admin:{app}_{model}_history", args=[quote(object_id)], current_app=self.admin_site.name
            ),
            "change_url": (
                reverse(
                    f"admin:{app}_{model}_change", args=[quote(object_id)], current_app=self.admin_site.name
                )
                if current is not None
                else ""
            ),
        }
        return TemplateResponse(request, self.revert_template, context, status=200)

    def deleted_view(self, request):
        """Deleted records of this kind, each with a link to its history to restore it."""
        request.current_app = self.admin_site.name
        if not self.has_view_permission(request):
            raise PermissionDenied
        existing = set(self.model.objects.values_list("pk", flat=True))
        seen, rows = set(), []
        app, model = self.opts.app_label, self.opts.model_name
        deletions = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        for record in deletions:
            if record.id in seen:
                continue
            seen.add(record.id)
            rows.append(
                {
                    "name": str(record.instance),
                    "when": history.when(record.history_date),
                    "who": history.who(record),
                    "history_url": reverse(
                        f"admin:{app}_{model}_history",
                        args=[quote(record.id)],
                        current_app=self.admin_site.name,
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(things)s that can be restored") % {"things": self.opts.verbose_name_plural},
            "opts": self.opts,
            "rows": rows,
        }
        return TemplateResponse(request, self.deleted_template, context)


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
class HelplineAdmin(SingletonAdmin):
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
        tools = []
        if request.user.has_perm("content.add_closure"):
            tools.append(
                (
                    _("Add bank holidays"),
                    reverse("admin:content_closure_bank_holidays", current_app=self.admin_site.name),
                )
            )
        return tools

    # Everything one save changes (the details and the rows below them) gets the same
    # time in the history, so the history page can show it as one change.
    def save_model(self, request, obj, form, change):
        stamp = timezone.now()
        request._content_history_stamp = stamp
        obj._history_date = stamp
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        stamp = getattr(request, "_content_history_stamp", None) or timezone.now()
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_date = stamp
            obj.delete()
        for obj in instances:
            obj._history_date = stamp
            obj.save()
        formset.save_m2m()

    def decorate_history(self, request, object_id, entries, page, older):
        """Show the opening hours and closures changed in each save, and changes made elsewhere
        (the bank holiday import, a revert of one row) as entries of their own."""
        if not entries:
            return entries
        newest = None if page.number == 1 else entries[0].when
        oldest = older.history_date if older is not None else None
        groups = {}
        for model in (OpeningPeriod, Closure):
            records = model.history.filter(helpline_id=object_id).select_related("history_user")
            if newest is not None:
                records = records.filter(history_date__lte=newest)
            if oldest is not None:
                records = records.filter(history_date__gt=oldest)
            for record in records.order_by("history_date", "history_id"):
                groups.setdefault(record.history_date, []).append(record)
        by_date = {entry.when: entry for entry in entries}
        result = list(entries)
        elsewhere = {}  # changes not made on the helpline page, grouped by second, editor and reason
        for moment, records in groups.items():
            if moment in by_date:
                by_date[moment].lines.extend(history.related_lines(records))
                continue
            first = records[0]
            key = (moment.replace(microsecond=0), first.history_user_id, first.history_change_reason or "")
            elsewhere.setdefault(key, []).extend(records)
        for records in elsewhere.values():
            lines = history.related_lines(records)
            if not lines:
                continue
            first = records[0]
            entry = history.Entry(
                record=first,
                when=first.history_date,
                who=history.who(first),
                action=_("Opening hours or closures changed"),
                reason=first.history_change_reason or "",
                lines=lines,
            )
            entry.revert_url = ""
            result.append(entry)
        result.sort(key=lambda e: e.when, reverse=True)
        return result


class PeriodForm(ContentForm):
    """An opening period edited on its own: no overlap with the day's other periods."""

    def clean(self):
        cleaned = super().clean()
        opens, closes, weekday = cleaned.get("opens"), cleaned.get("closes"), cleaned.get("weekday")
        if opens and closes and weekday is not None and self.instance.helpline_id:
            others = OpeningPeriod.objects.filter(
                helpline_id=self.instance.helpline_id, weekday=weekday, opens__lt=closes, closes__gt=opens
            ).exclude(pk=self.instance.pk)
            for other in others:
                self.add_error("opens", _overlap_message(weekday, other.opens, other.closes, opens))
        return cleaned


class HelplineRowAdmin(ContentAdmin):
    """Opening periods and closures on their own, for their history and revert. They are
    added and edited on the helpline page."""

    readonly_fields = ["helpline"]

    def has_add_permission(self, request):
        return False

    def _can_revert(self, request, current):
        if current is None:  # a deleted row can be restored from its history
            return not self.revert_disabled(request, current) and request.user.has_perm(
                f"{self.opts.app_label}.add_{self.opts.model_name}"
            )
        return super()._can_revert(request, current)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["helpline_url"] = reverse(
            "admin:content_helpline_changelist", current_app=self.admin_site.name
        )
        return super().changelist_view(request, extra_context)


@admin.register(OpeningPeriod)
class OpeningPeriodAdmin(HelplineRowAdmin):
    form = PeriodForm
    list_display = ["__str__", "weekday", "opens", "closes"]
    fields = ["helpline", "weekday", "opens", "closes"]


@admin.register(Closure)
class ClosureAdmin(HelplineRowAdmin):
    list_display = ["reason", "start_date", "end_date"]
    fields = ["helpline", "start_date", "end_date", "reason"]
    date_hierarchy = "start_date"
    search_fields = ["reason"]

    def get_urls(self):
        return [
            path(
                "bank-holidays/",
                self.admin_site.admin_view(self.bank_holidays_view),
                name="content_closure_bank_holidays",
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if request.user.has_perm("content.add_closure"):
            extra_context["bank_holidays_url"] = reverse(
                "admin:content_closure_bank_holidays", current_app=self.admin_site.name
            )
        return super().changelist_view(request, extra_context)

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
class HelpServiceAdmin(ContentAdmin):
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
class PartnerAdmin(ContentAdmin):
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
                    "Old logo files are kept, so an earlier version (or a deleted partner) can be "
                    "restored from the history with its logo."
                ),
            },
        ),
    ]

    @admin.display(boolean=True, description=gettext_lazy("logo"))
    def has_logo(self, obj):
        return bool(obj.logo)


@admin.register(Figure)
class FigureAdmin(ContentAdmin):
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
class LegalPointAdmin(ContentAdmin):
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
class FaqEntryAdmin(ContentAdmin):
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
class PressReleaseAdmin(ContentAdmin):
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
