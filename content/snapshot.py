"""Everything the public sees, read once and kept in the shared cache (versioned cache-aside).

Public pages call `get_snapshot()` and never query the database themselves:

* A version key in the shared cache (Redis, or the local file cache) names the current
  snapshot. Every committed content save calls `publish()`, which bumps the version
  first and then stores the snapshot under a key made of that version and a schema tag.
  Because the version is bumped before the database is read, a reader that sees the new
  version and finds no snapshot yet builds it from the database itself, and always gets
  the saved content: two saves at once need no lock.
* The schema tag is a hash of the snapshot's fields, so a release that changes what the
  snapshot holds never reads a snapshot cached by the code before it: it builds anew.
* Each process keeps its last good copy. A warm request costs one small cache read (the
  version) and no SQL. If the cache or the database fails, the process keeps serving
  that copy and leaves the failed one alone for a while (a pause per backend, so a
  database outage never stops it reading what another process has published to the
  cache); with no copy at all (a fresh instance, no database, no cache) the seed defaults
  are served, so the helpline number is always on the page.
* A process that could not write to the cache publishes afresh once it can, so a save
  made during a cache outage is not hidden by what the cache held before it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache

from content import defaults, hours, outages
from content.models import (
    Closure,
    FaqEntry,
    Figure,
    Helpline,
    HelpService,
    LegalPoint,
    MediaContact,
    OpeningPeriod,
    Partner,
    PressQuote,
    PressRelease,
    SiteLanguage,
    SiteSettings,
)

logger = logging.getLogger(__name__)

VERSION_KEY = "content:snapshot:version"
# A snapshot no longer current is dropped by the cache after this long.
KEEP_SECONDS = 30 * 24 * 3600
# Bump when the Snapshot class itself changes shape; model field changes are seen below.
FORMAT = 1


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The public content: model instances, read in a handful of queries."""

    version: str
    from_database: bool
    helpline: Helpline
    periods: tuple[OpeningPeriod, ...]
    closures: tuple[Closure, ...]
    services: tuple[HelpService, ...]
    partners: tuple[Partner, ...]
    figures: tuple[Figure, ...]
    legal_points: tuple[LegalPoint, ...]
    faqs: tuple[FaqEntry, ...]
    releases: tuple[PressRelease, ...]  # published, newest first; each with .approved_quotes
    media_contacts: tuple[MediaContact, ...]
    languages: tuple[SiteLanguage, ...]
    site: SiteSettings

    def status(self, moment) -> hours.Status:
        confirmed = self.helpline.hours_last_verified is not None
        return hours.status_at(moment, self.periods, self.closures, confirmed=confirmed)

    @property
    def services_by_slug(self) -> dict[str, HelpService]:
        return {service.slug: service for service in self.services}

    def services_in(self, group: str) -> tuple[HelpService, ...]:
        return tuple(service for service in self.services if service.group == group)

    @property
    def services_by_group(self) -> dict[str, tuple[HelpService, ...]]:
        """For templates: {% for s in snap.services_by_group.report %}."""
        return {group: self.services_in(group) for group in HelpService.Group.values}

    @property
    def legal_by_section(self) -> dict[str, tuple[LegalPoint, ...]]:
        return {s: tuple(p for p in self.legal_points if p.section == s) for s in LegalPoint.Section.values}

    @property
    def shown_languages(self) -> tuple[str, ...]:
        """The other languages' codes that visitors may use, in settings.LANGUAGES order."""
        shown = {language.code for language in self.languages if language.shown}
        return tuple(code for code, _name in settings.LANGUAGES if code in shown)

    def is_draft(self, code: str) -> bool:
        return any(lang.code == code and lang.review == SiteLanguage.Review.DRAFT for lang in self.languages)

    @property
    def help_figures(self):
        return tuple(f for f in self.figures if f.topic == Figure.Topic.HELP and f.show_on_home)

    @property
    def arrest_figures(self):
        return tuple(f for f in self.figures if f.topic == Figure.Topic.ARRESTS)


def _schema_tag() -> str:
    fields = [(f.name, str(f.type)) for f in dataclasses.fields(Snapshot)]
    models = (
        Helpline,
        OpeningPeriod,
        Closure,
        HelpService,
        Partner,
        Figure,
        LegalPoint,
        FaqEntry,
        SiteSettings,
    )
    columns = [(m._meta.label, [f.attname for f in m._meta.concrete_fields]) for m in models]
    return hashlib.sha256(repr((FORMAT, fields, columns)).encode()).hexdigest()[:12]


SCHEMA = _schema_tag()


def _data_key(version: str) -> str:
    return f"content:snapshot:{SCHEMA}:{version}"


def default_snapshot() -> Snapshot:
    """The seed content as a snapshot: the floor the site never falls below."""
    return Snapshot(
        version="defaults",
        from_database=False,
        helpline=Helpline(**defaults.HELPLINE),
        periods=tuple(OpeningPeriod(weekday=d, opens=o, closes=c) for d, o, c in defaults.OPENING_PERIODS),
        closures=(),
        services=tuple(HelpService(**service) for service in defaults.HELP_SERVICES),
        partners=tuple(Partner(**partner) for partner in defaults.PARTNERS),
        figures=tuple(Figure(**figure) for figure in defaults.FIGURES),
        legal_points=(),
        faqs=tuple(FaqEntry(question=q, answer=a, order=n) for n, (q, a) in enumerate(defaults.FAQ, start=1)),
        releases=(),
        media_contacts=(),
        # Every language shown, and a draft, as seeded: never less than the seed.
        languages=tuple(SiteLanguage(code=code) for code, _name in settings.LANGUAGES[1:]),
        site=SiteSettings(),
    )


def build(version: str) -> Snapshot:
    """Read every public record. Raises DatabaseError if the database is down."""
    helpline = Helpline.objects.filter(pk=1).first()
    if helpline is None:  # not seeded yet: the defaults rather than an empty page
        return dataclasses.replace(default_snapshot(), version=version)
    return Snapshot(
        version=version,
        from_database=True,
        helpline=helpline,
        periods=tuple(OpeningPeriod.objects.filter(helpline=helpline)),
        closures=tuple(Closure.objects.filter(helpline=helpline)),
        services=tuple(HelpService.objects.all()),
        partners=tuple(Partner.objects.filter(visible=True)),
        figures=tuple(Figure.objects.all()),
        legal_points=tuple(LegalPoint.objects.filter(status=LegalPoint.Status.APPROVED)),
        faqs=tuple(FaqEntry.objects.filter(visible=True)),
        releases=_releases(),
        media_contacts=tuple(MediaContact.objects.all()),
        languages=tuple(SiteLanguage.objects.all()),
        site=SiteSettings.objects.filter(pk=1).first() or SiteSettings(),
    )


def _releases() -> tuple[PressRelease, ...]:
    quotes = {}
    for quote in PressQuote.objects.filter(approved=True, release__visible=True):
        quotes.setdefault(quote.release_id, []).append(quote)
    releases = tuple(PressRelease.objects.filter(visible=True))
    for release in releases:
        release.approved_quotes = tuple(quotes.get(release.pk, ()))
    return releases


class _Process:
    """This process's last good snapshot (the pauses after a failure are content.outages)."""

    snapshot: Snapshot | None = None
    must_republish = False


def publish() -> Snapshot:
    """Make the database's content current everywhere. Called after every committed save.

    Raises DatabaseError if the database is unavailable (the shared snapshot is then left
    as it was).
    """
    version = uuid.uuid4().hex
    shared = _cache_write(VERSION_KEY, version, None)  # first: see the module docstring
    snap = build(version)
    _Process.snapshot = snap
    _Process.must_republish = not (shared and _cache_write(_data_key(version), snap, KEEP_SECONDS))
    return snap


def get_snapshot() -> Snapshot:
    """The current public content. Never raises; never waits long on a dead backend."""
    local = _Process.snapshot
    version = None
    if not outages.cache.active():
        try:
            version = cache.get(VERSION_KEY)
            if version is not None and not _Process.must_republish:
                if local is not None and local.version == version:
                    return local
                shared = cache.get(_data_key(version))
                if shared is not None:
                    _Process.snapshot = shared
                    return shared
        except Exception:
            logger.warning("Shared cache unavailable: serving this process's copy of the content")
            _Process.must_republish = True
            outages.cache.start()
    if local is not None and (outages.cache.active() or outages.database.active()):
        return local
    if outages.database.active():
        return default_snapshot()
    if outages.cache.active():
        # A fresh worker while the cache is down: its own copy, straight from the database.
        return _from_database(lambda: build(uuid.uuid4().hex))
    if version is None or _Process.must_republish:
        # First start, a flushed cache, or back after an outage this process could not publish in.
        return _from_database(publish)
    # The version is known but its snapshot is not (a new release's schema, or evicted).
    return _from_database(lambda: _share(build(version)))


def _cache_write(key, value, timeout) -> bool:
    try:
        cache.set(key, value, timeout=timeout)
        return True
    except Exception:
        outages.cache.start()
        logger.warning("Shared cache unavailable while publishing the content snapshot")
        return False


def _share(snap: Snapshot) -> Snapshot:
    _cache_write(_data_key(snap.version), snap, KEEP_SECONDS)
    return snap


def _from_database(read) -> Snapshot:
    try:
        snap = read()
    except Exception as error:  # DatabaseError above all; a public page must never fail here
        outages.database.start()
        logger.error("Content unavailable (%s): serving the last known content", type(error).__name__)
        return _Process.snapshot or default_snapshot()
    _Process.snapshot = snap
    return snap


def reset_process_copy(to: Snapshot | None = None) -> None:
    """Tests: make this process hold `to` (what a worker started earlier would still hold),
    or nothing, as a newly started worker; with no back-off."""
    _Process.snapshot, _Process.must_republish = to, False
    outages.cache.end()
    outages.database.end()
