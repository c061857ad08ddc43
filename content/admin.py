"""The admin that comms staff use. Plain names, help text on every field, history on all."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from content.models import (
    Closure,
    Figure,
    Helpline,
    HelpService,
    LegalPoint,
    OpeningPeriod,
    Partner,
    SiteSettings,
)

admin.site.site_header = _("Campaign website: content")
admin.site.site_title = _("Campaign website admin")
admin.site.index_title = _("What you can edit")


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
            for (o1, c1, _f1), (o2, _c2, f2) in zip(periods, periods[1:]):
                if o2 < c1:
                    day = OpeningPeriod.Weekday(weekday).label
                    message = _(
                        "%(day)s has periods that overlap (%(a)s–%(b)s and one starting %(c)s). "
                        "Make them separate, or join them into one period."
                    ) % {"day": day, "a": f"{o1:%H:%M}", "b": f"{c1:%H:%M}", "c": f"{o2:%H:%M}"}
                    f2.add_error("opens", message)
                    raise forms.ValidationError(message)


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    formset = OpeningPeriodFormSet
    extra = 0
    verbose_name_plural = _("Opening hours (UK time)")


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    verbose_name_plural = _("Days the helpline is closed")


class SingletonAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Helpline)
class HelplineAdmin(SingletonAdmin):
    inlines = [OpeningPeriodInline, ClosureInline]
    fieldsets = [
        (_("Phone"), {"fields": ["name", "phone", "phone_display", "phone_note", "languages_note", "interpreter_note"]}),
        (_("Callers in Ireland"), {"fields": ["ireland_phone", "ireland_phone_display"]}),
        (_("Online help"), {"fields": ["selfhelp_name", "selfhelp_url", "live_chat_url", "secure_email_url"]}),
        (_("Confidentiality"), {"fields": ["confidentiality_text"]}),
        (
            _("Checks"),
            {
                "fields": ["details_last_verified", "hours_last_verified"],
                "description": _("Enter today's date after confirming these details with the charity."),
            },
        ),
    ]


@admin.register(HelpService)
class HelpServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "phone", "url", "order"]
    list_filter = ["group"]
    search_fields = ["name"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "visible", "order", "has_logo"]
    list_editable = ["visible", "order"]
    fields = ["name", "logo", "alt_text", "url", "order", "visible"]

    @admin.display(boolean=True, description=_("logo"))
    def has_logo(self, obj):
        return bool(obj.logo)


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "period", "source", "last_verified", "show_on_home", "order"]
    list_editable = ["show_on_home", "order"]


@admin.register(LegalPoint)
class LegalPointAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "reviewed_by", "reviewed_on", "order"]
    list_filter = ["status"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonAdmin):
    fieldsets = [
        (
            _("Accessibility statement"),
            {
                "fields": [
                    "accessibility_contact_email",
                    "accessibility_prepared_on",
                    "accessibility_reviewed_on",
                    "accessibility_next_review",
                ]
            },
        ),
    ]
