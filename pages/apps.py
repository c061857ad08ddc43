from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        checks.register(compiled_translations, checks.Tags.translation, deploy=True)


def compiled_translations(app_configs, **kwargs):
    """`manage.py check --deploy`: every catalogue compiled, and not older than its .po, so
    no language silently shows English (run `manage.py compile_translations`)."""
    problems = []
    for locale_path in settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/django.po")):
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                problems.append(
                    checks.Warning(
                        f"{po_path} is not compiled (or changed since)",
                        hint="Run `python manage.py compile_translations` on every release.",
                        id="pages.W001",
                    )
                )
    return problems
