"""Load the brief's facts as content. Safe to run any number of times.

Only records that do not exist yet are created; anything a comms officer has edited is
left exactly as it is, so `make run` can call this on every start.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from content import bank_holidays, defaults, languages, seed_translations
from content.models import (
    FaqEntry,
    Figure,
    Helpline,
    HelpService,
    LegalPoint,
    OpeningPeriod,
    Partner,
    SiteLanguage,
    SiteSettings,
)


class Command(BaseCommand):
    help = "Create the seed content (helpline, hours, services, partners, figures) where missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-bank-holidays",
            action="store_true",
            help="Do not enter this year's and next year's bank holidays as closures.",
        )

    def handle(self, *args, **options):
        # Model(name=...) writes the active language's column (django-modeltranslation):
        # the seed is English, whatever language a caller has active.
        with translation.override(languages.DEFAULT):
            self.seed(options)

    @transaction.atomic
    def seed(self, options):
        created = []
        helpline = Helpline.objects.filter(pk=1).first()
        if helpline is None:
            helpline = Helpline(pk=1, **defaults.HELPLINE)
            helpline.full_clean()
            helpline.save()
            created.append("helpline details")
            for weekday, opens, closes in defaults.OPENING_PERIODS:
                OpeningPeriod.objects.create(helpline=helpline, weekday=weekday, opens=opens, closes=closes)
            created.append("opening hours (marked as not yet confirmed)")
            # The brief: closed on bank holidays. Enter this year's and next year's so the
            # live status is right from the first day.
            if not options["without_bank_holidays"]:
                this_year = timezone.localdate().year
                for year in (this_year, this_year + 1):
                    try:
                        bank_holidays.add_closures(helpline, year)
                    except bank_holidays.NoData:
                        pass
                created.append(f"bank holiday closures for {this_year} and {this_year + 1}")
        for service in defaults.HELP_SERVICES:
            _obj, made = HelpService.objects.get_or_create(slug=service["slug"], defaults=service)
            if made:
                created.append(f"help service: {service['name']}")
        if not Partner.objects.exists():
            for partner in defaults.PARTNERS:
                Partner.objects.create(**partner)
            created.append("partners")
        if not Figure.objects.exists():
            for figure in defaults.FIGURES:
                Figure.objects.create(**figure)
            created.append("local figures")
        for point in defaults.LEGAL_POINTS:
            if not LegalPoint.objects.filter(section=point["section"]).exists():
                LegalPoint.objects.create(**point)
                created.append(f"legal detail awaiting review: {point['title']}")
        if not FaqEntry.objects.exists():
            for order, (question, answer) in enumerate(defaults.FAQ, start=1):
                FaqEntry.objects.create(question=question, answer=answer, order=order)
            created.append("questions and answers")
        for code in languages.OTHERS:
            _language, made = SiteLanguage.objects.get_or_create(code=code)
            if made:
                created.append(f"language (draft, shown): {code}")
        for code, filled in seed_translations.fill(languages.OTHERS).items():
            if filled:
                created.append(f"{filled} draft translations ({code}) of seed content")
        if not SiteSettings.objects.filter(pk=1).exists():
            SiteSettings.objects.create(pk=1)
            created.append("site settings")
        if created:
            self.stdout.write("Created: " + "; ".join(created))
        else:
            self.stdout.write("Seed content already present; nothing changed.")
