"""The reach report and the poster codes, in the default admin site."""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from content.snapshot import get_snapshot
from reach import chart, codes, counter, links, qr, report
from reach.models import DailyCodeCount, PosterCode, ReachReport

MAX_DAYS = 731  # two years on one screen is already hard to read


def today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


class ReportForm(forms.Form):
    """The period and, optionally, one page, help link or code to look at."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    page = forms.ChoiceField(label=_("Page views for"), required=False)
    link = forms.ChoiceField(label=_("Help-link clicks for"), required=False)
    code = forms.ChoiceField(label=_("Code visits for"), required=False)

    def __init__(self, data=None):
        end = today()
        initial = {"start": end - datetime.timedelta(days=29), "end": end}
        super().__init__({**initial, **data.dict()} if data else initial)
        self.fields["page"].choices = [("", _("all pages")), *report.page_names().items()]
        self.fields["link"].choices = [("", _("all help links")), *links.click_slugs(get_snapshot()).items()]
        self.fields["code"].choices = [
            ("", _("all codes")),
            *((c, f"/c/{c}/ {label}") for c, label in PosterCode.objects.values_list("code", "label")),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end of the period is before its start."))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most two years."))
        return data


@admin.register(ReachReport)
class ReachReportAdmin(admin.ModelAdmin):
    """Views, help-link clicks and poster-code visits per day, with totals and CSV export."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # The report and its export only: no add, change, history or delete pages.
        return [
            path("", self.admin_site.admin_view(self.changelist_view), name="reach_reachreport_changelist"),
            path("csv/", self.admin_site.admin_view(self.csv_view), name="reach_reachreport_csv"),
        ]

    def _report(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        counter.flush()  # what is pending in Redis or this process, so the report is current
        form = ReportForm(request.GET or None)
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        return form, report.build(data["start"], data["end"], data["page"], data["link"], data["code"])

    def changelist_view(self, request, extra_context=None):
        form, figures = self._report(request)
        charts = []
        if figures is not None:
            charts = [
                chart.bar_chart(
                    str(_("Page views per day")), figures.series("views"), "#1d4e89", "chart-views"
                ),
                chart.bar_chart(
                    str(_("Help-link clicks per day")), figures.series("clicks"), "#a34700", "chart-clicks"
                ),
                chart.bar_chart(
                    str(_("Poster-code visits per day")), figures.series("visits"), "#2b6e2f", "chart-visits"
                ),
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Campaign reach"),
            "retired_key": codes.RETIRED,
            "form": form,
            "report": figures,
            "charts": charts,
            "csv_url": reverse("admin:reach_reachreport_csv")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/reach/report.html", context)

    def csv_view(self, request):
        form, figures = self._report(request)
        if figures is None:
            raise Http404("Invalid period")
        response = HttpResponse(report.to_csv(figures), content_type="text/csv; charset=utf-8")
        name = f"campaign-reach-{figures.start.isoformat()}-to-{figures.end.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


CODE_HELP = _(
    "Lower-case letters, digits and hyphens, for example 'bus' or 'leeds-station'. A name such as "
    "'Leeds Bus' is made into a code for you ('leeds-bus'). The poster address is /c/ followed by "
    "the code, for example /c/bus/. It cannot be changed after saving, because it is printed."
)


class PosterCodeForm(forms.ModelForm):
    # A plain text box: a name typed here is made into a code (slugify) rather than refused.
    code = forms.CharField(label=_("code"), max_length=60, help_text=CODE_HELP)

    class Meta:
        model = PosterCode
        fields = ["code", "label", "target", "active", "for_partners"]
        help_texts = {
            "active": _(
                "Untick to retire the code: its address then leads to the home page, counted as "
                "a retired code. Its figures are kept."
            )
        }

    def clean_code(self):
        code = slugify(self.cleaned_data["code"]).replace("_", "-").strip("-")
        if not code or len(code) > 30 or code == codes.RETIRED:
            raise forms.ValidationError(
                _(
                    "Use up to 30 lower-case letters, digits and hyphens, for example 'bus' or "
                    "'leeds-station' (not 'retired')."
                )
            )
        return code


@admin.register(PosterCode)
class PosterCodeAdmin(SimpleHistoryAdmin):
    """Short entry addresses for posters and adverts, with their QR codes for print."""

    form = PosterCodeForm
    list_display = ["address", "label", "target", "active", "visits_last_30_days", "downloads"]
    list_filter = ["active", "target"]
    search_fields = ["code", "label"]

    def get_queryset(self, request):
        since = today() - datetime.timedelta(days=29)
        visits = (
            DailyCodeCount.objects.filter(code=OuterRef("code"), day__gte=since)
            .values("code")
            .annotate(n=Sum("visits"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(recent_visits=Coalesce(Subquery(visits, output_field=IntegerField()), 0))
        )

    def get_fields(self, request, obj=None):
        fields = ["code", "label", "target", "active", "for_partners"]
        return [*fields, "qr_code"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # The code is printed on posters: changing it would break them.
        return ["code", "qr_code"] if obj else []

    @admin.display(description=_("address"), ordering="code")
    def address(self, obj):
        return f"/c/{obj.code}/"

    @admin.display(description=_("visits, last 30 days"), ordering="recent_visits")
    def visits_last_30_days(self, obj):
        return getattr(obj, "recent_visits", None)

    def _downloads(self, obj):
        return format_html_join(
            " · ",
            '<a href="{}" download>{}</a>',
            [
                (reverse("admin:reach_postercode_qr", args=[obj.pk, kind]), label)
                for kind, label in (
                    ("a4.png", _("A4 poster (PNG)")),
                    ("a3.png", _("A3 poster (PNG)")),
                    ("svg", "SVG"),
                )
            ],
        )

    @admin.display(description=_("QR code for print"))
    def downloads(self, obj):
        return self._downloads(obj)

    @admin.display(description=_("QR code"))
    def qr_code(self, obj):
        return format_html(
            '<img src="{}" width="180" height="180" alt="{}"><br>{}<br>{}<p class="help">{}</p>',
            reverse("admin:reach_postercode_qr", args=[obj.pk, "svg"]),
            _("QR code for %(url)s") % {"url": qr.code_url(obj.code)},
            qr.code_url(obj.code),
            self._downloads(obj),
            _(
                "The A4 file prints the code %(a4)d cm wide and the A3 file %(a3)d cm, at 300 dpi; the SVG "
                "prints sharp at any size. Keep the white border (the quiet zone) around the code, never "
                "print it smaller than %(min)d cm, and scan a test print with a phone before printing "
                "the run."
            )
            % {
                "a4": qr.PRINT_WIDTH_MM["a4"] // 10,
                "a3": qr.PRINT_WIDTH_MM["a3"] // 10,
                "min": qr.MIN_WIDTH_MM // 10,
            },
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/qr.<str:kind>",
                self.admin_site.admin_view(self.qr_view),
                name="reach_postercode_qr",
            ),
            *super().get_urls(),
        ]

    def qr_view(self, request, object_id, kind):
        """qr.svg, or a PNG for an A4 or A3 poster (qr.a4.png, qr.a3.png; qr.png is A4)."""
        size = {"png": "a4", "a4.png": "a4", "a3.png": "a3"}.get(kind)
        if size is None and kind != "svg":
            raise Http404("Unknown format")
        obj = get_object_or_404(PosterCode, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if size:
            response = HttpResponse(qr.png(obj.code, size), content_type="image/png")
            name = f"poster-code-{obj.code}.png" if kind == "png" else f"poster-code-{obj.code}-{size}.png"
        else:
            response = HttpResponse(qr.svg(obj.code), content_type="image/svg+xml")
            name = f"poster-code-{obj.code}.svg"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
